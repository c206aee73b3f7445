package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/relay/client"
)

// coco keys new prints the new key's id, and coco keys id prints the
// same id for the key file: the id the network and allowances name.
func TestKeysID(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"keys", "new", "--name", "carol", "--out", dir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	k, err := client.LoadKey(filepath.Join(dir, "carol_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := enclave.KeyID(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "id: "+want+"\n") {
		t.Fatalf("keys new printed:\n%s\nwant id: %s", out.String(), want)
	}
	out.Reset()
	if err := run(t.Context(), []string{"keys", "id", "--key", filepath.Join(dir, "carol_key.pem")}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != want {
		t.Fatalf("keys id: %q, want %q", got, want)
	}
	if err := run(t.Context(), []string{"keys", "id"}, &out, &out); err == nil || !strings.Contains(err.Error(), "--key") {
		t.Fatalf("keys id without --key: %v", err)
	}
}
