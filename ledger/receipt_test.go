package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger/receipt"
)

func TestSignatureChecks(t *testing.T) {
	f := newFixture(t)
	f.startView(1)
	// No service certificate yet: a signature cannot be checked.
	if r := f.apply(f.signBatch(f.key, 1, f.cert))[0]; r.Applied {
		t.Fatal("signature before genesis accepted")
	}
	f.genesis()
	f.put("public:t", "a", "1")

	otherSvc, err := enclave.NewServiceIdentity("other", f.svc.Cert.NotBefore)
	if err != nil {
		t.Fatal(err)
	}
	foreignCert, err := otherSvc.EndorseNode(enclave.NodeCertRequest{NodeID: 1, PublicKey: &f.key.PublicKey, Platform: enclave.Virtual, Measurement: []byte("m")})
	if err != nil {
		t.Fatal(err)
	}
	key2, cert2 := f.nodeCert(2)
	badRoot := f.signBatch(f.key, 1, f.cert)
	rec, _ := DecodeRecord(badRoot.Txs[0].Record)
	info, _ := decodeSignatureInfo(rec.Writes[0].Value)
	info.Root[0] ^= 1
	rec.Writes[0].Value = info.encode()
	badRoot.Txs[0].Record = rec.Encode()

	cases := map[string]*Batch{
		"root differs":            badRoot,
		"not the view's leader":   f.signBatch(key2, 2, cert2),
		"cert of another node":    f.signBatch(f.key, 1, cert2),
		"cert of another service": f.signBatch(f.key, 1, foreignCert),
		"wrong key":               f.signBatch(key2, 1, f.cert),
	}
	for name, b := range cases {
		if r := f.apply(b)[0]; r.Applied {
			t.Errorf("%s: signature accepted", name)
		} else if !strings.Contains(r.Reason, "signature") {
			t.Errorf("%s: reason %q", name, r.Reason)
		}
	}
	id := f.sign()
	if c := f.s.Committed(); c.LastSignature != id {
		t.Fatalf("last signature %s, want %s", c.LastSignature, id)
	}
}

