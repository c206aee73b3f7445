package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cocorelay/coco/connectors"
)

// fakeChain is a small in-memory ledger with a bridge that behaves like the
// real ones where the relay can tell: deposits at a position, payouts once
// per id under a k-of-n signer set, cancellation that stops a later payout
// (and fails after one), anchors and signer changes authorised by the
// current set. Each node reaches it through its own fakeConn, which may lie
// (report deposits that never happened) or be unreachable.
type fakeChain struct {
	name string
	mu   struct {
		sync.Mutex
		height    uint64
		deposits  []connectors.Deposit
		executed  map[connectors.ID]connectors.Payout
		pulled    map[connectors.ID]connectors.Pull
		allowance map[string]*big.Int // asset 0x00 holder 0x00 user
		cancelled map[connectors.ID]bool
		balances  map[string]*big.Int // asset 0x00 account
		supply    map[string]*big.Int
		signers   connectors.Signers
		anchors   []connectors.Anchor
		// refuse makes every payout fail with ErrRefused (a destination
		// that fails permanently).
		refuse bool
		// fakeCancels makes Cancel answer success without cancelling (an
		// endpoint that lies about a cancellation); Cancelled stays true
		// to the chain.
		fakeCancels bool
		// executions counts payouts that executed (never more than one per id).
		executions map[connectors.ID]int
	}
}

func newFakeChain(name string) *fakeChain {
	c := &fakeChain{name: name}
	c.mu.executed = map[connectors.ID]connectors.Payout{}
	c.mu.pulled = map[connectors.ID]connectors.Pull{}
	c.mu.allowance = map[string]*big.Int{}
	c.mu.cancelled = map[connectors.ID]bool{}
	c.mu.balances = map[string]*big.Int{}
	c.mu.supply = map[string]*big.Int{}
	c.mu.executions = map[connectors.ID]int{}
	return c
}

// fakeKey is one node's key on a fake chain; its identity is its public key.
type fakeKey struct{ k *ecdsa.PrivateKey }

func newFakeKey() fakeKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return fakeKey{k}
}

func (f fakeKey) identity() string {
	b, _ := x509.MarshalPKIXPublicKey(&f.k.PublicKey)
	return "fk" + hex.EncodeToString(b)
}

func (f fakeKey) Sign(d []byte) (connectors.Signature, error) {
	sig, err := ecdsa.SignASN1(rand.Reader, f.k, d)
	return connectors.Signature{Signer: f.identity(), Sig: sig}, err
}

func verifyFake(identity string, d, sig []byte) bool {
	b, err := hex.DecodeString(strings.TrimPrefix(identity, "fk"))
	if err != nil {
		return false
	}
	pub, err := x509.ParsePKIXPublicKey(b)
	if err != nil {
		return false
	}
	k, ok := pub.(*ecdsa.PublicKey)
	return ok && ecdsa.VerifyASN1(k, d, sig)
}

func (c *fakeChain) setSigners(ids []string, k int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mu.signers = connectors.Signers{Set: ids, Threshold: k}
}

// deposit records a holder's lock or burn; it is final at once.
func (c *fakeChain) deposit(kind connectors.DepositKind, asset, holder string, amount int64, dstLedger, dstAccount string) connectors.ID {
	c.mu.Lock()
	defer c.mu.Unlock()
	var id connectors.ID
	rand.Read(id[:])
	c.mu.height++
	amt := big.NewInt(amount)
	key := asset + "\x00" + holder
	if b := c.mu.balances[key]; b != nil {
		b.Sub(b, amt)
	}
	if kind == connectors.Burn {
		c.sub(c.mu.supply, asset, amt)
	} else {
		c.add(c.mu.balances, asset+"\x00vault", amt)
	}
	c.mu.deposits = append(c.mu.deposits, connectors.Deposit{
		ID: id, Kind: kind, Asset: asset, Holder: holder, Amount: amt, DestinationLedger: dstLedger, DestinationAccount: dstAccount,
		At: connectors.Position{Height: c.mu.height, TxHash: fmt.Sprintf("0x%x", sha256.Sum256(id[:])), BlockHash: "b" + strconv.FormatUint(c.mu.height, 10)},
	})
	return id
}

func (c *fakeChain) add(m map[string]*big.Int, k string, v *big.Int) {
	if m[k] == nil {
		m[k] = new(big.Int)
	}
	m[k].Add(m[k], v)
}

func (c *fakeChain) sub(m map[string]*big.Int, k string, v *big.Int) {
	if m[k] == nil {
		m[k] = new(big.Int)
	}
	m[k].Sub(m[k], v)
}

func (c *fakeChain) balance(asset, account string) *big.Int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b := c.mu.balances[asset+"\x00"+account]; b != nil {
		return new(big.Int).Set(b)
	}
	return new(big.Int)
}

func (c *fakeChain) executions(id connectors.ID) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mu.executions[id]
}

func (c *fakeChain) setRefuse(v bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mu.refuse = v
}

