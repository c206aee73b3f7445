package client

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/cocorelay/coco/enclave"
)

// Identity files made by NewIdentity (paths).
type Identity struct {
	Name string
	Cert string // NAME_cert.pem: self-signed certificate (what the network registers)
	Key  string // NAME_key.pem: PKCS#8 private key, mode 0600
	// Members only: a separate key pair to receive recovery shares.
	EncryptionKey    string // NAME_enc_pub.pem
	EncryptionSecret string // NAME_enc_key.pem, mode 0600
}

// Key algorithms for identities.
const (
	Ed25519 = "ed25519" // default: the cheapest to sign and check
	P256    = "p256"
	P384    = "p384"
)

// NewIdentity makes a key pair (alg: Ed25519, P256 or P384; empty means
// Ed25519) and self-signed certificate for name in dir; for members also
// an encryption key pair (ECDSA P-256, for HPKE). Existing files are never
// overwritten.
func NewIdentity(dir, name string, member bool, alg string) (*Identity, error) {
	if name == "" {
		return nil, fmt.Errorf("name: must be set")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	id := &Identity{Name: name, Cert: filepath.Join(dir, name+"_cert.pem"), Key: filepath.Join(dir, name+"_key.pem")}
	if member {
		id.EncryptionKey, id.EncryptionSecret = filepath.Join(dir, name+"_enc_pub.pem"), filepath.Join(dir, name+"_enc_key.pem")
	}
	for _, p := range []string{id.Cert, id.Key, id.EncryptionKey, id.EncryptionSecret} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return nil, fmt.Errorf("%s already exists", p)
		}
	}
	key, err := generate(alg)
	if err != nil {
		return nil, err
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(5, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})
	if err := os.WriteFile(id.Key, keyPEM, 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(id.Cert, enclave.EncodeCertPEM(der), 0o644); err != nil {
		return nil, err
	}
	if member {
		enc, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		pubPEM, err := enclave.EncodePublicKeyPEM(&enc.PublicKey)
		if err != nil {
			return nil, err
		}
		secPEM, err := enclave.EncodePrivateKeyPEM(enc)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(id.EncryptionSecret, secPEM, 0o600); err != nil {
			return nil, err
		}
		if err := os.WriteFile(id.EncryptionKey, pubPEM, 0o644); err != nil {
			return nil, err
		}
	}
	return id, nil
}

func generate(alg string) (crypto.Signer, error) {
	switch alg {
	case "", Ed25519:
		_, k, err := ed25519.GenerateKey(rand.Reader)
		return k, err
	case P256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case P384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	}
	return nil, fmt.Errorf("key algorithm %q: want %s, %s or %s", alg, Ed25519, P256, P384)
}

// LoadKey reads a PKCS#8 private key file (Ed25519, ECDSA P-256 or P-384).
func LoadKey(path string) (crypto.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, rest := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" || len(rest) > 0 && len(bytesTrimSpace(rest)) > 0 {
		return nil, fmt.Errorf("%s: want exactly one PRIVATE KEY (PKCS#8) PEM block", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch k := k.(type) {
	case ed25519.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		if k.Curve == elliptic.P256() || k.Curve == elliptic.P384() {
			return k, nil
		}
	}
	return nil, fmt.Errorf("%s: key type %T is not supported (Ed25519, ECDSA P-256, P-384)", path, k)
}

func bytesTrimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

// LoadCert reads a PEM certificate file.
func LoadCert(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := enclave.ParseCertPEM(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}
