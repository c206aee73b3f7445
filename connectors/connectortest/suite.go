// Package connectortest is the conformance suite every connector passes:
// Run(t, harness) exercises a connector against a real (or simulated) ledger
// the harness controls, and checks what the relay relies on.
package connectortest

import (
	"context"
	"crypto/rand"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
)

// Harness gives the suite a connector and test-only control of its ledger.
type Harness interface {
	// Connector returns the connector under test, configured with a
	// confirmation depth of Depth() and the signer set Sign uses.
	Connector(t *testing.T) connectors.Connector
	Depth() int
	// Origin is an asset native to the ledger that holders lock; Wrapped
	// one the bridge mints and burns.
	Origin() string
	Wrapped() string
	// NewHolder returns a new account holding at least 1,000,000 units of
	// Origin, able to lock them and to burn Wrapped it holds.
	NewHolder(t *testing.T) string
	// Lock and Burn are the holder's own actions on the ledger.
	Lock(t *testing.T, holder string, amount *big.Int, destLedger, destAccount string)
	Burn(t *testing.T, holder string, amount *big.Int, destLedger, destAccount string)
	// Advance makes the ledger produce n more blocks.
	Advance(t *testing.T, n int)
	// Threshold is how many of the configured signers must sign.
	Threshold() int
	// Sign returns signatures over digest by n distinct configured
	// signers; Foreign by n keys the ledger does not accept.
	Sign(t *testing.T, digest []byte, n int) []connectors.Signature
	Foreign(t *testing.T, digest []byte, n int) []connectors.Signature
}

// Run runs the suite.
func Run(t *testing.T, h Harness) {
	c := h.Connector(t)
	t.Cleanup(func() { c.Close() })
	t.Run("deposits wait for their depth and resume from a checkpoint", func(t *testing.T) { deposits(t, h, c) })
	t.Run("release pays once and only with enough signatures", func(t *testing.T) { release(t, h, c) })
	t.Run("mint and burn", func(t *testing.T) { mintAndBurn(t, h, c) })
	t.Run("an executed id with other fields is refused", func(t *testing.T) { otherFields(t, h, c) })
	t.Run("cancel before a payout blocks it, and is idempotent", func(t *testing.T) { cancelFirst(t, h, c) })
	t.Run("cancel after a payout is ErrAlreadyExecuted", func(t *testing.T) { cancelAfter(t, h, c) })
	t.Run("Cancelled reports final cancellations only", func(t *testing.T) { cancelled(t, h, c) })
	t.Run("anchor", func(t *testing.T) { anchor(t, h, c) })
	t.Run("signer set changes only with the current set's signatures", func(t *testing.T) { signers(t, h, c) })
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// drain reads every deposit after cp.
func drain(t *testing.T, c connectors.Connector, cp connectors.Checkpoint) ([]connectors.Deposit, connectors.Checkpoint) {
	t.Helper()
	var all []connectors.Deposit
	for range 1000 {
		ds, next, err := c.Deposits(ctx(t), cp, 100)
		if err != nil {
			t.Fatalf("Deposits: %v", err)
		}
		all = append(all, ds...)
		if next == cp && len(ds) == 0 {
			return all, next
		}
		cp = next
		if len(ds) == 0 {
			return all, cp
		}
	}
	t.Fatal("Deposits never settles")
	return nil, ""
}

func amount(n int64) *big.Int { return big.NewInt(n) }

func newID(t *testing.T) connectors.ID {
	var id connectors.ID
	if _, err := rand.Read(id[:]); err != nil {
		t.Fatal(err)
	}
	return id
}

func deposits(t *testing.T, h Harness, c connectors.Connector) {
	_, cp := drain(t, c, "")
	holder := h.NewHolder(t)
	h.Lock(t, holder, amount(100), "elsewhere", "alice")
	if ds, _ := drain(t, c, cp); len(ds) != 0 {
		t.Fatalf("a deposit was reported before its confirmation depth: %+v", ds)
	}
	h.Advance(t, h.Depth())
	ds, cp2 := drain(t, c, cp)
	if len(ds) != 1 {
		t.Fatalf("after the depth, %d deposits reported, want 1", len(ds))
	}
	d := ds[0]
	if d.Kind != connectors.Lock || d.Amount.Cmp(amount(100)) != 0 || d.DestinationLedger != "elsewhere" ||
		d.DestinationAccount != "alice" || d.Asset != h.Origin() || d.Holder == "" || d.At.TxHash == "" {
		t.Fatalf("deposit %+v", d)
	}
	if again, _ := drain(t, c, cp2); len(again) != 0 {
		t.Fatalf("deposit reported again after its checkpoint: %+v", again)
	}
	// Two more, read one at a time: none skipped, none repeated.
	h.Lock(t, holder, amount(1), "elsewhere", "bob")
	h.Lock(t, holder, amount(2), "elsewhere", "carol")
	h.Advance(t, h.Depth())
	first, cp3, err := c.Deposits(ctx(t), cp2, 1)
	if err != nil {
		t.Fatal(err)
	}
	rest, _ := drain(t, c, cp3)
	got := append(first, rest...)
	if len(got) != 2 || got[0].DestinationAccount != "bob" || got[1].DestinationAccount != "carol" || !got[0].At.Before(got[1].At) || got[0].ID == got[1].ID || got[0].ID == d.ID {
		t.Fatalf("deposits read one at a time: %+v", got)
	}
}

func release(t *testing.T, h Harness, c connectors.Connector) {
	holder := h.NewHolder(t)
	h.Lock(t, holder, amount(1000), "elsewhere", "alice")
	h.Advance(t, h.Depth())
	to := h.NewHolder(t)
	before, err := c.Balance(ctx(t), h.Origin(), to)
	if err != nil {
		t.Fatal(err)
	}
	p := connectors.Payout{ID: newID(t), Kind: connectors.Release, Asset: h.Origin(), To: to, Amount: amount(600)}
	digest, err := c.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	k := h.Threshold()
	valid := h.Sign(t, digest, k)
	refusals := map[string][]connectors.Signature{
		"too few signatures":      valid[:k-1],
		"foreign signatures":      h.Foreign(t, digest, k),
		"one signature, repeated": repeat(valid[0], k),
	}
	other := p
	other.Amount = amount(601)
	od, _ := c.PayoutDigest(other)
	refusals["signatures over another amount"] = h.Sign(t, od, k)
	for name, sigs := range refusals {
		if _, err := c.Execute(ctx(t), p, sigs); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("%s: %v, want ErrRefused", name, err)
		}
	}
	if done, err := c.Executed(ctx(t), p.ID); err != nil || done {
		t.Fatalf("refused payout is executed: %v %v", done, err)
	}
	res, err := c.Execute(ctx(t), p, valid)
	if err != nil || res == nil || res.TxHash == "" {
		t.Fatalf("release with %d signatures: %+v %v", k, res, err)
	}
	if done, err := c.Executed(ctx(t), p.ID); err != nil || !done {
		t.Fatalf("executed payout not reported: %v %v", done, err)
	}
	again, err := c.Execute(ctx(t), p, valid)
	if err != nil || again == nil {
		t.Fatalf("second execution of the same id: %+v %v", again, err)
	}
	after, _ := c.Balance(ctx(t), h.Origin(), to)
	if got := new(big.Int).Sub(after, before); got.Cmp(amount(600)) != 0 {
		t.Fatalf("recipient received %s, want 600 exactly once", got)
	}
}

