package relay

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/ledger"
)

// The hand-assembled write response is what encoding/json writes.
func TestWriteResponseIsEncodingJSON(t *testing.T) {
	at := time.Unix(1700000000, 120).UTC()
	for _, result := range []any{
		&native.Entry{TxID: "2.9", Kind: native.KindTransferOut, Asset: "USD", Amount: "5", Counterparty: "bob", Memo: "<a&b>\u2028\"\\\n\x01é", At: at},
		&native.Account{ID: "alice", Owner: "k", Created: at},
		map[string]string{"z": "1", "a": "<"},
		nil,
	} {
		want, err := json.Marshal(WriteResponse{TxID: "2.9", Status: string(ledger.StatusCommitted), Result: result})
		if err != nil {
			t.Fatal(err)
		}
		got, err := writeResponse("2.9", result)
		if err != nil || !bytes.Equal(got, append(want, '\n')) {
			t.Fatalf("writeResponse = %s (%v), want %s", got, err, want)
		}
	}
}

func TestIdempotencyRecordRoundTrip(t *testing.T) {
	r := idemRecord{requestHash: sha256.Sum256([]byte("req")), status: 200, txid: "3.17", body: []byte(`{"txid":"3.17"}` + "\n")}
	got, err := decodeIdemRecord(r.encode())
	if err != nil || got.requestHash != r.requestHash || got.status != r.status || got.txid != r.txid || !bytes.Equal(got.body, r.body) {
		t.Fatalf("decoded %+v, %v", got, err)
	}
	enc := r.encode()
	for n := range 1 + sha256.Size + 1 {
		if _, err := decodeIdemRecord(enc[:n]); err == nil {
			t.Fatalf("truncated record of %d bytes accepted", n)
		}
	}
}

// idemChain runs writes through idempotent against in-memory state.
type idemChain struct {
	t     *testing.T
	state *ledger.MapState
	seq   uint64
}

func (c *idemChain) write(key string, hash [sha256.Size]byte, result string) (*writeResult, int, error) {
	c.seq++
	tx := ledger.NewTx(ledger.TxID{View: 2, Seqno: c.seq}, time.Now(), c.state)
	calls := 0
	res, err := idempotent(tx, "caller", key, hash, func() (any, error) {
		calls++
		tx.Put("app", []byte(key), []byte(result))
		return map[string]string{"result": result}, nil
	})
	if err != nil {
		return nil, calls, err
	}
	rec, _, err := tx.Finish()
	if err != nil {
		c.t.Fatal(err)
	}
	c.state.Apply(rec)
	return res, calls, nil
}

func TestIdempotentReplaysAndRefuses(t *testing.T) {
	c := &idemChain{t: t, state: ledger.NewMapState()}
	h1, h2 := sha256.Sum256([]byte("one")), sha256.Sum256([]byte("two"))
	first, calls, err := c.write("k", h1, "a")
	if err != nil || calls != 1 || first.replayed || first.txid != "2.1" || first.status != http.StatusOK {
		t.Fatalf("first: %+v, %d, %v", first, calls, err)
	}
	again, calls, err := c.write("k", h1, "b")
	if err != nil || calls != 0 || !again.replayed || again.txid != first.txid || !bytes.Equal(again.body, first.body) {
		t.Fatalf("replay: %+v, %d, %v", again, calls, err)
	}
	_, calls, err = c.write("k", h2, "c")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != CodeIdempotencyReused || calls != 0 {
		t.Fatalf("reuse: %v, %d", err, calls)
	}
}
