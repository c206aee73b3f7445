package enclave

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

func TestKeyID(t *testing.T) {
	k := newP256(t)
	h := sha256.Sum256(spki(t, k))
	id, err := KeyID(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if id != hex.EncodeToString(h[:]) {
		t.Errorf("KeyID = %s, want %x", id, h)
	}
	if strings.ToLower(id) != id || len(id) != 64 {
		t.Errorf("KeyID %q is not 64 lowercase hex digits", id)
	}
	if other, _ := KeyID(&newP256(t).PublicKey); other == id {
		t.Error("different keys have the same KeyID")
	}
	if _, err := KeyID(struct{}{}); err == nil {
		t.Error("KeyID of a non-key succeeded")
	}
}

func TestPEMRoundTrips(t *testing.T) {
	k := newP256(t)
	pubPEM, err := EncodePublicKeyPEM(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKeyPEM(pubPEM)
	if err != nil || !pub.Equal(&k.PublicKey) {
		t.Fatalf("ParsePublicKeyPEM = %v, %v", pub, err)
	}
	privPEM, err := EncodePrivateKeyPEM(k)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(privPEM), "-----BEGIN PRIVATE KEY-----") {
		t.Errorf("private key PEM is not PKCS#8: %s", privPEM[:30])
	}
	priv, err := ParsePrivateKeyPEM(privPEM)
	if err != nil || !priv.Equal(k) {
		t.Fatalf("ParsePrivateKeyPEM = %v, %v", priv, err)
	}
	si, err := NewServiceIdentity("svc", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ParseCertPEM(EncodeCertPEM(si.CertDER))
	if err != nil || !cert.Equal(si.Cert) {
		t.Fatalf("ParseCertPEM = %v, %v", cert, err)
	}
	// Keys of other curves are refused.
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pem384, err := EncodePublicKeyPEM(&p384.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePublicKeyPEM(pem384); err == nil {
		t.Error("ParsePublicKeyPEM accepted a P-384 key")
	}
}

func TestParseCertPEMErrors(t *testing.T) {
	si, err := NewServiceIdentity("svc", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	one := EncodeCertPEM(si.CertDER)
	keyPEM, err := EncodePublicKeyPEM(&si.Key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, wantMsg string
	}{
		{"empty", "", "no PEM block"},
		{"not PEM", "hello", "no PEM block"},
		{"two certificates", string(one) + string(one), "second block"},
		{"wrong type", string(keyPEM), `"PUBLIC KEY"`},
		{"trailing garbage", string(one) + "junk", "trailing data"},
		{"bad DER", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "certificate PEM"},
	}
	for _, tt := range tests {
		_, err := ParseCertPEM([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("%s: ParseCertPEM error %v, want mention of %q", tt.name, err, tt.wantMsg)
		}
	}
	if _, err := ParseCertPEM(append(append([]byte("\n\n"), one...), "\n\n"...)); err != nil {
		t.Errorf("surrounding whitespace refused: %v", err)
	}
}
