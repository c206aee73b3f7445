package relay

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/relay/client"
)

// The fake chain's side of pulls: allowances a holder gives the bridge
// for one user, and pulls under the relay's ids, authorised like payouts.

func (c *fakeChain) fund(asset, account string, amount int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(c.mu.balances, asset+"\x00"+account, big.NewInt(amount))
}

// approve is the holder's allowance to the bridge for user.
func (c *fakeChain) approve(asset, holder, user string, amount int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mu.allowance[asset+"\x00"+holder+"\x00"+user] = big.NewInt(amount)
}

func (c *fakeChain) pulls(id connectors.ID) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.mu.pulled[id]
	return ok
}

func (c *fakeChain) isCancelled(id connectors.ID) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mu.cancelled[id]
}

func pullParts(p connectors.Pull) []string {
	return []string{"pull", p.ID.String(), string(p.Kind), p.Asset, p.Holder, p.User, p.Amount.String(), p.DestinationLedger, p.DestinationAccount}
}

func (f *fakeConn) PullDigest(p connectors.Pull) ([]byte, error) {
	// This bridge takes no holder with a space in its name.
	if p.Amount == nil || p.Amount.Sign() <= 0 || len(p.User) != 64 || strings.Contains(p.Holder, " ") {
		return nil, fmt.Errorf("bad pull: %w", connectors.ErrRefused)
	}
	return f.c.digest(pullParts(p)...), nil
}

func (f *fakeConn) Pull(ctx context.Context, p connectors.Pull, sigs []connectors.Signature) (*connectors.Result, error) {
	if err := f.unavailable(); err != nil {
		return nil, err
	}
	c := f.c
	c.mu.Lock()
	defer c.mu.Unlock()
	res := &connectors.Result{TxHash: fmt.Sprintf("0x%x", c.digest("pulltx", p.ID.String())), Height: c.mu.height}
	if prev, ok := c.mu.pulled[p.ID]; ok {
		if strings.Join(pullParts(prev), "\x00") != strings.Join(pullParts(p), "\x00") {
			return nil, fmt.Errorf("id pulled with other fields: %w", connectors.ErrRefused)
		}
		return res, nil
	}
	if c.mu.cancelled[p.ID] {
		return nil, fmt.Errorf("id cancelled: %w", connectors.ErrRefused)
	}
	if !c.authorisedLocked(c.digest(pullParts(p)...), sigs) {
		return nil, fmt.Errorf("not enough valid signatures: %w", connectors.ErrRefused)
	}
	ak := p.Asset + "\x00" + p.Holder + "\x00" + p.User
	if a := c.mu.allowance[ak]; a == nil || a.Cmp(p.Amount) < 0 {
		return nil, fmt.Errorf("allowance of user %s is %v, less than %v: %w", p.User, a, p.Amount, connectors.ErrRefused)
	}
	bk := p.Asset + "\x00" + p.Holder
	if b := c.mu.balances[bk]; b == nil || b.Cmp(p.Amount) < 0 {
		return nil, fmt.Errorf("balance too small: %w", connectors.ErrRefused)
	}
	c.mu.allowance[ak].Sub(c.mu.allowance[ak], p.Amount)
	c.sub(c.mu.balances, bk, p.Amount)
	if p.Kind == connectors.Burn {
		c.sub(c.mu.supply, p.Asset, p.Amount)
	} else {
		c.add(c.mu.balances, p.Asset+"\x00vault", p.Amount)
	}
	c.mu.height++
	c.mu.pulled[p.ID] = p
	c.mu.deposits = append(c.mu.deposits, connectors.Deposit{
		ID: p.ID, Kind: p.Kind, Asset: p.Asset, Holder: p.Holder, Amount: new(big.Int).Set(p.Amount),
		DestinationLedger: p.DestinationLedger, DestinationAccount: p.DestinationAccount,
		At: connectors.Position{Height: c.mu.height, TxHash: res.TxHash, BlockHash: fmt.Sprintf("b%d", c.mu.height)},
	})
	res.Height = c.mu.height
	return res, nil
}

func (f *fakeConn) PullAllowance(ctx context.Context, asset, holder, user string) (*big.Int, error) {
	f.c.mu.Lock()
	defer f.c.mu.Unlock()
	if a := f.c.mu.allowance[asset+"\x00"+holder+"\x00"+user]; a != nil {
		return new(big.Int).Set(a), nil
	}
	return new(big.Int), nil
}

var _ connectors.Puller = (*fakeConn)(nil)

// pullRequest is a transfer from a fab account through an allowance.
func pullRequest(asset, holder, to, amount string) client.TransferRequest {
	return pullFrom("fab", asset, holder, to, amount)
}

