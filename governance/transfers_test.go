package governance

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

func TestTransferActions(t *testing.T) {
	g := newGov(t, 1, nil)
	r := readerFor(g.st)
	decide := func(acts ...Action) *Proposal {
		t.Helper()
		id := g.mustPropose(0, acts...)
		if err := g.vote(0, id, VoteFor); err != nil {
			t.Fatal(err)
		}
		return g.state(id)
	}
	pass := func(acts ...Action) {
		t.Helper()
		if p := decide(acts...); p.State != StateAccepted {
			t.Fatalf("%s: %s (%s)", acts[0].Name, p.State, p.Reason)
		}
	}
	fail := func(want string, acts ...Action) {
		t.Helper()
		if p := decide(acts...); p.State != StateFailed || !strings.Contains(p.Reason, want) {
			t.Fatalf("%s: %s (%s), want failed: %s", acts[0].Name, p.State, p.Reason, want)
		}
	}

	eth := BridgedAsset{Name: "TKN", Decimals: 18, Origin: AssetLocation{"geth", "0xAbC0000000000000000000000000000000000001"},
		Wrapped: []AssetLocation{{"fab", "wTKN"}, {"coco", "wTKN"}}}
	fail(`"geth" is not a registered connector`, act(ActionSetAsset, eth))
	for _, c := range []Connector{{Name: "geth", Kind: "ethereum"}, {Name: "fab", Kind: "fabric"}, {Name: "coco", Kind: "native"}} {
		c.Config = []byte(`{}`)
		pass(act(ActionSetConnector, c))
	}
	pass(act(ActionSetAsset, eth))
	got, ok, err := AssetAt(r, "geth", "0xabc0000000000000000000000000000000000001", strings.EqualFold)
	if err != nil || !ok || got.Name != "TKN" || len(got.Wrapped) != 2 {
		t.Fatalf("AssetAt: %+v %v %v", got, ok, err)
	}
	if _, ok, _ := AssetAt(r, "fab", "wtkn", func(a, b string) bool { return a == b }); ok {
		t.Fatal("AssetAt matched a Fabric name in another case")
	}
	if l, ok := got.On("coco"); !ok || l.Asset != "wTKN" {
		t.Fatalf("On(coco): %+v %v", l, ok)
	}
	// Another asset cannot claim a location that is taken, in any case.
	fail("already asset", act(ActionSetAsset, BridgedAsset{Name: "OTHER", Origin: AssetLocation{"fab", "COCO"},
		Wrapped: []AssetLocation{{"geth", "0xabc0000000000000000000000000000000000001"}}}))
	// Updating the same asset is allowed.
	eth.Wrapped = eth.Wrapped[:1]
	pass(act(ActionSetAsset, eth))
	if all, _ := Assets(r); len(all["TKN"].Wrapped) != 1 {
		t.Fatalf("set_asset did not update: %+v", all)
	}
	pass(act(ActionRemoveAsset, map[string]string{"name": "TKN"}))
	fail("not registered", act(ActionRemoveAsset, map[string]string{"name": "TKN"}))

	// Policies: defaults, then what the members set.
	if p, _ := GetTransferPolicy(r); p.Quorum(3) != 2 || p.Quorum(4) != 3 || p.TimeoutDuration() != DefaultTransferTimeout {
		t.Fatalf("default transfer policy: %+v", p)
	}
	fail("exceeds the 1 trusted nodes", act(ActionSetTransferPolicy, TransferPolicy{ObservationQuorum: 2}))
	pass(act(ActionSetTransferPolicy, TransferPolicy{Timeout: "30s"}))
	if p, _ := GetTransferPolicy(r); p.TimeoutDuration() != 30*time.Second {
		t.Fatalf("transfer policy: %+v", p)
	}
	if p, _ := GetAnchorPolicy(r); p.EveryTx != DefaultAnchorEvery || p.IntervalDuration() != DefaultAnchorInterval {
		t.Fatalf("default anchor policy: %+v", p)
	}
	pass(act(ActionSetAnchorPolicy, AnchorPolicy{EveryTx: 50}))
	if p, _ := GetAnchorPolicy(r); p.EveryTx != 50 || p.IntervalDuration() != 0 {
		t.Fatalf("anchor policy: %+v", p)
	}

	// A decision applies to a transfer that exists, in a state it fits.
	id := strings.Repeat("ab", 32)
	fail("args.transfer_id: no transfer", act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionRefund}))
	setTransfer := func(status string) {
		t.Helper()
		key, _ := hex.DecodeString(id)
		if err := g.run("", func(rq Request) error { rq.W.Put(TableTransfers, key, []byte(status)); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	setTransfer(`{"state":"source_confirmed","admitted":true}`)
	fail("args.decision: approve applies to a transfer held over its route's cap", act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionApprove}))
	fail("args.decision: fail applies to a refunding transfer", act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionFail}))
	setTransfer(`{"state":"completed","admitted":true}`)
	fail("args.decision: refund applies", act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionRefund}))
	setTransfer(`{"state":"source_confirmed","hold":"over_cap"}`)
	if d, _ := GetTransferDecision(r, id); d != nil {
		t.Fatalf("a refused decision was recorded: %+v", d)
	}
	// A transfer is decided once.
	pass(act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionRefund, Reason: "destination refuses"}))
	if d, _ := GetTransferDecision(r, id); d == nil || d.Decision != DecisionRefund {
		t.Fatalf("decision: %+v", d)
	}
	fail("already decided", act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionRefund}))
	// A refund the source keeps refusing may then be failed, once.
	setTransfer(`{"state":"refunding","admitted":true}`)
	pass(act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionFail, Reason: "made whole off-chain"}))
	if d, _ := GetTransferDecision(r, id); d == nil || d.Decision != DecisionFail {
		t.Fatalf("decision: %+v", d)
	}
	fail("already decided", act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionFail}))
	fail("refund applies", act(ActionDecideTransfer, TransferDecision{TransferID: id, Decision: DecisionRefund}))

	// The supply monitor's pause is an ordinary pause that resume_route lifts.
	route := Route{SourceLedger: "geth", DestinationLedger: "fab", Asset: "TKN"}
	g.run("", func(rq Request) error { return PauseRoute(rq.W, route, "supply monitor: mismatch") })
	if st, _ := GetRoute(r, route); !st.Paused || !strings.Contains(st.Reason, "supply monitor") {
		t.Fatalf("PauseRoute: %+v", st)
	}
	pass(act(ActionResumeRoute, map[string]any{"route": route}))
	if st, _ := GetRoute(r, route); st.Paused {
		t.Fatal("resume_route did not lift the monitor's pause")
	}
}

