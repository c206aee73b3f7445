package governance

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger"
)

type member struct {
	id   string
	key  crypto.Signer
	cert string
}

// gov runs governance requests over a MapState the way the executor does.
type gov struct {
	t       *testing.T
	st      *ledger.MapState
	seq     uint64
	members []member
	svc     *enclave.ServiceIdentity
}

func newMember(t *testing.T, p256 bool) member {
	var key crypto.Signer
	if p256 {
		key, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	} else {
		_, key, _ = ed25519.GenerateKey(rand.Reader)
	}
	pem := pubPEM(t, key.Public())
	_, id, err := ParseIdentityKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	return member{id: id, key: key, cert: pem}
}

func newGov(t *testing.T, n int, c *Constitution) *gov {
	t.Helper()
	g := &gov{t: t, st: ledger.NewMapState()}
	g.svc, _ = enclave.NewServiceIdentity("gov", time.Now())
	gen := &Genesis{Settings: Settings{ServiceName: "gov"}, ServiceCert: g.svc.CertDER, Constitution: c, FirstNode: Node{ID: 1, Status: NodeTrusted, Platform: enclave.Virtual, Measurement: strings.Repeat("11", 32)}}
	for i := range n {
		m := newMember(t, i%2 == 1)
		g.members = append(g.members, m)
		gen.Members = append(gen.Members, Identity{Name: fmt.Sprintf("m%d", i), Cert: m.cert})
	}
	if err := g.run("", func(r Request) error { _, err := ApplyGenesis(r.W.(*ledger.Tx), gen); return err }); err != nil {
		t.Fatal(err)
	}
	return g
}

// run executes fn as member in one transaction; nothing applies on error.
func (g *gov) run(member string, fn func(r Request) error) error {
	g.seq++
	id := ledger.TxID{View: 1, Seqno: g.seq}
	tx := ledger.NewTx(id, time.Now(), g.st)
	if err := fn(Request{W: tx, TxID: id.String(), Seqno: g.seq, Member: member}); err != nil {
		g.seq--
		return err
	}
	rec, _, err := tx.Finish()
	if err != nil {
		g.t.Fatal(err)
	}
	g.st.Apply(rec)
	return nil
}

func act(name string, args any) Action {
	b, _ := json.Marshal(args)
	return Action{Name: name, Args: b}
}

func (g *gov) propose(m int, acts ...Action) (string, error) {
	id := fmt.Sprintf("p%d", g.seq+1)
	err := g.run(g.members[m].id, func(r Request) error { _, err := Propose(r, id, time.Now().Unix(), acts); return err })
	return id, err
}

func (g *gov) mustPropose(m int, acts ...Action) string {
	g.t.Helper()
	id, err := g.propose(m, acts...)
	if err != nil {
		g.t.Fatal(err)
	}
	return id
}

func (g *gov) vote(m int, id, v string) error {
	return g.run(g.members[m].id, func(r Request) error { _, err := Vote(r, id, v); return err })
}

func (g *gov) state(id string) *Proposal {
	g.t.Helper()
	p, err := GetProposal(readerFor(g.st), id)
	if err != nil {
		g.t.Fatal(err)
	}
	return p
}

type mapReader struct{ s *ledger.MapState }

func (m mapReader) Get(t string, k []byte) ([]byte, bool, error) {
	v, _, ok, err := m.s.Get(t, k)
	return v, ok, err
}

func readerFor(s *ledger.MapState) Reader { return mapReader{s} }

func TestMajorityPassesWithTwoOfThree(t *testing.T) {
	g := newGov(t, 3, nil)
	user := newMember(t, false)
	id := g.mustPropose(0, act(ActionSetUser, map[string]string{"name": "u", "cert": user.cert}))
	if err := g.vote(0, id, VoteFor); err != nil {
		t.Fatal(err)
	}
	if s := g.state(id).State; s != StateOpen {
		t.Fatalf("one vote of three decided it: %s", s)
	}
	if _, err := GetUser(readerFor(g.st), user.id); err == nil {
		t.Fatal("applied before it passed")
	}
	if err := g.vote(1, id, VoteFor); err != nil {
		t.Fatal(err)
	}
	p := g.state(id)
	if p.State != StateAccepted || p.DecidedIn == "" {
		t.Fatalf("after two of three: %+v", p)
	}
	if _, err := GetUser(readerFor(g.st), user.id); err != nil {
		t.Fatal("accepted but not applied")
	}
	if err := g.vote(2, id, VoteFor); !errors.Is(err, ErrNotOpen) {
		t.Fatalf("third vote after acceptance: %v", err)
	}
	if err := g.vote(0, id, VoteAgainst); !errors.Is(err, ErrNotOpen) {
		t.Fatalf("second vote: %v", err)
	}
}

