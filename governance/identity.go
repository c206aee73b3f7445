package governance

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/cocorelay/coco/enclave"
)

// Public tables governance owns.
const (
	TableMembers  = "public:coco.gov.members"  // key id → Member
	TableUsers    = "public:coco.gov.users"    // key id → User
	TableNodes    = "public:coco.nodes"        // node id (8 bytes, big endian) → Node
	TableSettings = "public:coco.gov.settings" // setting name → JSON value
)

// ErrUnknownIdentity is returned for a key id that is not a member or user.
var ErrUnknownIdentity = errors.New("unknown identity")

// Member governs the network.
type Member struct {
	ID   string `json:"id"` // hex SHA-256 of the signing key's SPKI
	Name string `json:"name"`
	// Cert is the member's signing certificate or public key, PEM.
	Cert string `json:"cert"`
	// EncryptionKey receives the member's recovery share (PEM public key).
	EncryptionKey string `json:"encryption_key,omitempty"`
	Status        string `json:"status"`
}

// User calls the API.
type User struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Cert   string `json:"cert"`
	Status string `json:"status"`
}

// Identity statuses.
const (
	StatusActive = "active"
)

// ParseIdentityKey parses a PEM certificate or public key and returns the
// public key and its id. Accepted keys: ECDSA P-256 and P-384, Ed25519.
func ParseIdentityKey(pemText string) (crypto.PublicKey, string, error) {
	block, rest := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, "", errors.New("not PEM: want a CERTIFICATE or PUBLIC KEY block")
	}
	if b, _ := pem.Decode(rest); b != nil {
		return nil, "", errors.New("more than one PEM block")
	}
	var pub crypto.PublicKey
	switch block.Type {
	case "CERTIFICATE":
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, "", fmt.Errorf("certificate: %w", err)
		}
		pub = c.PublicKey
	case "PUBLIC KEY":
		p, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, "", fmt.Errorf("public key: %w", err)
		}
		pub = p
	default:
		return nil, "", fmt.Errorf("PEM block %q: want CERTIFICATE or PUBLIC KEY", block.Type)
	}
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() && k.Curve != elliptic.P384() {
			return nil, "", fmt.Errorf("ECDSA curve %s is not accepted (P-256, P-384)", k.Curve.Params().Name)
		}
	case ed25519.PublicKey:
	default:
		return nil, "", fmt.Errorf("key type %T is not accepted (ECDSA P-256/P-384, Ed25519)", pub)
	}
	id, err := enclave.KeyID(pub)
	if err != nil {
		return nil, "", err
	}
	return pub, id, nil
}

// Reader reads committed or in-transaction ledger state.
type Reader interface {
	Get(table string, key []byte) ([]byte, bool, error)
}

// Writer writes ledger state inside a transaction.
type Writer interface {
	Reader
	Put(table string, key, value []byte)
	Delete(table string, key []byte)
}

// GetUser returns the active user with key id, or ErrUnknownIdentity.
func GetUser(r Reader, id string) (*User, error) {
	var u User
	if err := getJSON(r, TableUsers, []byte(id), &u); err != nil {
		return nil, err
	}
	if u.Status != StatusActive {
		return nil, ErrUnknownIdentity
	}
	return &u, nil
}

// GetMember returns the active member with key id, or ErrUnknownIdentity.
func GetMember(r Reader, id string) (*Member, error) {
	var m Member
	if err := getJSON(r, TableMembers, []byte(id), &m); err != nil {
		return nil, err
	}
	if m.Status != StatusActive {
		return nil, ErrUnknownIdentity
	}
	return &m, nil
}

func getJSON(r Reader, table string, key []byte, v any) error {
	b, ok, err := r.Get(table, key)
	if err != nil {
		return err
	}
	if !ok {
		return ErrUnknownIdentity
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("governance: corrupt %s record: %w", table, err)
	}
	return nil
}

func putJSON(w Writer, table string, key []byte, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	w.Put(table, key, b)
}