// pullFrom is a transfer from an account on ledger to coco.
func pullFrom(ledger, asset, holder, to, amount string) client.TransferRequest {
	return client.TransferRequest{
		Source:      client.Endpoint{Ledger: ledger, Asset: asset, Account: holder},
		Destination: client.Endpoint{Ledger: "coco", Account: to},
		Amount:      amount,
	}
}

// TestPullFromChainAccounts: a user moves GOLD (a lock) and wUSD (a burn)
// from fab accounts whose holders gave the bridge allowances for that
// user; each is taken once, observed by a quorum, and completes. A pull
// above the allowance takes nothing: its id is cancelled on the chain and
// the transfer fails with the chain's reason.
func TestPullFromChainAccounts(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	ctx := t.Context()
	user := x.c.KeyID()
	x.fab.fund("GOLD", "fab-dan", 50)
	x.fab.approve("GOLD", "fab-dan", user, 30)

	tr, _, err := x.c.CreateTransfer(ctx, pullRequest("GOLD", "fab-dan", "bob", "20"), "")
	if err != nil {
		t.Fatal(err)
	}
	if tr.State != StateRequested || tr.Origin != "api" || tr.SourceLeg.Kind != "lock" || !tr.Admitted {
		t.Fatalf("created: %+v", tr)
	}
	done := x.wait(t, tr.ID, 30*time.Second)
	if done.State != StateCompleted || done.SourceLeg.TxHash == "" || done.DestinationLeg == nil || done.DestinationLeg.Kind != "mint" {
		t.Fatalf("pulled GOLD: %+v", done)
	}
	if got := x.nativeBalance(t, "bob", "wGOLD"); got != "20" {
		t.Fatalf("bob holds %s wGOLD, want 20", got)
	}
	id, _ := connectors.ParseID(tr.ID)
	if got := x.fab.balance("GOLD", "fab-dan"); got.Cmp(big.NewInt(30)) != 0 || !x.fab.pulls(id) {
		t.Fatalf("fab-dan holds %v GOLD after the pull, want 30", got)
	}
	if got := x.fab.balance("GOLD", "vault"); got.Cmp(big.NewInt(20)) != 0 {
		t.Fatalf("the vault holds %v GOLD, want 20", got)
	}
	var full Transfer
	if err := x.c.Get(ctx, "/v1/transfers/"+tr.ID, &full); err != nil {
		t.Fatal(err)
	}
	if full.Evidence == nil || len(full.Evidence.Observers) < 2 {
		t.Fatalf("a pull counted without a quorum of observers: %+v", full.Evidence)
	}

	// Above what is left of the allowance (10): nothing is taken.
	over, _, err := x.c.CreateTransfer(ctx, pullRequest("GOLD", "fab-dan", "bob", "15"), "")
	if err != nil {
		t.Fatal(err)
	}
	failed := x.wait(t, over.ID, 30*time.Second)
	if failed.State != StateFailed || !strings.Contains(failed.Reason, "allowance") || failed.CancelLeg == nil {
		t.Fatalf("a pull above the allowance: %+v", failed)
	}
	overID, _ := connectors.ParseID(over.ID)
	if !x.fab.isCancelled(overID) || x.fab.pulls(overID) {
		t.Fatalf("the refused pull's id is not cancelled on the chain")
	}
	if got := x.fab.balance("GOLD", "fab-dan"); got.Cmp(big.NewInt(30)) != 0 {
		t.Fatalf("a refused pull moved GOLD: fab-dan holds %v", got)
	}

	// A pull whose destination cannot take it is refunded to the holder,
	// under the id it was pulled with.
	x.fab.approve("GOLD", "fab-dan", user, 5)
	ghost, _, err := x.c.CreateTransfer(ctx, pullRequest("GOLD", "fab-dan", "ghost", "5"), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := x.wait(t, ghost.ID, 30*time.Second); got.State != StateRefunded || got.RefundLeg == nil || got.RefundLeg.Kind != "release" {
		t.Fatalf("a pull to an account the native ledger refuses: %+v", got)
	}
	ghostID, _ := connectors.ParseID(ghost.ID)
	if !x.fab.pulls(ghostID) || x.fab.executions(ghostID) != 1 {
		t.Fatal("the refunded pull was not pulled and paid back once")
	}
	if got := x.fab.balance("GOLD", "fab-dan"); got.Cmp(big.NewInt(30)) != 0 {
		t.Fatalf("fab-dan holds %v GOLD after the refund, want 30", got)
	}

	// A burn of a wrapped asset: fab-bob's wUSD, which came from alice.
	minted := x.wait(t, x.send(t, "fab-bob", "100", "").ID, 30*time.Second)
	if minted.State != StateCompleted {
		t.Fatalf("native → fab: %+v", minted)
	}
	x.fab.approve("wUSD", "fab-bob", user, 40)
	back, _, err := x.c.CreateTransfer(ctx, pullRequest("wUSD", "fab-bob", "bob", "40"), "")
	if err != nil {
		t.Fatal(err)
	}
	if back.SourceLeg.Kind != "burn" {
		t.Fatalf("a pull of a wrapped asset is a %s", back.SourceLeg.Kind)
	}
	if got := x.wait(t, back.ID, 30*time.Second); got.State != StateCompleted || got.DestinationLeg.Kind != "release" {
		t.Fatalf("pulled wUSD: %+v", got)
	}
	if got := x.nativeBalance(t, "bob", "USD"); got != "40" {
		t.Fatalf("bob holds %s USD, want 40", got)
	}
	if got := x.fab.balance("wUSD", "fab-bob"); got.Cmp(big.NewInt(60)) != 0 {
		t.Fatalf("fab-bob holds %v wUSD, want 60", got)
	}

	// Bad sources are refused at once, naming the field.
	for _, tc := range []struct {
		req   client.TransferRequest
		field string
	}{
		{pullRequest("EUR", "fab-dan", "bob", "1"), "source.asset"},
		{pullRequest("GOLD", "fab\x01dan", "bob", "1"), "source.account"},
		{pullRequest("GOLD", "fab dan", "bob", "1"), "source"},
		{pullFrom("nowhere", "GOLD", "fab-dan", "bob", "1"), "source.ledger"},
	} {
		_, _, err := x.c.CreateTransfer(ctx, tc.req, "")
		var ce *client.Error
		if !asClientError(err, &ce) || ce.Status != 400 || ce.Field != tc.field {
			t.Errorf("%+v: got %v, want 400 on %s", tc.req.Source, err, tc.field)
		}
	}
}

// TestForgedPullIsNotCosigned: a pull whose record the leader changed
// after the user's request (another destination) gets no signatures; it
// takes nothing and fails at its deadline with its id cancelled.
func TestForgedPullIsNotCosigned(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	ctx := t.Context()
	x.fab.fund("GOLD", "fab-dan", 50)
	x.fab.approve("GOLD", "fab-dan", x.c.KeyID(), 50)
	for i := range x.down {
		x.down[i].Store(true) // the leader cannot pull before the forgery
	}
	tr, _, err := x.c.CreateTransfer(ctx, pullRequest("GOLD", "fab-dan", "bob", "25"), "")
	if err != nil {
		t.Fatal(err)
	}
	l, err := x.s.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, tr.ID, []string{StateRequested}, func(t *Transfer) (string, error) {
			t.Destination.Account = "alice"
			return "", nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range x.down {
		x.down[i].Store(false)
	}
	got := x.wait(t, tr.ID, 40*time.Second)
	id, _ := connectors.ParseID(tr.ID)
	if got.State != StateFailed || x.fab.pulls(id) || !x.fab.isCancelled(id) {
		t.Fatalf("forged pull: %+v (pulled %v)", got, x.fab.pulls(id))
	}
	if b := x.fab.balance("GOLD", "fab-dan"); b.Cmp(big.NewInt(50)) != 0 {
		t.Fatalf("fab-dan holds %v GOLD", b)
	}
	if x.nativeBalance(t, "alice", "wGOLD") != "0" {
		t.Fatal("the forged destination was paid")
	}
}

func TestPlanPull(t *testing.T) {
	now := time.Now()
	past, future := now.Add(-time.Second), now.Add(time.Minute)
	taken := now
	for _, tc := range []struct {
		name string
		t    Transfer
		want nextStep
	}{
		{"new", Transfer{State: StateRequested, Origin: "api", Deadline: &future}, actPull},
		{"held over the cap", Transfer{State: StateRequested, Origin: "api", Hold: HoldOverCap}, actPull},
		{"refused", Transfer{State: StateRequested, Origin: "api", Deadline: &future, Reason: "no allowance"}, actAbandon},
		{"late", Transfer{State: StateRequested, Origin: "api", Deadline: &past}, actAbandon},
		{"taken, late", Transfer{State: StateRequested, Origin: "api", Deadline: &past, SourceLeg: Leg{SubmittedAt: &taken}}, actNone},
	} {
		if got, _ := plan(&tc.t, planEnv{now: now}); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
