package wire

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// identityPrefix starts every relay node identity: the node's ECDSA P-256
// public key, SEC 1 compressed, in lowercase hex. An identity carries its
// key, so a signer set can be replaced by one the chaincode has never seen.
const identityPrefix = "p256:"

// MaxSigners bounds a signer set and the signatures one call may carry.
const MaxSigners = 64

// Identity returns the identity string of pub as the chaincode knows it.
func Identity(pub *ecdsa.PublicKey) (string, error) {
	if pub == nil || pub.Curve != elliptic.P256() {
		return "", errors.New("relay identity: want an ECDSA P-256 public key")
	}
	u, err := pub.Bytes() // 0x04 || X || Y
	if err != nil {
		return "", fmt.Errorf("relay identity: %w", err)
	}
	c := make([]byte, 33)
	c[0] = 2 | u[64]&1
	copy(c[1:], u[1:33])
	return identityPrefix + hex.EncodeToString(c), nil
}

// ParseIdentity returns the public key an identity string names.
func ParseIdentity(id string) (*ecdsa.PublicKey, error) {
	h, ok := strings.CutPrefix(id, identityPrefix)
	if !ok || len(h) != 66 || strings.ToLower(h) != h {
		return nil, fmt.Errorf("relay identity %.80q: want %s followed by 66 lowercase hex digits", id, identityPrefix)
	}
	c, err := hex.DecodeString(h)
	if err != nil {
		return nil, fmt.Errorf("relay identity %q: %w", id, err)
	}
	x, y := elliptic.UnmarshalCompressed(elliptic.P256(), c)
	if x == nil {
		return nil, fmt.Errorf("relay identity %q: not a point on P-256", id)
	}
	u := make([]byte, 65)
	u[0] = 4
	x.FillBytes(u[1:33])
	y.FillBytes(u[33:])
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), u)
	if err != nil {
		return nil, fmt.Errorf("relay identity %q: %w", id, err)
	}
	return pub, nil
}

// Signature is one relay node's ECDSA signature (ASN.1 DER) over a
// digest. In JSON, Sig is base64.
type Signature struct {
	Signer string `json:"signer"`
	Sig    []byte `json:"sig"`
}

// CheckSignerSet reports a set that cannot be enforced: empty, too large,
// with an unparsable or repeated identity, or a threshold that is not a
// majority of the set (2k > n, k <= n): with a majority, two disjoint
// groups of the set can never both authorise.
func CheckSignerSet(set []string, threshold int) error {
	var errs []error
	if len(set) == 0 || len(set) > MaxSigners {
		errs = append(errs, fmt.Errorf("signer set: %d identities, want 1 to %d", len(set), MaxSigners))
	}
	seen := make(map[string]bool, len(set))
	for _, id := range set {
		if _, err := ParseIdentity(id); err != nil {
			errs = append(errs, err)
		} else if seen[id] {
			errs = append(errs, fmt.Errorf("signer set: %s appears twice", id))
		}
		seen[id] = true
	}
	if threshold < 1 || threshold > len(set) || 2*threshold <= len(set) {
		errs = append(errs, fmt.Errorf("threshold %d of %d signers: want a majority, %d to %d", threshold, len(set), len(set)/2+1, max(1, len(set))))
	}
	return errors.Join(errs...)
}

// CountValid returns how many distinct members of set produced a valid
// signature over digest among sigs. Signatures by strangers, invalid
// signatures and repeats of a signer count nothing.
func CountValid(set []string, digest []byte, sigs []Signature) int {
	members := make(map[string]bool, len(set))
	for _, id := range set {
		members[id] = true
	}
	counted := make(map[string]bool, len(sigs))
	for _, s := range sigs {
		if !members[s.Signer] || counted[s.Signer] {
			continue
		}
		pub, err := ParseIdentity(s.Signer)
		if err != nil {
			continue
		}
		if ecdsa.VerifyASN1(pub, digest, s.Sig) {
			counted[s.Signer] = true
		}
	}
	return len(counted)
}
