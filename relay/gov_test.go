package relay

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/relay/client"
	"github.com/cocorelay/coco/relay/signing"
)

// govNet is a sandbox with three members.
type govNet struct {
	t       *testing.T
	s       *Sandbox
	c       *client.Client // as user0
	keys    []crypto.Signer
	service string
}

func startGovSandbox(t *testing.T, dir string) *govNet {
	t.Helper()
	return startGovSandboxWith(t, dir, nil)
}

// startGovSandboxWith is startGovSandbox with more tuning of each node.
func startGovSandboxWith(t *testing.T, dir string, tune func(*Config)) *govNet {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := StartSandbox(ctx, SandboxOptions{Dir: dir, Members: 3, Logger: testLogger(t), Tune: func(c *Config) {
		c.Raft.RTT, c.Raft.ElectionRTT, c.Raft.HeartbeatRTT = 20*time.Millisecond, 10, 2
		c.Ledger.SignatureInterval = 20 * time.Millisecond
		if tune != nil {
			tune(c)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	g := &govNet{t: t, s: s, service: signing.ServiceID(s.Nodes[0].ServiceCert().Raw)}
	for _, m := range s.File.Members {
		k, err := client.LoadKey(filepath.Join(dir, m.Key))
		if err != nil {
			t.Fatal(err)
		}
		g.keys = append(g.keys, k)
	}
	if g.c, err = SandboxClient(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.c.Close)
	return g
}

func (g *govNet) sign(key crypto.Signer, typ, proposal string, payload any) []byte {
	g.t.Helper()
	b, _ := json.Marshal(payload)
	id, _ := enclave.KeyID(key.Public())
	signed, err := governance.Sign(key, id, g.service, typ, proposal, time.Now(), b)
	if err != nil {
		g.t.Fatal(err)
	}
	return signed
}

func (g *govNet) submit(typ, proposal string, signed []byte) (*governance.Proposal, string, error) {
	w, err := g.c.SubmitGovernance(g.t.Context(), typ, proposal, signed)
	if err != nil {
		return nil, "", err
	}
	var p governance.Proposal
	if err := json.Unmarshal(w.Result, &p); err != nil {
		g.t.Fatal(err)
	}
	return &p, w.TxID, nil
}

func (g *govNet) propose(m int, acts ...governance.Action) *governance.Proposal {
	g.t.Helper()
	p, _, err := g.submit(governance.MsgProposal, "", g.sign(g.keys[m], governance.MsgProposal, "", map[string]any{"actions": acts}))
	if err != nil {
		g.t.Fatal(err)
	}
	return p
}

func (g *govNet) vote(m int, id, v string) (*governance.Proposal, error) {
	p, _, err := g.submit(governance.MsgBallot, id, g.sign(g.keys[m], governance.MsgBallot, id, map[string]string{"vote": v}))
	return p, err
}

func (g *govNet) mustVote(m int, id, v string) *governance.Proposal {
	g.t.Helper()
	p, err := g.vote(m, id, v)
	if err != nil {
		g.t.Fatal(err)
	}
	return p
}

func action(name string, args any) governance.Action {
	b, _ := json.Marshal(args)
	return governance.Action{Name: name, Args: b}
}

func wantCode(t *testing.T, err error, status int, code string) {
	t.Helper()
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != status || ce.Code != code {
		t.Fatalf("got %v, want %d %s", err, status, code)
	}
}

func TestGovernanceMajorityUsersAndAudit(t *testing.T) {
	g := startGovSandbox(t, t.TempDir())
	// A new user can call the API only once two of three members agree.
	newUser, err := client.NewIdentity(t.TempDir(), "user1", false, client.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := readFileString(newUser.Cert)
	key, _ := client.LoadKey(newUser.Key)
	uc := g.c.WithKey(key)
	if _, err := uc.CreateAccount(t.Context(), "u1", ""); err == nil {
		t.Fatal("an unregistered user was served")
	}
	p := g.propose(0, action(governance.ActionSetUser, map[string]string{"name": "user1", "cert": cert}))
	if p.State != governance.StateOpen {
		t.Fatalf("new proposal is %s", p.State)
	}
	if p = g.mustVote(0, p.ID, governance.VoteFor); p.State != governance.StateOpen {
		t.Fatalf("one vote of three: %s", p.State)
	}
	if p = g.mustVote(1, p.ID, governance.VoteFor); p.State != governance.StateAccepted {
		t.Fatalf("two votes of three: %s", p.State)
	}
	_, err = g.vote(2, p.ID, governance.VoteFor)
	wantCode(t, err, 409, CodeProposalNotOpen)
	if _, err := uc.CreateAccount(t.Context(), "u1", ""); err != nil {
		t.Fatalf("the user added by governance is refused: %v", err)
	}
	// Every decision is in the history with its transaction, and each has
	// a receipt that verifies offline.
	var h struct{ Events []governance.Event }
	if err := g.c.Get(t.Context(), "/v1/gov/history", &h); err != nil {
		t.Fatal(err)
	}
	if len(h.Events) != 3 || h.Events[2].State != governance.StateAccepted || h.Events[0].Type != governance.MsgProposal {
		t.Fatalf("history %+v", h.Events)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	// Members fetch them as well as users; members are not users otherwise.
	mc := g.c.WithKey(g.keys[1])
	// Members read native accounts too (the visibility rule, visibility.go).
	if _, err := mc.Account(ctx, "u1"); err != nil {
		t.Fatalf("a member cannot read a native account: %v", err)
	}
	for _, e := range h.Events {
		r, err := mc.Receipt(ctx, e.TxID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := receipt.Verify(r, g.s.Nodes[0].ServiceCert()); err != nil {
			t.Fatalf("receipt of %s: %v", e.TxID, err)
		}
	}
}

func TestGovernanceRefusalsChangeNothing(t *testing.T) {
	g := startGovSandbox(t, t.TempDir())
	p := g.propose(0, action(governance.ActionAllowVirtualNodes, map[string]bool{"allow": false}))
	before := g.show(p.ID)

	// Signed by a key that is not a member's (the user's).
	userKey, _ := client.LoadKey(filepath.Join(g.s.Dir, g.s.File.User.Key))
	_, _, err := g.submit(governance.MsgBallot, p.ID, g.sign(userKey, governance.MsgBallot, p.ID, map[string]string{"vote": "for"}))
	wantCode(t, err, 403, CodeNotMember)
	// A member's ballot with its signature broken.
	bad := g.sign(g.keys[1], governance.MsgBallot, p.ID, map[string]string{"vote": "for"})
	bad[len(bad)-5] ^= 0x01
	_, _, err = g.submit(governance.MsgBallot, p.ID, bad)
	wantCode(t, err, 401, CodeUnauthenticated)
	// A ballot signed for another proposal, a proposal sent as a ballot,
	// one signed for another service, one signed too long ago.
	_, _, err = g.submit(governance.MsgBallot, p.ID, g.sign(g.keys[1], governance.MsgBallot, "other", map[string]string{"vote": "for"}))
	wantCode(t, err, 400, CodeInvalidRequest)
	_, _, err = g.submit(governance.MsgBallot, p.ID, g.sign(g.keys[1], governance.MsgProposal, "", map[string]any{"actions": []any{}}))
	wantCode(t, err, 400, CodeInvalidRequest)
	id1, _ := enclave.KeyID(g.keys[1].Public())
	foreign, _ := governance.Sign(g.keys[1], id1, strings.Repeat("0", 64), governance.MsgBallot, p.ID, time.Now(), []byte(`{"vote":"for"}`))
	_, _, err = g.submit(governance.MsgBallot, p.ID, foreign)
	wantCode(t, err, 400, CodeInvalidRequest)
	old, _ := governance.Sign(g.keys[1], id1, g.service, governance.MsgBallot, p.ID, time.Now().Add(-2*time.Hour), []byte(`{"vote":"for"}`))
	_, _, err = g.submit(governance.MsgBallot, p.ID, old)
	wantCode(t, err, 400, CodeStaleRequest)
	_, _, err = g.submit(governance.MsgBallot, p.ID, []byte("not cose"))
	wantCode(t, err, 400, CodeInvalidRequest)
	if after := g.show(p.ID); len(after.Ballots) != len(before.Ballots) || after.State != before.State {
		t.Fatalf("a refused request changed the proposal: %+v", after)
	}
	// A replayed ballot: accepted once, refused the second time.
	once := g.sign(g.keys[1], governance.MsgBallot, p.ID, map[string]string{"vote": "against"})
	if _, _, err := g.submit(governance.MsgBallot, p.ID, once); err != nil {
		t.Fatal(err)
	}
	_, _, err = g.submit(governance.MsgBallot, p.ID, once)
	wantCode(t, err, 409, CodeReplayed)
	// A vote on a withdrawn proposal.
	w := g.propose(2, action(governance.ActionAllowVirtualNodes, map[string]bool{"allow": false}))
	_, _, err = g.submit(governance.MsgWithdrawal, w.ID, g.sign(g.keys[0], governance.MsgWithdrawal, w.ID, map[string]string{}))
	wantCode(t, err, 403, CodePermissionDenied)
	if wp, _, err := g.submit(governance.MsgWithdrawal, w.ID, g.sign(g.keys[2], governance.MsgWithdrawal, w.ID, map[string]string{})); err != nil || wp.State != governance.StateWithdrawn {
		t.Fatalf("withdrawal: %+v %v", wp, err)
	}
	_, err = g.vote(0, w.ID, governance.VoteFor)
	wantCode(t, err, 409, CodeProposalNotOpen)
	// Bad proposals name the field.
	_, _, err = g.submit(governance.MsgProposal, "", g.sign(g.keys[0], governance.MsgProposal, "", map[string]any{"actions": []governance.Action{action(governance.ActionRemoveMember, map[string]string{"member_id": "x"})}}))
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != 400 || ce.Field != "actions[0].args.member_id" {
		t.Fatalf("bad action argument: %v", err)
	}
}

func (g *govNet) show(id string) *governance.Proposal {
	g.t.Helper()
	var p governance.Proposal
	if err := g.c.Get(g.t.Context(), "/v1/gov/proposals/"+id, &p); err != nil {
		g.t.Fatal(err)
	}
	return &p
}

func TestGovernanceConstitutionAndMemberRemoval(t *testing.T) {
	g := startGovSandbox(t, t.TempDir())
	unanimity := map[string]any{"version": 1, "default": map[string]string{"threshold": "unanimity"}}
	p := g.propose(0, action(governance.ActionSetConstitution, map[string]any{"constitution": unanimity}))
	for m := range 3 {
		p = g.mustVote(m, p.ID, governance.VoteFor)
	}
	if p.State != governance.StateAccepted {
		t.Fatalf("constitution change: %s", p.State)
	}
	// The next proposal needs all three.
	q := g.propose(1, action(governance.ActionAllowVirtualNodes, map[string]bool{"allow": true}))
	g.mustVote(0, q.ID, governance.VoteFor)
	if q = g.mustVote(1, q.ID, governance.VoteFor); q.State != governance.StateOpen {
		t.Fatalf("two of three under unanimity: %s", q.State)
	}
	g.mustVote(2, q.ID, governance.VoteFor)

	// Remove member2: later requests of theirs are refused and two votes
	// are now all there is.
	id2, _ := enclave.KeyID(g.keys[2].Public())
	r := g.propose(0, action(governance.ActionRemoveMember, map[string]string{"member_id": id2}))
	for m := range 3 {
		r = g.mustVote(m, r.ID, governance.VoteFor)
	}
	if r.State != governance.StateAccepted {
		t.Fatalf("removal: %s", r.State)
	}
	x := g.propose(0, action(governance.ActionAllowVirtualNodes, map[string]bool{"allow": true}))
	_, err := g.vote(2, x.ID, governance.VoteFor)
	wantCode(t, err, 403, CodeNotMember)
	g.mustVote(0, x.ID, governance.VoteFor)
	if x = g.mustVote(1, x.ID, governance.VoteFor); x.State != governance.StateAccepted {
		t.Fatalf("two of the two remaining members: %s", x.State)
	}
}

// Voting goes on across a leader change and a full restart.
func TestGovernanceSurvivesLeaderChangeAndRestart(t *testing.T) {
	dir := t.TempDir()
	g := startGovSandbox(t, dir)
	p := g.propose(0, action(governance.ActionSetConnector, map[string]any{"name": "sepolia", "kind": "ethereum", "config": map[string]int{"chain_id": 11155111}}))
	g.mustVote(0, p.ID, governance.VoteFor)
	// Move leadership.
	l, _ := g.s.Leader(t.Context())
	var target uint64
	for _, n := range g.s.Nodes {
		if n != l {
			target = n.ID()
			break
		}
	}
	// Raft refuses a transfer to a follower that is not caught up yet:
	// ask again until leadership moves.
	deadline := time.Now().Add(15 * time.Second)
	for l.IsLeader() && time.Now().Before(deadline) {
		if err := l.raft.TransferLeadership(target); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 25 && l.IsLeader(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if l.IsLeader() {
		t.Fatal("leadership did not move")
	}
	if got := g.show(p.ID); got.State != governance.StateOpen || got.Ballots[mustKeyID(g.keys[0])] != governance.VoteFor {
		t.Fatalf("after a leader change: %+v", got)
	}
	// Restart the whole network; the second vote decides.
	g.s.Shutdown(context.Background())
	g = startGovSandbox(t, dir)
	if p = g.mustVote(1, p.ID, governance.VoteFor); p.State != governance.StateAccepted {
		t.Fatalf("after a restart: %+v", p)
	}
}

func mustKeyID(k crypto.Signer) string {
	id, _ := enclave.KeyID(k.Public())
	return id
}

func readFileString(p string) (string, error) {
	b, err := os.ReadFile(p)
	return string(b), err
}