func TestTransferActionArgumentsNameTheField(t *testing.T) {
	g := newGov(t, 1, nil)
	loc := AssetLocation{"a", "x"}
	cases := []struct {
		a     Action
		field string
	}{
		{act(ActionSetAsset, BridgedAsset{Name: "", Origin: loc, Wrapped: []AssetLocation{{"b", "y"}}}), "args.name"},
		{act(ActionSetAsset, BridgedAsset{Name: "T", Decimals: 40, Origin: loc, Wrapped: []AssetLocation{{"b", "y"}}}), "args.decimals"},
		{act(ActionSetAsset, BridgedAsset{Name: "T", Origin: AssetLocation{"a", "has space"}, Wrapped: []AssetLocation{{"b", "y"}}}), "args.origin.asset"},
		{act(ActionSetAsset, BridgedAsset{Name: "T", Origin: loc}), "args.wrapped"},
		{act(ActionSetAsset, BridgedAsset{Name: "T", Origin: loc, Wrapped: []AssetLocation{{"a", "y"}}}), "args.wrapped[0].ledger"},
		{act(ActionSetAsset, BridgedAsset{Name: "T", Origin: loc, Wrapped: []AssetLocation{{"b", ""}}}), "args.wrapped[0].asset"},
		{act(ActionSetTransferPolicy, TransferPolicy{ObservationQuorum: 1}), "args.observation_quorum"},
		{act(ActionSetTransferPolicy, TransferPolicy{Timeout: "soon"}), "args.timeout"},
		{act(ActionSetTransferPolicy, TransferPolicy{Timeout: "1s"}), "args.timeout"},
		{act(ActionSetAnchorPolicy, AnchorPolicy{}), "args.every_tx"},
		{act(ActionSetAnchorPolicy, AnchorPolicy{Interval: "10ms"}), "args.interval"},
		{act(ActionDecideTransfer, TransferDecision{TransferID: "AB", Decision: DecisionApprove}), "args.transfer_id"},
		{act(ActionDecideTransfer, TransferDecision{TransferID: strings.Repeat("0", 64), Decision: "maybe"}), "args.decision"},
		{act(ActionDecideTransfer, TransferDecision{TransferID: strings.Repeat("0", 64), Decision: DecisionRefund, Reason: "two\nlines"}), "args.reason: control character"},
		{act(ActionDecideTransfer, TransferDecision{TransferID: strings.Repeat("0", 64), Decision: DecisionRefund, Reason: "esc\x1b[2J"}), "args.reason: control character"},
		{act(ActionDecideTransfer, TransferDecision{TransferID: strings.Repeat("0", 64), Decision: DecisionRefund, Reason: strings.Repeat("x", 257)}), "args.reason: 257 characters"},
	}
	// JSON decoding replaces invalid UTF-8; the check itself refuses it.
	if err := checkDecision(&TransferDecision{TransferID: strings.Repeat("0", 64), Decision: DecisionRefund, Reason: "bad\xff"}); err == nil || !strings.Contains(err.Error(), "reason") {
		t.Errorf("invalid UTF-8 reason: %v", err)
	}
	// Length counts characters, not bytes.
	if err := checkDecision(&TransferDecision{TransferID: strings.Repeat("0", 64), Decision: DecisionRefund, Reason: strings.Repeat("é", 256)}); err != nil {
		t.Errorf("256 characters of two bytes each: %v", err)
	}
	for _, tc := range cases {
		_, err := g.propose(0, tc.a)
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %v, want an error about %s", tc.a.Name, err, tc.field)
		}
	}
}