func (c *fakeChain) setFakeCancels(v bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mu.fakeCancels = v
}

func (c *fakeChain) digest(parts ...string) []byte {
	h := sha256.New()
	h.Write([]byte("fakechain\x00" + c.name))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return h.Sum(nil)
}

// authorisedLocked checks k distinct signatures of the current set.
func (c *fakeChain) authorisedLocked(d []byte, sigs []connectors.Signature) bool {
	seen := map[string]bool{}
	for _, s := range sigs {
		member := false
		for _, m := range c.mu.signers.Set {
			member = member || m == s.Signer
		}
		if member && !seen[s.Signer] && verifyFake(s.Signer, d, s.Sig) {
			seen[s.Signer] = true
		}
	}
	return len(seen) >= c.mu.signers.Threshold && c.mu.signers.Threshold > 0
}

// fakeConn is one node's connector to a fake chain.
type fakeConn struct {
	c    *fakeChain
	lies []connectors.Deposit // deposits only this endpoint reports
	down func() bool
	// lying, while it returns true, makes this endpoint (only) claim that
	// every payout executed: Executed is true, Execute succeeds without
	// executing, Cancel answers ErrAlreadyExecuted. The chain is unchanged.
	lying func() bool
	// inflating, while it returns true, makes this endpoint (only) report
	// 1000 more of every asset's supply than the chain has.
	inflating func() bool
}

func (f *fakeConn) lyingNow() bool { return f.lying != nil && f.lying() }

func (f *fakeConn) Name() string { return f.c.name }

func (f *fakeConn) unavailable() error {
	if f.down != nil && f.down() {
		return fmt.Errorf("fake endpoint down: %w", connectors.ErrUnavailable)
	}
	return nil
}

func (f *fakeConn) Deposits(ctx context.Context, after connectors.Checkpoint, limit int) ([]connectors.Deposit, connectors.Checkpoint, error) {
	if err := f.unavailable(); err != nil {
		return nil, after, err
	}
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	view := append(append([]connectors.Deposit(nil), f.lies...), f.c.mu.deposits...)
	from := 0
	if after != "" {
		v, err := strconv.Atoi(string(after))
		if err != nil {
			return nil, after, err
		}
		from = v
	}
	to := min(from+limit, len(view))
	return view[from:to], connectors.Checkpoint(strconv.Itoa(to)), nil
}

func payoutParts(p connectors.Payout) []string {
	return []string{"payout", p.ID.String(), string(p.Kind), p.Asset, p.To, p.Amount.String()}
}

func (f *fakeConn) PayoutDigest(p connectors.Payout) ([]byte, error) {
	if p.Amount == nil || p.Amount.Sign() <= 0 {
		return nil, errors.New("bad amount")
	}
	return f.c.digest(payoutParts(p)...), nil
}

func (f *fakeConn) Execute(ctx context.Context, p connectors.Payout, sigs []connectors.Signature) (*connectors.Result, error) {
	if err := f.unavailable(); err != nil {
		return nil, err
	}
	if f.lyingNow() {
		return &connectors.Result{TxHash: "0xinvented", Height: 1}, nil
	}
	c := f.c
	c.mu.Lock()
	defer c.mu.Unlock()
	res := &connectors.Result{TxHash: fmt.Sprintf("0x%x", c.digest("tx", p.ID.String())), Height: c.mu.height}
	if prev, ok := c.mu.executed[p.ID]; ok {
		if prev.To != p.To || prev.Amount.Cmp(p.Amount) != 0 {
			return nil, fmt.Errorf("id executed with other fields: %w", connectors.ErrRefused)
		}
		return res, nil
	}
	if c.mu.cancelled[p.ID] {
		return nil, fmt.Errorf("id cancelled: %w", connectors.ErrRefused)
	}
	if c.mu.refuse {
		return nil, fmt.Errorf("the bridge is refusing payouts: %w", connectors.ErrRefused)
	}
	if !c.authorisedLocked(c.digest(payoutParts(p)...), sigs) {
		return nil, fmt.Errorf("not enough valid signatures: %w", connectors.ErrRefused)
	}
	if p.Kind == connectors.Release {
		c.sub(c.mu.balances, p.Asset+"\x00vault", p.Amount)
	} else {
		c.add(c.mu.supply, p.Asset, p.Amount)
	}
	c.add(c.mu.balances, p.Asset+"\x00"+p.To, p.Amount)
	c.mu.height++
	c.mu.executed[p.ID] = p
	c.mu.executions[p.ID]++
	res.Height = c.mu.height
	return res, nil
}

func (f *fakeConn) Executed(ctx context.Context, id connectors.ID) (bool, error) {
	if err := f.unavailable(); err != nil {
		return false, err
	}
	if f.lyingNow() {
		return true, nil
	}
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	_, ok := f.c.mu.executed[id]
	return ok, nil
}

func (f *fakeConn) CancelDigest(id connectors.ID) ([]byte, error) {
	return f.c.digest("cancel", id.String()), nil
}

