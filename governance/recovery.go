package governance

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"

	"github.com/cocorelay/coco/enclave"
)

// Recovery shares. The leader keeps, in TableRecovery, the latest ledger
// secret wrapped by a random recovery key and that key split (Shamir, k of
// n) into one share per member with an encryption key, each share sealed
// to that key (relay/secrets.go writes it whenever the secret, the members
// or the threshold change). A network recovered from ledger files reads
// this record from the replayed public tables; k members open their
// shares and submit them (coco gov share submit).
const TableRecovery = "public:coco.recovery"

var (
	recoverySharesKey = []byte("shares")
	// previousServicesKey lists the service certificates of the networks
	// this one was recovered from (DER), newest first.
	previousServicesKey = []byte("previous_services")
)

// RecoveryShares is the recovery record.
type RecoveryShares struct {
	// SecretVersion is the ledger secret Wrapped holds.
	SecretVersion uint64 `json:"secret_version"`
	Wrapped       []byte `json:"wrapped"`
	Threshold     int    `json:"threshold"`
	// Shares maps a member id to its share sealed to its encryption key
	// (HPKE, info ShareInfo); Digests to SHA-256 of the share, so that a
	// wrong share is refused when submitted.
	Shares  map[string][]byte `json:"shares"`
	Digests map[string][]byte `json:"digests"`
	// KeyIDs maps a member id to the id (enclave.KeyID) of the encryption
	// key its share is sealed to: a member that changes its key gets a new
	// share (and the secret is rotated, so the old share set is spent).
	KeyIDs map[string]string `json:"key_ids"`
}

// ShareInfo is the HPKE info string recovery shares are sealed with.
const ShareInfo = "coco/recovery-share/v1"

// GetRecoveryShares returns the recovery record, or nil if there is none.
func GetRecoveryShares(r Reader) (*RecoveryShares, error) {
	var rs RecoveryShares
	b, ok, err := r.Get(TableRecovery, recoverySharesKey)
	if err != nil || !ok {
		return nil, err
	}
	if err := unmarshal(b, &rs, "recovery shares"); err != nil {
		return nil, err
	}
	return &rs, nil
}

// PutRecoveryShares writes the recovery record.
func PutRecoveryShares(w Writer, rs *RecoveryShares) {
	putJSON(w, TableRecovery, recoverySharesKey, rs)
}

// PreviousServices returns the service certificates (DER) of the networks
// this one was recovered from, newest first.
func PreviousServices(r Reader) ([][]byte, error) {
	var certs [][]byte
	err := getSetting(r, TableRecovery, previousServicesKey, &certs)
	return certs, err
}

// AddPreviousService records that this network was recovered from the one
// with service certificate der (and, transitively, its predecessors).
func AddPreviousService(w Writer, der []byte) error {
	certs, err := PreviousServices(w)
	if err != nil {
		return err
	}
	putJSON(w, TableRecovery, previousServicesKey, append([][]byte{der}, certs...))
	return nil
}

// RecoveryMember is a member that receives a recovery share.
type RecoveryMember struct {
	ID  string
	Key *ecdsa.PublicKey
}

// RecoveryMembers returns the active members that have an encryption key,
// sorted by id.
func RecoveryMembers(r Reader) ([]RecoveryMember, error) {
	ids, err := activeMembers(r)
	if err != nil {
		return nil, err
	}
	var out []RecoveryMember
	for _, id := range ids {
		m, err := GetMember(r, id)
		if err != nil {
			return nil, err
		}
		if m.EncryptionKey == "" {
			continue
		}
		pub, err := enclave.ParsePublicKeyPEM([]byte(m.EncryptionKey))
		if err != nil {
			return nil, fmt.Errorf("governance: member %s: encryption key: %w", id, err)
		}
		out = append(out, RecoveryMember{ID: id, Key: pub})
	}
	return out, nil
}

// SettingsKey is the key of the service settings (allow_virtual_nodes
// among them) in TableSettings.
func SettingsKey() []byte { return bytes.Clone(settingsKey) }

// NodePolicyOf decodes what a public write of a ledger record says about
// which nodes the constitution admits: the service settings (s, whose
// AllowVirtualNodes counts) or an allowed code measurement (c). Both are
// nil for any other row. A member checking a recovering node's evidence
// reads the recovered policy from old records this way (relay
// VerifyRecoveredPolicy).
func NodePolicyOf(table string, key, value []byte) (s *Settings, c *NodeCode, err error) {
	switch {
	case table == TableSettings && bytes.Equal(key, settingsKey):
		s = new(Settings)
		if err := json.Unmarshal(value, s); err != nil {
			return nil, nil, fmt.Errorf("governance: settings: %w", err)
		}
	case table == TableNodeCode:
		c = new(NodeCode)
		if err := json.Unmarshal(value, c); err != nil {
			return nil, nil, fmt.Errorf("governance: node code: %w", err)
		}
	}
	return s, c, nil
}
