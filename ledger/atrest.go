package ledger

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cocorelay/coco/enclave"
)

// Encryption at rest. Badger encrypts everything it writes (tables, value
// log, write-ahead log) with AES-256 under a key made when the store is
// created and kept sealed by the platform in Dir/keys/state.key. On the
// virtual platform "sealed" means an unsealed file marked as such: node
// info says so (AtRest).

const stateKeyFile = "state.key"

// loadStateKey returns the state's key, making it for a new store. A
// store whose state exists without a key predates encryption at rest and
// is refused.
func loadStateKey(p enclave.Platform, dir string) ([]byte, error) {
	path := filepath.Join(dir, "keys", stateKeyFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if ents, _ := os.ReadDir(filepath.Join(dir, "state")); len(ents) > 0 {
			return nil, fmt.Errorf("ledger: %s holds state but no %s: it was written before encryption at rest and cannot be opened (start the node afresh or recover from its ledger files)", dir, path)
		}
	}
	key, _, err := enclave.LoadOrCreateSealed(p, path, func() ([]byte, error) {
		k := make([]byte, 32)
		_, err := rand.Read(k)
		return k, err
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: state key: %w", err)
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("ledger: state key %s holds %d bytes, want 32", path, len(key))
	}
	return key, nil
}

// readStateKey returns the key of an existing state (no key is made).
func readStateKey(p enclave.Platform, dir string) ([]byte, error) {
	path := filepath.Join(dir, "keys", stateKeyFile)
	key, err := enclave.ReadSealed(p, path)
	if err != nil {
		return nil, fmt.Errorf("ledger: state key: %w", err)
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("ledger: state key %s holds %d bytes, want 32", path, len(key))
	}
	return key, nil
}

// localAEAD derives, from the state key, the key of node-local files.
func localAEAD(stateKey []byte) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, stateKey, nil, "coco/ledger/local-files/v1", 32)
	if err != nil {
		return nil, err
	}
	return newGCM(k)
}

// SealLocal encrypts data a node keeps for itself outside the ledger (its
// own files beside the ledger: observations, votes) with AES-256-GCM
// under a key derived from the sealed state key, bound to aad (name the
// file and record kind there). Nothing of it is readable without the
// node's sealed keys.
func (s *Store) SealLocal(plaintext, aad []byte) []byte {
	return sealRandom(s.local, plaintext, aad)
}

// OpenLocal reverses SealLocal.
func (s *Store) OpenLocal(sealed, aad []byte) ([]byte, error) {
	b, err := openRandom(s.local, sealed, aad)
	if err != nil {
		return nil, fmt.Errorf("open local data: %w", err)
	}
	return b, nil
}

// AtRest describes how this store is protected on disk.
type AtRest struct {
	// Cipher encrypts the state and the ledger files' private parts.
	Cipher string `json:"cipher"`
	// SealedBy is the platform that seals the state key and the ledger
	// secrets.
	SealedBy enclave.Kind `json:"sealed_by"`
	// Insecure is true on the virtual platform: the keys are in plain
	// files next to the data.
	Insecure bool `json:"insecure"`
}

// AtRest says how the store is encrypted at rest.
func (s *Store) AtRest() AtRest {
	k := s.opts.Platform.Kind()
	return AtRest{Cipher: "AES-256 (state), AES-256-GCM (private writes)", SealedBy: k, Insecure: k == enclave.Virtual}
}