func repeat(s connectors.Signature, n int) []connectors.Signature {
	out := make([]connectors.Signature, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func mintAndBurn(t *testing.T, h Harness, c connectors.Connector) {
	_, cp := drain(t, c, "")
	holder := h.NewHolder(t)
	supply, err := c.Supply(ctx(t), h.Wrapped())
	if err != nil {
		t.Fatal(err)
	}
	p := connectors.Payout{ID: newID(t), Kind: connectors.Mint, Asset: h.Wrapped(), To: holder, Amount: amount(500)}
	d, err := c.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(ctx(t), p, h.Sign(t, d, h.Threshold())); err != nil {
		t.Fatalf("mint: %v", err)
	}
	if b, _ := c.Balance(ctx(t), h.Wrapped(), holder); b.Cmp(amount(500)) != 0 {
		t.Fatalf("minted balance %s", b)
	}
	if s, _ := c.Supply(ctx(t), h.Wrapped()); new(big.Int).Sub(s, supply).Cmp(amount(500)) != 0 {
		t.Fatalf("supply after mint %s (was %s)", s, supply)
	}
	h.Burn(t, holder, amount(200), "elsewhere", "dave")
	h.Advance(t, h.Depth())
	ds, _ := drain(t, c, cp)
	var burn *connectors.Deposit
	for i := range ds {
		if ds[i].Kind == connectors.Burn {
			burn = &ds[i]
		}
	}
	if burn == nil || burn.Amount.Cmp(amount(200)) != 0 || burn.Asset != h.Wrapped() || burn.DestinationAccount != "dave" {
		t.Fatalf("burn deposit: %+v (all: %+v)", burn, ds)
	}
	if s, _ := c.Supply(ctx(t), h.Wrapped()); new(big.Int).Sub(s, supply).Cmp(amount(300)) != 0 {
		t.Fatalf("supply after burn %s (was %s)", s, supply)
	}
}

func anchor(t *testing.T, h Harness, c connectors.Connector) {
	a := connectors.Anchor{Seqno: 4242, Time: time.Now().UTC().Truncate(time.Second)}
	rand.Read(a.Root[:])
	d, err := c.AnchorDigest(a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RecordAnchor(ctx(t), a, h.Foreign(t, d, h.Threshold())); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("anchor with foreign signatures: %v", err)
	}
	if _, err := c.RecordAnchor(ctx(t), a, h.Sign(t, d, h.Threshold())); err != nil {
		t.Fatal(err)
	}
	got, err := c.LatestAnchor(ctx(t))
	if err != nil || got == nil || got.Seqno != a.Seqno || got.Root != a.Root || !got.Time.Equal(a.Time) {
		t.Fatalf("latest anchor %+v %v, want %+v", got, err, a)
	}
}

func signers(t *testing.T, h Harness, c connectors.Connector) {
	cur, err := c.Signers(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if cur.Threshold != h.Threshold() || len(cur.Set) < cur.Threshold {
		t.Fatalf("signers %+v, threshold %d", cur, h.Threshold())
	}
	next := connectors.Signers{Set: cur.Set, Threshold: cur.Threshold, Nonce: cur.Nonce + 1}
	d, err := c.SignersDigest(next)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateSigners(ctx(t), next, h.Foreign(t, d, h.Threshold())); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("signer change signed by strangers: %v", err)
	}
	if _, err := c.UpdateSigners(ctx(t), next, h.Sign(t, d, h.Threshold())); err != nil {
		t.Fatal(err)
	}
	got, err := c.Signers(ctx(t))
	if err != nil || got.Nonce != next.Nonce {
		t.Fatalf("signers after the change: %+v %v", got, err)
	}
	// The old request cannot be replayed: its nonce is used.
	if _, err := c.UpdateSigners(ctx(t), next, h.Sign(t, d, h.Threshold())); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("replayed signer change: %v", err)
	}
}

// mint executes a mint of n wrapped units to a new holder and returns it.
func mint(t *testing.T, h Harness, c connectors.Connector, n int64) (connectors.Payout, *connectors.Result) {
	t.Helper()
	p := connectors.Payout{ID: newID(t), Kind: connectors.Mint, Asset: h.Wrapped(), To: h.NewHolder(t), Amount: amount(n)}
	d, err := c.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Execute(ctx(t), p, h.Sign(t, d, h.Threshold()))
	if err != nil || res == nil {
		t.Fatalf("mint: %+v %v", res, err)
	}
	return p, res
}

func otherFields(t *testing.T, h Harness, c connectors.Connector) {
	p, _ := mint(t, h, c, 70)
	for name, q := range map[string]connectors.Payout{
		"amount":    {ID: p.ID, Kind: p.Kind, Asset: p.Asset, To: p.To, Amount: amount(71)},
		"recipient": {ID: p.ID, Kind: p.Kind, Asset: p.Asset, To: h.NewHolder(t), Amount: p.Amount},
	} {
		d, err := c.PayoutDigest(q)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := c.Execute(ctx(t), q, h.Sign(t, d, h.Threshold())); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("id executed before, then asked with another %s: %+v %v, want ErrRefused", name, res, err)
		}
	}
	if b, _ := c.Balance(ctx(t), h.Wrapped(), p.To); b.Cmp(amount(70)) != 0 {
		t.Fatalf("recipient holds %s, want 70", b)
	}
}

