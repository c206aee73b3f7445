package relay

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
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

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/p2p"
	"github.com/cocorelay/coco/relay/client"
	"github.com/cocorelay/coco/relay/signing"
)

// recoveredNode starts the node of dir's node1 configuration, with new
// addresses and an empty data directory, recovering from the ledger files
// in from.
func recoveredNode(t *testing.T, dir, from string, tune func(*Config)) (*Node, *client.Client) {
	t.Helper()
	cfg, err := LoadConfig(filepath.Join(dir, "node1", "node.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var addrs [3]string
	taken := map[string]bool{}
	for i := range addrs {
		if addrs[i], err = freePort("127.0.0.1", taken); err != nil {
			t.Fatal(err)
		}
	}
	_, p2pPort, _ := net.SplitHostPort(addrs[2])
	cfg.DataDir = filepath.Join(dir, "recovered", "data")
	cfg.Listen = Listen{API: addrs[0], Raft: addrs[1], P2P: []string{"/ip4/127.0.0.1/tcp/" + p2pPort}}
	cfg.Public = Public{APIURL: "https://" + addrs[0], RaftAddress: addrs[1]}
	cfg.Raft.RTT, cfg.Raft.ElectionRTT, cfg.Raft.HeartbeatRTT = 20*time.Millisecond, 10, 2
	cfg.Ledger.SignatureInterval = 20 * time.Millisecond
	if tune != nil {
		tune(cfg)
	}
	plan, err := PrepareRecovery(*cfg, from, RecoveryOptions{}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if plan.NodeID != 4 {
		t.Fatalf("recovered node id %d, want 4 (after the three old nodes)", plan.NodeID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := Start(ctx, *cfg, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Shutdown(context.Background()) })
	f, err := LoadSandboxFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	key, err := client.LoadKey(filepath.Join(dir, f.User.Key))
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{URLs: []string{cfg.Public.APIURL}, ServiceCert: n.ServiceCert(), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return n, c
}

// submitShare opens member m's recovery share with its encryption key and
// submits it, signed, to the recovered service, after checking its
// evidence against the node policy the old ledger proves under prev, the
// old service certificate.
func submitShare(t *testing.T, dir string, n *Node, c *client.Client, m int, prev *x509.Certificate) *RecoveryStatus {
	t.Helper()
	f, _ := LoadSandboxFile(dir)
	cred := f.Members[m]
	sk, err := client.LoadKey(filepath.Join(dir, cred.Key))
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := enclave.KeyID(sk.Public())
	encPEM, err := os.ReadFile(filepath.Join(dir, cred.EncryptionSecret))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := enclave.ParsePrivateKeyPEM(encPEM)
	if err != nil {
		t.Fatal(err)
	}
	var sealed struct {
		EncryptedShare []byte `json:"encrypted_share"`
	}
	if err := c.Get(t.Context(), "/v1/recovery/shares/"+kid, &sealed); err != nil {
		t.Fatal(err)
	}
	share, err := enclave.OpenWith(enc, governance.ShareInfo, sealed.EncryptedShare)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ShareSubmission(t.Context(), c, share, ShareOptions{}); err == nil || !strings.Contains(err.Error(), "--previous-service-cert") {
		t.Fatalf("a share for a node whose policy the member cannot check: %v", err)
	}
	// The node's proof is checked against the member's copy of the old
	// service certificate: under any other, nothing is proven.
	if _, err := ShareSubmission(t.Context(), c, share, ShareOptions{PreviousService: n.ServiceCert()}); !errors.Is(err, ErrPolicyUnproven) {
		t.Fatalf("a share checked against the wrong previous service: %v", err)
	}
	payload, err := ShareSubmission(t.Context(), c, share, ShareOptions{PreviousService: prev})
	if err != nil {
		t.Fatal(err)
	}
	signed, err := governance.Sign(sk, kid, signing.ServiceID(n.ServiceCert().Raw), MsgRecoveryShare, "", time.Now(), payload)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(t.Context(), "POST", "/v1/recovery/shares", signed, "")
	if err != nil {
		t.Fatalf("member %d's share: %v", m, err)
	}
	var st RecoveryStatus
	if err := json.Unmarshal(resp.Body, &st); err != nil {
		t.Fatal(err)
	}
	return &st
}

// Issue 8, must show 4: every node is lost, one node's ledger files are
// kept; a new node recovers the network from them. With k-1 member shares
// the private tables stay sealed; with k every balance and transfer is
// back, and a receipt of the old service verifies against the new one.
func TestRecoverFromLedgerFilesWithMemberShares(t *testing.T) {
	dir := t.TempDir()
	g := startGovSandbox(t, dir)
	ctx := t.Context()
	c := g.c
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.CreateAsset(ctx, "USD", 2, ""))
	must(c.CreateAccount(ctx, "alice", ""))
	must(c.CreateAccount(ctx, "bob", ""))
	must(c.Mint(ctx, "USD", "alice", "100000", ""))
	first, err := c.Transfer(ctx, "USD", "alice", "bob", "2500", "rent", "")
	if err != nil {
		t.Fatal(err)
	}
	// Rekey once, so that recovery walks the chain of secrets.
	p := g.propose(0, action(governance.ActionTriggerLedgerRekey, nil))
	g.mustVote(0, p.ID, governance.VoteFor)
	g.mustVote(1, p.ID, governance.VoteFor)
	waitFor(t, "secret 2 and its recovery shares", 10*time.Second, func() bool {
		l, err := g.s.Leader(ctx)
		if err != nil {
			return false
		}
		rs, _ := governance.GetRecoveryShares(readerOf(l.Store()))
		return rs != nil && rs.SecretVersion == 2
	})
	for range 5 {
		must(c.Transfer(ctx, "USD", "bob", "alice", "100", "refund", ""))
	}
	settle(t, g.s)
	oldReceipt, err := c.Receipt(ctx, first.TxID)
	if err != nil {
		t.Fatal(err)
	}
	wantAlice, err := c.Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	wantHistory, err := c.History(ctx, "bob", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	oldSvc := g.s.Nodes[0].ServiceCert()
	if err := g.s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	kept := keepLedgerFiles(t, dir)
	// The node lost power mid-write: a torn record at the end.
	files, _ := filepath.Glob(filepath.Join(kept, "ledger", "ledger_*.log"))
	f, err := os.OpenFile(files[len(files)-1], os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte{0, 0, 1, 0, 'x', 'y'})
	f.Close()

	n, rc := recoveredNode(t, dir, kept, nil)
	if n.ServiceCert().Equal(oldSvc) {
		t.Fatal("the recovered service kept the old service identity")
	}
	var st RecoveryStatus
	if err := rc.Get(ctx, "/v1/recovery", &st); err != nil || st.State != "awaiting_shares" || st.Threshold != 2 {
		t.Fatalf("recovery status %+v, %v", st, err)
	}
	if _, err := rc.Account(ctx, "alice"); err == nil {
		t.Fatal("a private account is readable before any share")
	}
	// An old receipt waits for the shares (the endorsement of the old
	// service): a clear 503, not an internal error about corruption.
	var ae *client.Error
	if _, err := rc.Receipt(ctx, first.TxID); !errors.As(err, &ae) || ae.Status != 503 || ae.Code != CodeRecoveryPending {
		t.Fatalf("an old receipt before the shares: %v, want 503 %s", err, CodeRecoveryPending)
	}
	// No node joins while the recovery is pending: it could not apply the
	// restore, and would go on with private tables the others lack.
	refuseJoinWhilePending(t, n)
	// k-1 shares: nothing private comes back.
	if st := submitShare(t, dir, n, rc, 0, oldSvc); st.State != "awaiting_shares" || st.Submitted != 1 {
		t.Fatalf("after one share: %+v", st)
	}
	if _, err := rc.Account(ctx, "alice"); err == nil {
		t.Fatal("a private account is readable with k-1 shares")
	}
	if _, err := rc.Transfer(ctx, "USD", "alice", "bob", "1", "", ""); err == nil {
		t.Fatal("a private transaction ran before the private tables were restored")
	}
	// Before k shares unwrapped the old secret, the new service does not
	// vouch for the old one: a copy of the ledger files is not enough.
	var none struct {
		Endorsements []string `json:"endorsements"`
	}
	if err := rc.Get(ctx, "/v1/service/endorsements", &none); err != nil || len(none.Endorsements) != 0 {
		t.Fatalf("endorsements before the shares: %+v, %v", none, err)
	}
	// A member's share goes only to a node the recovered constitution
	// accepts, sealed to its attested key.
	checkShareSealing(t, n, rc, oldSvc)
	// k shares: everything is back.
	if st := submitShare(t, dir, n, rc, 1, oldSvc); st.State != "open" {
		t.Fatalf("after two shares: %+v", st)
	}
	got, err := rc.Account(ctx, "alice")
	if err != nil || got.Balances["USD"] != wantAlice.Balances["USD"] {
		t.Fatalf("alice after recovery: %+v, %v (want %+v)", got, err, wantAlice)
	}
	gotHistory, err := rc.History(ctx, "bob", "", 100)
	if err != nil || string(gotHistory) != string(wantHistory) {
		t.Fatalf("bob's history after recovery:\n%s\nwant\n%s (%v)", gotHistory, wantHistory, err)
	}
	// An old receipt verifies against the recovered service through its
	// endorsement of the old one.
	var ends struct {
		Endorsements []string `json:"endorsements"`
	}
	if err := rc.Get(ctx, "/v1/service/endorsements", &ends); err != nil || len(ends.Endorsements) != 1 {
		t.Fatalf("endorsements %+v, %v", ends, err)
	}
	var certs []*x509.Certificate
	for _, p := range ends.Endorsements {
		e, err := enclave.ParseCertPEM([]byte(p))
		if err != nil {
			t.Fatal(err)
		}
		certs = append(certs, e)
	}
	if _, err := receipt.Verify(oldReceipt, n.ServiceCert()); err == nil {
		t.Fatal("an old receipt verified against the new service without the endorsement")
	}
	if _, err := receipt.VerifyEndorsed(oldReceipt, n.ServiceCert(), certs); err != nil {
		t.Fatalf("old receipt against the recovered service: %v", err)
	}
	// The recovered network goes on, and leaves the old nodes' secret
	// behind: private transactions wait for a fresh secret.
	waitFor(t, "a new ledger secret for the recovered network", 10*time.Second, func() bool {
		s := n.Store().Secrets()
		return s.Current == 3 && len(s.Held) == 3
	})
	must(rc.Transfer(ctx, "USD", "alice", "bob", "1", "after recovery", ""))
	must(rc.Transfer(ctx, "USD", "alice", "bob", "1", "after the new secret", ""))
	if a, err := rc.Account(ctx, "bob"); err != nil || a.Balances["USD"] == "" {
		t.Fatalf("bob: %+v, %v", a, err)
	}
}

// keepLedgerFiles moves node1's ledger files out of the sandbox in dir and
// deletes every node's data: all nodes are lost.
func keepLedgerFiles(t *testing.T, dir string) string {
	t.Helper()
	kept := filepath.Join(dir, "kept")
	if err := os.MkdirAll(kept, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "node1", "data", "ledger"), filepath.Join(kept, "ledger")); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if err := os.RemoveAll(filepath.Join(dir, fmt.Sprintf("node%d", i), "data")); err != nil {
			t.Fatal(err)
		}
	}
	return kept
}

// Issue 8, must show 4 for cross-ledger transfers: the transfer tables
// come back with the shares like the native ledger's.
func TestRecoverRestoresTransfers(t *testing.T) {
	if testing.Short() {
		t.Skip("four nodes and a chain")
	}
	x := startXferNet(t, nil)
	ctx := t.Context()
	tr := x.send(t, "fab-recovered-dest", "55", client.NewIdempotencyKey())
	want := x.wait(t, tr.ID, 30*time.Second)
	if want.State != StateCompleted {
		t.Fatalf("transfer: %+v", want)
	}
	settle(t, x.s)
	oldSvc := x.s.Nodes[0].ServiceCert()
	if err := x.s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	kept := keepLedgerFiles(t, x.dir)
	n, rc := recoveredNode(t, x.dir, kept, func(c *Config) {
		key := x.keys[0]
		c.openChains = func() (map[string]*chain, error) {
			conn := &fakeConn{c: x.fab, down: x.down[0].Load}
			return map[string]*chain{"fab": {name: "fab", kind: KindFabric, conn: conn, key: key, identity: key.identity(),
				poll: 50 * time.Millisecond, vault: "vault", shared: map[string]any{}}}, nil
		}
	})
	if _, err := rc.GetTransfer(ctx, tr.ID); err == nil {
		t.Fatal("a transfer is readable before the shares")
	}
	submitShare(t, x.dir, n, rc, 0, oldSvc)
	if _, err := rc.GetTransfer(ctx, tr.ID); err == nil {
		t.Fatal("a transfer is readable with k-1 shares")
	}
	if st := submitShare(t, x.dir, n, rc, 1, oldSvc); st.State != "open" {
		t.Fatalf("after two shares: %+v", st)
	}
	got, err := rc.GetTransfer(ctx, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != want.State || got.Amount != want.Amount || got.Destination != want.Destination || len(got.History) != len(want.History) {
		t.Fatalf("recovered transfer %+v\nwant %+v", got, want)
	}
}

// refuseJoinWhilePending has an outsider with good evidence ask n to join,
// and checks n refuses it because a recovery is pending.
func refuseJoinWhilePending(t *testing.T, n *Node) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	h, err := p2p.New(t.Context(), p2p.Config{Key: key, Listen: []string{"/ip4/127.0.0.1/tcp/0"}, Directory: trustsNobody{}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	o := &outsider{t: t, h: h, key: key, peers: n.mesh.Addrs()}
	virtual, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, raw := o.join(o.evidence(virtual, o.key, o.nonce()))
	o.refused(r, raw, JoinRecoveryPending)
}

// checkShareSealing checks what a member's client does with the
// recovering node's evidence: it reads the node policy from the old
// ledger's proof (not from what the node states), refuses a virtual node
// that policy does not allow, and a share it seals opens only with the
// node's key.
func checkShareSealing(t *testing.T, n *Node, c *client.Client, prev *x509.Certificate) {
	t.Helper()
	nonce := make([]byte, 32)
	rand.Read(nonce)
	var e RecoveryEvidence
	if err := c.Get(t.Context(), "/v1/recovery/evidence?nonce="+fmt.Sprintf("%x", nonce), &e); err != nil {
		t.Fatal(err)
	}
	if !e.AllowVirtual || e.Evidence.Platform != enclave.Virtual || len(e.PolicyProofs) == 0 {
		t.Fatalf("evidence %+v", e)
	}
	// What the node states is not what the member uses.
	stated := e
	stated.AllowVirtual, stated.Measurements = false, nil
	pol, err := VerifyRecoveredPolicy(&stated, prev)
	if err != nil || !pol.AllowVirtual {
		t.Fatalf("the proven policy: %+v, %v", pol, err)
	}
	// A proof changed in any way proves nothing.
	for name, tamper := range map[string]func(e *RecoveryEvidence){
		"no proofs": func(e *RecoveryEvidence) { e.PolicyProofs = nil },
		"a record changed": func(e *RecoveryEvidence) {
			e.PolicyProofs = slices.Clone(e.PolicyProofs)
			r := slices.Clone(e.PolicyProofs[0].Record)
			r[len(r)-1] ^= 1
			e.PolicyProofs[0].Record = r
		},
		"a receipt changed": func(e *RecoveryEvidence) {
			e.PolicyProofs = slices.Clone(e.PolicyProofs)
			e.PolicyProofs[0].Receipt = bytes.Replace(e.PolicyProofs[0].Receipt, []byte(`"claims_digest": "`), []byte(`"claims_digest": "f`), 1)
		},
	} {
		bad := e
		tamper(&bad)
		if _, err := VerifyRecoveredPolicy(&bad, prev); !errors.Is(err, ErrPolicyUnproven) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	sealed, err := SealShareForNode(&e, pol, nonce, []byte("share"))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := enclave.OpenWith(n.key, shareToNodeInfo, sealed); err != nil || string(b) != "share" {
		t.Fatalf("the sealed share does not open with the node's key: %q, %v", b, err)
	}
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if _, err := enclave.OpenWith(other, shareToNodeInfo, sealed); err == nil {
		t.Fatal("the sealed share opens with another key")
	}
	stale := make([]byte, 32)
	if _, err := SealShareForNode(&e, pol, stale, []byte("share")); err == nil {
		t.Fatal("evidence for another nonce was accepted")
	}
	strict := pol
	strict.AllowVirtual = false
	if _, err := SealShareForNode(&e, strict, nonce, []byte("share")); err == nil || !strings.Contains(err.Error(), "insecure virtual platform") {
		t.Fatalf("a virtual node the constitution does not allow: %v", err)
	}
}

// A node whose evidence the recovered constitution does not accept (here:
// a virtual node, where the old network stopped allowing virtual nodes)
// cannot recover the network.
func TestRecoveryChecksEvidenceAgainstTheRecoveredConstitution(t *testing.T) {
	dir := t.TempDir()
	g := startGovSandbox(t, dir)
	no := false
	g.pass(action(governance.ActionAllowVirtualNodes, map[string]*bool{"allow": &no}))
	settle(t, g.s)
	oldSvc := g.s.Nodes[0].ServiceCert()
	if err := g.s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	kept := keepLedgerFiles(t, dir)
	cfg, err := LoadConfig(filepath.Join(dir, "node1", "node.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var addrs [3]string
	taken := map[string]bool{}
	for i := range addrs {
		if addrs[i], err = freePort("127.0.0.1", taken); err != nil {
			t.Fatal(err)
		}
	}
	_, p2pPort, _ := net.SplitHostPort(addrs[2])
	cfg.DataDir = filepath.Join(dir, "recovered", "data")
	cfg.Listen = Listen{API: addrs[0], Raft: addrs[1], P2P: []string{"/ip4/127.0.0.1/tcp/" + p2pPort}}
	cfg.Public = Public{APIURL: "https://" + addrs[0], RaftAddress: addrs[1]}
	cfg.Raft.RTT, cfg.Raft.ElectionRTT, cfg.Raft.HeartbeatRTT = 20*time.Millisecond, 10, 2
	// coco recover --previous-service-cert: files of another service are refused.
	other, err := enclave.NewServiceIdentity("another network", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PrepareRecovery(*cfg, kept, RecoveryOptions{PreviousServiceCert: other.Cert}, testLogger(t)); err == nil || !strings.Contains(err.Error(), "not the pinned previous service") {
		t.Fatalf("recovery pinned to another service: %v", err)
	}
	if _, err := PrepareRecovery(*cfg, kept, RecoveryOptions{PreviousServiceCert: oldSvc}, testLogger(t)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := Start(ctx, *cfg, testLogger(t))
	if err == nil {
		n.Shutdown(context.Background())
		t.Fatal("a virtual node recovered a network whose constitution does not allow virtual nodes")
	}
	if !strings.Contains(err.Error(), "does not satisfy the recovered constitution") || !errors.Is(err, enclave.ErrVirtualNotAllowed) {
		t.Fatalf("refusal: %v", err)
	}

	// A node that lies about the recovered policy (a modified build)
	// gets no share from a member who pinned the old service: the member
	// reads the policy from the old ledger's proof, not from the node.
	plat, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := enclave.LoadOrCreateNodeKey(plat, filepath.Join(cfg.DataDir, "keys", "node.key"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := ledger.Open(ledger.Options{Dir: cfg.DataDir, Platform: plat, NodeKey: key})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	proofs, ends, err := policyProofsIn(st, oldSvc)
	if err != nil || len(proofs) == 0 {
		t.Fatalf("policy proofs: %d, %v", len(proofs), err)
	}
	nonce := make([]byte, 32)
	rand.Read(nonce)
	ev, err := plat.Evidence(ctx, key, nonce)
	if err != nil {
		t.Fatal(err)
	}
	lie := &RecoveryEvidence{Evidence: ev, AllowVirtual: true, Measurements: []string{}, PolicyProofs: proofs, Endorsements: ends}
	pol, err := VerifyRecoveredPolicy(lie, oldSvc)
	if err != nil || pol.AllowVirtual {
		t.Fatalf("the proven policy of a network without virtual nodes: %+v, %v", pol, err)
	}
	if _, err := SealShareForNode(lie, pol, nonce, []byte("share")); !errors.Is(err, enclave.ErrVirtualNotAllowed) {
		t.Fatalf("a share for a virtual node that claims the constitution allows it: %v", err)
	}
	// Only an explicit override trusts what the node states.
	stated, _ := lie.StatedPolicy()
	if _, err := SealShareForNode(lie, stated, nonce, []byte("share")); err != nil {
		t.Fatalf("the development override: %v", err)
	}
}
