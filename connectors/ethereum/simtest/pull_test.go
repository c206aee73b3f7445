package simtest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
)

// Pulls (connectors.Puller): the relay takes a holder's tokens within the
// allowance the holder gave the vault for one API user.

const (
	alice = "a11ce0000000000000000000000000000000000000000000000000000000a11c"
	mallo = "0000000000000000000000000000000000000000000000000000000000000bad"
)

// approveUser sends the holder's approveUser for user from key.
func (c *chain) approveUser(key *ecdsa.PrivateKey, user string, token common.Address, amount *big.Int) {
	c.t.Helper()
	data, err := ethereum.PackApproveUser(user, token, amount)
	if err != nil {
		c.t.Fatal(err)
	}
	c.send(key, c.dep.Vault, data, nil)
}

// userAllowance reads the vault's allowance of holder for user.
func (c *chain) userAllowance(holder common.Address, user string, token common.Address) *big.Int {
	c.t.Helper()
	u, err := ethereum.ParseUser(user)
	if err != nil {
		c.t.Fatal(err)
	}
	out, err := c.call(c.dep.Vault, vaultABI.PackUserAllowance(holder, u, token))
	if err != nil {
		c.t.Fatal(err)
	}
	a, err := vaultABI.UnpackUserAllowance(out)
	if err != nil {
		c.t.Fatal(err)
	}
	return a
}

