package relay

import (
	"crypto/rand"
	"math/big"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/relay/client"
)

// TestTransfersBothWays moves USD from the native ledger to the chain and
// back, and GOLD from the chain to the native ledger, on three nodes; each
// payout executes once and supply is conserved.
func TestTransfersBothWays(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	// Registered first, so it runs after the nodes are shut down.
	t.Cleanup(func() { noTransferGoroutines(t) })
	x := startXferNet(t, nil)
	ctx := t.Context()

	// native → chain: lock USD, mint wUSD.
	key := client.NewIdempotencyKey()
	tr := x.send(t, "fab-bob", "100", key)
	if tr.State != StateSourceConfirmed || !tr.Admitted || tr.SourceLeg.Kind != "lock" {
		t.Fatalf("created: %+v", tr)
	}
	again := x.send(t, "fab-bob", "100", key)
	if again.ID != tr.ID {
		t.Fatalf("a replayed request made transfer %s, the first %s", again.ID, tr.ID)
	}
	done := x.wait(t, tr.ID, 30*time.Second)
	if done.State != StateCompleted || done.DestinationLeg == nil || done.DestinationLeg.Kind != "mint" || done.DestinationLeg.TxHash == "" {
		t.Fatalf("native → fab: %+v", done)
	}
	id, _ := connectors.ParseID(tr.ID)
	if n := x.fab.executions(id); n != 1 {
		t.Fatalf("payout executed %d times", n)
	}
	if got := x.fab.balance("wUSD", "fab-bob"); got.Cmp(big.NewInt(100)) != 0 {
		t.Fatalf("fab-bob holds %v wUSD, want 100", got)
	}
	if got := x.nativeBalance(t, "alice", "USD"); got != "900" {
		t.Fatalf("alice holds %s USD, want 900", got)
	}
	if _, err := x.c.Receipt(ctx, done.TxID()); err != nil {
		t.Fatalf("receipt of the completion: %v", err)
	}

	// chain → native: burn wUSD, release USD to bob.
	burn := x.fab.deposit(connectors.Burn, "wUSD", "fab-bob", 40, "coco", "bob")
	back := x.wait(t, burn.String(), 30*time.Second)
	if back.State != StateCompleted || back.Origin != "chain" || back.DestinationLeg.Kind != "release" {
		t.Fatalf("fab → native: %+v", back)
	}
	if got := x.nativeBalance(t, "bob", "USD"); got != "40" {
		t.Fatalf("bob holds %s USD, want 40", got)
	}

	// chain → native: lock GOLD, mint wGOLD.
	lock := x.fab.deposit(connectors.Lock, "GOLD", "fab-carol", 7, "coco", "bob")
	gold := x.wait(t, lock.String(), 30*time.Second)
	if gold.State != StateCompleted || x.nativeBalance(t, "bob", "wGOLD") != "7" {
		t.Fatalf("GOLD fab → native: %+v", gold)
	}
	var full Transfer
	if err := x.c.Get(ctx, "/v1/transfers/"+gold.ID, &full); err != nil {
		t.Fatal(err)
	}
	if full.Evidence == nil || len(full.Evidence.Observers) < 2 {
		t.Fatalf("a chain deposit counted without a quorum of observers: %+v", full.Evidence)
	}

	// The list and the event stream see them.
	list, _, err := x.c.ListTransfers(ctx, client.TransferFilter{State: StateCompleted})
	if err != nil || len(list) != 3 {
		t.Fatalf("list of completed transfers: %d, %v", len(list), err)
	}
	var states []string
	if _, err := x.c.WatchTransfers(ctx, "", tr.ID, func(ev client.TransferEvent) bool {
		states = append(states, ev.State)
		return ev.State != StateCompleted
	}); err != nil {
		t.Fatal(err)
	}
	if len(states) < 3 || states[0] != StateRequested || states[len(states)-1] != StateCompleted {
		t.Fatalf("events of %s: %v", tr.ID, states)
	}
}