func cancelFirst(t *testing.T, h Harness, c connectors.Connector) {
	holder := h.NewHolder(t)
	p := connectors.Payout{ID: newID(t), Kind: connectors.Mint, Asset: h.Wrapped(), To: holder, Amount: amount(300)}
	pd, err := c.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.CancelDigest(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := c.CancelDigest(p.ID); string(again) != string(d) {
		t.Fatal("CancelDigest is not deterministic")
	}
	if other, _ := c.CancelDigest(newID(t)); string(other) == string(d) {
		t.Fatal("two ids have the same CancelDigest")
	}
	if string(pd) == string(d) {
		t.Fatal("CancelDigest equals the PayoutDigest of the id")
	}
	k := h.Threshold()
	valid := h.Sign(t, d, k)
	refusals := map[string][]connectors.Signature{
		"too few signatures":              valid[:k-1],
		"foreign signatures":              h.Foreign(t, d, k),
		"one signature, repeated":         repeat(valid[0], k),
		"signatures over the payout":      h.Sign(t, pd, k),
		"signatures to cancel another id": h.Sign(t, mustCancelDigest(t, c, newID(t)), k),
	}
	for name, sigs := range refusals {
		if _, err := c.Cancel(ctx(t), p.ID, sigs); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("cancel with %s: %v, want ErrRefused", name, err)
		}
	}
	res, err := c.Cancel(ctx(t), p.ID, valid)
	if err != nil || res == nil || res.TxHash == "" {
		t.Fatalf("cancel with %d signatures: %+v %v", k, res, err)
	}
	again, err := c.Cancel(ctx(t), p.ID, valid)
	if err != nil || again == nil || again.TxHash != res.TxHash || again.Height != res.Height {
		t.Fatalf("second cancel: %+v %v, want the first one's result %+v", again, err, res)
	}
	// Without signatures too: the cancellation is recorded already.
	if again, err := c.Cancel(ctx(t), p.ID, nil); err != nil || again == nil || again.TxHash != res.TxHash {
		t.Fatalf("cancel of a cancelled id without signatures: %+v %v, want the first one's result %+v", again, err, res)
	}
	supply, err := c.Supply(ctx(t), h.Wrapped())
	if err != nil {
		t.Fatal(err)
	}
	if r, err := c.Execute(ctx(t), p, h.Sign(t, pd, k)); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("payout of a cancelled id: %+v %v, want ErrRefused", r, err)
	}
	h.Advance(t, h.Depth())
	if done, err := c.Executed(ctx(t), p.ID); err != nil || done {
		t.Fatalf("cancelled id is executed: %v %v", done, err)
	}
	if b, _ := c.Balance(ctx(t), h.Wrapped(), holder); b.Sign() != 0 {
		t.Fatalf("holder of a cancelled mint holds %s", b)
	}
	if s, _ := c.Supply(ctx(t), h.Wrapped()); s.Cmp(supply) != 0 {
		t.Fatalf("supply moved from %s to %s by a cancelled mint", supply, s)
	}
}