// depositOf finds the deposit with id among every final deposit.
func depositOf(t *testing.T, conn *ethereum.Connector, id connectors.ID) (connectors.Deposit, int) {
	t.Helper()
	ds, _, err := conn.Deposits(context.Background(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var found connectors.Deposit
	n := 0
	for _, d := range ds {
		if d.ID == id {
			found, n = d, n+1
		}
	}
	return found, n
}

func wantBalance(t *testing.T, c *chain, what string, token, who common.Address, want *big.Int) {
	t.Helper()
	if got := c.balance(token, who); got.Cmp(want) != 0 {
		t.Fatalf("%s: balance %v, want %v", what, got, want)
	}
}

func wantAllowance(t *testing.T, conn *ethereum.Connector, token, holder common.Address, user string, want int64) {
	t.Helper()
	got, err := conn.PullAllowance(context.Background(), token.Hex(), holder.Hex(), user)
	if err != nil {
		t.Fatal(err)
	}
	if got.Cmp(big.NewInt(want)) != 0 {
		t.Fatalf("PullAllowance(%s, %s): %v, want %d", token.Hex(), user[:8], got, want)
	}
}

func pullDigest(t *testing.T, conn *ethereum.Connector, p connectors.Pull) []byte {
	t.Helper()
	d, err := conn.PullDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPullLock(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	token, vault := c.dep.TestToken, c.dep.Vault
	holder := c.newHolder() // holds a million tokens, approved to the vault
	key := c.holderKey(holder.Hex())
	wantAllowance(t, conn, token, holder, alice, 0)
	c.approveUser(key, alice, token, big.NewInt(1000))
	wantAllowance(t, conn, token, holder, alice, 1000)
	wantAllowance(t, conn, token, holder, mallo, 0)

	p := connectors.Pull{ID: randomID(t), Kind: connectors.Lock, Asset: token.Hex(), Holder: holder.Hex(), User: alice,
		Amount: big.NewInt(600), DestinationLedger: "coco", DestinationAccount: "bob"}
	digest := pullDigest(t, conn, p)
	u, _ := ethereum.ParseUser(alice)
	out, err := c.call(vault, vaultABI.PackLockFromDigest(p.ID, token, holder, u, p.Amount, "coco", "bob"))
	if err != nil {
		t.Fatal(err)
	}
	if theirs, _ := vaultABI.UnpackLockFromDigest(out); !bytes.Equal(digest, theirs[:]) {
		t.Fatalf("PullDigest %x, vault's lockFromDigest %x", digest, theirs)
	}

	holderBefore, vaultBefore := c.balance(token, holder), c.balance(token, vault)
	res, err := conn.Pull(ctx, p, c.sign(digest, threshold))
	if err != nil {
		t.Fatalf("Pull: %v", err)
	}
	wantBalance(t, c, "holder after the pull", token, holder, new(big.Int).Sub(holderBefore, p.Amount))
	wantBalance(t, c, "vault after the pull", token, vault, new(big.Int).Add(vaultBefore, p.Amount))
	if a := c.userAllowance(holder, alice, token); a.Cmp(big.NewInt(400)) != 0 {
		t.Fatalf("userAllowance after the pull: %v, want 400", a)
	}
	wantAllowance(t, conn, token, holder, alice, 400)

	d, n := depositOf(t, conn, p.ID)
	if n != 1 {
		t.Fatalf("Deposits reports the pull %d times", n)
	}
	if d.Kind != connectors.Lock || !strings.EqualFold(d.Asset, token.Hex()) || !strings.EqualFold(d.Holder, holder.Hex()) ||
		d.Amount.Cmp(p.Amount) != 0 || d.DestinationLedger != "coco" || d.DestinationAccount != "bob" || d.At.TxHash != res.TxHash {
		t.Fatalf("Deposits reports %+v for pull %+v (tx %s)", d, p, res.TxHash)
	}

	// Again: the earlier result, nothing moves.
	again, err := conn.Pull(ctx, p, c.sign(digest, threshold))
	if err != nil || again.TxHash != res.TxHash || again.Height != res.Height {
		t.Fatalf("Pull again: %+v, %v; want %+v", again, err, res)
	}
	wantBalance(t, c, "holder after pulling again", token, holder, new(big.Int).Sub(holderBefore, p.Amount))
	wantAllowance(t, conn, token, holder, alice, 400)

	// The same id with other fields, the user included.
	for name, mod := range map[string]func(*connectors.Pull){
		"other amount":  func(q *connectors.Pull) { q.Amount = big.NewInt(300) },
		"other user":    func(q *connectors.Pull) { q.User = mallo },
		"other account": func(q *connectors.Pull) { q.DestinationAccount = "carol" },
	} {
		q := p
		mod(&q)
		_, err := conn.Pull(ctx, q, c.sign(pullDigest(t, conn, q), threshold))
		if !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("Pull of the pulled id with %s: %v, want ErrRefused", name, err)
		}
	}

	// A pulled id is neither executed nor cancelled, and can be neither.
	if ok, err := conn.Executed(ctx, p.ID); err != nil || ok {
		t.Fatalf("Executed(pulled id) = %v, %v; want false", ok, err)
	}
	if ok, err := conn.Cancelled(ctx, p.ID); err != nil || ok {
		t.Fatalf("Cancelled(pulled id) = %v, %v; want false", ok, err)
	}
	cd, _ := conn.CancelDigest(p.ID)
	if _, err := conn.Cancel(ctx, p.ID, c.sign(cd, threshold)); !errors.Is(err, connectors.ErrAlreadyExecuted) {
		t.Fatalf("Cancel(pulled id): %v, want ErrAlreadyExecuted", err)
	}
	// On chain too, without the connector's checks in front.
	u, _ = ethereum.ParseUser(alice)
	c.mustRevertOnChain("cancel of a pulled id", nil, vault,
		vaultABI.PackCancel(p.ID, ascending(t, cd, sigBytes(c.sign(cd, threshold)))), "AlreadyExecuted")
	c.mustRevertOnChain("lockFrom of a pulled id", nil, vault,
		vaultABI.PackLockFrom(p.ID, token, holder, u, p.Amount, "coco", "bob", ascending(t, digest, sigBytes(c.sign(digest, threshold)))), "AlreadyExecuted")
	if out, err := c.call(vault, vaultABI.PackPulled(p.ID)); err != nil {
		t.Fatal(err)
	} else if ok, _ := vaultABI.UnpackPulled(out); !ok {
		t.Fatal("pulled(id) is false after the pull")
	}
	// The one payout a pulled id may have: its refund to the holder.
	other := connectors.Payout{ID: p.ID, Kind: connectors.Release, Asset: token.Hex(), To: holder.Hex(), Amount: big.NewInt(1)}
	refund := other
	refund.Amount = p.Amount
	rd, _ := conn.PayoutDigest(refund)
	if _, err := conn.Execute(ctx, refund, c.sign(rd, threshold)); err != nil {
		t.Fatalf("refund of a pulled id: %v", err)
	}
	if ok, err := conn.Executed(ctx, p.ID); err != nil || !ok {
		t.Fatalf("Executed(refunded pulled id) = %v, %v; want true", ok, err)
	}
	wantBalance(t, c, "holder after the refund", token, holder, holderBefore)
	od, _ := conn.PayoutDigest(other)
	if _, err := conn.Execute(ctx, other, c.sign(od, threshold)); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("a second payout of a pulled id: %v, want ErrRefused", err)
	}

	// Refusals move nothing: another user's allowance (none), more than
	// the allowance, signatures of strangers.
	refusals := []struct {
		name string
		p    connectors.Pull
		sigs func(digest []byte) []connectors.Signature
	}{
		{"another user", connectors.Pull{User: mallo, Amount: big.NewInt(1)}, nil},
		{"above the allowance", connectors.Pull{User: alice, Amount: big.NewInt(401)}, nil},
		{"strangers' signatures", connectors.Pull{User: alice, Amount: big.NewInt(1)},
			func(d []byte) []connectors.Signature { return harness{c}.Foreign(t, d, threshold) }},
	}
	for _, r := range refusals {
		q := p
		q.ID, q.User, q.Amount = randomID(t), r.p.User, r.p.Amount
		d := pullDigest(t, conn, q)
		s := c.sign(d, threshold)
		if r.sigs != nil {
			s = r.sigs(d)
		}
		if _, err := conn.Pull(ctx, q, s); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("Pull for %s: %v, want ErrRefused", r.name, err)
		}
		wantBalance(t, c, "holder after a refused pull ("+r.name+")", token, holder, holderBefore)
		wantAllowance(t, conn, token, holder, alice, 400)
		if _, n := depositOf(t, conn, q.ID); n != 0 {
			t.Fatalf("a refused pull (%s) was reported as a deposit", r.name)
		}
	}

	// Cancelled first: no pull of the id.
	q := p
	q.ID, q.Amount = randomID(t), big.NewInt(5)
	cd, _ = conn.CancelDigest(q.ID)
	if _, err := conn.Cancel(ctx, q.ID, c.sign(cd, threshold)); err != nil {
		t.Fatalf("Cancel: %v", err)
	}
	if _, err := conn.Pull(ctx, q, c.sign(pullDigest(t, conn, q), threshold)); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("Pull of a cancelled id: %v, want ErrRefused", err)
	}
	// And on chain, without the connector's check in front.
	u, _ = ethereum.ParseUser(q.User)
	sigs := ascending(t, pullDigest(t, conn, q), sigBytes(c.sign(pullDigest(t, conn, q), threshold)))
	c.mustRevertOnChain("lockFrom of a cancelled id", nil, vault,
		vaultABI.PackLockFrom(q.ID, token, holder, u, q.Amount, q.DestinationLedger, q.DestinationAccount, sigs), "TransferCancelled")
	wantBalance(t, c, "holder at the end", token, holder, holderBefore)
}

