package ledger

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"sync"

	"github.com/cocorelay/coco/enclave"
)

// Ledger secrets. Private writes are encrypted under a ledger secret: 32
// random bytes made inside an enclave, with a version (1, 2, ...). Each
// rekey makes the next version; new entries use the latest version the
// ledger has recorded, earlier entries stay readable with theirs.
//
// TableSecrets records every version, sealed, in a public row keyed by the
// version (8 bytes, big endian), and key "latest" holds the latest version:
//
//   - nodes: the secret sealed (HPKE, enclave.SealTo) to the key of every
//     node trusted when it was made: a node learns a new secret by opening
//     its own copy when it applies the row, and a node that was not trusted
//     then (a removed node) never can;
//   - previous: the secret before it, AES-256-GCM under a key derived from
//     this one: whoever holds the latest secret (a recovered network) can
//     walk back to every earlier one.
//
// Each node keeps the secrets it holds sealed at rest in
// Dir/keys/ledger_secrets (enclave sealing; on the virtual platform an
// unsealed file marked as such). The bytes of a secret never leave this
// package except sealed to a node key, wrapped by the next secret, or
// wrapped for recovery (Secret.WrapForRecovery).
const TableSecrets = "public:coco.secrets"

var latestSecretKey = []byte("latest")

// LatestSecretKey is the key in TableSecrets that names the latest secret:
// a transaction that writes it changes the ledger secret. Callers must
// not modify it.
var LatestSecretKey = latestSecretKey

func secretKey(version uint64) []byte { return binary.BigEndian.AppendUint64(nil, version) }

// Outcomes callers branch on.
var (
	// ErrSecretNotHeld: this node does not hold the ledger secret an entry
	// or operation needs (it was removed from the network before that
	// secret was made, or the network is recovering).
	ErrSecretNotHeld = errors.New("ledger secret not held by this node")
	// ErrSecretPending: a ledger secret change is executed but not yet
	// committed; another cannot start before it does.
	ErrSecretPending = errors.New("a ledger secret change is not committed yet; retry")
	// ErrUndecryptable: sealed data does not decrypt under a secret this
	// node holds. Never a verdict on an entry: the entry was tampered with
	// or this node's secret is wrong, and the node stops applying.
	ErrUndecryptable = errors.New("does not decrypt")
	// ErrRestorePending: the network is being recovered from an earlier
	// ledger and its private tables are not restored yet (the members'
	// recovery shares have not all arrived).
	ErrRestorePending = errors.New("private tables are not restored yet: the network is waiting for the members' recovery shares")
)

// SecretRecord is a row of TableSecrets.
type SecretRecord struct {
	Version uint64 `json:"version"`
	// Reason says why the secret was made (genesis, trigger_ledger_rekey,
	// remove_node, recovery).
	Reason string `json:"reason,omitempty"`
	// Nodes maps a node's key id to the secret sealed to that key.
	Nodes map[string][]byte `json:"nodes"`
	// Previous is the secret of version-1 wrapped by this one.
	Previous []byte `json:"previous,omitempty"`
	// Check is the secret's key check value (Secret.checkValue): a node
	// that learns the secret (its sealed copy, a recovery) verifies it, so
	// that a wrong secret is refused when learned, not found out when
	// records fail to decrypt.
	Check []byte `json:"check"`
}

// HPKE info strings and additional data of what secrets protect.
const (
	infoNodeSecret  = "coco/ledger-secret/v1"
	infoJoinSecrets = "coco/join/ledger-secrets/v1"
	aadChain        = "coco/ledger-secret-chain/v1"
	aadRecovery     = "coco/recovery/v1"
)

// Secret is one ledger secret and the keys derived from it.
type Secret struct {
	version uint64
	key     [32]byte
	record  cipher.AEAD // private writes in records
	reads   cipher.AEAD // private reads in proposed batches
	chain   cipher.AEAD // the previous secret
}

func newSecret(version uint64, key []byte) (*Secret, error) {
	if version == 0 || len(key) != 32 {
		return nil, fmt.Errorf("ledger secret: version %d with %d bytes", version, len(key))
	}
	s := &Secret{version: version}
	copy(s.key[:], key)
	for _, d := range []struct {
		info string
		aead *cipher.AEAD
	}{{"coco/ledger/record/v1", &s.record}, {"coco/ledger/reads/v1", &s.reads}, {"coco/ledger/chain/v1", &s.chain}} {
		a, err := s.derive(nil, d.info)
		if err != nil {
			return nil, err
		}
		*d.aead = a
	}
	return s, nil
}

// randomSecret makes a new secret of the given version.
func randomSecret(version uint64) (*Secret, error) {
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		return nil, err
	}
	return newSecret(version, key[:])
}

