package native

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestRecordsRoundTrip(t *testing.T) {
	at := time.Unix(1700000000, 123456789).UTC()
	recs := []struct {
		in, out record
	}{
		{&Asset{ID: "USD", Issuer: "bank", Decimals: 2, Supply: "115792089237316195423570985008687907853269984665640564039457584007913129639935", Created: at}, &Asset{}},
		{&Account{ID: "alice", Owner: "0123abcd", Created: at}, &Account{}},
		{&Entry{TxID: "2.17", Kind: KindTransferOut, Asset: "USD", Amount: "5", Counterparty: "bob", Memo: "<é\u2028\n>", At: at}, &Entry{}},
		{&Entry{TxID: "2.18", Kind: KindMint, Asset: "USD", Amount: "1", At: time.Time{}}, &Entry{}},
		{&Entry{TxID: "2.19", Kind: "something_else", Asset: "USD", Amount: "1", At: at}, &Entry{}},
	}
	for _, r := range recs {
		enc := r.in.encode()
		if !bytes.Equal(enc, r.in.encode()) {
			t.Fatalf("%T: encoding is not deterministic", r.in)
		}
		if err := r.out.decode(enc); err != nil {
			t.Fatalf("%T: %v", r.in, err)
		}
		// What the API shows must not depend on the stored form.
		want, _ := json.Marshal(r.in)
		got, _ := json.Marshal(r.out)
		if !bytes.Equal(got, want) {
			t.Fatalf("%T: decoded to %s, want %s", r.in, got, want)
		}
		for n := range len(enc) {
			if err := r.out.decode(enc[:n]); err == nil {
				t.Fatalf("%T: truncated record of %d bytes accepted", r.in, n)
			}
		}
		if err := r.out.decode(append(enc, 0)); err == nil {
			t.Fatalf("%T: trailing byte accepted", r.in)
		}
	}
}
