package fabric

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
	"github.com/cocorelay/coco/enclave"
)

// Magic prefixes of sealed plaintexts, so that a file holding another
// kind of secret is refused rather than misread.
var (
	relayKeyMagic  = []byte("coco-fabric-relay-p256-v1\n")
	clientKeyMagic = []byte("coco-fabric-client-key-v1\n")
)

// RelayKey is a relay node's Fabric signing key, an ECDSA P-256 key held
// only inside the platform. It signs the digests the bridge chaincode
// checks (payouts, anchors, signer changes); Identity is how the
// chaincode's signer set names it. String and LogValue show the identity
// only.
type RelayKey struct {
	priv *ecdsa.PrivateKey
	id   string
}

// NewRelayKey generates a relay key inside the platform, seals it with p
// and writes it to path (mode 0600; the directory is created). An
// existing file is never replaced: it is an error.
func NewRelayKey(p enclave.Platform, path string) (*RelayKey, error) {
	if _, err := enclave.ReadSealed(p, path); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("fabric relay key %s: exists already, not replaced", path)
	}
	var created *RelayKey
	_, made, err := enclave.LoadOrCreateSealed(p, path, func() ([]byte, error) {
		priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(priv)
		if err != nil {
			return nil, err
		}
		if created, err = newRelayKey(priv); err != nil {
			return nil, err
		}
		return append(bytes.Clone(relayKeyMagic), der...), nil
	})
	if err != nil {
		return nil, fmt.Errorf("fabric relay key: %w", err)
	}
	if !made {
		return nil, fmt.Errorf("fabric relay key %s: created concurrently by another process, not replaced", path)
	}
	return created, nil
}

// LoadRelayKey reads and unseals a key NewRelayKey wrote.
func LoadRelayKey(p enclave.Platform, path string) (*RelayKey, error) {
	b, err := enclave.ReadSealed(p, path)
	if err != nil {
		return nil, fmt.Errorf("fabric relay key: %w", err)
	}
	der, ok := bytes.CutPrefix(b, relayKeyMagic)
	if !ok {
		return nil, fmt.Errorf("fabric relay key %s: not a sealed Coco Fabric relay key", path)
	}
	priv, err := parsePrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("fabric relay key %s: %w", path, err)
	}
	ec, ok := priv.(*ecdsa.PrivateKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, fmt.Errorf("fabric relay key %s: not an ECDSA P-256 key", path)
	}
	return newRelayKey(ec)
}

func newRelayKey(priv *ecdsa.PrivateKey) (*RelayKey, error) {
	id, err := wire.Identity(&priv.PublicKey)
	if err != nil {
		return nil, err
	}
	return &RelayKey{priv: priv, id: id}, nil
}

// Identity is the key's identity string as the chaincode's signer set
// holds it ("p256:" and the compressed public key in hex).
func (k *RelayKey) Identity() string { return k.id }

// Public returns the public key.
func (k *RelayKey) Public() *ecdsa.PublicKey { return &k.priv.PublicKey }

// Sign signs a digest (PayoutDigest, AnchorDigest, SignersDigest) and
// returns the signature as the connector passes it on.
func (k *RelayKey) Sign(digest []byte) (connectors.Signature, error) {
	if len(digest) != 32 {
		return connectors.Signature{}, fmt.Errorf("sign: digest of %d bytes, want 32", len(digest))
	}
	sig, err := ecdsa.SignASN1(rand.Reader, k.priv, digest)
	if err != nil {
		return connectors.Signature{}, fmt.Errorf("sign: %w", err)
	}
	return connectors.Signature{Signer: k.id, Sig: sig}, nil
}

// String returns the identity.
func (k *RelayKey) String() string { return k.id }

// LogValue logs the identity, never the key.
func (k *RelayKey) LogValue() slog.Value { return slog.StringValue(k.id) }

// SealClientKey seals the private key of a Fabric client identity (a PEM
// file as Fabric's CA and cryptogen write it) with p into path, which the
// configuration's coco.identity.sealed_key then names. An existing file is
// never replaced.
func SealClientKey(p enclave.Platform, pemPath, path string) error {
	b, err := os.ReadFile(pemPath)
	if err != nil {
		return err
	}
	der, err := keyFromPEM(b)
	if err != nil {
		return fmt.Errorf("%s: %w", pemPath, err)
	}
	if _, err := enclave.ReadSealed(p, path); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: exists already, not replaced", path)
	}
	_, made, err := enclave.LoadOrCreateSealed(p, path, func() ([]byte, error) {
		return append(bytes.Clone(clientKeyMagic), der...), nil
	})
	if err != nil {
		return err
	}
	if !made {
		return fmt.Errorf("%s: created concurrently by another process, not replaced", path)
	}
	return nil
}

// loadClientKey unseals a key SealClientKey wrote.
func loadClientKey(p enclave.Platform, path string) (crypto.Signer, error) {
	b, err := enclave.ReadSealed(p, path)
	if err != nil {
		return nil, err
	}
	der, ok := bytes.CutPrefix(b, clientKeyMagic)
	if !ok {
		return nil, fmt.Errorf("%s: not a client key sealed by `coco fabric seal-key`", path)
	}
	k, err := parsePrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// keyFromPEM returns the PKCS#8 DER of the one private key in a PEM file
// (PKCS#8 "PRIVATE KEY" or SEC 1 "EC PRIVATE KEY").
func keyFromPEM(b []byte) ([]byte, error) {
	blk, rest := pem.Decode(b)
	if blk == nil || len(bytes.TrimSpace(rest)) != 0 {
		return nil, errors.New("want exactly one PEM private key")
	}
	var k any
	var err error
	switch blk.Type {
	case "PRIVATE KEY":
		k, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(blk.Bytes)
	default:
		return nil, fmt.Errorf("PEM block %q: want PRIVATE KEY or EC PRIVATE KEY", blk.Type)
	}
	if err != nil {
		return nil, err
	}
	if _, ok := k.(crypto.Signer); !ok {
		return nil, fmt.Errorf("%T cannot sign", k)
	}
	return x509.MarshalPKCS8PrivateKey(k)
}

func parsePrivateKey(der []byte) (crypto.Signer, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%T cannot sign", k)
	}
	return s, nil
}

// loadTLSClient returns the TLS client certificate of id with its key
// unsealed inside p, or nil if id names none.
func loadTLSClient(p enclave.Platform, id Identity) (*tls.Certificate, error) {
	if id.TLSCertificate == "" {
		return nil, nil
	}
	cert, err := readCertificate(id.TLSCertificate)
	if err != nil {
		return nil, fmt.Errorf("coco.identity.tls_certificate: %w", err)
	}
	key, err := loadClientKey(p, id.TLSSealedKey)
	if err != nil {
		return nil, fmt.Errorf("coco.identity.tls_sealed_key: %w", err)
	}
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.PublicKey) {
		return nil, errors.New("coco.identity: the sealed TLS key does not belong to tls_certificate")
	}
	return &tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}, nil
}
