package receipt

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/cocorelay/coco/ledger/merkle"
)

// Leaf holds what the Merkle tree commits to for one transaction.
type Leaf struct {
	ID             TxID
	WriteSetDigest merkle.Hash // SHA-256 of the encoded ledger record
	Claims         merkle.Hash // digest of claims a receipt may disclose; zero if none
}

// LeafOf computes the leaf of an encoded record.
func LeafOf(id TxID, encoded []byte, claims merkle.Hash) Leaf {
	return Leaf{ID: id, WriteSetDigest: sha256.Sum256(encoded), Claims: claims}
}

// Hash returns the Merkle leaf hash: SHA-256(0x00 || view || seqno ||
// write set digest || claims digest), integers as 8-byte big endian.
func (l Leaf) Hash() merkle.Hash {
	var b [16 + 2*merkle.HashSize]byte
	binary.BigEndian.PutUint64(b[0:], l.ID.View)
	binary.BigEndian.PutUint64(b[8:], l.ID.Seqno)
	copy(b[16:], l.WriteSetDigest[:])
	copy(b[16+merkle.HashSize:], l.Claims[:])
	return merkle.LeafHash(b[:])
}

// rootDomain separates signed roots from anything else a node key signs.
const rootDomain = "coco-ledger-root-v1\x00"

// SignedRootMessage is what a signature transaction's node signs: the
// domain, the signature transaction's own id and the root of the tree of
// every transaction before it (seqno-1 leaves).
func SignedRootMessage(sig TxID, root merkle.Hash) []byte {
	b := make([]byte, 0, len(rootDomain)+16+merkle.HashSize)
	b = append(b, rootDomain...)
	b = binary.BigEndian.AppendUint64(b, sig.View)
	b = binary.BigEndian.AppendUint64(b, sig.Seqno)
	return append(b, root[:]...)
}
