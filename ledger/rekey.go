package ledger

import (
	"crypto/ecdsa"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cocorelay/coco/enclave"
)

// What the node does with ledger secrets: make the next one in a
// transaction, hand them to a joining node, take them back in a recovery.

// loadSecrets brings the keyring up to date with the state: it learns
// every secret the secrets table gives this node (which covers a crash
// between applying a rekey and saving the keyring) and the current version.
func (s *Store) loadSecrets() error {
	rows, err := s.secretRows()
	if err != nil {
		return err
	}
	latest, err := s.keys.learnAll(rows)
	if err != nil {
		return err
	}
	if latest != s.meta.SecretVersion {
		return fmt.Errorf("%w: the secrets table ends at version %d, the metadata says %d", ErrCorrupt, latest, s.meta.SecretVersion)
	}
	s.keys.setCurrent(latest)
	return nil
}

// secretRows reads every row of TableSecrets, ascending.
func (s *Store) secretRows() ([]*SecretRecord, error) {
	kvs, err := s.Scan(TableSecrets, nil, nil, 1<<20)
	if err != nil {
		return nil, fmt.Errorf("read ledger secrets: %w", err)
	}
	var rows []*SecretRecord
	for _, kv := range kvs {
		if string(kv.Key) == string(latestSecretKey) {
			continue
		}
		r, err := decodeSecretRecord(kv.Key, kv.Value)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// Secrets says which ledger secrets this node holds.
type Secrets struct {
	// Current is the latest version the ledger records (0 before genesis).
	Current uint64 `json:"current"`
	// Held are the versions this node holds.
	Held []uint64 `json:"held"`
}

// Secrets returns the versions the ledger records and this node holds.
func (s *Store) Secrets() Secrets {
	s.keys.mu.RLock()
	defer s.keys.mu.RUnlock()
	return Secrets{Current: s.keys.mu.current, Held: s.keys.versionsLocked()}
}

// LockedOut returns nil, or why this store stopped applying entries: one
// needs a ledger secret it does not hold (the node was removed from the
// network before that secret was made).
func (s *Store) LockedOut() error {
	if p := s.lockedOut.Load(); p != nil {
		return *p
	}
	return nil
}

// latestIn returns the latest secret version tx sees (its own writes and
// those of transactions executed before it included).
func latestIn(tx *Tx) (uint64, error) {
	b, ok, err := tx.Get(TableSecrets, latestSecretKey)
	if err != nil || !ok {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("%w: latest ledger secret version has %d bytes", ErrCorrupt, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// CurrentSecret returns the current ledger secret, for wrapping it for
// recovery in tx. It fails with ErrSecretPending if a secret change that
// tx sees has not committed yet.
func (s *Store) CurrentSecret(tx *Tx) (*Secret, error) {
	v, err := latestIn(tx)
	if err != nil {
		return nil, err
	}
	cur, secret := s.keys.current()
	if v != cur {
		return nil, ErrSecretPending
	}
	if secret == nil {
		return nil, fmt.Errorf("%w: version %d", ErrSecretNotHeld, cur)
	}
	return secret, nil
}

// NextSecret makes the next ledger secret and records it in tx, sealed to
// each node key in to (the nodes that will hold it) and wrapping the
// current secret. Entries use it once tx commits. It fails with
// ErrSecretPending while an earlier change is not committed.
func (s *Store) NextSecret(tx *Tx, to []*ecdsa.PublicKey, reason string) (*Secret, error) {
	v, err := latestIn(tx)
	if err != nil {
		return nil, err
	}
	cur, prev := s.keys.current()
	if v != cur {
		return nil, ErrSecretPending
	}
	if v > 0 && prev == nil {
		return nil, fmt.Errorf("%w: version %d", ErrSecretNotHeld, v)
	}
	if len(to) == 0 {
		return nil, errors.New("ledger secret: no node to give it to")
	}
	next, err := randomSecret(v + 1)
	if err != nil {
		return nil, err
	}
	rec := SecretRecord{Version: next.version, Reason: reason, Nodes: map[string][]byte{}, Check: next.checkValue()}
	for _, pub := range to {
		id, err := enclave.KeyID(pub)
		if err != nil {
			return nil, err
		}
		if rec.Nodes[id], err = next.sealToNode(pub); err != nil {
			return nil, fmt.Errorf("seal ledger secret to node %s: %w", id[:16], err)
		}
	}
	if prev != nil {
		rec.Previous = sealRandom(next.chain, prev.key[:], versionAAD(aadChain, next.version))
	}
	b, _ := json.Marshal(&rec)
	tx.Put(TableSecrets, secretKey(next.version), b)
	tx.Put(TableSecrets, latestSecretKey, secretKey(next.version))
	return next, nil
}

// ExportSecrets seals every secret this node holds to a joining node's
// key (relay/join.go sends it in the trusted reply).
func (s *Store) ExportSecrets(to *ecdsa.PublicKey) ([]byte, error) {
	s.keys.mu.RLock()
	b := s.keys.encodeLocked()
	s.keys.mu.RUnlock()
	return enclave.SealTo(to, infoJoinSecrets, b)
}

// ImportSecrets keeps the secrets ExportSecrets sealed to this node.
func (s *Store) ImportSecrets(blob []byte) error {
	if s.keys.nodeKey == nil {
		return errors.New("import ledger secrets: the store has no node key")
	}
	b, err := enclave.OpenWith(s.keys.nodeKey, infoJoinSecrets, blob)
	if err != nil {
		return fmt.Errorf("import ledger secrets: %w", err)
	}
	var held []heldSecret
	if err := json.Unmarshal(b, &held); err != nil {
		return fmt.Errorf("import ledger secrets: %w", err)
	}
	var ss []*Secret
	for _, h := range held {
		sec, err := newSecret(h.Version, h.Secret)
		if err != nil {
			return fmt.Errorf("import ledger secrets: %w", err)
		}
		ss = append(ss, sec)
	}
	return s.keys.add(ss...)
}

// RecoverSecrets takes the latest ledger secret back (a recovery combined
// the members' shares to unwrap it) and every earlier one, which it
// unwraps along the chain in the secrets table. The ledger's latest
// version must be latest's.
func (s *Store) RecoverSecrets(latest *Secret) error {
	if cur, _ := s.keys.current(); cur != latest.version {
		return fmt.Errorf("recover ledger secrets: the ledger's latest secret is version %d, not %d", cur, latest.version)
	}
	b, _, ok, err := s.Get(TableSecrets, secretKey(latest.version))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: ledger secret %d is not recorded", ErrCorrupt, latest.version)
	}
	rec, err := decodeSecretRecord(secretKey(latest.version), b)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := latest.verifyCheck(rec); err != nil {
		return fmt.Errorf("recover ledger secrets: %w", err)
	}
	if err := s.keys.add(latest); err != nil {
		return err
	}
	if err := s.loadSecrets(); err != nil {
		return err
	}
	for v := latest.version; v >= 1; v-- {
		if _, err := s.keys.get(v); err != nil {
			return fmt.Errorf("recover ledger secrets: %w (the chain is broken)", err)
		}
	}
	return nil
}

// LatestSecretRecord returns the row of the latest ledger secret tx sees,
// or nil before genesis.
func LatestSecretRecord(tx *Tx) (*SecretRecord, error) {
	v, err := latestIn(tx)
	if err != nil || v == 0 {
		return nil, err
	}
	b, ok, err := tx.Get(TableSecrets, secretKey(v))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: ledger secret %d is named latest but not recorded", ErrCorrupt, v)
	}
	return decodeSecretRecord(secretKey(v), b)
}
