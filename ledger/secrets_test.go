package ledger

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/ledger/receipt"
)

// grepDir returns the files under dir that contain needle.
func grepDir(t *testing.T, dir string, needle []byte) []string {
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

// Private rows are readable through the store and nowhere on disk: not in
// the ledger files (sealed writes), not in the state (Badger encrypts at
// rest), not in a snapshot.
func TestPrivateValuesNeverOnDisk(t *testing.T) {
	f := populated(t, 40)
	f.put("accounts", "zebra-holdings", "memo: secret-rent-4711")
	f.put("public:t", "visible-key", "visible-value")
	f.sign()
	if v, _, ok, err := f.s.Get("accounts", []byte("zebra-holdings")); err != nil || !ok || string(v) != "memo: secret-rent-4711" {
		t.Fatalf("private row = %q, %v, %v", v, ok, err)
	}
	if err := f.s.Sync(); err != nil {
		t.Fatal(err)
	}
	f.reopen() // flushes memtables and value logs through a restart
	f.s.Close()
	f.s = nil
	for _, needle := range []string{"zebra-holdings", "secret-rent-4711", "acct-007", "balance 35"} {
		if hits := grepDir(t, f.dir, []byte(needle)); len(hits) > 0 {
			t.Errorf("%q found on disk in %v", needle, hits)
		}
	}
	// The public part is stored in the clear (a check that the search
	// can find something at all).
	if hits := grepDir(t, filepath.Join(f.dir, "ledger"), []byte("visible-value")); len(hits) == 0 {
		t.Error("a public value is not in the ledger files: the search does not work")
	}
	f.open()
	if v, _, ok, _ := f.s.Get("accounts", []byte("zebra-holdings")); !ok || string(v) != "memo: secret-rent-4711" {
		t.Fatalf("private row after reopen = %q", v)
	}
	if at := f.s.AtRest(); !at.Insecure || at.SealedBy != "virtual" {
		t.Fatalf("at rest %+v: the virtual platform must be marked insecure", at)
	}
}

// The ciphertext is bound to its record: moving it to another record, or
// changing it, is refused, and the Merkle leaf covers it.
func TestSealedWritesAreBound(t *testing.T) {
	f := newFixture(t)
	f.startView(1)
	f.genesis()
	a := f.exec(func(tx *Tx) { tx.Put("accounts", []byte("a"), []byte("1")) })
	enc := a.Txs[0].Record
	rec, err := DecodeRecord(enc)
	if err != nil || rec.Sealed == nil || len(rec.Writes) != 0 {
		t.Fatalf("decoded %+v, %v: private writes must stay sealed", rec, err)
	}
	if bytes.Contains(enc, []byte("accounts")) {
		t.Fatal("the record names a private table in the clear")
	}
	tampered := bytes.Clone(enc)
	tampered[len(tampered)-1] ^= 1
	bad := *a
	bad.Txs = []ProposedTx{{Reads: a.Txs[0].Reads, SealedReads: a.Txs[0].SealedReads, Record: tampered}}
	// Data that does not decrypt under a secret this node holds is no
	// verdict on the entry: the node stops applying, loudly, and does not
	// count the entry as applied.
	before := f.s.LastApplied()
	if r := f.apply(&bad)[0]; r.Applied || !strings.Contains(r.Reason, "decrypt") {
		t.Fatalf("tampered ciphertext: %+v", r)
	}
	if err := f.s.LockedOut(); !errors.Is(err, ErrUndecryptable) || f.s.LastApplied() != before {
		t.Fatalf("after a tampered entry: locked out %v, applied %d (was %d)", err, f.s.LastApplied(), before)
	}
	f.reopen()
	// The same ciphertext under another id does not open.
	moved := *rec
	moved.ID.Seqno++
	head, _ := moved.encodeHead(nil, rec.Sealed)
	movedEnc := append(head, enc[len(head):]...)
	if _, err := openWrites(&moved, movedEnc, f.s.keys.get, nil); err == nil {
		t.Fatal("sealed writes opened under another transaction id")
	}
	f.mustApply(a)
	if v, _, ok, _ := f.s.Get("accounts", []byte("a")); !ok || string(v) != "1" {
		t.Fatalf("a = %q", v)
	}
}

// Reads of private tables travel sealed, and are still checked.
func TestSealedReadsAreChecked(t *testing.T) {
	f := newFixture(t)
	f.startView(1)
	f.genesis()
	f.put("accounts", "k", "1")
	// Executed after a write to k that commits first: its read is stale.
	id := f.next()
	id.Seqno++
	tx := NewTx(id, time.Now(), f.s)
	tx.Get("accounts", []byte("k"))
	tx.Put("accounts", []byte("k"), []byte("2"))
	rec, reads, err := tx.Finish()
	if err != nil {
		t.Fatal(err)
	}
	ptx, err := f.s.SealTx(rec, reads)
	if err != nil {
		t.Fatal(err)
	}
	stale := &Batch{Kind: BatchTxs, View: id.View, FirstSeqno: id.Seqno, Txs: []ProposedTx{ptx}}
	if len(ptx.Reads) != 0 || len(ptx.SealedReads) == 0 {
		t.Fatalf("private read sent in the clear: %+v", ptx.Reads)
	}
	if bytes.Contains(stale.Encode(), []byte("accounts")) {
		t.Fatal("the proposed batch names a private table in the clear")
	}
	f.put("accounts", "k", "3") // makes the read stale
	r := f.apply(stale)[0]
	if r.Applied || !strings.Contains(r.Reason, "(private key)") {
		t.Fatalf("stale sealed read: %+v", r)
	}
}

// After a rekey new entries use the new secret, old ones still read, the
// ledger verifies and receipts of both verify.
func TestRekeyKeepsOldEntriesReadable(t *testing.T) {
	f := populated(t, 5)
	old := f.put("accounts", "before", "v1")
	f.mustApply(f.exec(func(tx *Tx) {
		if _, err := f.s.NextSecret(tx, []*ecdsa.PublicKey{&f.key.PublicKey}, "trigger_ledger_rekey"); err != nil {
			t.Fatal(err)
		}
	}))
	if sec := f.s.Secrets(); sec.Current != 2 || len(sec.Held) != 2 {
		t.Fatalf("secrets after rekey: %+v", sec)
	}
	newer := f.put("accounts", "after", "v2")
	f.sign()
	for id, want := range map[TxID]uint64{old: 1, newer: 2} {
		enc := f.rawRecord(id)
		rec, _ := DecodeRecord(enc)
		if rec.Sealed == nil || rec.Sealed.Version != want {
			t.Fatalf("%s sealed under %+v, want version %d", id, rec.Sealed, want)
		}
		full, err := f.s.Record(id)
		if err != nil || len(full.Writes) != 1 {
			t.Fatalf("record %s: %+v, %v", id, full, err)
		}
		r, err := f.s.Receipt(id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := receipt.Verify(r.Marshal(), f.svc.Cert); err != nil {
			t.Fatalf("receipt of %s: %v", id, err)
		}
	}
	f.reopen()
	if v, _, ok, _ := f.s.Get("accounts", []byte("before")); !ok || string(v) != "v1" {
		t.Fatal("old row lost after rekey and reopen")
	}
	if _, err := f.s.Record(old); err != nil {
		t.Fatalf("old record after reopen: %v", err)
	}
	// A second change may not start while one is executed but not committed.
	tx := NewTx(f.next(), time.Now(), f.s)
	if _, err := f.s.NextSecret(tx, []*ecdsa.PublicKey{&f.key.PublicKey}, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.NextSecret(tx, []*ecdsa.PublicKey{&f.key.PublicKey}, "b"); !errors.Is(err, ErrSecretPending) {
		t.Fatalf("second rekey in one transaction: %v", err)
	}
	f.s.Close()
	f.s = nil
	if _, err := VerifyDir(f.dir, f.plat); err != nil {
		t.Fatalf("ledger after rekey does not verify: %v", err)
	}
}

// A node that is left out of a rekey (removed) reads what was written
// before it and nothing after: it locks out at the first entry it cannot
// read, and stays so across a restart.
func TestRemovedNodeCannotReadLaterEntries(t *testing.T) {
	a := newFixture(t)
	b := newFixture(t)
	b.svc = a.svc
	// b is a second replica: it applies the same entries. It was trusted
	// at genesis (its key got the first secret).
	var log []*Batch
	both := func(batch *Batch) {
		t.Helper()
		log = append(log, batch)
		a.mustApply(batch)
		if r := b.apply(batch)[0]; !r.Applied {
			t.Fatalf("replica b rejected %+v: %s", batch, r.Reason)
		}
	}
	both(&Batch{Kind: BatchViewStart, NodeID: 1, Term: 1})
	both(a.exec(func(tx *Tx) {
		tx.Put(TableService, ServiceCertKey, a.svc.CertDER)
		if _, err := a.s.NextSecret(tx, []*ecdsa.PublicKey{&a.key.PublicKey, &b.key.PublicKey}, "genesis"); err != nil {
			t.Fatal(err)
		}
	}))
	both(a.exec(func(tx *Tx) { tx.Put("accounts", []byte("early"), []byte("seen by b")) }))
	if v, _, ok, _ := b.s.Get("accounts", []byte("early")); !ok || string(v) != "seen by b" {
		t.Fatalf("b reads %q before its removal", v)
	}
	// b is removed: the next secret goes to a only.
	rekey := a.exec(func(tx *Tx) {
		if _, err := a.s.NextSecret(tx, []*ecdsa.PublicKey{&a.key.PublicKey}, "remove_node"); err != nil {
			t.Fatal(err)
		}
	})
	a.mustApply(rekey)
	late := a.exec(func(tx *Tx) { tx.Put("accounts", []byte("late"), []byte("not for b")) })
	a.mustApply(late)
	if v, _, ok, _ := a.s.Get("accounts", []byte("late")); !ok || string(v) != "not for b" {
		t.Fatalf("a reads %q", v)
	}
	res := b.apply(rekey, late)
	if !res[0].Applied {
		t.Fatalf("b refused the rekey entry itself: %s", res[0].Reason)
	}
	if res[1].Applied || !strings.Contains(res[1].Reason, ErrSecretNotHeld.Error()) {
		t.Fatalf("b applied an entry sealed under a secret it never got: %+v", res[1])
	}
	if err := b.s.LockedOut(); !errors.Is(err, ErrSecretNotHeld) {
		t.Fatalf("b is not locked out: %v", err)
	}
	if _, _, ok, _ := b.s.Get("accounts", []byte("late")); ok {
		t.Fatal("b holds a row written after its removal")
	}
	if sec := b.s.Secrets(); len(sec.Held) != 1 || sec.Held[0] != 1 {
		t.Fatalf("b holds secrets %+v", sec)
	}
	// After a restart b still cannot apply it (it is not a verdict: the
	// entry stays unapplied).
	b.reopen()
	if got := b.s.LastApplied(); got != a.s.LastApplied()-1 {
		t.Fatalf("b applied up to %d, a %d", got, a.s.LastApplied())
	}
	b.index = b.s.LastApplied()
	if r := b.apply(late)[0]; r.Applied {
		t.Fatal("b applied the late entry after a restart")
	}
	for _, needle := range []string{"not for b"} {
		if hits := grepDir(t, filepath.Join(b.dir, "ledger"), []byte(needle)); len(hits) > 0 {
			t.Errorf("%q in b's ledger files %v", needle, hits)
		}
	}
}

// A joining node takes every secret the network holds; it then applies
// entries of any version.
func TestExportImportSecrets(t *testing.T) {
	a := populated(t, 2)
	b := newFixture(t)
	blob, err := a.s.ExportSecrets(&b.key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.s.ImportSecrets(blob); err == nil {
		t.Fatal("secrets sealed to b opened with a's key")
	}
	if err := b.s.ImportSecrets(blob); err != nil {
		t.Fatal(err)
	}
	if sec := b.s.Secrets(); len(sec.Held) != 1 || sec.Held[0] != 1 {
		t.Fatalf("b holds %+v", sec)
	}
	b.reopen() // sealed at rest
	if sec := b.s.Secrets(); len(sec.Held) != 1 {
		t.Fatalf("b holds %+v after reopen", sec)
	}
}

// rawRecord returns a committed record as stored.
func (f *fixture) rawRecord(id TxID) []byte {
	f.t.Helper()
	rec, err := f.s.recordAt(id.Seqno)
	if err != nil {
		f.t.Fatal(err)
	}
	return rec.enc
}

// Node-local data sealed under the state key opens only with the same
// store's keys and the same additional data.
func TestSealLocal(t *testing.T) {
	a := newFixture(t)
	b := newFixture(t)
	sealed := a.s.SealLocal([]byte("observation: 4711 to zebra"), []byte("observations"))
	if bytes.Contains(sealed, []byte("zebra")) {
		t.Fatal("sealed local data holds the plaintext")
	}
	if got, err := a.s.OpenLocal(sealed, []byte("observations")); err != nil || string(got) != "observation: 4711 to zebra" {
		t.Fatalf("open = %q, %v", got, err)
	}
	if _, err := a.s.OpenLocal(sealed, []byte("votes")); err == nil {
		t.Fatal("opened under other additional data")
	}
	if _, err := b.s.OpenLocal(sealed, []byte("observations")); err == nil {
		t.Fatal("another node's store opened it")
	}
	a.reopen()
	if _, err := a.s.OpenLocal(sealed, []byte("observations")); err != nil {
		t.Fatalf("after reopen: %v", err)
	}
}

// A node that joined before a rekey (it holds secret 1) catches up from a
// snapshot taken after it: the snapshot's own secrets table gives it
// secret 2 (sealed to its key), and the private rows sealed under 2 open.
func TestSnapshotAfterRekeyTeachesTheJoiner(t *testing.T) {
	src := populated(t, 3)
	dst := newFixture(t)
	blob, err := src.s.ExportSecrets(&dst.key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := dst.s.ImportSecrets(blob); err != nil {
		t.Fatal(err)
	}
	src.mustApply(src.exec(func(tx *Tx) {
		if _, err := src.s.NextSecret(tx, []*ecdsa.PublicKey{&src.key.PublicKey, &dst.key.PublicKey}, "trigger_ledger_rekey"); err != nil {
			t.Fatal(err)
		}
	}))
	src.put("accounts", "under-secret-2", "v2")
	var buf bytes.Buffer
	if err := src.s.SaveSnapshot(src.s.PrepareSnapshot(), &buf, nil); err != nil {
		t.Fatal(err)
	}
	if err := dst.s.RecoverFromSnapshot(bytes.NewReader(buf.Bytes()), nil); err != nil {
		t.Fatal(err)
	}
	if v, _, ok, _ := dst.s.Get("accounts", []byte("under-secret-2")); !ok || string(v) != "v2" {
		t.Fatalf("row under secret 2 after the snapshot: %q", v)
	}
	if sec := dst.s.Secrets(); sec.Current != 2 || len(sec.Held) != 2 {
		t.Fatalf("joiner's secrets %+v", sec)
	}
	// A node left out of secret 2 cannot restore the snapshot.
	other := newFixture(t)
	s1, _ := src.s.keys.get(1)
	if err := other.s.keys.add(s1); err != nil {
		t.Fatal(err)
	}
	if err := other.s.RecoverFromSnapshot(bytes.NewReader(buf.Bytes()), nil); !errors.Is(err, ErrSecretNotHeld) {
		t.Fatalf("a node without secret 2 restored the snapshot: %v", err)
	}
}

// A private transaction executed while a rekey was executed but not
// committed is sealed under the secret the rekey retires (which a removed
// node holds): applied after the rekey, it is refused, and nothing of it
// is written.
func TestPrivateDataSealedUnderARetiredSecretIsRefused(t *testing.T) {
	f := populated(t, 2)
	rekey := f.exec(func(tx *Tx) {
		if _, err := f.s.NextSecret(tx, []*ecdsa.PublicKey{&f.key.PublicKey}, "trigger_ledger_rekey"); err != nil {
			t.Fatal(err)
		}
	})
	// Executed after the rekey (next seqno), before it committed.
	id := TxID{View: rekey.View, Seqno: rekey.FirstSeqno + 1}
	tx := NewTx(id, time.Now(), f.s)
	tx.Put("accounts", []byte("late"), []byte("sealed under the old secret"))
	rec, reads, err := tx.Finish()
	if err != nil {
		t.Fatal(err)
	}
	ptx, err := f.s.SealTx(rec, reads)
	if err != nil {
		t.Fatal(err)
	}
	f.mustApply(rekey)
	r := f.apply(&Batch{Kind: BatchTxs, View: id.View, FirstSeqno: id.Seqno, Txs: []ProposedTx{ptx}})[0]
	if r.Applied || !strings.Contains(r.Reason, "not the current 2") {
		t.Fatalf("private data sealed under the retired secret: %+v", r)
	}
	if _, _, ok, _ := f.s.Get("accounts", []byte("late")); ok {
		t.Fatal("the refused write is in the state")
	}
	// Executed again, it is sealed under the new secret and applies.
	f.put("accounts", "late", "sealed under the new secret")
}

// Nonces are 96 random bits: the seqno is no part of them (a leader change
// re-executes a seqno with other contents), and sealing one seqno twice
// gives two unrelated nonces.
func TestRecordNoncesAreRandom(t *testing.T) {
	f := populated(t, 2)
	id := f.next()
	seen := map[[nonceSize]byte]bool{}
	prefixed := 0
	for range 64 {
		ptx, err := f.s.SealTx(&Record{Kind: KindApp, ID: id, Writes: []Write{{Table: "accounts", Key: []byte("k"), Value: []byte("v")}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := DecodeRecord(ptx.Record)
		if err != nil || rec.Sealed == nil {
			t.Fatalf("%+v, %v", rec, err)
		}
		n := rec.Sealed.Nonce
		if seen[n] {
			t.Fatal("a nonce repeated")
		}
		seen[n] = true
		if binary.BigEndian.Uint64(n[:8]) == id.Seqno {
			prefixed++
		}
	}
	if prefixed > 1 {
		t.Fatalf("%d of 64 nonces begin with the seqno", prefixed)
	}
}

// A secret is held as soon as its row is visible: a reader of committed
// state (a join reply, which exports the held secrets) never sees a
// secret's row before the keyring has it.
func TestSecretHeldBeforeItsRowIsVisible(t *testing.T) {
	f := populated(t, 2)
	stop := make(chan struct{})
	bad := make(chan string, 1)
	go func() {
		for {
			select {
			case <-stop:
				close(bad)
				return
			default:
			}
			b, _, ok, err := f.s.Get(TableSecrets, LatestSecretKey)
			if err != nil || !ok {
				continue
			}
			v := binary.BigEndian.Uint64(b[len(b)-8:])
			if !slices.Contains(f.s.Secrets().Held, v) {
				select {
				case bad <- fmt.Sprintf("secret %d is visible but not held", v):
				default:
				}
			}
		}
	}()
	for range 30 {
		f.mustApply(f.exec(func(tx *Tx) {
			if _, err := f.s.NextSecret(tx, []*ecdsa.PublicKey{&f.key.PublicKey}, "trigger_ledger_rekey"); err != nil {
				t.Fatal(err)
			}
		}))
	}
	close(stop)
	if msg, ok := <-bad; ok && msg != "" {
		t.Fatal(msg)
	}
}

// Each secret row carries a check value; a node verifies the secret it
// learns against it, and refuses one that does not match.
func TestSecretRowsCarryACheckValue(t *testing.T) {
	f := populated(t, 2)
	b, _, ok, err := f.s.Get(TableSecrets, secretKey(1))
	if err != nil || !ok {
		t.Fatalf("secret row: %v %v", ok, err)
	}
	rec, err := decodeSecretRecord(secretKey(1), b)
	if err != nil || len(rec.Check) != 16 {
		t.Fatalf("record %+v, %v", rec, err)
	}
	held, err := f.s.keys.get(1)
	if err != nil {
		t.Fatal(err)
	}
	if err := held.verifyCheck(rec); err != nil {
		t.Fatalf("the held secret: %v", err)
	}
	other, _ := randomSecret(1)
	if err := other.verifyCheck(rec); err == nil {
		t.Fatal("another secret matched the check value")
	}
	if bytes.Contains(b, held.key[:]) {
		t.Fatal("the row holds the secret in the clear")
	}
	none := func(uint64) *Secret { return nil }
	if ss, err := f.s.keys.learn(rec, none); err != nil || len(ss) != 1 {
		t.Fatalf("learn: %v, %v", ss, err)
	}
	bad := *rec
	bad.Check = bytes.Clone(rec.Check)
	bad.Check[0] ^= 1
	if _, err := f.s.keys.learn(&bad, none); err == nil || !strings.Contains(err.Error(), "check value") {
		t.Fatalf("learned a secret that does not match its check value: %v", err)
	}
	bad.Check = nil
	if _, err := f.s.keys.learn(&bad, none); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("learned a secret whose row has no check value: %v", err)
	}
}

// A secret printed or logged by mistake shows its version only.
func TestSecretIsRedacted(t *testing.T) {
	s, err := randomSecret(7)
	if err != nil {
		t.Fatal(err)
	}
	hexKey := fmt.Sprintf("%x", s.key[:])
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("oops", "secret", s)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("oops", "secret", s)
	for _, out := range []string{
		fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %x %X %q", s, s, s, s, s, s, s), fmt.Sprintf("%v", *s), fmt.Sprintf("%+v", []*Secret{s}), fmt.Sprintf("%v", struct{ S Secret }{*s}), logged.String(),
	} {
		if strings.Contains(out, hexKey) || strings.Contains(strings.ToLower(out), hexKey[:16]) || bytes.Contains([]byte(out), s.key[:8]) ||
			strings.Contains(out, strings.Trim(fmt.Sprint(s.key[:6]), "[]")) {
			t.Fatalf("the key shows: %s", out)
		}
		if !strings.Contains(out, "7") {
			t.Fatalf("the version does not show: %s", out)
		}
	}
}