func TestReceiptVerifiesAndEveryByteMatters(t *testing.T) {
	f := populated(t, 9)
	id := TxID{View: 1, Seqno: 5}
	r, err := f.s.Receipt(id)
	if err != nil {
		t.Fatal(err)
	}
	data := r.Marshal()
	v, err := receipt.Verify(data, f.svc.Cert)
	if err != nil {
		t.Fatalf("valid receipt rejected: %v", err)
	}
	if v.TxID != id || v.NodeID != 1 || v.Platform != enclave.Virtual {
		t.Fatalf("verified %+v", v)
	}
	if !strings.Contains(v.Summary(), "1.5") {
		t.Fatalf("summary %q", v.Summary())
	}
	// Whitespace is not meaning: a compact form verifies too.
	var compact bytes.Buffer
	compactJSON(t, &compact, data)
	if _, err := receipt.Verify(compact.Bytes(), f.svc.Cert); err != nil {
		t.Fatalf("compact receipt rejected: %v", err)
	}
	for i := range data {
		for _, mask := range []byte{0x01, 0x02, 0x20, 0x80} {
			bad := append([]byte(nil), data...)
			bad[i] ^= mask
			if _, err := receipt.Verify(bad, f.svc.Cert); err == nil {
				t.Fatalf("receipt with byte %d (%q) xor %#x verified", i, data[i], mask)
			} else if !errors.Is(err, receipt.ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
		}
	}
	other, _ := enclave.NewServiceIdentity("other", f.svc.Cert.NotBefore)
	if _, err := receipt.Verify(data, other.Cert); err == nil {
		t.Fatal("receipt verified against another service")
	}
	// Every committed transaction before the signature has a receipt.
	for s := uint64(1); s < f.s.Committed().LastSignature.Seqno; s++ {
		e, _ := f.s.index(s)
		r, err := f.s.Receipt(e.leaf.ID)
		if err != nil {
			t.Fatalf("receipt of %s: %v", e.leaf.ID, err)
		}
		if _, err := receipt.Verify(r.Marshal(), f.svc.Cert); err != nil {
			t.Fatalf("receipt of %s: %v", e.leaf.ID, err)
		}
	}
	// After the last signature: not signed yet. Never committed: unknown.
	after := f.put("public:t", "late", "x")
	if _, err := f.s.Receipt(after); !errors.Is(err, ErrNotSigned) {
		t.Fatalf("receipt of an unsigned transaction: %v", err)
	}
	if _, err := f.s.Receipt(TxID{View: 1, Seqno: 999}); !errors.Is(err, ErrUnknownTx) {
		t.Fatalf("receipt of an unknown transaction: %v", err)
	}
	if _, err := f.s.Receipt(TxID{View: 7, Seqno: 3}); !errors.Is(err, ErrInvalidTx) {
		t.Fatalf("receipt of an invalid transaction: %v", err)
	}
}

func compactJSON(t *testing.T, dst *bytes.Buffer, src []byte) {
	t.Helper()
	if err := json.Compact(dst, src); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyDirNamesTamperedTransaction(t *testing.T) {
	f := populated(t, 30)
	f.put("public:t", "unsigned", "tail")
	f.s.Close()
	f.s = nil
	rep, err := VerifyDir(f.dir, f.plat)
	if err != nil {
		t.Fatalf("intact ledger: %v", err)
	}
	if rep.Transactions != 34 || rep.Signatures != 1 || rep.Unsigned != 1 || rep.Views != 1 {
		t.Fatalf("report %+v", rep)
	}
	// Change one byte inside the value of transaction 1.12 on disk.
	target := TxID{View: 1, Seqno: 12}
	path, off := locate(t, f.dir, target)
	flipByte(t, path, off, 0x01)
	_, err = VerifyDir(f.dir, f.plat)
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.ID != target {
		t.Fatalf("tampered ledger: %v", err)
	}
	if !strings.Contains(err.Error(), "1.12") {
		t.Fatalf("error does not name the transaction: %v", err)
	}
}

func TestVerifyDirWithoutStateUsesSignatures(t *testing.T) {
	f := populated(t, 10)
	f.s.Close()
	f.s = nil
	target := TxID{View: 1, Seqno: 6}
	path, off := locate(t, f.dir, target)
	flipByte(t, path, off, 0x04)
	// Without the node's state only the signatures can tell.
	if err := os.RemoveAll(filepath.Join(f.dir, "state")); err != nil {
		t.Fatal(err)
	}
	_, err := VerifyDir(f.dir, f.plat)
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.ID.Seqno != 13 || !strings.Contains(err.Error(), "root") {
		t.Fatalf("tampered ledger without state: %v", err)
	}
}

// locate returns the ledger file and offset of a byte inside tx id's
// sealed private writes (the last byte of the record).
func locate(t *testing.T, dir string, id TxID) (string, int64) {
	t.Helper()
	plat, _ := enclave.Open(enclave.Virtual, enclave.Options{})
	s, err := Open(Options{Dir: dir, SegmentSize: 4 << 10, Platform: plat})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := s.index(id.Seqno)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "ledger", segmentName(e.segment))
	b, _ := os.ReadFile(path)
	rec, err := DecodeRecord(b[e.offset : e.offset+int64(e.length)])
	if err != nil || rec.Sealed == nil {
		t.Fatalf("record %s has no sealed writes to change: %v", id, err)
	}
	return path, e.offset + int64(e.length) - 1
}

func flipByte(t *testing.T, path string, off int64, mask byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[off] ^= mask
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestSnapshotRecovery(t *testing.T) {
	src := populated(t, 20)
	ss := src.s.PrepareSnapshot()
	var buf bytes.Buffer
	if err := src.s.SaveSnapshot(ss, &buf, nil); err != nil {
		t.Fatal(err)
	}
	dst := newFixture(t)
	dst.startView(1) // state that the snapshot replaces
	snap := buf.Bytes()
	if err := dst.s.RecoverFromSnapshot(bytes.NewReader(snap[:len(snap)-1]), nil); err == nil {
		t.Fatal("truncated snapshot accepted")
	}
	corrupt := append([]byte(nil), snap...)
	corrupt[len(corrupt)/2] ^= 1
	if err := dst.s.RecoverFromSnapshot(bytes.NewReader(corrupt), nil); err == nil {
		t.Fatal("corrupt snapshot accepted")
	}
	// Private rows travel sealed: the snapshot names no account, and a
	// node without the ledger secret cannot restore it.
	if bytes.Contains(snap, []byte("acct-0")) || bytes.Contains(snap, []byte("balance 35")) {
		t.Fatal("the snapshot holds a private row in the clear")
	}
	if err := dst.s.RecoverFromSnapshot(bytes.NewReader(snap), nil); !errors.Is(err, ErrSecretNotHeld) {
		t.Fatalf("snapshot restored without the ledger secret: %v", err)
	}
	blob, err := src.s.ExportSecrets(&dst.key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := dst.s.ImportSecrets(blob); err != nil {
		t.Fatal(err)
	}
	if err := dst.s.RecoverFromSnapshot(bytes.NewReader(snap), nil); err != nil {
		t.Fatal(err)
	}
	got, want := dst.s.Committed(), src.s.Committed()
	if got.FirstSeqno != want.ID.Seqno+1 {
		t.Fatalf("first held seqno %d, want %d", got.FirstSeqno, want.ID.Seqno+1)
	}
	got.FirstSeqno = want.FirstSeqno
	if got != want {
		t.Fatalf("committed %+v, want %+v", got, want)
	}
	if dst.s.frontier.Root() != src.s.frontier.Root() {
		t.Fatal("root differs after recovery")
	}
	v, _, ok, _ := dst.s.Get("accounts", []byte("acct-005"))
	if !ok || string(v) != "balance 35" {
		t.Fatalf("state after recovery: %q", v)
	}
	// Receipts for old transactions still work; their records are not held.
	old := TxID{View: 1, Seqno: 4}
	r, err := dst.s.Receipt(old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := receipt.Verify(r.Marshal(), src.svc.Cert); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.s.Record(old); err == nil {
		t.Fatal("record from before the snapshot returned")
	}
	// The replica goes on applying after the snapshot, and its ledger
	// verifies from there.
	dst.index = dst.s.LastApplied()
	dst.key, dst.cert, dst.svc = src.key, src.cert, src.svc
	dst.put("public:t", "after", "snapshot")
	dst.sign()
	dst.reopen()
	dst.s.Close()
	dst.s = nil
	rep, err := VerifyDir(dst.dir, dst.plat)
	if err != nil {
		t.Fatal(err)
	}
	if rep.First.Seqno != src.s.Committed().ID.Seqno+1 || rep.Signatures != 1 {
		t.Fatalf("report %+v", rep)
	}
}
