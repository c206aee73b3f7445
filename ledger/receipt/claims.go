package receipt

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cocorelay/coco/ledger/merkle"
)

// Claims a receipt can disclose one at a time. A transaction may commit to
// a list of claims (name, value) through its claims digest, which its
// receipt carries (Verified.Claims) while the write set stays private.
// Each claim is hashed with its own random salt, and the claims digest
// hashes the list of those digests; so a holder of the claims can show
// one of them (a Disclosure: that claim, its salt, and the other claims'
// digests) and a verifier learns that claim and nothing of the others
// but how many there are.

// Claim is one statement of a transaction.
type Claim struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Salt  []byte `json:"salt"` // 16 random bytes
}

// SaltSize is the size of a claim's salt.
const SaltSize = 16

// NewClaims salts name/value pairs.
func NewClaims(pairs ...[2]string) ([]Claim, error) {
	out := make([]Claim, len(pairs))
	for i, p := range pairs {
		salt := make([]byte, SaltSize)
		if _, err := rand.Read(salt); err != nil {
			return nil, err
		}
		out[i] = Claim{Name: p[0], Value: p[1], Salt: salt}
	}
	return out, nil
}

// Digest is the claim's salted digest.
func (c Claim) Digest() merkle.Hash {
	h := sha256.New()
	h.Write([]byte("coco-claim-v1\x00"))
	var n [8]byte
	for _, part := range [][]byte{[]byte(c.Name), c.Salt, []byte(c.Value)} {
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
	var out merkle.Hash
	h.Sum(out[:0])
	return out
}

// ClaimsDigest is the digest a transaction records for claims
// (ledger.Tx.SetClaims).
func ClaimsDigest(claims []Claim) merkle.Hash {
	ds := make([]merkle.Hash, len(claims))
	for i, c := range claims {
		ds[i] = c.Digest()
	}
	return digestOf(ds)
}

func digestOf(ds []merkle.Hash) merkle.Hash {
	h := sha256.New()
	h.Write([]byte("coco-claims-v1\x00"))
	for _, d := range ds {
		h.Write(d[:])
	}
	var out merkle.Hash
	h.Sum(out[:0])
	return out
}

// Disclosure shows one claim of a transaction.
type Disclosure struct {
	Claim Claim `json:"claim"`
	// Index is the claim's place in the list; Digests are the digests of
	// every claim of the list (the disclosed one's included), in hex.
	Index   int      `json:"index"`
	Digests []string `json:"digests"`
}

// Disclose makes the disclosure of claims[i].
func Disclose(claims []Claim, i int) (*Disclosure, error) {
	if i < 0 || i >= len(claims) {
		return nil, fmt.Errorf("disclose claim %d of %d", i, len(claims))
	}
	d := &Disclosure{Claim: claims[i], Index: i}
	for _, c := range claims {
		d.Digests = append(d.Digests, c.Digest().String())
	}
	return d, nil
}

// ErrClaimMismatch: a disclosure does not match the receipt.
var ErrClaimMismatch = errors.New("the disclosed claim is not the receipt's")

// Verify checks that the disclosed claim is one of those the claims
// digest of a verified receipt commits to.
func (d *Disclosure) Verify(v *Verified) error {
	if len(d.Claim.Salt) != SaltSize {
		return fmt.Errorf("%w: claim.salt must be %d bytes", ErrClaimMismatch, SaltSize)
	}
	if d.Index < 0 || d.Index >= len(d.Digests) {
		return fmt.Errorf("%w: index %d of %d digests", ErrClaimMismatch, d.Index, len(d.Digests))
	}
	ds := make([]merkle.Hash, len(d.Digests))
	for i, s := range d.Digests {
		h, err := parseHash(fmt.Sprintf("digests[%d]", i), s)
		if err != nil {
			return err
		}
		ds[i] = h
	}
	if d.Claim.Digest() != ds[d.Index] {
		return fmt.Errorf("%w: claim %q does not hash to digest %d", ErrClaimMismatch, d.Claim.Name, d.Index)
	}
	if digestOf(ds) != v.Claims {
		return fmt.Errorf("%w: the digests do not make the receipt's claims digest %s", ErrClaimMismatch, v.Claims)
	}
	return nil
}