func TestRejectionWithdrawalAndDoubleVote(t *testing.T) {
	g := newGov(t, 3, nil)
	id := g.mustPropose(0, act(ActionAllowVirtualNodes, map[string]bool{"allow": true}))
	g.vote(0, id, VoteAgainst)
	if err := g.vote(0, id, VoteFor); !errors.Is(err, ErrAlreadyVoted) {
		t.Fatalf("double vote: %v", err)
	}
	g.vote(1, id, VoteAgainst)
	if s := g.state(id).State; s != StateRejected {
		t.Fatalf("two of three against: %s", s)
	}
	id2 := g.mustPropose(1, act(ActionAllowVirtualNodes, map[string]bool{"allow": true}))
	if err := g.run(g.members[0].id, func(r Request) error { _, err := Withdraw(r, id2); return err }); !errors.Is(err, ErrNotProposer) {
		t.Fatalf("withdrawal by another member: %v", err)
	}
	if err := g.run(g.members[1].id, func(r Request) error { _, err := Withdraw(r, id2); return err }); err != nil {
		t.Fatal(err)
	}
	if err := g.vote(0, id2, VoteFor); !errors.Is(err, ErrNotOpen) {
		t.Fatalf("vote on a withdrawn proposal: %v", err)
	}
	if ids, _ := OpenProposals(readerFor(g.st)); len(ids) != 0 {
		t.Fatalf("open proposals left: %v", ids)
	}
}

func TestConstitutionChangeTakesEffectAndDropsOpenProposals(t *testing.T) {
	g := newGov(t, 3, nil)
	open := g.mustPropose(2, act(ActionAllowVirtualNodes, map[string]bool{"allow": true}))
	unanimity := &Constitution{Version: 1, Default: Rule{Threshold: "unanimity"}}
	id := g.mustPropose(0, act(ActionSetConstitution, map[string]any{"constitution": unanimity}))
	for m := range 2 {
		g.vote(m, id, VoteFor)
	}
	if s := g.state(id).State; s == StateAccepted {
		t.Fatal("constitution changed with two of three (it needs unanimity)")
	}
	g.vote(2, id, VoteFor)
	if s := g.state(id).State; s != StateAccepted {
		t.Fatalf("unanimous constitution change: %s", s)
	}
	if p := g.state(open); p.State != StateDropped || !strings.Contains(p.Reason, "constitution") {
		t.Fatalf("open proposal after the change: %+v", p)
	}
	// The next proposal needs all three.
	next := g.mustPropose(0, act(ActionAllowVirtualNodes, map[string]bool{"allow": true}))
	g.vote(0, next, VoteFor)
	g.vote(1, next, VoteFor)
	if s := g.state(next).State; s != StateOpen {
		t.Fatalf("two of three under unanimity: %s", s)
	}
	g.vote(2, next, VoteFor)
	if s, _ := GetSettings(readerFor(g.st)); g.state(next).State != StateAccepted || !s.AllowVirtualNodes {
		t.Fatalf("three of three: %s %+v", g.state(next).State, s)
	}
}

func TestRemovingAMemberChangesTheCount(t *testing.T) {
	g := newGov(t, 3, nil)
	removed := g.members[2]
	id := g.mustPropose(0, act(ActionRemoveMember, map[string]string{"member_id": removed.id}))
	for m := range 3 {
		g.vote(m, id, VoteFor)
	}
	if s := g.state(id).State; s != StateAccepted {
		t.Fatalf("removal: %s", s)
	}
	if _, err := GetMember(readerFor(g.st), removed.id); !errors.Is(err, ErrUnknownIdentity) {
		t.Fatalf("removed member still active: %v", err)
	}
	if ids, _ := ActiveMembers(readerFor(g.st)); len(ids) != 2 {
		t.Fatalf("active members %v", ids)
	}
	// Now a majority of two is two.
	p := g.mustPropose(0, act(ActionAllowVirtualNodes, map[string]bool{"allow": true}))
	g.vote(0, p, VoteFor)
	if s := g.state(p).State; s != StateOpen {
		t.Fatalf("one of two decided: %s", s)
	}
	g.vote(1, p, VoteFor)
	if s := g.state(p).State; s != StateAccepted {
		t.Fatalf("two of two: %s", s)
	}
	// The last member cannot be removed.
	g2 := newGov(t, 1, nil)
	last := g2.mustPropose(0, act(ActionRemoveMember, map[string]string{"member_id": g2.members[0].id}))
	g2.vote(0, last, VoteFor)
	if p := g2.state(last); p.State != StateFailed || !strings.Contains(p.Reason, "last active member") {
		t.Fatalf("removing the last member: %+v", p)
	}
}

