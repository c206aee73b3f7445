package client

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Request bodies are byte for byte what encoding a map gave.
func TestBodiesEncodeLikeMaps(t *testing.T) {
	for _, c := range []struct {
		body any
		old  any
	}{
		{&createAssetBody{Asset: "USD", Decimals: 2}, map[string]any{"asset": "USD", "decimals": uint8(2)}},
		{&createAccountBody{Account: "a<b"}, map[string]string{"account": "a<b"}},
		{&mintBody{Account: "alice", Amount: "5", Asset: "USD"}, map[string]string{"asset": "USD", "account": "alice", "amount": "5"}},
		{&transferBody{Amount: "5", Asset: "USD", From: "alice", Memo: "", To: "bob"}, map[string]string{"asset": "USD", "from": "alice", "to": "bob", "amount": "5", "memo": ""}},
	} {
		got, _ := json.Marshal(c.body)
		want, _ := json.Marshal(c.old)
		if !bytes.Equal(got, want) {
			t.Errorf("%s, want %s", got, want)
		}
	}
}
