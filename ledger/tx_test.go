package ledger

import (
	"fmt"
	"testing"
	"time"
)

// Past the size where it indexes them, a transaction still reads its own
// writes, overwrites in place and records each read once.
func TestTxWithManyKeys(t *testing.T) {
	m := NewMapState()
	tx := NewTx(TxID{View: 1, Seqno: 1}, time.Now(), m)
	for i := range 3 * indexAfter {
		k := []byte(fmt.Sprint("k", i))
		tx.Get("public:t", k)
		tx.Put("public:t", k, []byte("a"))
		tx.Put("public:t", k, []byte(fmt.Sprint("v", i)))
		tx.Get("u", k)
	}
	tx.Put("public:t", []byte("empty"), nil)
	for i := range 3 * indexAfter {
		if v, ok, _ := tx.Get("public:t", []byte(fmt.Sprint("k", i))); !ok || string(v) != fmt.Sprint("v", i) {
			t.Fatalf("k%d = %q, %v", i, v, ok)
		}
	}
	if v, ok, _ := tx.Get("public:t", []byte("empty")); !ok || v == nil || len(v) != 0 {
		t.Fatalf("empty value = %#v, %v", v, ok)
	}
	rec, reads, err := tx.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Writes) != 3*indexAfter+1 || len(reads) != 2*3*indexAfter {
		t.Fatalf("%d writes, %d reads", len(rec.Writes), len(reads))
	}
	if _, err := DecodeRecord(rec.Encode()); err != nil {
		t.Fatal(err) // writes sorted and unique
	}
	for i := 1; i < len(reads); i++ {
		if compareRead(reads[i-1], reads[i]) >= 0 {
			t.Fatalf("reads out of order at %d", i)
		}
	}
}
