package enclave

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hpke"
	"errors"
	"fmt"
)

// The HPKE suite of SealTo/OpenWith (RFC 9180, base mode):
// DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM.
func hpkeSuite() (hpke.KDF, hpke.AEAD) {
	return hpke.HKDFSHA256(), hpke.AES256GCM()
}

// SealTo encrypts plaintext to the holder of pub, an ECDSA P-256 key, with
// single-shot HPKE base mode (DHKEM(P-256, HKDF-SHA256), HKDF-SHA256,
// AES-256-GCM). info must name the purpose (for example "coco join
// secret v1"); OpenWith needs the same info. The result is the encapsulated
// key followed by the AEAD ciphertext, as RFC 9180 single-shot APIs use.
func SealTo(pub *ecdsa.PublicKey, info string, plaintext []byte) ([]byte, error) {
	if pub == nil || pub.Curve != elliptic.P256() {
		return nil, errors.New("seal to: public key must be ECDSA P-256")
	}
	if info == "" {
		return nil, errors.New("seal to: info is empty, want a purpose string")
	}
	ecdhPub, err := pub.ECDH()
	if err != nil {
		return nil, fmt.Errorf("seal to: public key: %w", err)
	}
	pk, err := hpke.NewDHKEMPublicKey(ecdhPub)
	if err != nil {
		return nil, fmt.Errorf("seal to: public key: %w", err)
	}
	kdf, aead := hpkeSuite()
	ct, err := hpke.Seal(pk, kdf, aead, []byte(info), plaintext)
	if err != nil {
		return nil, fmt.Errorf("seal to: %w", err)
	}
	return ct, nil
}

// OpenWith decrypts a SealTo ciphertext with priv. A wrong key, a different
// info or a modified ciphertext give an error wrapping ErrDecrypt.
func OpenWith(priv *ecdsa.PrivateKey, info string, ciphertext []byte) ([]byte, error) {
	if priv == nil || priv.Curve != elliptic.P256() {
		return nil, errors.New("open with: private key must be ECDSA P-256")
	}
	if info == "" {
		return nil, errors.New("open with: info is empty, want a purpose string")
	}
	ecdhPriv, err := priv.ECDH()
	if err != nil {
		return nil, fmt.Errorf("open with: private key: %w", err)
	}
	sk, err := hpke.NewDHKEMPrivateKey(ecdhPriv)
	if err != nil {
		return nil, fmt.Errorf("open with: private key: %w", err)
	}
	kdf, aead := hpkeSuite()
	pt, err := hpke.Open(sk, kdf, aead, []byte(info), ciphertext)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecrypt, err)
	}
	return pt, nil
}
