package wire

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"slices"
)

// Tags separate the digests of different kinds of message, and of this
// bridge from anything else a relay node signs.
const (
	tagPayout     = "coco/fabric/payout/v1"
	tagCancel     = "coco/fabric/cancel/v1"
	tagAnchor     = "coco/fabric/anchor/v1"
	tagSigners    = "coco/fabric/signers/v1"
	tagTransferID = "coco/fabric/transfer-id/v1"
	tagBridgeID   = "coco/fabric/bridge-id/v1"
)

// Payout kinds, as the connectors package names them.
const (
	KindRelease = "release"
	KindMint    = "mint"
)

// Deposit kinds.
const (
	KindLock = "lock"
	KindBurn = "burn"
)

// Domain is the deployment a signature is valid for: one chaincode on one
// channel, and of that the one bridge instance SetupBridge made. A
// signature for another channel, chaincode or bridge never verifies; the
// bridge id keeps apart deployments whose channel and chaincode names are
// the same (every test network's are), on different Fabric networks.
type Domain struct {
	Channel   string
	Chaincode string
	Bridge    string // 64 lowercase hex characters (BridgeID)
}

// Validate reports a domain that cannot be used.
func (d Domain) Validate() error {
	var errs []error
	if d.Channel == "" {
		errs = append(errs, errors.New("channel: required"))
	}
	if d.Chaincode == "" {
		errs = append(errs, errors.New("chaincode: required"))
	}
	if err := CheckBridgeID(d.Bridge); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// BridgeID is the id of the bridge instance SetupBridge made in
// transaction txID: unique, since Fabric refuses a second transaction with
// an id on a channel, and unpredictable before it.
func BridgeID(channel, chaincode, txID string) string {
	m := &message{}
	m.str(tagBridgeID)
	m.str(channel)
	m.str(chaincode)
	m.str(txID)
	return hex.EncodeToString(m.digest())
}

// CheckBridgeID reports an id that is not 64 lowercase hex characters.
func CheckBridgeID(id string) error {
	b, err := hex.DecodeString(id)
	if err != nil || len(b) != 32 || hex.EncodeToString(b) != id {
		return fmt.Errorf("bridge id %.80q: want 64 lowercase hex characters", id)
	}
	return nil
}

// message builds a domain-separated message: the tag, then every field
// length-prefixed (strings, byte strings) or fixed-width big-endian.
type message struct{ b []byte }

func newMessage(tag string, d Domain) *message {
	m := &message{}
	m.str(tag)
	m.str(d.Channel)
	m.str(d.Chaincode)
	m.str(d.Bridge)
	return m
}

func (m *message) str(s string) {
	m.b = binary.BigEndian.AppendUint32(m.b, uint32(len(s)))
	m.b = append(m.b, s...)
}

func (m *message) u64(v uint64) { m.b = binary.BigEndian.AppendUint64(m.b, v) }

func (m *message) fixed(b []byte) { m.b = append(m.b, b...) }

func (m *message) digest() []byte {
	h := sha256.Sum256(m.b)
	return h[:]
}

// PayoutDigest is the SHA-256 digest relay nodes sign to authorise a
// payout: the domain, the kind, the transfer id, the asset, the recipient
// and the amount (32 bytes big-endian).
func (d Domain) PayoutDigest(kind string, id [32]byte, asset, to string, amount *big.Int) ([]byte, error) {
	if kind != KindRelease && kind != KindMint {
		return nil, fmt.Errorf("payout kind %q: want %q or %q", kind, KindRelease, KindMint)
	}
	if asset == "" || to == "" {
		return nil, errors.New("payout: asset and recipient are required")
	}
	amt, err := amountBytes(amount)
	if err != nil {
		return nil, err
	}
	m := newMessage(tagPayout, d)
	m.str(kind)
	m.fixed(id[:])
	m.str(asset)
	m.str(to)
	m.fixed(amt)
	return m.digest(), nil
}

// CancelDigest is the SHA-256 digest relay nodes sign to cancel transfer
// id: the domain and the id. After it, no payout of id executes.
func (d Domain) CancelDigest(id [32]byte) []byte {
	m := newMessage(tagCancel, d)
	m.fixed(id[:])
	return m.digest()
}

// AnchorDigest is what relay nodes sign to anchor a signed root of the
// shared ledger: the domain, the seqno, the root and the time (Unix
// nanoseconds, two's complement).
func (d Domain) AnchorDigest(seqno uint64, root [32]byte, unixNano int64) []byte {
	m := newMessage(tagAnchor, d)
	m.u64(seqno)
	m.fixed(root[:])
	m.u64(uint64(unixNano))
	return m.digest()
}

// SignersDigest is what the current signer set signs to replace itself by
// set (in any order; it is sorted here) with the given threshold, under
// nonce.
func (d Domain) SignersDigest(set []string, threshold int, nonce uint64) ([]byte, error) {
	if err := CheckSignerSet(set, threshold); err != nil {
		return nil, err
	}
	sorted := slices.Clone(set)
	slices.Sort(sorted)
	m := newMessage(tagSigners, d)
	m.u64(nonce)
	m.u64(uint64(threshold))
	m.u64(uint64(len(sorted)))
	for _, s := range sorted {
		m.str(s)
	}
	return m.digest(), nil
}

// TransferID derives the id of a deposit from the transaction that made
// it. Fabric refuses a second transaction with the same id on a channel,
// and one transaction makes at most one deposit, so ids are unique.
func (d Domain) TransferID(txID string) [32]byte {
	m := newMessage(tagTransferID, d)
	m.str(txID)
	var id [32]byte
	copy(id[:], m.digest())
	return id
}
