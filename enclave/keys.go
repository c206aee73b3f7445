package enclave

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
)

// PEM block types.
const (
	pemCertificate = "CERTIFICATE"
	pemPublicKey   = "PUBLIC KEY"
	pemPrivateKey  = "PRIVATE KEY"
)

// KeyID identifies a public key across Coco (users, members, nodes): the
// lowercase hex SHA-256 of its DER SubjectPublicKeyInfo.
func KeyID(pub crypto.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("key id: %w", err)
	}
	h := sha256.Sum256(der)
	return hex.EncodeToString(h[:]), nil
}

// EncodeCertPEM encodes a DER certificate as one PEM CERTIFICATE block.
func EncodeCertPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: pemCertificate, Bytes: der})
}

// ParseCertPEM parses exactly one PEM CERTIFICATE block; anything else in b
// other than surrounding whitespace is an error.
func ParseCertPEM(b []byte) (*x509.Certificate, error) {
	der, err := decodeSinglePEM(b, pemCertificate)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("certificate PEM: %w", err)
	}
	return cert, nil
}

// EncodePublicKeyPEM encodes pub as a PEM PUBLIC KEY block (DER SPKI).
func EncodePublicKeyPEM(pub crypto.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("public key PEM: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPublicKey, Bytes: der}), nil
}

// ParsePublicKeyPEM parses exactly one PEM PUBLIC KEY block holding an ECDSA
// P-256 key.
func ParsePublicKeyPEM(b []byte) (*ecdsa.PublicKey, error) {
	der, err := decodeSinglePEM(b, pemPublicKey)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("public key PEM: %w", err)
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return nil, fmt.Errorf("public key PEM: key is %T, want ECDSA P-256", k)
	}
	return pub, nil
}

// EncodePrivateKeyPEM encodes key as a PKCS#8 PEM PRIVATE KEY block. It is
// meant for user and member credential files, which live outside enclaves;
// node keys are only ever stored sealed.
func EncodePrivateKeyPEM(key *ecdsa.PrivateKey) ([]byte, error) {
	if key == nil {
		return nil, errors.New("private key PEM: key is nil")
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("private key PEM: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPrivateKey, Bytes: der}), nil
}

// ParsePrivateKeyPEM parses exactly one PKCS#8 PEM PRIVATE KEY block holding
// an ECDSA P-256 key.
func ParsePrivateKeyPEM(b []byte) (*ecdsa.PrivateKey, error) {
	der, err := decodeSinglePEM(b, pemPrivateKey)
	if err != nil {
		return nil, err
	}
	key, err := parseP256PKCS8(der)
	if err != nil {
		return nil, fmt.Errorf("private key PEM: %w", err)
	}
	return key, nil
}

// decodeSinglePEM returns the bytes of the only PEM block in b, which must
// have type typ.
func decodeSinglePEM(b []byte, typ string) ([]byte, error) {
	block, rest := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("%s PEM: no PEM block found", typ)
	}
	if block.Type != typ {
		return nil, fmt.Errorf("%s PEM: block type %q, want %q", typ, block.Type, typ)
	}
	if len(block.Headers) != 0 {
		return nil, fmt.Errorf("%s PEM: unexpected PEM headers (encrypted key?)", typ)
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		if next, _ := pem.Decode(rest); next != nil {
			return nil, fmt.Errorf("%s PEM: found a second block (%q), want exactly one", typ, next.Type)
		}
		return nil, fmt.Errorf("%s PEM: trailing data after the block", typ)
	}
	return block.Bytes, nil
}