func (f *fakeConn) Cancel(ctx context.Context, id connectors.ID, sigs []connectors.Signature) (*connectors.Result, error) {
	if err := f.unavailable(); err != nil {
		return nil, err
	}
	if f.lyingNow() {
		return nil, connectors.ErrAlreadyExecuted
	}
	c := f.c
	c.mu.Lock()
	defer c.mu.Unlock()
	_, paid := c.mu.executed[id]
	if _, pulled := c.mu.pulled[id]; paid || pulled {
		return nil, connectors.ErrAlreadyExecuted
	}
	res := &connectors.Result{TxHash: fmt.Sprintf("0x%x", c.digest("canceltx", id.String())), Height: c.mu.height}
	if c.mu.cancelled[id] || c.mu.fakeCancels {
		return res, nil
	}
	if !c.authorisedLocked(c.digest("cancel", id.String()), sigs) {
		return nil, fmt.Errorf("not enough valid signatures: %w", connectors.ErrRefused)
	}
	c.mu.height++
	c.mu.cancelled[id] = true
	return res, nil
}

func (f *fakeConn) Cancelled(ctx context.Context, id connectors.ID) (bool, error) {
	if err := f.unavailable(); err != nil {
		return false, err
	}
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	return f.c.mu.cancelled[id], nil
}

func (f *fakeConn) Balance(ctx context.Context, asset, account string) (*big.Int, error) {
	return f.c.balance(asset, account), nil
}

func (f *fakeConn) Supply(ctx context.Context, asset string) (*big.Int, error) {
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	v := new(big.Int)
	if s := f.c.mu.supply[asset]; s != nil {
		v.Set(s)
	}
	if f.inflating != nil && f.inflating() {
		v.Add(v, big.NewInt(1000))
	}
	return v, nil
}

func (f *fakeConn) AnchorDigest(a connectors.Anchor) ([]byte, error) {
	return f.c.digest("anchor", strconv.FormatUint(a.Seqno, 10), hex.EncodeToString(a.Root[:]), a.Time.UTC().Format(time.RFC3339Nano)), nil
}

func (f *fakeConn) RecordAnchor(ctx context.Context, a connectors.Anchor, sigs []connectors.Signature) (*connectors.Result, error) {
	if err := f.unavailable(); err != nil {
		return nil, err
	}
	d, _ := f.AnchorDigest(a)
	c := f.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.authorisedLocked(d, sigs) {
		return nil, fmt.Errorf("not enough valid signatures: %w", connectors.ErrRefused)
	}
	if n := len(c.mu.anchors); n > 0 && c.mu.anchors[n-1].Seqno >= a.Seqno {
		return nil, fmt.Errorf("anchor not newer: %w", connectors.ErrRefused)
	}
	c.mu.height++
	c.mu.anchors = append(c.mu.anchors, a)
	return &connectors.Result{TxHash: fmt.Sprintf("0x%x", d[:8]), Height: c.mu.height}, nil
}

func (f *fakeConn) LatestAnchor(ctx context.Context) (*connectors.Anchor, error) {
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	if n := len(f.c.mu.anchors); n > 0 {
		a := f.c.mu.anchors[n-1]
		return &a, nil
	}
	return nil, nil
}

func (f *fakeConn) Signers(ctx context.Context) (*connectors.Signers, error) {
	if err := f.unavailable(); err != nil {
		return nil, err
	}
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	s := f.c.mu.signers
	s.Set = append([]string(nil), s.Set...)
	return &s, nil
}

func (f *fakeConn) SignersDigest(next connectors.Signers) ([]byte, error) {
	return f.c.digest("signers", strings.Join(next.Set, ","), strconv.Itoa(next.Threshold), strconv.FormatUint(next.Nonce, 10)), nil
}

func (f *fakeConn) UpdateSigners(ctx context.Context, next connectors.Signers, sigs []connectors.Signature) (*connectors.Result, error) {
	d, _ := f.SignersDigest(next)
	c := f.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if next.Nonce != c.mu.signers.Nonce+1 || !c.authorisedLocked(d, sigs) {
		return nil, fmt.Errorf("signer change refused: %w", connectors.ErrRefused)
	}
	c.mu.signers = next
	c.mu.height++
	return &connectors.Result{TxHash: fmt.Sprintf("0x%x", d[:8]), Height: c.mu.height}, nil
}

func (f *fakeConn) Close() error { return nil }

var _ connectors.Connector = (*fakeConn)(nil)

// rogueMint creates wrapped supply the relay never authorised (a broken
// or compromised bridge).
func (c *fakeChain) rogueMint(asset, account string, amount int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(c.mu.supply, asset, big.NewInt(amount))
	c.add(c.mu.balances, asset+"\x00"+account, big.NewInt(amount))
}

func (c *fakeChain) latestAnchor() *connectors.Anchor {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := len(c.mu.anchors); n > 0 {
		a := c.mu.anchors[n-1]
		return &a
	}
	return nil
}
