package relay

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/relay/client"
)

// grepTree returns the files under dir that contain needle.
func grepTree(t *testing.T, dir string, needle []byte) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, needle) {
			hits = append(hits, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// secretsOf returns what each node's store says about its secrets.
func secretsOf(s *Sandbox) []ledger.Secrets {
	var out []ledger.Secrets
	for _, n := range s.Nodes {
		out = append(out, n.Store().Secrets())
	}
	return out
}

// Issue 8, must show 1 and 3: after native transfers, snapshots and a
// rekey, no file under any node's data directory holds a private value;
// old and new entries read; every node's ledger verifies.
func TestDataDirsHoldNoPrivateValues(t *testing.T) {
	dir := t.TempDir()
	g := startGovSandboxWith(t, dir, func(c *Config) { c.Raft.SnapshotEntries = 25 })
	ctx := t.Context()
	c := g.c
	const (
		alice = "zephyr-holdings-ltd"
		bob   = "quokka-trading-co"
		memo  = "invoice-QX-99172"
	)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.CreateAsset(ctx, "USD", 2, ""))
	must(c.CreateAccount(ctx, alice, ""))
	must(c.CreateAccount(ctx, bob, ""))
	must(c.Mint(ctx, "USD", alice, "9876543", ""))
	for range 20 {
		must(c.Transfer(ctx, "USD", alice, bob, "123457", memo, ""))
	}
	waitFor(t, "the genesis secret on every node", 10*time.Second, func() bool {
		for _, s := range secretsOf(g.s) {
			if s.Current != 1 || len(s.Held) != 1 {
				return false
			}
		}
		return true
	})
	l, err := g.s.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := governance.GetRecoveryShares(readerOf(l.Store()))
	if err != nil || rs == nil || len(rs.Shares) != 3 || rs.Threshold != 2 || rs.SecretVersion != 1 {
		t.Fatalf("recovery shares after genesis: %+v, %v", rs, err)
	}

	// Rekey: new entries use secret 2, old ones stay readable.
	p := g.propose(0, action(governance.ActionTriggerLedgerRekey, map[string]string{"reason": "quarterly"}))
	g.mustVote(0, p.ID, governance.VoteFor)
	if p = g.mustVote(1, p.ID, governance.VoteFor); p.State != governance.StateAccepted {
		t.Fatalf("rekey proposal: %s", p.State)
	}
	waitFor(t, "secret 2 on every node", 10*time.Second, func() bool {
		for _, s := range secretsOf(g.s) {
			if s.Current != 2 || len(s.Held) != 2 {
				return false
			}
		}
		return true
	})
	for range 10 {
		must(c.Transfer(ctx, "USD", bob, alice, "123457", memo, ""))
	}
	a, err := c.Account(ctx, bob)
	if err != nil || a.Balances["USD"] != "1234570" {
		t.Fatalf("%s after rekey: %+v, %v", bob, a, err)
	}
	waitFor(t, "recovery shares of secret 2", 10*time.Second, func() bool {
		rs, _ := governance.GetRecoveryShares(readerOf(l.Store()))
		return rs != nil && rs.SecretVersion == 2
	})
	// A higher threshold rotates the secret and splits the new one (the
	// old 2-of-3 set wraps only secret 2).
	p = g.propose(0, action(governance.ActionSetRecoveryThreshold, map[string]int{"threshold": 3}))
	g.mustVote(0, p.ID, governance.VoteFor)
	if p = g.mustVote(1, p.ID, governance.VoteFor); p.State != governance.StateAccepted {
		t.Fatalf("threshold proposal: %s", p.State)
	}
	waitFor(t, "shares re-split for threshold 3", 10*time.Second, func() bool {
		rs, _ := governance.GetRecoveryShares(readerOf(l.Store()))
		return rs != nil && rs.Threshold == 3 && len(rs.Shares) == 3 && rs.SecretVersion == 3
	})
	settle(t, g.s)
	info := l.Info()
	if !info.AtRest.Insecure || info.LedgerSecrets.Current != 3 {
		t.Fatalf("node info: at rest %+v, secrets %+v", info.AtRest, info.LedgerSecrets)
	}
	if err := g.s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	for _, needle := range []string{alice, bob, memo, "123457", "1234570", "9876543"} {
		if hits := grepTree(t, dir, []byte(needle)); len(hits) > 0 {
			t.Errorf("%q found in %v", needle, hits)
		}
	}
	// The search works: public records are there in the clear, in the
	// ledger files and the Raft logs.
	if hits := grepTree(t, dir, []byte("public:coco.gov.members")); len(hits) < 3 {
		t.Fatalf("a public table name is in only %v: the search does not work", hits)
	}
	snaps := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(path, "snapshot-") {
			snaps++
		}
		return nil
	})
	if snaps == 0 {
		t.Fatal("no Raft snapshot was taken: the test does not cover them")
	}
	plat, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range g.s.File.Nodes {
		rep, err := ledger.VerifyDir(filepath.Join(dir, n.Name, "data"), plat)
		if err != nil {
			t.Fatalf("%s: ledger does not verify: %v", n.Name, err)
		}
		if rep.Transactions < 40 {
			t.Fatalf("%s verified only %+v", n.Name, rep)
		}
	}
	// A restart loses nothing: every node reopens its sealed keys and
	// reads the private state.
	g2 := startGovSandboxWith(t, dir, func(c *Config) { c.Raft.SnapshotEntries = 25 })
	waitFor(t, "secrets after the restart", 10*time.Second, func() bool {
		for _, s := range secretsOf(g2.s) {
			if s.Current != 3 || len(s.Held) != 3 {
				return false
			}
		}
		return true
	})
	if a, err := g2.c.Account(ctx, bob); err != nil || a.Balances["USD"] != "1234570" {
		t.Fatalf("%s after a restart: %+v, %v", bob, a, err)
	}
	must(g2.c.Transfer(ctx, "USD", bob, alice, "1", memo, ""))
}

