package signing

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The signed message is exactly the documented lines joined by newlines.
func TestMessageLayout(t *testing.T) {
	body := []byte(`{"amount":"5"}`)
	h := sha256.Sum256(body)
	want := "coco-request-v1\nsvc\nPOST\n/v1/native/transfers?x=1\n1700000000000\nkey-1\n" + hex.EncodeToString(h[:])
	if got := string(Message("svc", "POST", "/v1/native/transfers?x=1", "1700000000000", "key-1", body)); got != want {
		t.Fatalf("message %q, want %q", got, want)
	}
	h = sha256.Sum256(nil)
	want = "coco-request-v1\nsvc\nGET\n/v1/node/info\n1\n\n" + hex.EncodeToString(h[:])
	if got := string(Message("svc", "GET", "/v1/node/info", "1", "", nil)); got != want {
		t.Fatalf("message %q, want %q", got, want)
	}
}
