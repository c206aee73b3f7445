// Package merkle implements the append-only Merkle tree of RFC 9162 (Certificate
// Transparency v2) over SHA-256: leaf hashes are SHA-256(0x00 || data), interior
// nodes SHA-256(0x01 || left || right), and a tree of n leaves splits at the
// largest power of two smaller than n.
//
// The package is pure: it computes roots, frontiers and inclusion proofs from
// hashes handed to it through the NodeReader interface and never does I/O itself.
package merkle

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
)

// HashSize is the size of every hash in the tree.
const HashSize = sha256.Size

// Hash is a SHA-256 digest.
type Hash [HashSize]byte

// String returns the lowercase hex form of h.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// ErrProof reports that an inclusion proof does not lead to the expected root.
var ErrProof = errors.New("merkle: inclusion proof does not match root")

// LeafHash returns the hash of a leaf holding data.
func LeafHash(data []byte) Hash {
	h := sha256.New()
	h.Write([]byte{0x00})
	h.Write(data)
	var out Hash
	h.Sum(out[:0])
	return out
}

// NodeHash returns the hash of an interior node with the given children.
func NodeHash(left, right Hash) Hash {
	var buf [1 + 2*HashSize]byte
	buf[0] = 0x01
	copy(buf[1:], left[:])
	copy(buf[1+HashSize:], right[:])
	return sha256.Sum256(buf[:])
}

// Node names a perfect subtree: the 2^Level leaves starting at Index<<Level.
// Level 0 nodes are the leaves themselves.
type Node struct {
	Level uint8
	Index uint64
	Hash  Hash
}

// NodeReader returns the hash of a perfect subtree that the tree has completed.
// Implementations return an error for a subtree that is not (yet) complete.
type NodeReader interface {
	Node(level uint8, index uint64) (Hash, error)
}

// Frontier is the right edge of a tree: the roots of the perfect subtrees that
// make up its leaves, largest first. It is enough to append leaves and compute
// the root. The zero value is an empty tree.
type Frontier struct {
	size  uint64
	nodes []Hash
}

// Size returns the number of leaves.
func (f *Frontier) Size() uint64 { return f.size }

// Clone returns an independent copy of f.
func (f *Frontier) Clone() Frontier {
	return Frontier{size: f.size, nodes: append([]Hash(nil), f.nodes...)}
}

// Append adds a leaf hash and returns every perfect subtree the append
// completed, the leaf itself first (level 0), then upwards.
func (f *Frontier) Append(leaf Hash) []Node {
	index := f.size
	completed := []Node{{Level: 0, Index: index, Hash: leaf}}
	cur := leaf
	// Each trailing one bit of the old size is a perfect subtree that merges
	// with the new one.
	for level := uint8(0); index&1 == 1; level++ {
		left := f.nodes[len(f.nodes)-1]
		f.nodes = f.nodes[:len(f.nodes)-1]
		cur = NodeHash(left, cur)
		index >>= 1
		completed = append(completed, Node{Level: level + 1, Index: index, Hash: cur})
	}
	f.nodes = append(f.nodes, cur)
	f.size++
	return completed
}

// Root returns the tree head. The root of the empty tree is SHA-256("").
func (f *Frontier) Root() Hash {
	if f.size == 0 {
		return sha256.Sum256(nil)
	}
	r := f.nodes[len(f.nodes)-1]
	for i := len(f.nodes) - 2; i >= 0; i-- {
		r = NodeHash(f.nodes[i], r)
	}
	return r
}

// Encode returns the frontier as size (8 bytes, big endian) followed by its hashes.
func (f *Frontier) Encode() []byte {
	out := make([]byte, 8, 8+len(f.nodes)*HashSize)
	putUint64(out, f.size)
	for _, n := range f.nodes {
		out = append(out, n[:]...)
	}
	return out
}

// DecodeFrontier parses the output of Encode.
func DecodeFrontier(b []byte) (Frontier, error) {
	if len(b) < 8 {
		return Frontier{}, fmt.Errorf("merkle: frontier of %d bytes is too short", len(b))
	}
	size := getUint64(b)
	want := bits.OnesCount64(size)
	if len(b) != 8+want*HashSize {
		return Frontier{}, fmt.Errorf("merkle: frontier of size %d needs %d hashes, got %d bytes", size, want, len(b)-8)
	}
	f := Frontier{size: size, nodes: make([]Hash, want)}
	for i := range f.nodes {
		copy(f.nodes[i][:], b[8+i*HashSize:])
	}
	return f, nil
}

