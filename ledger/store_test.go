package ledger

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRecordRoundTripAndCanonical(t *testing.T) {
	r := &Record{Kind: KindApp, ID: TxID{View: 2, Seqno: 9}, Writes: []Write{
		{Table: "public:a", Key: []byte("k1"), Value: []byte("v1")},
		{Table: "public:a", Key: []byte("k2"), Delete: true},
		{Table: "public:b", Key: []byte{}, Value: []byte{}},
	}}
	enc := r.Encode()
	got, err := DecodeRecord(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Encode(), enc) || got.ID != r.ID || len(got.Writes) != 3 || !got.Writes[1].Delete {
		t.Fatalf("round trip changed the record: %+v", got)
	}
	unsorted := &Record{Kind: KindApp, ID: r.ID, Writes: []Write{r.Writes[1], r.Writes[0]}}
	if _, err := DecodeRecord(unsorted.Encode()); err == nil {
		t.Fatal("unsorted writes accepted")
	}
	if _, err := DecodeRecord(append(enc, 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
	if _, err := DecodeRecord(enc[:len(enc)-1]); err == nil {
		t.Fatal("truncated record accepted")
	}
	bad := &Record{Kind: KindApp, ID: r.ID, Writes: []Write{{Table: "public:Bad Table", Key: []byte("k")}}}
	if _, err := DecodeRecord(bad.Encode()); err == nil {
		t.Fatal("invalid table name accepted")
	}
}

func TestParseTxID(t *testing.T) {
	for _, s := range []string{"1.1", "3.42", "18446744073709551615.7"} {
		id, err := ParseTxID(s)
		if err != nil || id.String() != s {
			t.Errorf("ParseTxID(%q) = %v, %v", s, id, err)
		}
	}
	for _, s := range []string{"", "1", "0.1", "1.0", "01.2", "1.02", "+1.2", "1.2.3", "a.b", "1.-2", "18446744073709551616.1"} {
		if _, err := ParseTxID(s); err == nil {
			t.Errorf("ParseTxID(%q) accepted", s)
		}
	}
}

func TestTxCollectsReadsAndWrites(t *testing.T) {
	m := NewMapState()
	m.Apply(&Record{ID: TxID{View: 1, Seqno: 5}, Writes: []Write{{Table: "public:t", Key: []byte("a"), Value: []byte("1")}}})
	tx := NewTx(TxID{View: 1, Seqno: 6}, time.Now(), m)
	if v, ok, _ := tx.Get("public:t", []byte("a")); !ok || string(v) != "1" {
		t.Fatalf("Get = %q, %v", v, ok)
	}
	tx.Get("public:t", []byte("missing"))
	tx.Put("public:t", []byte("a"), []byte("2"))
	if v, _, _ := tx.Get("public:t", []byte("a")); string(v) != "2" {
		t.Fatal("a transaction does not read its own write")
	}
	tx.Delete("public:t", []byte("b"))
	rec, reads, err := tx.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if len(reads) != 2 || reads[0].Version != 5 || reads[1].Version != 0 {
		t.Fatalf("reads = %+v", reads)
	}
	if len(rec.Writes) != 2 || string(rec.Writes[0].Key) != "a" || !rec.Writes[1].Delete {
		t.Fatalf("writes = %+v", rec.Writes)
	}
	tx2 := NewTx(TxID{View: 1, Seqno: 7}, time.Now(), m)
	tx2.Put(TableViews, []byte("x"), nil)
	if _, _, err := tx2.Finish(); err == nil {
		t.Fatal("write to a reserved table accepted")
	}
}

func TestApplyCommitsAndPersists(t *testing.T) {
	f := newFixture(t)
	vs := f.startView(1)
	if vs != (TxID{View: 1, Seqno: 1}) {
		t.Fatalf("first view start is %s", vs)
	}
	f.genesis()
	id := f.put("accounts", "alice", "100")
	if id != (TxID{View: 1, Seqno: 3}) {
		t.Fatalf("put committed as %s", id)
	}
	v, version, ok, err := f.s.Get("accounts", []byte("alice"))
	if err != nil || !ok || string(v) != "100" || version != 3 {
		t.Fatalf("Get = %q, %d, %v, %v", v, version, ok, err)
	}
	if st := f.s.Status(id); st != StatusCommitted {
		t.Fatalf("status %s", st)
	}
	if st := f.s.Status(TxID{View: 2, Seqno: 3}); st != StatusInvalid {
		t.Fatalf("status of another view at a committed seqno is %s", st)
	}
	if st := f.s.Status(TxID{View: 1, Seqno: 9}); st != StatusUnknown {
		t.Fatalf("status of a future seqno is %s", st)
	}
	rec, err := f.s.Record(id)
	if err != nil || len(rec.Writes) != 1 || string(rec.Writes[0].Value) != "100" {
		t.Fatalf("Record = %+v, %v", rec, err)
	}
	root := f.s.frontier.Root()
	f.reopen()
	if c := f.s.Committed(); c.ID != id || c.View.Leader != 1 {
		t.Fatalf("after reopen committed = %+v", c)
	}
	if f.s.frontier.Root() != root {
		t.Fatal("Merkle root changed across reopen")
	}
	if v, _, ok, _ := f.s.Get("accounts", []byte("alice")); !ok || string(v) != "100" {
		t.Fatal("state lost across reopen")
	}
	// A new view makes an older view's unfinished ids invalid.
	f.startView(2)
	if st := f.s.Status(TxID{View: 1, Seqno: 99}); st != StatusInvalid {
		t.Fatalf("status of an old view's future seqno is %s", st)
	}
}

func TestApplyRejectsWholeBatches(t *testing.T) {
	f := newFixture(t)
	f.startView(5)
	f.genesis()
	f.put("public:t", "k", "1")
	before := f.s.Committed()

	stale := f.exec(func(tx *Tx) { tx.Put("public:t", []byte("k2"), []byte("x")) })
	stale.View = 4
	gap := f.exec(func(tx *Tx) { tx.Put("public:t", []byte("k2"), []byte("x")) })
	gap.FirstSeqno++
	for _, tx := range gap.Txs {
		r, _ := DecodeRecord(tx.Record)
		r.ID.Seqno++
		tx.Record = r.Encode()
	}
	// Two transactions that both read k at the same version: the second
	// conflicts with the first inside one batch.
	a := f.exec(func(tx *Tx) { tx.Get("public:t", []byte("k")); tx.Put("public:t", []byte("k"), []byte("2")) })
	b := f.exec(func(tx *Tx) { tx.Get("public:t", []byte("k")); tx.Put("public:t", []byte("k"), []byte("3")) })
	rb, _ := DecodeRecord(b.Txs[0].Record)
	rb.ID.Seqno++
	conflict := &Batch{Kind: BatchTxs, View: a.View, FirstSeqno: a.FirstSeqno, Txs: []ProposedTx{a.Txs[0], {Reads: b.Txs[0].Reads, Record: rb.Encode()}}}
	oldTerm := &Batch{Kind: BatchViewStart, NodeID: 2, Term: 4}
	malformed := &Batch{Kind: BatchTxs, View: 1, FirstSeqno: before.ID.Seqno + 1}
	reserved := f.exec(func(tx *Tx) {})
	rr := &Record{Kind: KindApp, ID: f.next(), Writes: []Write{{Table: TableSignatures, Key: SignatureKey, Value: []byte("x")}}}
	reserved.Txs = []ProposedTx{{Record: rr.Encode()}}

	cases := map[string]*Batch{"stale view": stale, "seqno gap": gap, "read conflict": conflict, "old term": oldTerm, "empty": malformed, "reserved table": reserved}
	for name, b := range cases {
		res := f.apply(b)[0]
		if res.Applied {
			t.Errorf("%s: batch applied", name)
			continue
		}
		if res.Reason == "" {
			t.Errorf("%s: no reason", name)
		}
		if c := f.s.Committed(); c.ID != before.ID || c.View != before.View {
			t.Errorf("%s: committed moved from %+v to %+v", name, before, c)
		}
		if v, _, _, _ := f.s.Get("public:t", []byte("k")); string(v) != "1" {
			t.Errorf("%s: state changed to %q", name, v)
		}
	}
	if _, _, ok, _ := f.s.Get("public:t", []byte("k2")); ok {
		t.Fatal("a rejected batch left a write behind")
	}
	res, err := f.s.Apply([]Entry{{Index: f.index + 1, Cmd: []byte("garbage")}})
	if err != nil || res[0].Applied || !strings.Contains(res[0].Reason, "malformed") {
		t.Fatalf("garbage entry: %+v, %v", res, err)
	}
	// The raft index still advances past rejected entries.
	if f.s.LastApplied() != f.index+1 {
		t.Fatalf("last applied %d, want %d", f.s.LastApplied(), f.index+1)
	}
}

func TestApplyManyEntriesAtOnce(t *testing.T) {
	f := newFixture(t)
	f.startView(1)
	f.genesis()
	// Several batches in one Apply call, each reading what the previous wrote.
	var bs []*Batch
	seq := f.next().Seqno
	version := uint64(0)
	for i := range 50 {
		id := TxID{View: 1, Seqno: seq + uint64(i)}
		rec := &Record{Kind: KindApp, ID: id, Writes: []Write{{Table: "public:c", Key: []byte("n"), Value: []byte{byte(i)}}}}
		bs = append(bs, &Batch{Kind: BatchTxs, View: 1, FirstSeqno: id.Seqno, Txs: []ProposedTx{{Reads: []Read{{Table: "public:c", Key: []byte("n"), Version: version}}, Record: rec.Encode()}}})
		version = id.Seqno
	}
	for i, r := range f.apply(bs...) {
		if !r.Applied {
			t.Fatalf("entry %d rejected: %s", i, r.Reason)
		}
	}
	v, ver, _, _ := f.s.Get("public:c", []byte("n"))
	if v[0] != 49 || ver != version {
		t.Fatalf("final value %d at version %d", v[0], ver)
	}
	// Files rotated (segment size is 4 KiB) and every record reads back.
	f.reopen()
	for s := uint64(1); s <= f.s.Committed().ID.Seqno; s++ {
		e, err := f.s.index(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Record(e.leaf.ID); err != nil {
			t.Fatalf("seqno %d: %v", s, err)
		}
	}
}

func TestCrashTailIsCutOff(t *testing.T) {
	f := newFixture(t)
	f.startView(1)
	f.genesis()
	f.put("public:t", "a", "1")
	c := f.s.Committed()
	f.s.Close()
	// Simulate a crash after the ledger file was appended but before the
	// state committed: garbage after the committed end.
	files, _ := listSegments(filepath.Join(f.dir, "ledger"))
	path := filepath.Join(f.dir, "ledger", segmentName(files[len(files)-1]))
	fh, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fh.Write([]byte("half-written record"))
	fh.Close()
	// And a file started after the committed state.
	os.WriteFile(filepath.Join(f.dir, "ledger", segmentName(c.ID.Seqno+5)), []byte("x"), 0o600)
	f.open()
	if f.s.Committed().ID != c.ID {
		t.Fatal("committed position changed")
	}
	if files2, _ := listSegments(filepath.Join(f.dir, "ledger")); len(files2) != len(files) {
		t.Fatalf("stray ledger file kept: %v", files2)
	}
	f.put("public:t", "b", "2")
	if _, err := VerifyDir(f.dir, f.plat); err == nil || !strings.Contains(err.Error(), "stopped") {
		t.Fatalf("verify of a running node's directory: %v", err)
	}
	f.s.Close()
	f.s = nil
	rep, err := VerifyDir(f.dir, f.plat)
	if err != nil {
		t.Fatalf("ledger does not verify after crash recovery: %v", err)
	}
	if rep.Transactions != c.ID.Seqno+1 {
		t.Fatalf("verified %d transactions", rep.Transactions)
	}
}

func TestShortLedgerFileIsCorruption(t *testing.T) {
	f := newFixture(t)
	f.startView(1)
	f.put("public:t", "a", "1")
	f.s.Close()
	files, _ := listSegments(filepath.Join(f.dir, "ledger"))
	path := filepath.Join(f.dir, "ledger", segmentName(files[len(files)-1]))
	st, _ := os.Stat(path)
	os.Truncate(path, st.Size()-3)
	_, err := Open(Options{Dir: f.dir, SegmentSize: 4 << 10, Platform: f.plat})
	if err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("open of a short ledger file: %v", err)
	}
	f.s = nil
}

// crash closes the store the way a power loss would leave it: nothing
// synced beyond what Apply did.
func (f *fixture) crash() {
	f.s.seg.close()
	f.s.db.Close()
	f.s = nil
}

func TestUnsyncedRecordsSurviveALostFileTail(t *testing.T) {
	f := newFixture(t)
	f.startView(1)
	f.genesis()
	f.put("public:t", "a", "1")
	if err := f.s.Sync(); err != nil {
		t.Fatal(err)
	}
	synced := f.s.Committed().ID
	var ids []TxID
	for i := range 40 {
		ids = append(ids, f.put("public:t", fmt.Sprintf("k%d", i), strings.Repeat("v", 50)))
	}
	f.sign()
	last := f.s.Committed().ID
	f.crash()
	// The OS lost what was never fsynced: cut every ledger file back to
	// the synced point and punch a hole in the middle of the tail.
	dir := filepath.Join(f.dir, "ledger")
	files, _ := listSegments(dir)
	for _, first := range files {
		p := filepath.Join(dir, segmentName(first))
		if first > synced.Seqno {
			os.Remove(p)
		}
	}
	files, _ = listSegments(dir)
	p := filepath.Join(dir, segmentName(files[len(files)-1]))
	st, _ := os.Stat(p)
	b, _ := os.ReadFile(p)
	os.WriteFile(p, b[:st.Size()/2], 0o600)
	f.open()
	if f.s.Committed().ID != last {
		t.Fatalf("committed %s after reopen, want %s", f.s.Committed().ID, last)
	}
	for _, id := range ids {
		rec, err := f.s.Record(id)
		if err != nil || len(rec.Writes) != 1 {
			t.Fatalf("record %s after repair: %v", id, err)
		}
	}
	f.s.Close()
	f.s = nil
	if _, err := VerifyDir(f.dir, f.plat); err != nil {
		t.Fatalf("ledger does not verify after repair: %v", err)
	}
}