// Issue 8, must show 5: a removed node never receives the secret made at
// its removal, so it cannot read what is written after it.
func TestRemovedNodeCannotReadLaterEntries(t *testing.T) {
	g := startGovSandbox(t, t.TempDir())
	ctx := t.Context()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(g.c.CreateAsset(ctx, "USD", 2, ""))
	must(g.c.CreateAccount(ctx, "alice", ""))
	waitFor(t, "the genesis secret everywhere", 10*time.Second, func() bool {
		for _, s := range secretsOf(g.s) {
			if len(s.Held) != 1 {
				return false
			}
		}
		return true
	})
	l, err := g.s.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var gone *Node
	for _, n := range g.s.Nodes {
		if n != l {
			gone = n
		}
	}
	p := g.propose(0, action(governance.ActionRemoveNode, map[string]uint64{"node_id": gone.ID()}))
	g.mustVote(0, p.ID, governance.VoteFor)
	p, txid, err := g.submit(governance.MsgBallot, p.ID, g.sign(g.keys[1], governance.MsgBallot, p.ID, map[string]string{"vote": governance.VoteFor}))
	if err != nil || p.State != governance.StateAccepted {
		t.Fatalf("remove_node: %+v, %v", p, err)
	}
	// The secret changes in the transaction that accepted the removal:
	// nothing is ever written after it under a secret the node holds.
	id, err := receipt.ParseTxID(txid)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := l.Store().Record(id)
	if err != nil {
		t.Fatal(err)
	}
	rekeyed := false
	for _, w := range rec.Writes {
		if w.Table == ledger.TableSecrets && string(w.Key) == "latest" {
			rekeyed = true
		}
	}
	if !rekeyed {
		t.Fatalf("the transaction that removed node %d (%s) made no new ledger secret", gone.ID(), txid)
	}
	waitFor(t, "secret 2 on the leader", 5*time.Second, func() bool { return l.Store().Secrets().Current == 2 })
	must(g.c.CreateAccount(ctx, "written-after-removal", ""))
	must(g.c.Mint(ctx, "USD", "written-after-removal", "4242", ""))
	settle(t, g.s)
	if held := gone.Store().Secrets().Held; len(held) != 1 || held[0] != 1 {
		t.Fatalf("the removed node holds secrets %v", held)
	}
	// Even with a copy of the leader's ledger files, the removed node's
	// keys open nothing written after its removal.
	through := l.Store().Committed().LastSignature.Seqno
	opened, refused := 0, 0
	err = ledger.ReadRecords(filepath.Join(l.cfg.DataDir), through, func(enc []byte, rec *ledger.Record) error {
		if rec.Sealed == nil {
			return nil
		}
		_, err := gone.Store().OpenRecord(enc)
		switch {
		case rec.Sealed.Version == 1 && err == nil:
			opened++
		case rec.Sealed.Version == 2 && errors.Is(err, ledger.ErrSecretNotHeld):
			refused++
		default:
			t.Errorf("record %s under secret %d: %v", rec.ID, rec.Sealed.Version, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if opened == 0 || refused < 2 {
		t.Fatalf("opened %d records before the removal, refused %d after", opened, refused)
	}
	if _, _, ok, _ := gone.Store().Get("native.accounts", []byte("written-after-removal")); ok {
		t.Fatal("the removed node holds a row written after its removal")
	}
}

// Issue 8, must show 1 and 2 for cross-ledger transfers: after transfers
// between the native ledger and a chain, no data directory holds their
// accounts or memos; a user who is not a party gets 404 on a transfer, a
// party and a member read it, and an auditor designated by governance is
// admitted by the visibility rule.
func TestCrossLedgerTransfersStayPrivate(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes and a chain")
	}
	x := startXferNet(t, nil)
	ctx := t.Context()
	const (
		dest = "fab-zanzibar-holdings"
		memo = "memo-confidential-5531"
	)
	var ids []string
	for range 3 {
		tr, _, err := x.c.CreateTransfer(ctx, client.TransferRequest{
			Source:      client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
			Destination: client.Endpoint{Ledger: "fab", Account: dest},
			Amount:      "77", Memo: memo,
		}, "")
		if err != nil {
			t.Fatal(err)
		}
		if done := x.wait(t, tr.ID, 30*time.Second); done.State != StateCompleted {
			t.Fatalf("transfer %s: %+v", tr.ID, done)
		}
		ids = append(ids, tr.ID)
	}
	// chain → native: a deposit observed on the chain, minted to a native
	// account.
	const holder, native = "fab-quetzal-trader", "okapi-ventures-nv"
	if _, err := x.c.CreateAccount(ctx, native, ""); err != nil {
		t.Fatal(err)
	}
	dep := x.fab.deposit(connectors.Lock, "GOLD", holder, 5, "coco", native)
	if done := x.wait(t, dep.String(), 30*time.Second); done.State != StateCompleted {
		t.Fatalf("deposit %s: %+v", dep, done)
	}

	// A second user, not a party.
	stranger, err := client.NewIdentity(filepath.Join(x.dir, "stranger"), "stranger", false, client.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	certPEM, _ := os.ReadFile(stranger.Cert)
	x.decide(t, action(governance.ActionSetUser, map[string]string{"name": "stranger", "cert": string(certPEM)}))
	sk, err := client.LoadKey(stranger.Key)
	if err != nil {
		t.Fatal(err)
	}
	strangerID, _ := enclave.KeyID(sk.Public())
	sc := x.c.WithKey(sk)
	if _, err := sc.GetTransfer(ctx, ids[0]); err == nil {
		t.Fatal("a user who is not a party read the transfer")
	} else {
		var ce *client.Error
		if !errors.As(err, &ce) || (ce.Status != 404 && ce.Status != 403) {
			t.Fatalf("non-party: %v, want 403 or 404", err)
		}
	}
	if tr, err := x.c.GetTransfer(ctx, ids[0]); err != nil || tr.Memo != memo {
		t.Fatalf("the requesting party: %+v, %v", tr, err)
	}
	member := x.c.WithKey(x.govNet.keys[0])
	if tr, err := member.GetTransfer(ctx, ids[0]); err != nil || tr.Destination.Account != dest {
		t.Fatalf("a member: %+v, %v", tr, err)
	}
	x.decide(t, action(governance.ActionSetAuditors, map[string][]string{"user_ids": {strangerID}}))
	l, err := x.s.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the auditor designation", 5*time.Second, func() bool {
		ok, _ := governance.IsAuditor(readerOf(l.Store()), strangerID)
		return ok
	})
	stored, err := getTransfer(readerOf(l.Store()), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if !transferVisible(l.Store(), &caller{ID: strangerID}, stored) {
		t.Fatal("the designated auditor is not admitted")
	}

	settle(t, x.s)
	if err := x.s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, needle := range []string{dest, memo, holder, native} {
		for _, hit := range grepTree(t, x.dir, []byte(needle)) {
			t.Errorf("%q found in %s", needle, hit)
		}
	}
}

// The recovery shares never leave an old share set able to recover the
// current secret with more power than the members now grant: a raised
// threshold or a member's new encryption key rotates the secret (the old
// set wraps only the old one); a lowered threshold only re-splits.
func TestRecoverySharesRotateWhenTheyTighten(t *testing.T) {
	dir := t.TempDir()
	g := startGovSandbox(t, dir)
	ctx := t.Context()
	l, err := g.s.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shares := func() *governance.RecoveryShares {
		rs, _ := governance.GetRecoveryShares(readerOf(l.Store()))
		if rs == nil {
			return &governance.RecoveryShares{}
		}
		return rs
	}
	waitFor(t, "the genesis shares", 10*time.Second, func() bool { return shares().SecretVersion == 1 })
	if rs := shares(); rs.Threshold != 2 || len(rs.KeyIDs) != 3 {
		t.Fatalf("genesis shares: k=%d, key ids %v", rs.Threshold, rs.KeyIDs)
	}

	g.pass(action(governance.ActionSetRecoveryThreshold, map[string]int{"threshold": 3}))
	waitFor(t, "a new secret for threshold 3", 10*time.Second, func() bool {
		rs := shares()
		return rs.Threshold == 3 && rs.SecretVersion == 2
	})
	g.pass(action(governance.ActionSetRecoveryThreshold, map[string]int{"threshold": 2}))
	waitFor(t, "a re-split for threshold 2", 10*time.Second, func() bool { return shares().Threshold == 2 })
	if rs := shares(); rs.SecretVersion != 2 {
		t.Fatalf("a lowered threshold rotated the secret: %d", rs.SecretVersion)
	}

	// Member 2 replaces its encryption key.
	m := g.s.File.Members[2]
	cert, err := readFileString(filepath.Join(dir, m.Cert))
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	encPEM, _ := enclave.EncodePublicKeyPEM(&enc.PublicKey)
	kid, _ := enclave.KeyID(&enc.PublicKey)
	g.pass(action(governance.ActionSetMember, map[string]string{"name": m.Name, "cert": cert, "encryption_key": string(encPEM)}))
	waitFor(t, "a new secret after a member's new encryption key", 10*time.Second, func() bool {
		rs := shares()
		return rs.SecretVersion == 3 && slices.Contains(slices.Collect(maps.Values(rs.KeyIDs)), kid)
	})
	rs := shares()
	for id, sealed := range rs.Shares {
		if rs.KeyIDs[id] != kid {
			continue
		}
		if _, err := enclave.OpenWith(enc, governance.ShareInfo, sealed); err != nil {
			t.Fatalf("the share of the member with the new key does not open with it: %v", err)
		}
	}
}

// When no member holds an encryption key any more, the old share set is
// spent once (a new secret, an empty recovery record) and the leader does
// not go on rotating.
func TestRecoverySharesWithoutHolders(t *testing.T) {
	dir := t.TempDir()
	g := startGovSandbox(t, dir)
	l, err := g.s.Leader(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	shares := func() *governance.RecoveryShares {
		rs, _ := governance.GetRecoveryShares(readerOf(l.Store()))
		if rs == nil {
			return &governance.RecoveryShares{}
		}
		return rs
	}
	waitFor(t, "the genesis shares", 10*time.Second, func() bool { return len(shares().Shares) == 3 })
	var acts []Action
	for _, m := range g.s.File.Members {
		cert, err := readFileString(filepath.Join(dir, m.Cert))
		if err != nil {
			t.Fatal(err)
		}
		acts = append(acts, action(governance.ActionSetMember, map[string]string{"name": m.Name, "cert": cert}))
	}
	g.pass(acts...)
	waitFor(t, "an empty recovery record under a new secret", 10*time.Second, func() bool {
		rs := shares()
		return len(rs.Shares) == 0 && rs.SecretVersion == 2
	})
	time.Sleep(time.Second) // a few upkeep rounds
	if s := l.Store().Secrets(); s.Current != 2 {
		t.Fatalf("the leader kept rotating: secret %d", s.Current)
	}
}
