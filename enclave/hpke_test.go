package enclave

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"testing"
)

func TestSealToOpenWith(t *testing.T) {
	k := newP256(t)
	const info = "coco join secret v1"
	msg := []byte("the ledger secret")
	ct, err := SealTo(&k.PublicKey, info, msg)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(ct, msg) {
		t.Fatal("ciphertext contains the plaintext")
	}
	got, err := OpenWith(k, info, ct)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("OpenWith = %q, %v; want %q", got, err, msg)
	}
	again, err := SealTo(&k.PublicKey, info, msg)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(again, ct) {
		t.Error("two seals of the same message are identical; want fresh ephemeral keys")
	}

	tampered := bytes.Clone(ct)
	tampered[len(tampered)-1] ^= 1
	tamperedEnc := bytes.Clone(ct)
	tamperedEnc[5] ^= 1
	tests := []struct {
		name string
		key  *ecdsa.PrivateKey
		info string
		ct   []byte
	}{
		{"wrong key", newP256(t), info, ct},
		{"different info", k, "coco other purpose", ct},
		{"tampered ciphertext", k, info, tampered},
		{"tampered encapsulated key", k, info, tamperedEnc},
		{"truncated", k, info, ct[:40]},
	}
	for _, tt := range tests {
		if _, err := OpenWith(tt.key, tt.info, tt.ct); !errors.Is(err, ErrDecrypt) {
			t.Errorf("%s: OpenWith error %v, want ErrDecrypt", tt.name, err)
		}
	}
}

func TestSealToRejectsBadInput(t *testing.T) {
	k := newP256(t)
	if _, err := SealTo(&k.PublicKey, "", []byte("x")); err == nil {
		t.Error("SealTo with empty info succeeded")
	}
	if _, err := SealTo(nil, "purpose", []byte("x")); err == nil {
		t.Error("SealTo with nil key succeeded")
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := SealTo(&p384.PublicKey, "purpose", []byte("x")); err == nil {
		t.Error("SealTo with a P-384 key succeeded")
	}
	if _, err := OpenWith(k, "", []byte("x")); err == nil {
		t.Error("OpenWith with empty info succeeded")
	}
}
