package relay

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/p2p"
	"github.com/cocorelay/coco/relay/client"
)

// pass proposes actions as member 0 and has every member vote for them
// until the proposal is accepted.
func (g *govNet) pass(acts ...Action) {
	g.t.Helper()
	p := g.propose(0, acts...)
	for m := 0; m < len(g.keys) && p.State == governance.StateOpen; m++ {
		p = g.mustVote(m, p.ID, governance.VoteFor)
	}
	if p.State != governance.StateAccepted {
		g.t.Fatalf("%s: %s (%s)", acts[0].Name, p.State, p.Reason)
	}
}

// Action is a governance action (shorthand for the tests).
type Action = governance.Action

// joinerConfig writes the configuration of a node that joins g's network
// through the mesh address of node via, as an operator would, and loads it.
func joinerConfig(t *testing.T, g *govNet, name string, via *Node) Config {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	var ports [3]string
	taken := map[string]bool{}
	for i := range ports {
		hp, err := freePort("127.0.0.1", taken)
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = hp
	}
	_, p2pPort, _ := net.SplitHostPort(ports[2])
	tmpl := g.s.Nodes[0].cfg
	cfg := Config{
		Name: name, DataDir: "data", Platform: enclave.Virtual,
		Listen: Listen{API: ports[0], Raft: ports[1], P2P: []string{"/ip4/127.0.0.1/tcp/" + p2pPort}},
		Start: StartConfig{Mode: ModeJoin, Join: JoinConfig{
			Peers:       via.mesh.Addrs(),
			ServiceCert: filepath.Join(g.s.Dir, g.s.File.ServiceCert),
		}},
		Ledger: tmpl.Ledger, Raft: tmpl.Raft, Log: tmpl.Log,
	}
	b, err := yaml.Marshal(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "node.yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	return *loaded
}

type startResult struct {
	n   *Node
	err error
}

// startAsync starts a node in the background: a joining node's Start
// returns only once the network trusts it (or refuses it).
func startAsync(ctx context.Context, t *testing.T, cfg Config) <-chan startResult {
	ch := make(chan startResult, 1)
	go func() {
		n, err := Start(ctx, cfg, testLogger(t).With("node", cfg.Name))
		ch <- startResult{n, err}
	}()
	return ch
}

func networkNodes(t *testing.T, c *client.Client) map[uint64]*governance.Node {
	t.Helper()
	var out struct {
		Nodes []*governance.Node `json:"nodes"`
	}
	if err := c.Get(t.Context(), "/v1/node/network", &out); err != nil {
		t.Fatal(err)
	}
	m := map[uint64]*governance.Node{}
	for _, n := range out.Nodes {
		m[n.ID] = n
	}
	return m
}

func waitFor(t *testing.T, what string, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func raftMembers(t *testing.T, n *Node) map[uint64]string {
	t.Helper()
	m, err := n.raft.Members(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// raftAccepts dials a Raft listener with cert and reports whether the
// connection stays open (true) or the listener drops it (false).
func raftAccepts(t *testing.T, addr string, cert tls.Certificate) bool {
	t.Helper()
	conn, err := tls.Dial("tcp", addr, &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{cert}, InsecureSkipVerify: true})
	if err != nil {
		return false
	}
	defer conn.Close()
	// TLS 1.3 finishes the client's side of the handshake before the
	// server has checked the client's certificate: the verdict comes with
	// the first read.
	conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte{0}); err != nil {
		return false
	}
	_, err = conn.Read(make([]byte, 1))
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestNodeJoinsByVoteCatchesUpAndRetires(t *testing.T) {
	g := startGovSandboxWith(t, t.TempDir(), func(c *Config) { c.Raft.SnapshotEntries = 20 })
	ctx := t.Context()
	setupUSD(t, g.s, g.c)
	for range 40 {
		if _, err := g.c.Transfer(ctx, "USD", "alice", "bob", "1", "", ""); err != nil {
			t.Fatal(err)
		}
	}
	// From here on the members vote on every new node.
	manual := governance.DefaultConstitution()
	manual.AutoTrustNodes = false
	g.pass(action(governance.ActionSetConstitution, map[string]any{"constitution": manual}))

	cfg := joinerConfig(t, g, "node4", g.s.Nodes[1])
	started := startAsync(ctx, t, cfg)
	var joined *governance.Node
	waitFor(t, "node 4 to be recorded as pending", 30*time.Second, func() bool {
		joined = networkNodes(t, g.c)[4]
		return joined != nil
	})
	if joined.Status != governance.NodePending || joined.JoinedIn == "" || joined.Platform != enclave.Virtual {
		t.Fatalf("joined node: %+v", joined)
	}
	// Its joining is a committed transaction with a receipt anyone can check.
	r, err := g.c.Receipt(ctx, joined.JoinedIn)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := receipt.Verify(r, g.s.Nodes[0].ServiceCert()); err != nil || v.Platform != enclave.Virtual {
		t.Fatalf("join receipt: %+v %v", v, err)
	}
	leader, err := g.s.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var joins struct {
		Attempts []joinAttempt `json:"attempts"`
	}
	if err := g.c.WithURLs(leader.APIURL()).Get(ctx, "/v1/node/joins", &joins); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(joins.Attempts, func(a joinAttempt) bool { return a.NodeID == 4 && a.Outcome == governance.NodePending }) {
		t.Fatalf("join log: %+v", joins.Attempts)
	}
	// Pending: not in Raft, and the node is still waiting.
	time.Sleep(time.Second)
	if _, in := raftMembers(t, leader)[4]; in {
		t.Fatal("a pending node was added to Raft")
	}
	select {
	case res := <-started:
		t.Fatalf("a pending node started: %v", res.err)
	default:
	}

	g.pass(action(governance.ActionTransitionNodeToTrusted, map[string]uint64{"node_id": 4}))
	var n4 *Node
	select {
	case res := <-started:
		if res.err != nil {
			t.Fatal(res.err)
		}
		n4 = res.n
	case <-time.After(60 * time.Second):
		t.Fatal("the trusted node did not start")
	}
	t.Cleanup(func() { n4.Shutdown(context.Background()) })
	if n4.ID() != 4 {
		t.Fatalf("node id %d", n4.ID())
	}
	waitFor(t, "node 4 in Raft", 30*time.Second, func() bool { _, in := raftMembers(t, leader)[4]; return in })
	settle(t, g.s)
	target := leader.Store().Committed().ID
	waitFor(t, "node 4 to catch up", 30*time.Second, func() bool { return n4.Store().Committed().ID.Seqno >= target.Seqno })
	if first := n4.Store().Committed().FirstSeqno; first <= 1 {
		t.Fatalf("node 4 replayed the whole log (first seqno %d); want a snapshot", first)
	}
	// It serves reads with the network's data, and forwards writes.
	c4 := g.c.WithURLs(n4.APIURL())
	want, err := g.c.WithURLs(leader.APIURL()).Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	got, err := c4.Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if gb, wb := mustJSON(got), mustJSON(want); gb != wb {
		t.Fatalf("node 4 reads %s, leader %s", gb, wb)
	}
	if _, err := c4.Transfer(ctx, "USD", "alice", "bob", "1", "", ""); err != nil {
		t.Fatalf("write through node 4: %v", err)
	}
	if info, err := c4.NodeInfo(ctx, n4.APIURL()); err != nil || info.Status != governance.NodeTrusted || info.Platform != "virtual" || !info.Insecure {
		t.Fatalf("node 4 info: %+v %v", info, err)
	}
	n4cert := tls.Certificate{Certificate: [][]byte{n4.id.NodeCert.Raw}, PrivateKey: n4.key}
	if !raftAccepts(t, leader.cfg.Listen.Raft, n4cert) {
		t.Fatal("a trusted node's certificate is refused by Raft")
	}

	// Retirement: out of Raft, refused by the others, serves nothing.
	g.pass(action(governance.ActionRemoveNode, map[string]uint64{"node_id": 4}))
	leader, _ = g.s.Leader(ctx)
	waitFor(t, "node 4 out of Raft", 30*time.Second, func() bool { _, in := raftMembers(t, leader)[4]; return !in })
	waitFor(t, "node 4 to see its retirement", 30*time.Second, n4.retired.Load)
	if raftAccepts(t, leader.cfg.Listen.Raft, n4cert) {
		t.Fatal("Raft accepts a retired node's certificate")
	}
	if _, err := c4.Account(ctx, "alice"); err == nil {
		t.Fatal("a retired node serves reads")
	} else {
		wantCode(t, err, 403, CodeNodeRetired)
	}
	if info, err := c4.NodeInfo(ctx, n4.APIURL()); err != nil || info.Status != governance.NodeRetired {
		t.Fatalf("retired node info: %+v %v", info, err)
	}
	// Restarted, it still serves nothing; with its identity removed, it
	// cannot join again with the same key.
	n4.Shutdown(ctx)
	again, err := Start(ctx, cfg, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c4.Account(ctx, "alice"); err == nil {
		t.Fatal("a restarted retired node serves reads")
	}
	again.Shutdown(ctx)
	if err := os.Remove(filepath.Join(cfg.DataDir, "node.json")); err != nil {
		t.Fatal(err)
	}
	jctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if n, err := Start(jctx, cfg, testLogger(t)); err == nil || !strings.Contains(err.Error(), JoinRetired) {
		if n != nil {
			n.Shutdown(ctx)
		}
		t.Fatalf("a retired key joined again: %v", err)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// outsider is a process that speaks the join protocol itself.
type outsider struct {
	t     *testing.T
	h     *p2p.Host
	key   *ecdsa.PrivateKey
	peers []string
}

type trustsNobody struct{}

func (trustsNobody) Node(string) (uint64, bool) { return 0, false }
func (trustsNobody) Leader() (string, bool)     { return "", false }
func (trustsNobody) Peers() []string            { return nil }

func newOutsider(t *testing.T, g *govNet) *outsider {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	h, err := p2p.New(t.Context(), p2p.Config{Key: key, Listen: []string{"/ip4/127.0.0.1/tcp/0"}, Directory: trustsNobody{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return &outsider{t: t, h: h, key: key, peers: g.s.Nodes[2].mesh.Addrs()}
}

// ask sends one join request and returns the reply, raw and decoded.
func (o *outsider) ask(req joinRequest) (*joinReply, map[string]json.RawMessage) {
	o.t.Helper()
	b, _ := json.Marshal(req)
	out, err := o.h.Join(o.t.Context(), o.peers, b)
	if err != nil {
		o.t.Fatal(err)
	}
	var r joinReply
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(out, &r); err != nil {
		o.t.Fatal(err)
	}
	json.Unmarshal(out, &raw)
	return &r, raw
}

func (o *outsider) nonce() []byte {
	o.t.Helper()
	r, _ := o.ask(joinRequest{Op: "nonce"})
	if len(r.Nonce) == 0 {
		o.t.Fatalf("no nonce: %+v", r.Error)
	}
	return r.Nonce
}

func (o *outsider) evidence(pl enclave.Platform, signer crypto.Signer, nonce []byte) *enclave.Evidence {
	o.t.Helper()
	ev, err := pl.Evidence(o.t.Context(), signer, nonce)
	if err != nil {
		o.t.Fatal(err)
	}
	return ev
}

func (o *outsider) join(ev *enclave.Evidence) (*joinReply, map[string]json.RawMessage) {
	return o.ask(joinRequest{Op: "join", Evidence: ev, RaftAddress: "127.0.0.1:1", APIURL: "https://127.0.0.1:2", P2PAddrs: o.h.Addrs()})
}

// refused checks a reply is a refusal with code, and carries nothing else.
func (o *outsider) refused(r *joinReply, raw map[string]json.RawMessage, code string) {
	o.t.Helper()
	if r.Error == nil || r.Error.Code != code {
		o.t.Fatalf("got %+v, want refusal %s", r.Error, code)
	}
	if r.Error.Message == "" || len(raw) != 1 {
		o.t.Fatalf("a refusal carries more than its reason: %v", raw)
	}
	pub, _ := x509.MarshalPKIXPublicKey(&o.key.PublicKey)
	st, _ := o.ask(joinRequest{Op: "status", PublicKey: pub})
	if st.Status != "unknown" || st.NodeCert != "" || st.ServiceKey != nil {
		o.t.Fatalf("a refused node is known or given data: %+v", st)
	}
}

// lyingSigner puts one key in the evidence and signs with another.
type lyingSigner struct {
	claimed crypto.PublicKey
	*ecdsa.PrivateKey
}

func (s lyingSigner) Public() crypto.PublicKey { return s.claimed }

func TestJoinRefusals(t *testing.T) {
	g := startGovSandbox(t, t.TempDir())
	manual := governance.DefaultConstitution()
	g.pass(action(governance.ActionSetConstitution, map[string]any{"constitution": manual}))
	virtual, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		t.Fatal(err)
	}

	// Code that is not on the allow-list.
	other := filepath.Join(t.TempDir(), "other-build")
	os.WriteFile(other, []byte("not the allowed binary"), 0o700)
	otherCode, err := enclave.Open(enclave.Virtual, enclave.Options{ExecutablePath: other})
	if err != nil {
		t.Fatal(err)
	}
	o := newOutsider(t, g)
	r, raw := o.join(o.evidence(otherCode, o.key, o.nonce()))
	o.refused(r, raw, JoinUnknownMeasurement)

	// Report data that does not match the presented key: the statement
	// binds another key, signed by the presented one.
	o = newOutsider(t, g)
	elsewhere, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ev := o.evidence(virtual, lyingSigner{claimed: elsewhere.Public(), PrivateKey: o.key}, o.nonce())
	ev.PublicKey, _ = x509.MarshalPKIXPublicKey(&o.key.PublicKey)
	r, raw = o.join(ev)
	o.refused(r, raw, JoinBadEvidence)
	if !strings.Contains(r.Error.Message, "report data") {
		t.Fatalf("reason does not say what is wrong: %s", r.Error.Message)
	}

	// A nonce the leader never issued, and a captured evidence replayed.
	o = newOutsider(t, g)
	made := make([]byte, 32)
	rand.Read(made)
	r, raw = o.join(o.evidence(virtual, o.key, made))
	o.refused(r, raw, JoinStaleNonce)
	victim := newOutsider(t, g)
	captured := victim.evidence(virtual, victim.key, victim.nonce())
	if r, _ := victim.join(captured); r.Status != governance.NodePending {
		t.Fatalf("the genuine join: %+v %+v", r, r.Error)
	}
	r, raw = victim.join(captured)
	if r.Error == nil || r.Error.Code != JoinStaleNonce || len(raw) != 1 {
		t.Fatalf("replayed evidence: %v", raw)
	}
	// The pending node itself is told where it stands, and nothing more.
	pub, _ := x509.MarshalPKIXPublicKey(&victim.key.PublicKey)
	var st *joinReply
	waitFor(t, "the pending node's status", 10*time.Second, func() bool {
		st, _ = victim.ask(joinRequest{Op: "status", PublicKey: pub})
		return st.Status != "unknown"
	})
	if st.Status != governance.NodePending || st.NodeCert != "" || st.ServiceKey != nil {
		t.Fatalf("pending status: %+v", st)
	}

	// Virtual nodes, once the members stop admitting them.
	g.pass(action(governance.ActionAllowVirtualNodes, map[string]bool{"allow": false}))
	o = newOutsider(t, g)
	r, raw = o.join(o.evidence(virtual, o.key, o.nonce()))
	o.refused(r, raw, JoinVirtualNotAllowed)

	// Every refusal is visible, with its reason, on the leader.
	leader, err := g.s.Leader(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var joins struct {
		Attempts []joinAttempt `json:"attempts"`
	}
	if err := g.c.WithURLs(leader.APIURL()).Get(t.Context(), "/v1/node/joins", &joins); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"not allowed", "report data", "nonce", "virtual"} {
		if !slices.ContainsFunc(joins.Attempts, func(a joinAttempt) bool {
			return a.Outcome == "refused" && strings.Contains(a.Reason, want)
		}) {
			t.Errorf("join log has no refusal about %q: %+v", want, joins.Attempts)
		}
	}
}

func TestRaftRefusesOutsiders(t *testing.T) {
	g := startGovSandbox(t, t.TempDir())
	raft := g.s.Nodes[0].cfg.Listen.Raft
	// A plain TLS client without a certificate.
	if raftAccepts(t, raft, tls.Certificate{}) {
		t.Fatal("Raft accepts a TLS client without a certificate")
	}
	// A node certificate of another service, claiming a trusted node id.
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	impostor, err := enclave.NewServiceIdentity("impostor", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	der, err := impostor.EndorseNode(enclave.NodeCertRequest{NodeID: 2, PublicKey: &key.PublicKey, Platform: enclave.Virtual, Measurement: make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	if raftAccepts(t, raft, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}) {
		t.Fatal("Raft accepts a node certificate of another service")
	}
	// A libp2p peer: its handshake does not get it into Raft either.
	o := newOutsider(t, g)
	_, port, _ := net.SplitHostPort(raft)
	if _, err := o.h.Join(t.Context(), []string{"/ip4/127.0.0.1/tcp/" + port + "/p2p/" + g.s.Nodes[0].mesh.PeerID()}, []byte("{}")); err == nil {
		t.Fatal("a libp2p peer reached the Raft listener")
	}
}

func TestRefusalCodes(t *testing.T) {
	for err, code := range map[error]string{
		enclave.ErrVirtualNotAllowed:  JoinVirtualNotAllowed,
		enclave.ErrUnknownMeasurement: JoinUnknownMeasurement,
		enclave.ErrStaleNonce:         JoinStaleNonce,
		enclave.ErrDebugEnclave:       JoinDebugEnclave,
		enclave.ErrTCBStatus:          JoinTCBStatus,
		enclave.ErrBadEvidence:        JoinBadEvidence,
		enclave.ErrUnsupported:        JoinBadEvidence,
	} {
		var ae *APIError
		if !errors.As(refusal(fmt.Errorf("evidence: %w", err)), &ae) || ae.Code != code || ae.Status != 403 {
			t.Errorf("%v: got %+v, want %s", err, ae, code)
		}
		// A joining node gives up on every refusal but a stale nonce,
		// which a new nonce fixes.
		if finalRefusal(code) == (code == JoinStaleNonce) {
			t.Errorf("%s: final = %v", code, finalRefusal(code))
		}
	}
}
