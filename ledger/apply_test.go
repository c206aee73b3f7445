package ledger

import "testing"

// A batch rejected part way leaves nothing behind for the batches after
// it in the same Apply call, which read through the rows staged so far.
func TestApplyUndoesRejectedBatchWithinOneCall(t *testing.T) {
	f := newFixture(t)
	vs := f.startView(1)
	view, next := vs.View, vs.Seqno+1
	rec := func(seq uint64, k, v string) []byte {
		return (&Record{Kind: KindApp, ID: TxID{View: view, Seqno: seq}, Writes: []Write{{Table: "public:t", Key: []byte(k), Value: []byte(v)}}}).Encode()
	}
	read := func(k string, version uint64) []Read {
		return []Read{{Table: "public:t", Key: []byte(k), Version: version}}
	}
	a := &Batch{Kind: BatchTxs, View: view, FirstSeqno: next, Txs: []ProposedTx{{Reads: read("k", 0), Record: rec(next, "k", "1")}}}
	b := &Batch{Kind: BatchTxs, View: view, FirstSeqno: next + 1, Txs: []ProposedTx{
		{Reads: read("k", next), Record: rec(next+1, "k", "2")},
		{Reads: read("x", 99), Record: rec(next+2, "x", "stale read")},
	}}
	c := &Batch{Kind: BatchTxs, View: view, FirstSeqno: next + 1, Txs: []ProposedTx{{Reads: read("k", next), Record: rec(next+1, "j", "3")}}}
	res := f.apply(a, b, c)
	if !res[0].Applied || res[1].Applied || !res[2].Applied {
		t.Fatalf("results %+v", res)
	}
	if v, version, ok, _ := f.s.Get("public:t", []byte("k")); !ok || string(v) != "1" || version != next {
		t.Fatalf("k = %q at %d (%v): the rejected batch's write survived", v, version, ok)
	}
	if _, _, ok, _ := f.s.Get("public:t", []byte("x")); ok {
		t.Fatal("the rejected batch wrote x")
	}
	if v, _, ok, _ := f.s.Get("public:t", []byte("j")); !ok || string(v) != "3" {
		t.Fatalf("j = %q (%v)", v, ok)
	}
}