func TestActionsApplyAtomically(t *testing.T) {
	g := newGov(t, 1, nil)
	u := newMember(t, false)
	id := g.mustPropose(0,
		act(ActionSetUser, map[string]string{"name": "u", "cert": u.cert}),
		act(ActionRemoveConnector, map[string]string{"name": "never-registered"}))
	g.vote(0, id, VoteFor)
	p := g.state(id)
	if p.State != StateFailed || !strings.Contains(p.Reason, "actions[1]") {
		t.Fatalf("failing second action: %+v", p)
	}
	if _, err := GetUser(readerFor(g.st), u.id); err == nil {
		t.Fatal("the first action of a failed proposal was applied")
	}
}

// Every action, applied through a one-member network, and its effect.
func TestEveryAction(t *testing.T) {
	g := newGov(t, 1, nil)
	pass := func(acts ...Action) {
		t.Helper()
		id := g.mustPropose(0, acts...)
		if err := g.vote(0, id, VoteFor); err != nil {
			t.Fatal(err)
		}
		if p := g.state(id); p.State != StateAccepted {
			t.Fatalf("%s: %s (%s)", acts[0].Name, p.State, p.Reason)
		}
	}
	r := readerFor(g.st)
	m := newMember(t, true)
	encPub, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	enc, _ := enclave.EncodePublicKeyPEM(&encPub.PublicKey)
	pass(act(ActionSetMember, map[string]string{"name": "new", "cert": m.cert, "encryption_key": string(enc)}))
	if got, err := GetMember(r, m.id); err != nil || got.EncryptionKey == "" {
		t.Fatalf("set_member: %+v %v", got, err)
	}
	g.members = append(g.members, m)
	// Two members now: both vote from here on.
	pass = func(acts ...Action) {
		t.Helper()
		id := g.mustPropose(0, acts...)
		g.vote(0, id, VoteFor)
		g.vote(1, id, VoteFor)
		if p := g.state(id); p.State != StateAccepted {
			t.Fatalf("%s: %s (%s)", acts[0].Name, p.State, p.Reason)
		}
	}
	u := newMember(t, false)
	pass(act(ActionSetUser, map[string]string{"name": "u", "cert": u.cert}))
	if _, err := GetUser(r, u.id); err != nil {
		t.Fatal("set_user")
	}
	pass(act(ActionRemoveUser, map[string]string{"user_id": u.id}))
	if _, err := GetUser(r, u.id); err == nil {
		t.Fatal("remove_user")
	}
	code := map[string]string{"platform": "sgx", "measurement": strings.Repeat("ab", 32)}
	pass(act(ActionAddNodeCode, code))
	if ok, _ := NodeCodeAllowed(r, enclave.SGX, make32(0xab)); !ok {
		t.Fatal("add_node_code")
	}
	pass(act(ActionRemoveNodeCode, code))
	if ok, _ := NodeCodeAllowed(r, enclave.SGX, make32(0xab)); ok {
		t.Fatal("remove_node_code")
	}
	pass(act(ActionAllowVirtualNodes, map[string]bool{"allow": true}))
	if s, _ := GetSettings(r); !s.AllowVirtualNodes {
		t.Fatal("allow_virtual_nodes")
	}
	g.run("", func(rq Request) error {
		PutNode(rq.W, &Node{ID: 2, Status: NodePending, Platform: enclave.SGX, Measurement: strings.Repeat("cd", 32)})
		return nil
	})
	// Its code is not allowed: the proposal fails.
	id := g.mustPropose(0, act(ActionTransitionNodeToTrusted, map[string]uint64{"node_id": 2}))
	g.vote(0, id, VoteFor)
	g.vote(1, id, VoteFor)
	if p := g.state(id); p.State != StateFailed || !strings.Contains(p.Reason, "not allowed") {
		t.Fatalf("trusting a node whose code is not allowed: %+v", p)
	}
	pass(act(ActionAddNodeCode, map[string]string{"platform": "sgx", "measurement": strings.Repeat("cd", 32)}))
	pass(act(ActionTransitionNodeToTrusted, map[string]uint64{"node_id": 2}))
	if n, _ := GetNode(r, 2); n.Status != NodeTrusted {
		t.Fatal("transition_node_to_trusted")
	}
	pass(act(ActionRemoveNode, map[string]uint64{"node_id": 2}))
	if n, _ := GetNode(r, 2); n.Status != NodeRetired {
		t.Fatal("remove_node")
	}
	// The network keeps at least one trusted node.
	id = g.mustPropose(0, act(ActionRemoveNode, map[string]uint64{"node_id": 1}))
	g.vote(0, id, VoteFor)
	g.vote(1, id, VoteFor)
	if p := g.state(id); p.State != StateFailed || !strings.Contains(p.Reason, "last trusted node") {
		t.Fatalf("retiring the last trusted node: %+v", p)
	}
	pass(act(ActionSetConnector, map[string]any{"name": "sepolia", "kind": "ethereum", "config": map[string]any{"chain_id": 11155111}}))
	if _, ok, _ := r.Get(TableConnectors, []byte("sepolia")); !ok {
		t.Fatal("set_connector")
	}
	pass(act(ActionRemoveConnector, map[string]string{"name": "sepolia"}))
	if _, ok, _ := r.Get(TableConnectors, []byte("sepolia")); ok {
		t.Fatal("remove_connector")
	}
	route := Route{SourceLedger: "eth", DestinationLedger: "fabric", Asset: "USDC"}
	pass(act(ActionSetRouteLimits, map[string]any{"route": route, "max_per_transfer": "1000", "rate_per_second": "10", "burst": "100"}))
	if st, _ := GetRoute(r, route); st.Limits == nil || st.Limits.MaxPerTransfer != "1000" {
		t.Fatalf("set_route_limits: %+v", st)
	}
	pass(act(ActionPauseRoute, map[string]any{"route": route, "reason": "incident"}))
	if st, _ := GetRoute(r, route); !st.Paused || st.Reason != "incident" {
		t.Fatal("pause_route")
	}
	pass(act(ActionResumeRoute, map[string]any{"route": route}))
	if st, _ := GetRoute(r, route); st.Paused {
		t.Fatal("resume_route")
	}
	pass(act(ActionRemoveMember, map[string]string{"member_id": m.id}))
	if _, err := GetMember(r, m.id); err == nil {
		t.Fatal("remove_member")
	}
	// set_constitution is covered by TestConstitutionChangeTakesEffect...
}

