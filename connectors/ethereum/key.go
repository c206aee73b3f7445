package ethereum

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/enclave"
)

// keyMagic starts the sealed plaintext of a key, so that a file holding
// another kind of secret (the node's P-256 key, say) is refused rather than
// misread.
var keyMagic = []byte("coco-ethereum-secp256k1-v1\n")

// Key is a secp256k1 key held only inside the platform: a relay node's
// Ethereum identity. It signs transactions (the connector's account) and
// authorisation digests (payouts, anchors, signer changes), and its address
// is what the on-chain signer set lists. Its String and LogValue show the
// address only.
type Key struct {
	priv *ecdsa.PrivateKey
	addr common.Address
}

// NewKey generates a key inside the platform, seals it with p and writes it
// to path (mode 0600; the directory is created). An existing file is never
// replaced: it is an error.
func NewKey(p enclave.Platform, path string) (*Key, error) {
	if _, err := enclave.ReadSealed(p, path); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("ethereum key %s: exists already, not replaced", path)
	}
	var created *Key
	_, made, err := enclave.LoadOrCreateSealed(p, path, func() ([]byte, error) {
		priv, err := crypto.GenerateKey()
		if err != nil {
			return nil, err
		}
		created = newKey(priv)
		return sealedForm(priv), nil
	})
	if err != nil {
		return nil, fmt.Errorf("ethereum key: %w", err)
	}
	if !made {
		return nil, fmt.Errorf("ethereum key %s: created concurrently by another process, not replaced", path)
	}
	return created, nil
}

// LoadKey reads and unseals a key NewKey wrote.
func LoadKey(p enclave.Platform, path string) (*Key, error) {
	b, err := enclave.ReadSealed(p, path)
	if err != nil {
		return nil, fmt.Errorf("ethereum key: %w", err)
	}
	if !bytes.HasPrefix(b, keyMagic) || len(b) != len(keyMagic)+32 {
		return nil, fmt.Errorf("ethereum key %s: not a sealed Coco Ethereum key", path)
	}
	priv, err := crypto.ToECDSA(b[len(keyMagic):])
	if err != nil {
		return nil, fmt.Errorf("ethereum key %s: %w", path, err)
	}
	return newKey(priv), nil
}

func sealedForm(priv *ecdsa.PrivateKey) []byte {
	return append(append([]byte{}, keyMagic...), crypto.FromECDSA(priv)...)
}

func newKey(priv *ecdsa.PrivateKey) *Key {
	return &Key{priv: priv, addr: crypto.PubkeyToAddress(priv.PublicKey)}
}

// Address is the key's Ethereum address.
func (k *Key) Address() common.Address { return k.addr }

// String shows the address only.
func (k *Key) String() string { return "ethereum key " + k.addr.Hex() }

// LogValue shows the address only.
func (k *Key) LogValue() slog.Value { return slog.StringValue(k.addr.Hex()) }

// Sign signs a 32-byte digest (PayoutDigest, AnchorDigest, SignersDigest)
// and returns it as the contracts take it: r || s || v with v 27 or 28, and
// the signer's checksummed address.
func (k *Key) Sign(digest []byte) (connectors.Signature, error) {
	if len(digest) != 32 {
		return connectors.Signature{}, invalid("digest: %d bytes, want 32", len(digest))
	}
	sig, err := crypto.Sign(digest, k.priv)
	if err != nil {
		return connectors.Signature{}, fmt.Errorf("sign: %w", err)
	}
	sig[64] += 27
	return connectors.Signature{Signer: k.addr.Hex(), Sig: sig}, nil
}