func mustCancelDigest(t *testing.T, c connectors.Connector, id connectors.ID) []byte {
	t.Helper()
	d, err := c.CancelDigest(id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func cancelAfter(t *testing.T, h Harness, c connectors.Connector) {
	p, _ := mint(t, h, c, 40)
	d := mustCancelDigest(t, c, p.ID)
	if r, err := c.Cancel(ctx(t), p.ID, h.Sign(t, d, h.Threshold())); !errors.Is(err, connectors.ErrAlreadyExecuted) || errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("cancel of an executed id: %+v %v, want ErrAlreadyExecuted", r, err)
	}
	if done, err := c.Executed(ctx(t), p.ID); err != nil || !done {
		t.Fatalf("executed id after a cancel: executed %v %v", done, err)
	}
	if b, _ := c.Balance(ctx(t), h.Wrapped(), p.To); b.Cmp(amount(40)) != 0 {
		t.Fatalf("recipient holds %s, want 40", b)
	}
}

// canceller is the method relay co-signers call on their own connector
// before they sign a refund. It is not part of connectors.Connector yet;
// a connector without it skips that case.
type canceller interface {
	Cancelled(ctx context.Context, id connectors.ID) (bool, error)
}

func cancelled(t *testing.T, h Harness, c connectors.Connector) {
	cc, ok := c.(canceller)
	if !ok {
		t.Skipf("%T has no Cancelled method", c)
	}
	check := func(what string, id connectors.ID, want bool) {
		t.Helper()
		if got, err := cc.Cancelled(ctx(t), id); err != nil || got != want {
			t.Fatalf("Cancelled of %s: %v %v, want %v", what, got, err, want)
		}
	}
	id := newID(t)
	check("an unknown id", id, false)
	d := mustCancelDigest(t, c, id)
	if _, err := c.Cancel(ctx(t), id, h.Foreign(t, d, h.Threshold())); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("cancel with foreign signatures: %v, want ErrRefused", err)
	}
	check("an id whose cancellation was refused", id, false)
	if _, err := c.Cancel(ctx(t), id, h.Sign(t, d, h.Threshold())); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	// Cancel returns once the cancellation is final.
	check("a cancelled id", id, true)
	h.Advance(t, h.Depth())
	check("a cancelled id, deeper", id, true)
	if done, err := c.Executed(ctx(t), id); err != nil || done {
		t.Fatalf("Executed of a cancelled id: %v %v", done, err)
	}

	p, _ := mint(t, h, c, 11)
	check("a paid out id", p.ID, false)
	if _, err := c.Cancel(ctx(t), p.ID, h.Sign(t, mustCancelDigest(t, c, p.ID), h.Threshold())); !errors.Is(err, connectors.ErrAlreadyExecuted) {
		t.Fatalf("cancel of a paid out id: %v, want ErrAlreadyExecuted", err)
	}
	check("a paid out id after a refused cancellation", p.ID, false)
}