func sigBytes(s []connectors.Signature) [][]byte {
	out := make([][]byte, len(s))
	for i := range s {
		out[i] = s[i].Sig
	}
	return out
}

func TestPullBurn(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	wrapped, vault := c.dep.Wrapped[0], c.dep.Vault
	holder := c.newHolder()
	key := c.holderKey(holder.Hex())

	mint := connectors.Payout{ID: randomID(t), Kind: connectors.Mint, Asset: wrapped.Hex(), To: holder.Hex(), Amount: big.NewInt(1000)}
	md, _ := conn.PayoutDigest(mint)
	if _, err := conn.Execute(ctx, mint, c.sign(md, threshold)); err != nil {
		t.Fatalf("mint: %v", err)
	}
	c.approveUser(key, alice, wrapped, big.NewInt(700))
	// Without the token's allowance to the vault nothing can be pulled.
	wantAllowance(t, conn, wrapped, holder, alice, 0)
	p := connectors.Pull{ID: randomID(t), Kind: connectors.Burn, Asset: wrapped.Hex(), Holder: holder.Hex(), User: alice,
		Amount: big.NewInt(250), DestinationLedger: "coco", DestinationAccount: "bob"}
	digest := pullDigest(t, conn, p)
	if _, err := conn.Pull(ctx, p, c.sign(digest, threshold)); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("Pull without the token's allowance: %v, want ErrRefused", err)
	}
	c.send(key, wrapped, tokenABI.PackApprove(vault, big.NewInt(500)), nil)
	wantAllowance(t, conn, wrapped, holder, alice, 500)

	u, _ := ethereum.ParseUser(alice)
	out, err := c.call(vault, vaultABI.PackBurnFromDigest(p.ID, wrapped, holder, u, p.Amount, "coco", "bob"))
	if err != nil {
		t.Fatal(err)
	}
	if theirs, _ := vaultABI.UnpackBurnFromDigest(out); !bytes.Equal(digest, theirs[:]) {
		t.Fatalf("PullDigest %x, vault's burnFromDigest %x", digest, theirs)
	}
	lockAsBurn := p
	lockAsBurn.Kind = connectors.Lock
	if _, err := conn.PullDigest(lockAsBurn); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("PullDigest of a lock of a wrapped token: %v, want ErrRefused", err)
	}

	supply, err := conn.Supply(ctx, wrapped.Hex())
	if err != nil {
		t.Fatal(err)
	}
	res, err := conn.Pull(ctx, p, c.sign(digest, threshold))
	if err != nil {
		t.Fatalf("Pull: %v", err)
	}
	after, err := conn.Supply(ctx, wrapped.Hex())
	if err != nil {
		t.Fatal(err)
	}
	if want := new(big.Int).Sub(supply, p.Amount); after.Cmp(want) != 0 {
		t.Fatalf("supply after the burn pull: %v, want %v", after, want)
	}
	wantBalance(t, c, "holder after the burn pull", wrapped, holder, big.NewInt(750))
	wantBalance(t, c, "vault after the burn pull", wrapped, vault, big.NewInt(0))
	wantAllowance(t, conn, wrapped, holder, alice, 250) // token 250, user 450
	if a := c.userAllowance(holder, alice, wrapped); a.Cmp(big.NewInt(450)) != 0 {
		t.Fatalf("userAllowance after the burn pull: %v, want 450", a)
	}
	d, n := depositOf(t, conn, p.ID)
	if n != 1 || d.Kind != connectors.Burn || !strings.EqualFold(d.Asset, wrapped.Hex()) || !strings.EqualFold(d.Holder, holder.Hex()) ||
		d.Amount.Cmp(p.Amount) != 0 || d.DestinationLedger != "coco" || d.DestinationAccount != "bob" || d.At.TxHash != res.TxHash {
		t.Fatalf("Deposits reports %+v (%d times) for pull %+v", d, n, p)
	}

	again, err := conn.Pull(ctx, p, c.sign(digest, threshold))
	if err != nil || again.TxHash != res.TxHash {
		t.Fatalf("Pull again: %+v, %v; want %+v", again, err, res)
	}
	wantBalance(t, c, "holder after pulling again", wrapped, holder, big.NewInt(750))
	asLock := p
	asLock.Kind, asLock.Asset = connectors.Lock, c.dep.TestToken.Hex()
	if _, err := conn.Pull(ctx, asLock, c.sign(pullDigest(t, conn, asLock), threshold)); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("Pull of the burn-pulled id as a lock: %v, want ErrRefused", err)
	}
	cd, _ := conn.CancelDigest(p.ID)
	if _, err := conn.Cancel(ctx, p.ID, c.sign(cd, threshold)); !errors.Is(err, connectors.ErrAlreadyExecuted) {
		t.Fatalf("Cancel(burn-pulled id): %v, want ErrAlreadyExecuted", err)
	}

	// Only a bridge burns from holders: a stranger with the holder's
	// allowance cannot.
	stranger := crypto.PubkeyToAddress(c.faucet.PublicKey) // no bridge
	c.send(key, wrapped, tokenABI.PackApprove(stranger, big.NewInt(100)), nil)
	if got := c.revert(stranger, wrapped, tokenABI.PackBridgeBurnFrom(holder, big.NewInt(1), randomID(t), "coco", "bob")); !strings.HasPrefix(got, "NotBridge") {
		t.Fatalf("bridgeBurnFrom by a stranger reverts with %q, want NotBridge", got)
	}
}