// TestTransferInputsAreChecked: every refusal names the field, and
// changes nothing.
func TestTransferInputsAreChecked(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	ctx := t.Context()
	ok := client.TransferRequest{
		Source:      client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
		Destination: client.Endpoint{Ledger: "fab", Account: "fab-bob"},
		Amount:      "5",
	}
	for _, tc := range []struct {
		name   string
		change func(r *client.TransferRequest)
		status int
		field  string
	}{
		{"amount zero", func(r *client.TransferRequest) { r.Amount = "0" }, 400, "amount"},
		{"amount not a number", func(r *client.TransferRequest) { r.Amount = "1e3" }, 400, "amount"},
		{"no source ledger", func(r *client.TransferRequest) { r.Source.Ledger = "" }, 400, "source.ledger"},
		{"source not registered", func(r *client.TransferRequest) { r.Source.Ledger = "nowhere" }, 400, "source.ledger"},
		{"source chain asset not bridged", func(r *client.TransferRequest) { r.Source.Ledger, r.Destination.Ledger = "fab", "coco" }, 400, "source.asset"},
		{"asset not bridged", func(r *client.TransferRequest) { r.Source.Asset = "EUR" }, 400, "source.asset"},
		{"same ledger", func(r *client.TransferRequest) { r.Destination.Ledger = "coco" }, 400, "destination.ledger"},
		{"unknown destination", func(r *client.TransferRequest) { r.Destination.Ledger = "nowhere" }, 400, "destination.ledger"},
		{"destination asset given", func(r *client.TransferRequest) { r.Destination.Asset = "wUSD" }, 400, "destination.asset"},
		{"no destination account", func(r *client.TransferRequest) { r.Destination.Account = "" }, 400, "destination.account"},
		{"not alice's owner", func(r *client.TransferRequest) { r.Source.Account = "nobody" }, 404, "account"},
		{"more than alice has", func(r *client.TransferRequest) { r.Amount = "5000" }, 422, "amount"},
		{"memo too long", func(r *client.TransferRequest) { r.Memo = string(make([]byte, 300)) }, 400, "memo"},
	} {
		req := ok
		tc.change(&req)
		_, _, err := x.c.CreateTransfer(ctx, req, "")
		var ce *client.Error
		if !asClientError(err, &ce) || ce.Status != tc.status || ce.Field != tc.field {
			t.Errorf("%s: got %v (field %q), want %d on field %s", tc.name, err, fieldOf(ce), tc.status, tc.field)
		}
	}
	if got := x.nativeBalance(t, "alice", "USD"); got != "1000" {
		t.Fatalf("refused transfers moved money: alice holds %s", got)
	}
	if _, err := x.c.GetTransfer(ctx, "00"); err == nil {
		t.Fatal("a malformed id was read")
	}
	missing := make([]byte, 32)
	rand.Read(missing)
	_, err := x.c.GetTransfer(ctx, connectors.ID(missing).String())
	wantCode(t, err, http.StatusNotFound, CodeNotFound)
}

// TestLyingEndpointCreatesNothing: one node's endpoint reports a deposit
// that never happened; with a quorum of two of three observers it never
// becomes a transfer, while a real deposit does.
func TestLyingEndpointCreatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	var fake connectors.ID
	rand.Read(fake[:])
	lie := connectors.Deposit{ID: fake, Kind: connectors.Lock, Asset: "GOLD", Holder: "mallory", Amount: big.NewInt(1_000_000),
		DestinationLedger: "coco", DestinationAccount: "bob", At: connectors.Position{Height: 1, TxHash: "0xfeed", BlockHash: "b1"}}
	x := startXferNet(t, [][]connectors.Deposit{nil, nil, {lie}})
	real := x.fab.deposit(connectors.Lock, "GOLD", "fab-carol", 3, "coco", "bob")
	if tr := x.wait(t, real.String(), 30*time.Second); tr.State != StateCompleted {
		t.Fatalf("real deposit: %+v", tr)
	}
	// The lie was published as long as the real deposit (it comes first
	// in the liar's view): give it a few more republish rounds.
	time.Sleep(5 * time.Second)
	_, err := x.c.GetTransfer(t.Context(), fake.String())
	wantCode(t, err, http.StatusNotFound, CodeNotFound)
	if got := x.nativeBalance(t, "bob", "wGOLD"); got != "3" {
		t.Fatalf("bob holds %s wGOLD, want 3", got)
	}
}