// derive returns AES-256-GCM under HKDF-SHA256(secret, salt, info).
func (s *Secret) derive(salt []byte, info string) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, s.key[:], salt, info, 32)
	if err != nil {
		return nil, err
	}
	return newGCM(k)
}

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// checkValue commits to the secret without revealing it: 16 bytes of
// HKDF-SHA256 under a label of its own, bound to the version.
func (s *Secret) checkValue() []byte {
	k, _ := hkdf.Key(sha256.New, s.key[:], nil, string(versionAAD("coco/ledger-secret/check/v1", s.version)), 16)
	return k
}

// verifyCheck reports whether s is the secret rec records.
func (s *Secret) verifyCheck(rec *SecretRecord) error {
	if len(rec.Check) == 0 {
		return fmt.Errorf("%w: ledger secret %d: the record has no check value", ErrCorrupt, rec.Version)
	}
	if s.version != rec.Version || subtle.ConstantTimeCompare(s.checkValue(), rec.Check) != 1 {
		return fmt.Errorf("ledger secret %d: does not match the check value the ledger records", rec.Version)
	}
	return nil
}

// String, GoString, Format and LogValue name the version only: a secret
// (or a copy of one) printed or logged by mistake shows nothing of its key.
func (s Secret) String() string { return fmt.Sprintf("ledger secret %d [redacted]", s.version) }

// GoString is String (for %#v).
func (s Secret) GoString() string { return s.String() }

// Format prints String for every verb (%v, %+v, %#v, %x, %s...).
func (s Secret) Format(f fmt.State, _ rune) { io.WriteString(f, s.String()) }

// LogValue redacts the secret in slog output.
func (s Secret) LogValue() slog.Value {
	return slog.GroupValue(slog.Uint64("version", s.version), slog.String("key", "[redacted]"))
}

// Version returns the secret's version.
func (s *Secret) Version() uint64 { return s.version }

// WrapForRecovery encrypts the secret with AES-256-GCM under kek, the key
// that recovery shares split (see configs/recovery.md).
func (s *Secret) WrapForRecovery(kek []byte) ([]byte, error) {
	a, err := newGCM(kek)
	if err != nil {
		return nil, fmt.Errorf("wrap ledger secret: %w", err)
	}
	return sealRandom(a, s.key[:], versionAAD(aadRecovery, s.version)), nil
}

// UnwrapRecovered reverses WrapForRecovery.
func UnwrapRecovered(version uint64, wrapped, kek []byte) (*Secret, error) {
	a, err := newGCM(kek)
	if err != nil {
		return nil, fmt.Errorf("unwrap ledger secret: %w", err)
	}
	key, err := openRandom(a, wrapped, versionAAD(aadRecovery, version))
	if err != nil {
		return nil, fmt.Errorf("unwrap ledger secret %d: the recovery key is wrong: %w", version, err)
	}
	return newSecret(version, key)
}

func versionAAD(domain string, version uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(domain), version)
}

// sealRandom encrypts with a random nonce, which it puts first.
func sealRandom(a cipher.AEAD, plaintext, aad []byte) []byte {
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(plaintext)+a.Overhead())
	rand.Read(nonce)
	return a.Seal(nonce, nonce, plaintext, aad)
}

func openRandom(a cipher.AEAD, b, aad []byte) ([]byte, error) {
	if len(b) < a.NonceSize()+a.Overhead() {
		return nil, errors.New("ciphertext is too short")
	}
	return a.Open(nil, b[:a.NonceSize()], b[a.NonceSize():], aad)
}

// sealToNode seals a secret to a node key.
func (s *Secret) sealToNode(pub *ecdsa.PublicKey) ([]byte, error) {
	return enclave.SealTo(pub, infoNodeSecret, append(binary.BigEndian.AppendUint64(nil, s.version), s.key[:]...))
}

// keyring holds the secrets a store holds. Its own lock makes it safe for
// the apply goroutine (which learns secrets) and the executor (which seals
// with the current one).
type keyring struct {
	platform  enclave.Platform
	path      string
	nodeKey   *ecdsa.PrivateKey // opens copies sealed to this node; may be nil
	nodeKeyID string

	mu struct {
		sync.RWMutex
		secrets map[uint64]*Secret
		// current is the latest version the applied ledger records.
		current uint64
		// recovery is where a recovery from an earlier ledger stands.
		recovery Recovery
	}
}

func newKeyring(platform enclave.Platform, path string, nodeKey *ecdsa.PrivateKey) (*keyring, error) {
	k := &keyring{platform: platform, path: path, nodeKey: nodeKey}
	k.mu.secrets = map[uint64]*Secret{}
	if nodeKey != nil {
		id, err := enclave.KeyID(&nodeKey.PublicKey)
		if err != nil {
			return nil, err
		}
		k.nodeKeyID = id
	}
	b, err := enclave.ReadSealed(platform, path)
	if errors.Is(err, fs.ErrNotExist) {
		return k, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ledger secrets: %w", err)
	}
	var held []heldSecret
	if err := json.Unmarshal(b, &held); err != nil {
		return nil, fmt.Errorf("ledger secrets %s: %w", path, err)
	}
	for _, h := range held {
		s, err := newSecret(h.Version, h.Secret)
		if err != nil {
			return nil, fmt.Errorf("ledger secrets %s: %w", path, err)
		}
		k.mu.secrets[s.version] = s
	}
	return k, nil
}