// FrontierAt rebuilds the frontier of the first size leaves from stored nodes.
func FrontierAt(r NodeReader, size uint64) (Frontier, error) {
	f := Frontier{size: size}
	var start uint64
	for level := 63; level >= 0; level-- {
		if size&(1<<uint(level)) == 0 {
			continue
		}
		h, err := r.Node(uint8(level), start>>uint(level))
		if err != nil {
			return Frontier{}, err
		}
		f.nodes = append(f.nodes, h)
		start += 1 << uint(level)
	}
	return f, nil
}

// RootAt returns the root of the tree made of the first size leaves.
func RootAt(r NodeReader, size uint64) (Hash, error) {
	f, err := FrontierAt(r, size)
	if err != nil {
		return Hash{}, err
	}
	return f.Root(), nil
}

// subtreeHash returns MTH(D[start:start+n]) for a range the RFC 9162
// recursion produces: start is a multiple of the largest power of two <= n.
func subtreeHash(r NodeReader, start, n uint64) (Hash, error) {
	if n&(n-1) == 0 {
		level := uint8(bits.TrailingZeros64(n))
		return r.Node(level, start>>level)
	}
	k := splitPoint(n)
	left, err := subtreeHash(r, start, k)
	if err != nil {
		return Hash{}, err
	}
	right, err := subtreeHash(r, start+k, n-k)
	if err != nil {
		return Hash{}, err
	}
	return NodeHash(left, right), nil
}

// InclusionProof returns the audit path of the leaf at index in the tree of
// the first size leaves, ordered from the leaf upwards.
func InclusionProof(r NodeReader, index, size uint64) ([]Hash, error) {
	if index >= size {
		return nil, fmt.Errorf("merkle: leaf %d is outside a tree of %d leaves", index, size)
	}
	var path []Hash
	var start uint64
	n := size
	// Walk down from the root, collecting the sibling at each split; the path
	// is then reversed so that it reads from the leaf upwards.
	for n > 1 {
		k := splitPoint(n)
		var sib Hash
		var err error
		if index-start < k {
			sib, err = subtreeHash(r, start+k, n-k)
			n = k
		} else {
			sib, err = subtreeHash(r, start, k)
			start += k
			n -= k
		}
		if err != nil {
			return nil, err
		}
		path = append(path, sib)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path, nil
}

// RootFromInclusionProof computes the root implied by a leaf, its index, the
// tree size and the audit path (RFC 9162, section 2.1.3.2).
func RootFromInclusionProof(leaf Hash, index, size uint64, path []Hash) (Hash, error) {
	if index >= size {
		return Hash{}, fmt.Errorf("%w: leaf %d is outside a tree of %d leaves", ErrProof, index, size)
	}
	fn, sn := index, size-1
	r := leaf
	for _, p := range path {
		if sn == 0 {
			return Hash{}, fmt.Errorf("%w: path is longer than the tree is deep", ErrProof)
		}
		if fn&1 == 1 || fn == sn {
			r = NodeHash(p, r)
			for fn&1 == 0 && fn != 0 {
				fn >>= 1
				sn >>= 1
			}
		} else {
			r = NodeHash(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 {
		return Hash{}, fmt.Errorf("%w: path is shorter than the tree is deep", ErrProof)
	}
	return r, nil
}

// VerifyInclusion checks that leaf is at index in the tree of size leaves with the given root.
func VerifyInclusion(leaf Hash, index, size uint64, path []Hash, root Hash) error {
	got, err := RootFromInclusionProof(leaf, index, size, path)
	if err != nil {
		return err
	}
	if got != root {
		return ErrProof
	}
	return nil
}

// splitPoint returns the largest power of two strictly smaller than n (n > 1).
func splitPoint(n uint64) uint64 {
	return 1 << (63 - bits.LeadingZeros64(n-1))
}

func putUint64(b []byte, v uint64) {
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
}

func getUint64(b []byte) uint64 {
	var v uint64
	for _, x := range b[:8] {
		v = v<<8 | uint64(x)
	}
	return v
}