func TestPullValidation(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	good := connectors.Pull{ID: randomID(t), Kind: connectors.Lock, Asset: c.dep.TestToken.Hex(), Holder: c.account.Hex(), User: alice,
		Amount: big.NewInt(1), DestinationLedger: "coco", DestinationAccount: "bob"}
	if _, err := conn.PullDigest(good); err != nil {
		t.Fatalf("PullDigest(%+v): %v", good, err)
	}
	cases := []struct {
		field string
		mod   func(*connectors.Pull)
	}{
		{"kind", func(p *connectors.Pull) { p.Kind = "mint" }},
		{"asset", func(p *connectors.Pull) { p.Asset = "0x12" }},
		{"asset", func(p *connectors.Pull) { p.Asset = c.account.Hex() }}, // not a bridged token
		{"asset", func(p *connectors.Pull) { p.Kind = connectors.Burn }},  // a burn of a native token
		{"holder", func(p *connectors.Pull) { p.Holder = "" }},
		{"holder", func(p *connectors.Pull) { p.Holder = common.Address{}.Hex() }},
		{"user", func(p *connectors.Pull) { p.User = strings.ToUpper(alice) }},
		{"user", func(p *connectors.Pull) { p.User = alice[:62] }},
		{"user", func(p *connectors.Pull) { p.User = "0x" + alice[2:] }},
		{"amount", func(p *connectors.Pull) { p.Amount = nil }},
		{"amount", func(p *connectors.Pull) { p.Amount = big.NewInt(0) }},
		{"amount", func(p *connectors.Pull) { p.Amount = new(big.Int).Lsh(big.NewInt(1), 256) }},
		{"destination ledger", func(p *connectors.Pull) { p.DestinationLedger = "" }},
		{"destination ledger", func(p *connectors.Pull) { p.DestinationLedger = strings.Repeat("l", 65) }},
		{"destination account", func(p *connectors.Pull) { p.DestinationAccount = "" }},
		{"destination account", func(p *connectors.Pull) { p.DestinationAccount = strings.Repeat("a", 257) }},
	}
	for _, tc := range cases {
		p := good
		tc.mod(&p)
		_, err := conn.PullDigest(p)
		if !errors.Is(err, connectors.ErrRefused) || !errors.Is(err, ethereum.ErrInvalid) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("PullDigest with a bad %s: %v, want ErrInvalid naming the field", tc.field, err)
		}
		if _, err := conn.Pull(context.Background(), p, nil); !errors.Is(err, ethereum.ErrInvalid) {
			t.Errorf("Pull with a bad %s: %v, want ErrInvalid", tc.field, err)
		}
	}
	if _, err := ethereum.PackApproveUser("nope", c.dep.TestToken, big.NewInt(1)); !errors.Is(err, ethereum.ErrInvalid) {
		t.Errorf("PackApproveUser with a bad user: %v, want ErrInvalid", err)
	}
	if _, err := conn.PullAllowance(context.Background(), c.dep.TestToken.Hex(), c.account.Hex(), "nope"); !errors.Is(err, ethereum.ErrInvalid) {
		t.Errorf("PullAllowance with a bad user: %v, want ErrInvalid", err)
	}
}

