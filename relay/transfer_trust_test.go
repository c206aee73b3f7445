package relay

import (
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// What a leader alone cannot do: complete a transfer on its endpoint's
// word, or have the other nodes sign for a record it wrote itself.

// TestLyingLeaderEndpointCannotCompleteTransfer: the leader's endpoint to
// the destination claims every payout executed (and that the cancel came
// too late). Nothing completes on its word: the transfer stays in flight,
// and once that endpoint tells the truth it is refunded, no payout
// having executed.
func TestLyingLeaderEndpointCannotCompleteTransfer(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	x.lie[x.leaderIndex(t)].Store(true)
	tr := x.send(t, "fab-bob", "250", "")
	id, _ := connectors.ParseID(tr.ID)
	// Past the 10s timeout: the refund's cancel meets the lie too.
	for end := time.Now().Add(14 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		got, err := x.c.GetTransfer(t.Context(), tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Final() {
			t.Fatalf("final on one lying endpoint's word: %+v (executions %d)", got, x.fab.executions(id))
		}
	}
	x.lie[x.leaderIndex(t)].Store(false)
	done := x.wait(t, tr.ID, 60*time.Second)
	if done.State != StateRefunded || done.CancelLeg == nil {
		t.Fatalf("after the endpoint stopped lying: %+v", done)
	}
	if n := x.fab.executions(id); n != 0 {
		t.Fatalf("payout executed %d times", n)
	}
	if got := x.nativeBalance(t, "alice", "USD"); got != "1000" {
		t.Fatalf("alice holds %s USD after the refund, want 1000", got)
	}
}

// TestCompletionNeedsConfirmations: with one non-leader endpoint lying
// the other way round (claiming execution), a real payout still
// completes, once.
func TestCompletionNeedsConfirmations(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	x.lie[(x.leaderIndex(t)+1)%3].Store(true)
	tr := x.send(t, "fab-bob", "250", "")
	done := x.wait(t, tr.ID, 30*time.Second)
	id, _ := connectors.ParseID(tr.ID)
	if done.State != StateCompleted || x.fab.executions(id) != 1 {
		t.Fatalf("state %s, executions %d", done.State, x.fab.executions(id))
	}
}

// forge writes tr into the ledger through the leader, as a leader that
// does not follow the protocol could.
func (x *xferNet) forge(t *testing.T, tr *Transfer) {
	t.Helper()
	l, err := x.s.Leader(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.exec.Execute(t.Context(), func(tx *ledger.Tx) (any, error) {
		if tr.SourceLeg.Kind == string(connectors.Lock) && tr.Origin == "api" {
			tr.SourceLeg.CocoTxID = tx.ID().String()
		}
		_, err := createTransfer(tx, tr)
		return nil, err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestForgedRecordsAreNotCosigned: records no node observed or locked for
// — a chain refund, an API transfer without its native lock — get no
// signatures from the nodes, so nothing moves on the chain.
func TestForgedRecordsAreNotCosigned(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	var refund, payout connectors.ID
	rand.Read(refund[:])
	rand.Read(payout[:])
	x.forge(t, &Transfer{ID: refund.String(), State: StateRefunding, Asset: "GOLD", Amount: "1000000", Origin: "chain",
		Source:      Endpoint{Ledger: "fab", Asset: "GOLD", Account: "mallory"},
		Destination: Endpoint{Ledger: "coco", Account: "bob"},
		SourceLeg:   Leg{Kind: "lock"}, Evidence: &Evidence{Digest: "00"}, Reason: "forged"})
	deadline := time.Now().Add(time.Hour).UTC()
	x.forge(t, &Transfer{ID: payout.String(), State: StateSourceConfirmed, Asset: "USD", Amount: "500", Origin: "api",
		Source:      Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
		Destination: Endpoint{Ledger: "fab", Asset: "wUSD", Account: "mallory"},
		SourceLeg:   Leg{Kind: "lock"}, Admitted: true, Deadline: &deadline})
	// A genuine lock, recorded as a transfer of another asset.
	var swapped connectors.ID
	rand.Read(swapped[:])
	l, err := x.s.Leader(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	alice, err := native.GetAccount(l.store, "alice")
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.exec.Execute(t.Context(), func(tx *ledger.Tx) (any, error) {
		if _, err := native.LockForTransfer(tx, alice.Owner, "USD", "alice", uint256.NewInt(100), swapped.String()); err != nil {
			return nil, err
		}
		_, err := createTransfer(tx, &Transfer{ID: swapped.String(), State: StateSourceConfirmed, Asset: "GOLD", Amount: "100", Origin: "api",
			Source:      Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
			Destination: Endpoint{Ledger: "fab", Asset: "GOLD", Account: "mallory"},
			SourceLeg:   Leg{Kind: "lock", CocoTxID: tx.ID().String()}, Admitted: true, Deadline: &deadline})
		return nil, err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A genuine lock for fab-bob, held for the members, then recorded by
	// the leader as going to mallory.
	var redirected connectors.ID
	rand.Read(redirected[:])
	var created string
	_, err = l.exec.Execute(t.Context(), func(tx *ledger.Tx) (any, error) {
		if _, err := native.LockForTransfer(tx, alice.Owner, "USD", "alice", uint256.NewInt(70), redirected.String()); err != nil {
			return nil, err
		}
		created = tx.ID().String()
		_, err := createTransfer(tx, &Transfer{ID: redirected.String(), State: StateSourceConfirmed, Asset: "USD", Amount: "70", Origin: "api",
			Source:      Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
			Destination: Endpoint{Ledger: "fab", Asset: "wUSD", Account: "fab-bob"},
			SourceLeg:   Leg{Kind: "lock", CocoTxID: created}, Hold: HoldOverCap, Deadline: &deadline})
		return nil, err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.exec.Execute(t.Context(), func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, redirected.String(), []string{StateSourceConfirmed}, func(tr *Transfer) (string, error) {
			tr.Destination.Account, tr.Hold, tr.Admitted = "mallory", "", true
			return "", nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A genuine transfer goes through meanwhile.
	tr := x.send(t, "fab-bob", "250", "")
	if done := x.wait(t, tr.ID, 30*time.Second); done.State != StateCompleted {
		t.Fatalf("genuine transfer: %+v", done)
	}
	time.Sleep(2 * time.Second)
	if n := x.fab.executions(refund); n != 0 {
		t.Errorf("a refund no node observed executed on the chain")
	}
	if n := x.fab.executions(payout); n != 0 {
		t.Errorf("a payout without a native lock executed on the chain")
	}
	if n := x.fab.executions(swapped); n != 0 {
		t.Errorf("a payout of another asset than the one locked executed on the chain")
	}
	if n := x.fab.executions(redirected); n != 0 {
		t.Errorf("a payout to another account than the one requested executed on the chain")
	}
	for _, id := range []connectors.ID{refund, payout} {
		if got := x.record(t, id); got == nil || got.Final() {
			t.Errorf("forged transfer %s: %+v", id, got)
		}
	}
	if got := x.fab.balance("wUSD", "mallory"); got.Sign() != 0 {
		t.Errorf("mallory holds %v wUSD", got)
	}
}

// record reads transfer id from the leader's committed state (a chain
// deposit's transfer is not visible to the sandbox's user), or nil.
func (x *xferNet) record(t *testing.T, id connectors.ID) *Transfer {
	t.Helper()
	l, err := x.s.Leader(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	tr, err := getTransfer(readerOf(l.store), id.String())
	if err != nil {
		return nil
	}
	return tr
}

// waitRecord waits until ok(transfer id) or d passes.
func (x *xferNet) waitRecord(t *testing.T, id connectors.ID, d time.Duration, ok func(*Transfer) bool) *Transfer {
	t.Helper()
	for end := time.Now().Add(d); ; time.Sleep(200 * time.Millisecond) {
		if tr := x.record(t, id); tr != nil && ok(tr) {
			return tr
		}
		if time.Now().After(end) {
			t.Fatalf("transfer %s: not there after %s: %+v", id, d, x.record(t, id))
		}
	}
}

// TestRefusedRefundIsRetried: the source refuses the refund for a while
// (stale signatures, say). The transfer stays refunding with an alert and
// is refunded once the source takes it; only the members fail one.
func TestRefusedRefundIsRetried(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	x.fab.setRefuse(true)
	id := x.fab.deposit(connectors.Lock, "GOLD", "fab-carol", 5, "coco", "nobody-has-this-account")
	rec := x.waitRecord(t, id, 30*time.Second, func(tr *Transfer) bool { return tr.State == StateRefunding && tr.Alert != "" })
	// Each node builds what it signs from its own observation, and
	// refuses a record that differs from it.
	for i, n := range x.s.Nodes {
		r := readerOf(n.store)
		if _, refusal := n.xfer.observedTransfer(r, rec); refusal != "" {
			t.Errorf("node %d refuses the genuine record: %s", i, refusal)
		}
		for _, tamper := range []func(*Transfer){
			func(t *Transfer) { t.Amount = "50" },
			func(t *Transfer) { t.Source.Account = "fab-mallory" },
			func(t *Transfer) { t.Destination.Account = "mallory" },
			func(t *Transfer) { t.Asset = "USD" },
			func(t *Transfer) { t.SourceLeg.Kind = string(connectors.Burn) },
		} {
			forged := *rec
			tamper(&forged)
			if _, refusal := n.xfer.observedTransfer(r, &forged); refusal == "" {
				t.Errorf("node %d accepts a tampered record %+v", i, forged)
			}
		}
	}
	time.Sleep(4 * time.Second)
	if tr := x.record(t, id); tr.State != StateRefunding {
		t.Fatalf("moved on while the source refuses the refund: %+v", tr)
	}
	x.fab.setRefuse(false)
	done := x.waitRecord(t, id, 60*time.Second, (*Transfer).Final)
	if done.State != StateRefunded || x.fab.executions(id) != 1 || x.fab.balance("GOLD", "fab-carol").Int64() != 5 {
		t.Fatalf("after the source takes it: %+v, carol %v", done, x.fab.balance("GOLD", "fab-carol"))
	}

	// The members may give up on one instead.
	x.fab.setRefuse(true)
	id = x.fab.deposit(connectors.Lock, "GOLD", "fab-carol", 3, "coco", "nobody-has-this-account")
	x.waitRecord(t, id, 30*time.Second, func(tr *Transfer) bool { return tr.Alert != "" })
	x.decide(t, action(governance.ActionDecideTransfer, governance.TransferDecision{TransferID: id.String(), Decision: governance.DecisionFail, Reason: "made whole off-chain"}))
	if done := x.waitRecord(t, id, 30*time.Second, (*Transfer).Final); done.State != StateFailed {
		t.Fatalf("after the members' fail decision: %+v", done)
	}
}

func TestPlanFailOnlyByDecision(t *testing.T) {
	tr := &Transfer{State: StateRefunding}
	if act, _ := plan(tr, planEnv{now: time.Now()}); act != actRefund {
		t.Fatalf("refunding without a decision: %s", act)
	}
	dec := &governance.TransferDecision{Decision: governance.DecisionFail, Reason: "r"}
	if act, _ := plan(tr, planEnv{now: time.Now(), decision: dec}); act != actFail {
		t.Fatalf("refunding with a fail decision: %s", act)
	}
	tr.State = StateSourceConfirmed
	if act, _ := plan(tr, planEnv{now: time.Now(), decision: dec, destNative: true}); act == actFail {
		t.Fatal("a fail decision fails only a refunding transfer")
	}
}

// TestMismatchedConnectorFileSignsNothing: a node whose connector file
// differs from the members' registration (another channel, say) neither
// observes that chain nor signs for it, and says so in a status error
// that stays; the other two carry on.
func TestMismatchedConnectorFileSignsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := &xferNet{}
	x.shared = [3]map[string]any{{"channel": "ch"}, {"channel": "ch"}, {"channel": "elsewhere"}}
	x = startXferNetWith(t, x)
	x.decide(t, action(governance.ActionSetConnector, map[string]any{"name": "fab", "kind": "fabric", "config": map[string]any{"channel": "ch"}}))
	odd := x.s.Nodes[2].xfer
	id := x.fab.deposit(connectors.Lock, "GOLD", "fab-carol", 5, "coco", "bob")
	done := x.waitRecord(t, id, 30*time.Second, (*Transfer).Final)
	if done.State != StateCompleted {
		t.Fatalf("deposit: %+v", done)
	}
	for _, o := range done.Evidence.Observers {
		if o.Node == x.s.Nodes[2].ID() {
			t.Errorf("the mismatched node observed the deposit")
		}
	}
	tr := x.send(t, "fab-bob", "250", "")
	if done := x.wait(t, tr.ID, 30*time.Second); done.State != StateCompleted {
		t.Fatalf("transfer: %+v", done)
	}
	res := odd.signItems(t.Context(), 0, []cosignItem{{Kind: signExecuted, Transfer: tr.ID}})
	for i, r := range res {
		if r.Sig != nil || r.Error != refuseUnknownLedger {
			t.Errorf("item %d: the mismatched node answered %+v", i, r)
		}
	}
	for range 3 {
		odd.status.Lock()
		msg := odd.status.chainErr["fab"]
		odd.status.Unlock()
		if !strings.Contains(msg, "does not match its registration") {
			t.Fatalf("status error: %q", msg)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