// TestRouteBrakes: a paused route refuses new transfers at once and takes
// them again after resume_route; a transfer over the cap waits for the
// members; a burst over the rate limit is refused with rate_limited.
func TestRouteBrakes(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	ctx := t.Context()
	route := governance.Route{SourceLedger: "coco", DestinationLedger: "fab", Asset: "USD"}
	x.decide(t, action(governance.ActionPauseRoute, map[string]any{"route": route, "reason": "audit"}))
	_, _, err := x.c.CreateTransfer(ctx, client.TransferRequest{
		Source: client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"}, Destination: client.Endpoint{Ledger: "fab", Account: "fab-bob"}, Amount: "1",
	}, "")
	wantCode(t, err, http.StatusConflict, CodeRoutePaused)
	x.decide(t, action(governance.ActionResumeRoute, map[string]any{"route": route}))
	tr := x.send(t, "fab-bob", "1", "")
	if done := x.wait(t, tr.ID, 30*time.Second); done.State != StateCompleted {
		t.Fatalf("after resume: %+v", done)
	}

	x.decide(t, action(governance.ActionSetRouteLimits, map[string]any{"route": route, "max_per_transfer": "50", "rate_per_second": "1", "burst": "60"}))
	big := x.send(t, "fab-bob", "55", "")
	if big.Hold != HoldOverCap || big.Admitted {
		t.Fatalf("over the cap: %+v", big)
	}
	time.Sleep(2 * time.Second)
	if got, _ := x.c.GetTransfer(ctx, big.ID); got.State != StateSourceConfirmed || got.Hold != HoldOverCap {
		t.Fatalf("a held transfer moved without a decision: %+v", got)
	}
	x.decide(t, action(governance.ActionDecideTransfer, governance.TransferDecision{TransferID: big.ID, Decision: governance.DecisionApprove}))
	if done := x.wait(t, big.ID, 30*time.Second); done.State != StateCompleted {
		t.Fatalf("approved over the cap: %+v", done)
	}
	// Burst 60: 40 now, then 30 is more than what is left.
	x.send(t, "fab-bob", "40", "")
	_, _, err = x.c.CreateTransfer(ctx, client.TransferRequest{
		Source: client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"}, Destination: client.Endpoint{Ledger: "fab", Account: "fab-bob"}, Amount: "30",
	}, "")
	wantCode(t, err, http.StatusTooManyRequests, CodeRateLimited)
}

// TestRefundCancelsFirst: a destination that refuses every payout does
// not by itself refund; after the governance timeout the id is cancelled
// on the destination and the source is refunded, once.
func TestRefundCancelsFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	x.fab.setRefuse(true)
	tr := x.send(t, "fab-bob", "250", "")
	time.Sleep(3 * time.Second)
	if got, _ := x.c.GetTransfer(t.Context(), tr.ID); got.State == StateRefunding || got.State == StateRefunded {
		t.Fatalf("refunded before the timeout because the payout failed: %+v", got)
	}
	done := x.wait(t, tr.ID, 60*time.Second)
	if done.State != StateRefunded || done.CancelLeg == nil || done.RefundLeg == nil {
		t.Fatalf("after the timeout: %+v", done)
	}
	id, _ := connectors.ParseID(tr.ID)
	if n := x.fab.executions(id); n != 0 {
		t.Fatalf("payout executed %d times", n)
	}
	if got := x.nativeBalance(t, "alice", "USD"); got != "1000" {
		t.Fatalf("alice holds %s USD after the refund, want 1000", got)
	}
	// Nothing executes after the cancel, even once the chain takes payouts.
	x.fab.setRefuse(false)
	time.Sleep(2 * time.Second)
	if n := x.fab.executions(id); n != 0 {
		t.Fatalf("payout executed after its cancel")
	}
}