func make32(b byte) []byte {
	out := make([]byte, 32)
	for i := range out {
		out[i] = b
	}
	return out
}

func TestBadArgumentsAreRefusedNamingTheField(t *testing.T) {
	g := newGov(t, 1, &Constitution{Version: 1, Default: Rule{Threshold: "majority"}, Actions: map[string]Rule{ActionAllowVirtualNodes: {Disabled: true}}})
	cases := []struct {
		a     Action
		field string
	}{
		{act(ActionSetUser, map[string]string{"name": "", "cert": "x"}), "args.name"},
		{act(ActionSetUser, map[string]string{"name": "u", "cert": "x"}), "args.cert"},
		{act(ActionRemoveMember, map[string]string{"member_id": "short"}), "args.member_id"},
		{act(ActionAddNodeCode, map[string]string{"platform": "tdx", "measurement": strings.Repeat("a", 64)}), "args.platform"},
		{act(ActionAddNodeCode, map[string]string{"platform": "sgx", "measurement": "AB"}), "args.measurement"},
		{act(ActionTransitionNodeToTrusted, map[string]any{}), "args.node_id"},
		{act(ActionSetConnector, map[string]any{"name": "x", "kind": "bitcoin", "config": map[string]any{}}), "args.kind"},
		{act(ActionSetConnector, map[string]any{"name": "x", "kind": "ethereum", "config": "nope"}), "args.config"},
		{act(ActionSetRouteLimits, map[string]any{"route": Route{"a", "b", "c"}, "max_per_transfer": "-1", "rate_per_second": "1", "burst": "1"}), "args.max_per_transfer"},
		{act(ActionPauseRoute, map[string]any{"route": Route{"a", "a", "c"}}), "args.route.destination_ledger"},
		{act(ActionSetConstitution, map[string]any{"constitution": Constitution{Version: 2}}), "args.constitution"},
		{act(ActionSetUser, map[string]any{"name": "u", "cert": "x", "surprise": 1}), "arguments"},
		{Action{Name: "seize_funds"}, "no such action"},
		{act(ActionAllowVirtualNodes, map[string]bool{"allow": true}), "disables"},
	}
	for _, tc := range cases {
		_, err := g.propose(0, tc.a)
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %v, want an error about %s", tc.a.Name, err, tc.field)
		}
	}
	if ids, _ := OpenProposals(readerFor(g.st)); len(ids) != 0 {
		t.Fatal("a refused proposal was opened")
	}
	if _, err := g.propose(0); !errors.Is(err, ErrNoActions) {
		t.Fatalf("empty proposal: %v", err)
	}
}