// A pull and a cancellation of one id are pending together (mined in one
// block in the order sent), so the second reverts on chain and is reported
// from the id's status: a cancel behind a pull is ErrAlreadyExecuted, a
// pull behind a cancel ErrRefused, and nothing moves.
func TestPullAndCancelPendingTogether(t *testing.T) {
	for _, pullFirst := range []bool{true, false} {
		name := "cancel first"
		if pullFirst {
			name = "pull first"
		}
		t.Run(name, func(t *testing.T) {
			c := newChain(t)
			c.deploy()
			conn := c.connector(c.config())
			token := c.dep.TestToken
			holder := c.newHolder()
			c.approveUser(c.holderKey(holder.Hex()), alice, token, big.NewInt(100))
			before := c.balance(token, holder)
			p := connectors.Pull{ID: randomID(t), Kind: connectors.Lock, Asset: token.Hex(), Holder: holder.Hex(), User: alice,
				Amount: big.NewInt(60), DestinationLedger: "coco", DestinationAccount: "bob"}
			pd := pullDigest(t, conn, p)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			po, co := c.raceWithCancel(ctx, conn, p.ID, pullFirst, func() (*connectors.Result, error) {
				return conn.Pull(ctx, p, c.sign(pd, threshold))
			})
			want := before
			if pullFirst {
				if po.err != nil || po.res == nil || po.res.TxHash == "" {
					t.Fatalf("pull: %+v %v, want it done", po.res, po.err)
				}
				if !errors.Is(co.err, connectors.ErrAlreadyExecuted) || errors.Is(co.err, connectors.ErrRefused) {
					t.Fatalf("cancel behind the pull: %+v %v, want ErrAlreadyExecuted", co.res, co.err)
				}
				want = new(big.Int).Sub(before, p.Amount)
			} else {
				if co.err != nil || co.res == nil || co.res.TxHash == "" {
					t.Fatalf("cancel: %+v %v, want it recorded", co.res, co.err)
				}
				if !errors.Is(po.err, connectors.ErrRefused) || errors.Is(po.err, connectors.ErrUnavailable) {
					t.Fatalf("pull behind the cancel: %+v %v, want ErrRefused", po.res, po.err)
				}
			}
			wantBalance(t, c, "holder", token, holder, want)
			if isCancelled, err := conn.Cancelled(ctx, p.ID); err != nil || isCancelled == pullFirst {
				t.Fatalf("Cancelled: %v %v, want %v", isCancelled, err, !pullFirst)
			}
			if executed, err := conn.Executed(ctx, p.ID); err != nil || executed {
				t.Fatalf("Executed: %v %v, want false", executed, err)
			}
		})
	}
}