// heldSecret is how secrets are kept at rest (sealed) and sent to a
// joining node (sealed to its key).
type heldSecret struct {
	Version uint64 `json:"version"`
	Secret  []byte `json:"secret"`
}

func (k *keyring) encodeLocked() []byte {
	var held []heldSecret
	for _, v := range k.versionsLocked() {
		held = append(held, heldSecret{Version: v, Secret: k.mu.secrets[v].key[:]})
	}
	b, _ := json.Marshal(held)
	return b
}

func (k *keyring) versionsLocked() []uint64 {
	vs := make([]uint64, 0, len(k.mu.secrets))
	for v := range k.mu.secrets {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// get returns a held secret.
func (k *keyring) get(version uint64) (*Secret, error) {
	k.mu.RLock()
	s := k.mu.secrets[version]
	k.mu.RUnlock()
	if s == nil {
		return nil, fmt.Errorf("%w: version %d", ErrSecretNotHeld, version)
	}
	return s, nil
}

// current returns the latest version the ledger records and its secret.
func (k *keyring) current() (uint64, *Secret) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.mu.current, k.mu.secrets[k.mu.current]
}

// add keeps secrets and, if any is new, saves them sealed.
func (k *keyring) add(ss ...*Secret) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	added := false
	for _, s := range ss {
		if _, ok := k.mu.secrets[s.version]; !ok {
			k.mu.secrets[s.version] = s
			added = true
		}
	}
	if !added {
		return nil
	}
	if err := enclave.WriteSealed(k.platform, k.path, k.encodeLocked()); err != nil {
		return fmt.Errorf("save ledger secrets: %w", err)
	}
	return nil
}

func (k *keyring) setCurrent(v uint64) {
	k.mu.Lock()
	k.mu.current = v
	k.mu.Unlock()
}

// learn returns what a TableSecrets row gives this node beyond have: its
// own copy of the row's secret, and the previous secret, which the row's
// secret unwraps.
func (k *keyring) learn(rec *SecretRecord, have func(uint64) *Secret) ([]*Secret, error) {
	var out []*Secret
	s := have(rec.Version)
	if s == nil && k.nodeKey != nil {
		if sealed, ok := rec.Nodes[k.nodeKeyID]; ok {
			b, err := enclave.OpenWith(k.nodeKey, infoNodeSecret, sealed)
			if err != nil || len(b) != 40 || binary.BigEndian.Uint64(b) != rec.Version {
				return nil, fmt.Errorf("ledger secret %d: this node's copy does not open: %v", rec.Version, err)
			}
			if s, err = newSecret(rec.Version, b[8:]); err != nil {
				return nil, err
			}
			if err := s.verifyCheck(rec); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	if s != nil && rec.Version > 1 && len(rec.Previous) > 0 && have(rec.Version-1) == nil {
		prev, err := openRandom(s.chain, rec.Previous, versionAAD(aadChain, rec.Version))
		if err != nil {
			return nil, fmt.Errorf("ledger secret %d: the previous secret does not unwrap: %w", rec.Version, err)
		}
		p, err := newSecret(rec.Version-1, prev)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// learnAll learns from every row (ascending versions), walking the chain
// back from the latest secret held, and returns the latest version.
func (k *keyring) learnAll(rows []*SecretRecord) (uint64, error) {
	learned := map[uint64]*Secret{}
	have := func(v uint64) *Secret {
		if s := learned[v]; s != nil {
			return s
		}
		s, _ := k.get(v)
		return s
	}
	var latest uint64
	for _, r := range rows {
		latest = max(latest, r.Version)
	}
	// Own copies first, then the chain from the top down.
	for pass := 0; pass < 2; pass++ {
		for i := len(rows) - 1; i >= 0; i-- {
			ss, err := k.learn(rows[i], have)
			if err != nil {
				return 0, err
			}
			for _, s := range ss {
				learned[s.version] = s
			}
		}
	}
	var add []*Secret
	for _, s := range learned {
		add = append(add, s)
	}
	return latest, k.add(add...)
}

func decodeSecretRecord(key, value []byte) (*SecretRecord, error) {
	var r SecretRecord
	if err := json.Unmarshal(value, &r); err != nil {
		return nil, fmt.Errorf("ledger secret record: %w", err)
	}
	if len(key) != 8 || binary.BigEndian.Uint64(key) != r.Version || r.Version == 0 {
		return nil, fmt.Errorf("ledger secret record at key %x holds version %d", key, r.Version)
	}
	return &r, nil
}