func TestThresholds(t *testing.T) {
	for _, tc := range []struct {
		t    string
		n    int
		need int
	}{{"majority", 1, 1}, {"majority", 2, 2}, {"majority", 3, 2}, {"majority", 4, 3}, {"unanimity", 5, 5}, {"2/3", 3, 2}, {"2/3", 4, 3}, {"1/1", 4, 4}, {"3", 5, 3}, {"3", 2, 2}} {
		th, err := parseThreshold(tc.t)
		if err != nil || th(tc.n) != tc.need {
			t.Errorf("%s of %d = %d (%v), want %d", tc.t, tc.n, th(tc.n), err, tc.need)
		}
	}
	for _, bad := range []string{"", "most", "0", "-1", "3/2", "0/3", "a/b"} {
		if _, err := parseThreshold(bad); err == nil {
			t.Errorf("threshold %q accepted", bad)
		}
	}
	if err := (&Constitution{Version: 1, Default: Rule{Threshold: "majority"}, Actions: map[string]Rule{ActionSetConstitution: {Disabled: true}}}).Validate(); err == nil {
		t.Error("a constitution that freezes itself was accepted")
	}
}

func TestEnvelope(t *testing.T) {
	g := newGov(t, 2, nil)
	service := "svc-id"
	now := time.Now()
	m := g.members[1] // P-256
	payload := []byte(`{"vote":"for"}`)
	data, err := Sign(m.key, m.id, service, MsgBallot, "p1", now, payload)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if e.Member != m.id || e.Type != MsgBallot || e.ProposalID != "p1" || string(e.Payload) != string(payload) {
		t.Fatalf("parsed %+v", e)
	}
	if err := e.Check(m.key.Public(), MsgBallot, service, "p1", now); err != nil {
		t.Fatal(err)
	}
	other := g.members[0]
	checks := map[string]struct {
		err error
		fn  func() error
	}{
		"other key":      {ErrBadSignature, func() error { return e.Check(other.key.Public(), MsgBallot, service, "p1", now) }},
		"wrong type":     {ErrWrongType, func() error { return e.Check(m.key.Public(), MsgProposal, service, "p1", now) }},
		"wrong service":  {ErrWrongService, func() error { return e.Check(m.key.Public(), MsgBallot, "other", "p1", now) }},
		"wrong proposal": {ErrWrongProposal, func() error { return e.Check(m.key.Public(), MsgBallot, service, "p2", now) }},
		"too old": {ErrStaleRequest, func() error {
			return e.Check(m.key.Public(), MsgBallot, service, "p1", now.Add(RequestWindow+time.Minute))
		}},
		"from the future": {ErrStaleRequest, func() error {
			return e.Check(m.key.Public(), MsgBallot, service, "p1", now.Add(-ClockSkew-time.Minute))
		}},
	}
	for name, c := range checks {
		if err := c.fn(); !errors.Is(err, c.err) {
			t.Errorf("%s: %v, want %v", name, err, c.err)
		}
	}
	// Any changed byte breaks it.
	for i := range data {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0x01
		e2, err := Parse(bad)
		if err != nil {
			continue
		}
		if e2.Check(m.key.Public(), MsgBallot, service, "p1", now) == nil {
			t.Fatalf("request with byte %d changed verifies", i)
		}
	}
	// Replays are refused.
	if err := g.run(m.id, func(r Request) error { return Seen(r.W, e) }); err != nil {
		t.Fatal(err)
	}
	if err := g.run(m.id, func(r Request) error { return Seen(r.W, e) }); !errors.Is(err, ErrReplay) {
		t.Fatalf("replay: %v", err)
	}
	for _, junk := range [][]byte{nil, []byte("junk"), make([]byte, MaxEnvelope+1)} {
		if _, err := Parse(junk); !errors.Is(err, ErrBadEnvelope) {
			t.Errorf("junk accepted: %v", err)
		}
	}
}