// Two pulls of other ids that together exceed the user's allowance are
// pending together: the first takes it, the second reverts on chain. Its
// replay against the state before the block succeeds, so that revert is
// ErrUnavailable (a new try may succeed); the new try is ErrRefused
// (InsufficientUserAllowance) before anything is sent.
func TestPullsBeyondTheAllowanceOnChain(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	token := c.dep.TestToken
	holder := c.newHolder()
	c.approveUser(c.holderKey(holder.Hex()), alice, token, big.NewInt(100))
	before := c.balance(token, holder)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c.automine.Store(0)
	type outcome struct {
		p   connectors.Pull
		err error
	}
	outs := make(chan outcome, 2)
	sent := len(c.proxy.sentTxs())
	for i := range 2 {
		p := connectors.Pull{ID: randomID(t), Kind: connectors.Lock, Asset: token.Hex(), Holder: holder.Hex(), User: alice,
			Amount: big.NewInt(70), DestinationLedger: "coco", DestinationAccount: "bob"}
		d := pullDigest(t, conn, p)
		go func() {
			_, err := conn.Pull(ctx, p, c.sign(d, threshold))
			outs <- outcome{p, err}
		}()
		for deadline := time.Now().Add(30 * time.Second); len(c.proxy.sentTxs()) < sent+i+1; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("pull %d not sent", i)
			}
		}
	}
	c.commit(1 + depth)
	c.automine.Store(1 + depth)
	var ok int
	var reverted []connectors.Pull
	for range 2 {
		switch o := <-outs; {
		case o.err == nil:
			ok++
		case errors.Is(o.err, connectors.ErrUnavailable):
			reverted = append(reverted, o.p)
		default:
			t.Errorf("pull: %v", o.err)
		}
	}
	if ok != 1 || len(reverted) != 1 {
		t.Fatalf("%d pulls done and %d reverted, want 1 and 1", ok, len(reverted))
	}
	p := reverted[0]
	_, err := conn.Pull(ctx, p, c.sign(pullDigest(t, conn, p), threshold))
	if !errors.Is(err, connectors.ErrRefused) || errors.Is(err, connectors.ErrUnavailable) || !strings.Contains(err.Error(), "InsufficientUserAllowance") {
		t.Fatalf("pull again beyond the allowance: %v, want ErrRefused (InsufficientUserAllowance)", err)
	}
	wantBalance(t, c, "holder", token, holder, new(big.Int).Sub(before, big.NewInt(70)))
	wantAllowance(t, conn, token, holder, alice, 30)
}
