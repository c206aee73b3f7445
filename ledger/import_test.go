package ledger

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"

	"github.com/cocorelay/coco/ledger/receipt"
)

// privateRows returns every private row of a store as "table/key=value".
func privateRows(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	if err := s.PrivateRows(func(table string, key, value []byte) error {
		out = append(out, fmt.Sprintf("%s/%s=%s", table, key, value))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// importAll proposes the records of src's data directory, through its
// last signature, as import batches of a few records each.
func importAll(t *testing.T, dst *fixture, srcDir string, through uint64) {
	t.Helper()
	var recs [][]byte
	flush := func() {
		if len(recs) > 0 {
			dst.mustApply(&Batch{Kind: BatchImport, Records: recs})
			recs = nil
		}
	}
	err := ReadRecords(srcDir, through, func(enc []byte, _ *Record) error {
		recs = append(recs, enc)
		if len(recs) == 7 {
			flush()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	flush()
}

// A new network imports the records of a lost one: the tree (and so old
// receipts) is the old one, the public state is back, the private state
// comes back only with the latest ledger secret, through a restore.
func TestImportThenRestorePrivateTables(t *testing.T) {
	src := populated(t, 12)
	src.mustApply(src.exec(func(tx *Tx) {
		if _, err := src.s.NextSecret(tx, []*ecdsa.PublicKey{&src.key.PublicKey}, "trigger_ledger_rekey"); err != nil {
			t.Fatal(err)
		}
	}))
	src.put("accounts", "after-rekey", "v2")
	src.put("public:t", "public-row", "p")
	src.sign()
	oldReceipt, err := src.s.Receipt(TxID{View: 1, Seqno: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := privateRows(t, src.s)
	through := src.s.Committed().LastSignature.Seqno
	root := src.s.frontier.Root()
	_, latest := src.s.keys.current()
	kek := make([]byte, 32)
	rand.Read(kek)
	wrapped, err := latest.WrapForRecovery(kek)
	if err != nil {
		t.Fatal(err)
	}
	src.s.Close()
	src.s = nil

	dst := newFixture(t) // another node key, another service
	importAll(t, dst, src.dir, through)
	if dst.s.frontier.Root() != root {
		t.Fatal("the imported tree differs from the old one")
	}
	if v, _, ok, _ := dst.s.Get("public:t", []byte("public-row")); !ok || string(v) != "p" {
		t.Fatal("public row not imported")
	}
	if got := privateRows(t, dst.s); len(got) != 0 {
		t.Fatalf("private rows before recovery: %v", got)
	}
	if sec := dst.s.Secrets(); sec.Current != 2 || len(sec.Held) != 0 {
		t.Fatalf("secrets after import: %+v", sec)
	}
	if _, err := dst.s.SealTx(&Record{Kind: KindApp, ID: dst.next(), Writes: []Write{{Table: "accounts", Key: []byte("x"), Value: []byte("y")}}}, nil); !errors.Is(err, ErrRestorePending) {
		t.Fatalf("a private write before recovery: %v", err)
	}

	// The new network opens its own view and records its own service,
	// endorsing the old one; old receipts verify through it.
	dst.startView(1)
	oldSvc := src.svc.Cert
	rng, err := dst.s.SignedRange(through)
	if err != nil {
		t.Fatal(err)
	}
	end, err := dst.svc.EndorsePrevious(oldSvc, rng)
	if err != nil {
		t.Fatal(err)
	}
	dst.mustApply(dst.exec(func(tx *Tx) {
		tx.Put(TableService, ServiceCertKey, dst.svc.CertDER)
	}))
	dst.sign()
	// Before the endorsement (the shares are not in yet), an old
	// transaction's receipt is pending, not corrupt.
	if _, err := dst.s.Receipt(TxID{View: 1, Seqno: 5}); !errors.Is(err, ErrRecoveryPending) || errors.Is(err, ErrCorrupt) {
		t.Fatalf("an old receipt before the endorsement: %v, want ErrRecoveryPending", err)
	}
	// What the old service signed is there all along, for whoever holds
	// the old service certificate (a member checking the recovered
	// constitution).
	ir, irec, err := dst.s.ImportedReceipt(5, src.svc.Cert)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := receipt.Verify(ir.Marshal(), src.svc.Cert); err != nil || v.TxID.Seqno != 5 {
		t.Fatalf("imported receipt against the old service: %+v, %v", v, err)
	}
	if d := sha256.Sum256(irec); hex.EncodeToString(d[:]) != ir.WriteSetDigest {
		t.Fatal("the imported record is not the one the receipt covers")
	}
	if _, _, err := dst.s.ImportedReceipt(through+1, src.svc.Cert); !errors.Is(err, ErrUnknownTx) {
		t.Fatalf("a receipt of a transaction after the import: %v", err)
	}
	if _, _, err := dst.s.ImportedReceipt(5, dst.svc.Cert); err == nil {
		t.Fatal("an imported receipt checked against the new service")
	}
	dst.mustApply(dst.exec(func(tx *Tx) {
		if err := AddEndorsement(tx, end); err != nil {
			t.Fatal(err)
		}
	}))
	dst.sign()
	r, err := dst.s.Receipt(TxID{View: 1, Seqno: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.Marshal(), oldReceipt.Marshal()) {
		t.Fatal("the recovered ledger issues another receipt for an old transaction")
	}
	ends, _ := dst.s.Endorsements()
	if _, err := receipt.Verify(oldReceipt.Marshal(), dst.svc.Cert); err == nil {
		t.Fatal("an old receipt verified against the new service without the endorsement")
	}
	if _, err := receipt.VerifyEndorsed(oldReceipt.Marshal(), dst.svc.Cert, ends); err != nil {
		t.Fatalf("old receipt against the recovered service: %v", err)
	}

	// A node that gets a restore without the secrets cannot do what the
	// others do: it locks out (applies nothing more) rather than go on
	// with empty private tables.
	before := dst.s.LastApplied()
	if r := dst.apply(&Batch{Kind: BatchRestore, Through: through})[0]; r.Applied {
		t.Fatal("restore applied without the ledger secrets")
	}
	if err := dst.s.LockedOut(); !errors.Is(err, ErrSecretNotHeld) {
		t.Fatalf("after a restore it cannot apply, the store is not locked out: %v", err)
	}
	if got := dst.s.LastApplied(); got != before {
		t.Fatalf("the restore this node could not apply counts as applied (%d → %d)", before, got)
	}
	if r := dst.apply(dst.exec(func(tx *Tx) { tx.Put("public:t", []byte("later"), []byte("x")) }))[0]; r.Applied {
		t.Fatal("a locked-out store applied a later entry")
	}
	if got := privateRows(t, dst.s); len(got) != 0 {
		t.Fatalf("private rows after a failed restore: %v", got)
	}
	dst.reopen() // the entries are delivered again after a restart
	if _, err := UnwrapRecovered(2, wrapped, make([]byte, 32)); err == nil {
		t.Fatal("the wrong recovery key unwrapped the secret")
	}
	secret, err := UnwrapRecovered(2, wrapped, kek)
	if err != nil {
		t.Fatal(err)
	}
	if err := dst.s.RecoverSecrets(secret); err != nil {
		t.Fatal(err)
	}
	if sec := dst.s.Secrets(); len(sec.Held) != 2 {
		t.Fatalf("secrets after recovery: %+v", sec)
	}
	if rc := dst.s.Recovery(); !rc.Pending() || rc.ImportedThrough != through {
		t.Fatalf("recovery before the restore: %+v", rc)
	}
	dst.mustApply(&Batch{Kind: BatchRestore, Through: through})
	if rc := dst.s.Recovery(); rc.Pending() {
		t.Fatalf("recovery after the restore: %+v", rc)
	}
	if got := privateRows(t, dst.s); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("restored private rows:\n%v\nwant\n%v", got, want)
	}
	// The network goes on, but not under the old network's secret (every
	// copy of its shares opens it): private writes wait for a fresh one.
	if _, err := dst.s.SealTx(&Record{Kind: KindApp, ID: dst.next(), Writes: []Write{{Table: "accounts", Key: []byte("x"), Value: []byte("y")}}}, nil); !errors.Is(err, ErrSecretPending) {
		t.Fatalf("a private write under the recovered secret: %v", err)
	}
	dst.mustApply(dst.exec(func(tx *Tx) {
		if _, err := dst.s.NextSecret(tx, []*ecdsa.PublicKey{&dst.key.PublicKey}, "recovered"); err != nil {
			t.Fatal(err)
		}
	}))
	// Private writes under the fresh secret, readable after a restart;
	// the whole ledger verifies.
	dst.put("accounts", "after-recovery", "v3")
	dst.sign()
	dst.reopen()
	if v, _, ok, _ := dst.s.Get("accounts", []byte("after-rekey")); !ok || string(v) != "v2" {
		t.Fatal("restored row lost after a restart")
	}
	if v, _, ok, _ := dst.s.Get("accounts", []byte("after-recovery")); !ok || string(v) != "v3" {
		t.Fatal("new row lost after a restart")
	}
	dst.s.Close()
	dst.s = nil
	rep, err := VerifyDir(dst.dir, dst.plat)
	if err != nil {
		t.Fatalf("recovered ledger: %v", err)
	}
	if rep.First.Seqno != 1 || rep.Views != 2 {
		t.Fatalf("report %+v", rep)
	}
}

// Import batches are refused once the network has opened a view.
func TestImportOnlyBeforeTheFirstView(t *testing.T) {
	src := populated(t, 2)
	through := src.s.Committed().LastSignature.Seqno
	src.s.Close()
	src.s = nil
	dst := newFixture(t)
	dst.startView(1)
	var recs [][]byte
	if err := ReadRecords(src.dir, through, func(enc []byte, _ *Record) error { recs = append(recs, enc); return nil }); err != nil {
		t.Fatal(err)
	}
	if r := dst.apply(&Batch{Kind: BatchImport, Records: recs})[0]; r.Applied || !strings.Contains(r.Reason, "only before") {
		t.Fatalf("import after a view start: %+v", r)
	}
	if err := ReadRecords(src.dir, through+5, func([]byte, *Record) error { return nil }); err == nil {
		t.Fatal("reading past the end of the ledger files succeeded")
	}
}

// An endorsement vouches for the previous service's signatures through the
// end of the imported ledger only: a receipt an old node signed later (its
// key may be out there) does not verify against the new service.
func TestEndorsementCoversOnlyTheImportedLedger(t *testing.T) {
	src := populated(t, 4)
	src.sign()
	early := src.s.Committed().LastSignature
	inside := src.put("public:t", "inside", "x")
	src.sign()
	mid := src.s.Committed().LastSignature
	outside := src.put("public:t", "outside", "y")
	src.sign()
	rInside, err := src.s.Receipt(inside)
	if err != nil {
		t.Fatal(err)
	}
	rOutside, err := src.s.Receipt(outside)
	if err != nil {
		t.Fatal(err)
	}
	if early.Seqno >= inside.Seqno {
		t.Fatalf("fixture: signature %s, then %s", early, inside)
	}
	rng, err := src.s.SignedRange(mid.Seqno)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.s.SignedRange(inside.Seqno); !errors.Is(err, ErrNotSigned) {
		t.Fatalf("range through a transaction that is not a signature: %v", err)
	}
	next, err := enclave.NewServiceIdentity("recovered", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	der, err := next.EndorsePrevious(src.svc.Cert, rng)
	if err != nil {
		t.Fatal(err)
	}
	end, _ := x509.ParseCertificate(der)
	ends := []*x509.Certificate{end}
	if _, err := receipt.VerifyEndorsed(rInside.Marshal(), next.Cert, ends); err != nil {
		t.Fatalf("a receipt inside the endorsed range: %v", err)
	}
	if _, err := receipt.VerifyEndorsed(rOutside.Marshal(), next.Cert, ends); err == nil || !strings.Contains(err.Error(), "covers seqnos 1 to") {
		t.Fatalf("a receipt the old service signed after the endorsed range verified: %v", err)
	}
	// Both verify against the old service itself.
	if _, err := receipt.Verify(rOutside.Marshal(), src.svc.Cert); err != nil {
		t.Fatal(err)
	}
}

// A node whose ledger files begin after seqno 1 (it joined from a
// snapshot) cannot rebuild the private tables from the records: given a
// restore entry, even holding the recovered secrets, it locks out (applies
// nothing more, says why) rather than go on with empty private tables.
func TestRestoreLocksOutANodeThatJoinedFromASnapshot(t *testing.T) {
	src := populated(t, 12)
	want := privateRows(t, src.s)
	through := src.s.Committed().LastSignature.Seqno
	_, latest := src.s.keys.current()
	kek := make([]byte, 32)
	rand.Read(kek)
	wrapped, err := latest.WrapForRecovery(kek)
	if err != nil {
		t.Fatal(err)
	}
	src.s.Close()
	src.s = nil

	dst := newFixture(t)
	importAll(t, dst, src.dir, through)
	dst.startView(1)
	dst.put("public:t", "after-import", "x")
	var buf bytes.Buffer
	if err := dst.s.SaveSnapshot(dst.s.PrepareSnapshot(), &buf, nil); err != nil {
		t.Fatal(err)
	}

	joiner := newFixture(t)
	if err := joiner.s.RecoverFromSnapshot(bytes.NewReader(buf.Bytes()), nil); err != nil {
		t.Fatal(err)
	}
	joiner.index = joiner.s.LastApplied()
	if first := joiner.s.Committed().FirstSeqno; first <= 1 {
		t.Fatalf("the joiner's ledger files begin at seqno %d, want after the snapshot", first)
	}
	if rc := joiner.s.Recovery(); !rc.Pending() || rc.ImportedThrough != through {
		t.Fatalf("recovery on the joiner: %+v", rc)
	}
	secret, err := UnwrapRecovered(latest.version, wrapped, kek)
	if err != nil {
		t.Fatal(err)
	}
	// The joiner holds the secrets: the only thing it lacks is the records.
	if err := joiner.s.RecoverSecrets(secret); err != nil {
		t.Fatal(err)
	}
	before := joiner.s.LastApplied()
	if r := joiner.apply(&Batch{Kind: BatchRestore, Through: through})[0]; r.Applied {
		t.Fatal("a node without the records applied a restore")
	}
	if err := joiner.s.LockedOut(); err == nil || !strings.Contains(err.Error(), "ledger files begin at seqno") {
		t.Fatalf("after a restore it cannot apply, the joiner is not locked out for its ledger files: %v", err)
	}
	if got := joiner.s.LastApplied(); got != before {
		t.Fatalf("the restore the joiner could not apply counts as applied (%d → %d)", before, got)
	}
	if rc := joiner.s.Recovery(); !rc.Pending() {
		t.Fatalf("the joiner's recovery after a refused restore: %+v", rc)
	}
	if r := joiner.apply(&Batch{Kind: BatchViewStart, NodeID: 1, Term: 2})[0]; r.Applied {
		t.Fatal("a locked-out node applied a later entry")
	}
	if got := privateRows(t, joiner.s); len(got) != 0 {
		t.Fatalf("private rows on the locked-out joiner: %v", got)
	}
	// It stays locked out after a restart: the entry comes again and its
	// files still begin after seqno 1.
	joiner.reopen()
	if r := joiner.apply(&Batch{Kind: BatchRestore, Through: through})[0]; r.Applied {
		t.Fatal("a restore applied after a restart on a node without the records")
	}
	if err := joiner.s.LockedOut(); err == nil {
		t.Fatal("the joiner is not locked out after a restart")
	}

	// The node that holds every record restores alike.
	if err := dst.s.RecoverSecrets(secret); err != nil {
		t.Fatal(err)
	}
	dst.mustApply(&Batch{Kind: BatchRestore, Through: through})
	if got := privateRows(t, dst.s); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("restored private rows:\n%v\nwant\n%v", got, want)
	}
}