// TestRefundWaitsForACancelEveryNodeSees: the destination's endpoints
// answer that a cancel succeeded when it did not. No node signs the
// refund until its own connector sees the id cancelled, so nothing is
// refunded while the payout could still execute; once the cancel really
// happens, the refund goes ahead, once.
func TestRefundWaitsForACancelEveryNodeSees(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	x.fab.setRefuse(true)
	x.fab.setFakeCancels(true)
	tr := x.send(t, "fab-bob", "250", "")
	id, _ := connectors.ParseID(tr.ID)
	deadline := time.Now().Add(60 * time.Second)
	for {
		got, err := x.c.GetTransfer(t.Context(), tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State == StateRefunded {
			t.Fatalf("refunded on a cancel no node could see: %+v", got)
		}
		if got.CancelLeg != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no cancel recorded: %+v", got)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(3 * time.Second)
	if got, _ := x.c.GetTransfer(t.Context(), tr.ID); got.State != StateRefunding || got.RefundLeg != nil {
		t.Fatalf("moved on a cancel no node could see: %+v", got)
	}
	if got := x.nativeBalance(t, "alice", "USD"); got != "750" {
		t.Fatalf("alice holds %s USD before the cancel is real, want 750", got)
	}
	x.fab.setFakeCancels(false)
	done := x.wait(t, tr.ID, 60*time.Second)
	if done.State != StateRefunded || done.RefundLeg == nil {
		t.Fatalf("after the real cancel: %+v", done)
	}
	if n := x.fab.executions(id); n != 0 {
		t.Fatalf("payout executed %d times", n)
	}
	if got := x.nativeBalance(t, "alice", "USD"); got != "1000" {
		t.Fatalf("alice holds %s USD after the refund, want 1000", got)
	}
}

// TestTransfersSurviveLeaderShutdown: the leader stops while transfers are
// in flight; the next leader finishes every one, each payout once.
func TestTransfersSurviveLeaderShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	var ids []string
	for range 20 {
		ids = append(ids, x.send(t, "fab-bob", "1", "").ID)
	}
	for range 5 {
		ids = append(ids, x.fab.deposit(connectors.Lock, "GOLD", "fab-carol", 1, "coco", "bob").String())
	}
	l, err := x.s.Leader(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	l.Shutdown(t.Context())
	for _, id := range ids {
		tr := x.wait(t, id, 60*time.Second)
		if tr.State != StateCompleted {
			t.Fatalf("%s: %+v", id, tr)
		}
	}
	for _, id := range ids[:20] {
		cid, _ := connectors.ParseID(id)
		if n := x.fab.executions(cid); n != 1 {
			t.Fatalf("%s executed %d times", id, n)
		}
	}
	if got := x.fab.balance("wUSD", "fab-bob"); got.Cmp(big.NewInt(20)) != 0 {
		t.Fatalf("fab-bob holds %v wUSD, want 20", got)
	}
}

func fieldOf(e *client.Error) string {
	if e == nil {
		return ""
	}
	return e.Field
}

// noTransferGoroutines fails if a goroutine of the transfer machinery
// outlived its node.
func noTransferGoroutines(t *testing.T) {
	t.Helper()
	var stacks string
	for range 50 {
		buf := make([]byte, 4<<20)
		stacks = string(buf[:runtime.Stack(buf, true)])
		if !strings.Contains(stacks, "relay.(*transfers)") && !strings.Contains(stacks, "relay.(*Node).streamTransferEvents") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, g := range strings.Split(stacks, "\n\n") {
		if strings.Contains(g, "relay.(*transfers)") || strings.Contains(g, "streamTransferEvents") {
			t.Errorf("goroutine outlived its node:\n%s", g)
		}
	}
}
