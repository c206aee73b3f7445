package merkle

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
)

// mth is the RFC 9162 definition computed directly from the leaves.
func mth(leaves []Hash) Hash {
	switch len(leaves) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return leaves[0]
	}
	k := splitPoint(uint64(len(leaves)))
	return NodeHash(mth(leaves[:k]), mth(leaves[k:]))
}

// memNodes stores every completed node reported by Frontier.Append.
type memNodes map[[2]uint64]Hash

func (m memNodes) Node(level uint8, index uint64) (Hash, error) {
	h, ok := m[[2]uint64{uint64(level), index}]
	if !ok {
		return Hash{}, fmt.Errorf("no node %d/%d", level, index)
	}
	return h, nil
}

func build(t *testing.T, n int) ([]Hash, memNodes, []Hash) {
	t.Helper()
	var f Frontier
	nodes := memNodes{}
	var leaves, roots []Hash
	for i := range n {
		leaf := LeafHash([]byte(fmt.Sprintf("leaf %d", i)))
		leaves = append(leaves, leaf)
		for _, c := range f.Append(leaf) {
			nodes[[2]uint64{uint64(c.Level), c.Index}] = c.Hash
		}
		roots = append(roots, f.Root())
	}
	return leaves, nodes, roots
}

func TestRootMatchesDefinition(t *testing.T) {
	leaves, nodes, roots := build(t, 130)
	for n := 1; n <= len(leaves); n++ {
		want := mth(leaves[:n])
		if roots[n-1] != want {
			t.Fatalf("frontier root of %d leaves = %s, want %s", n, roots[n-1], want)
		}
		got, err := RootAt(nodes, uint64(n))
		if err != nil || got != want {
			t.Fatalf("RootAt(%d) = %s, %v; want %s", n, got, err, want)
		}
	}
	var empty Frontier
	if empty.Root() != sha256.Sum256(nil) {
		t.Fatal("empty root is not SHA-256 of nothing")
	}
}

func TestKnownVector(t *testing.T) {
	// Two leaves "a" and "b" by hand.
	a, b := LeafHash([]byte("a")), LeafHash([]byte("b"))
	var f Frontier
	f.Append(a)
	f.Append(b)
	want := sha256.Sum256(append(append([]byte{1}, a[:]...), b[:]...))
	if f.Root() != want {
		t.Fatalf("root = %x, want %x", f.Root(), want)
	}
	wantLeaf := sha256.Sum256([]byte{0, 'a'})
	if a != wantLeaf {
		t.Fatalf("leaf hash = %x, want %x", a, wantLeaf)
	}
}

func TestInclusionProofs(t *testing.T) {
	leaves, nodes, roots := build(t, 70)
	for size := uint64(1); size <= uint64(len(leaves)); size++ {
		for index := uint64(0); index < size; index++ {
			path, err := InclusionProof(nodes, index, size)
			if err != nil {
				t.Fatalf("proof %d/%d: %v", index, size, err)
			}
			if err := VerifyInclusion(leaves[index], index, size, path, roots[size-1]); err != nil {
				t.Fatalf("verify %d/%d: %v", index, size, err)
			}
			// Any other leaf, index or size must fail.
			if err := VerifyInclusion(LeafHash([]byte("other")), index, size, path, roots[size-1]); !errors.Is(err, ErrProof) {
				t.Fatalf("wrong leaf accepted at %d/%d", index, size)
			}
			if size > 1 {
				other := (index + 1) % size
				if err := VerifyInclusion(leaves[index], other, size, path, roots[size-1]); err == nil {
					t.Fatalf("wrong index %d accepted for leaf %d/%d", other, index, size)
				}
			}
			for i := range path {
				bad := append([]Hash(nil), path...)
				bad[i][0] ^= 1
				if err := VerifyInclusion(leaves[index], index, size, bad, roots[size-1]); err == nil {
					t.Fatalf("altered path element %d accepted at %d/%d", i, index, size)
				}
			}
			if len(path) > 0 {
				if err := VerifyInclusion(leaves[index], index, size, path[:len(path)-1], roots[size-1]); err == nil {
					t.Fatalf("truncated path accepted at %d/%d", index, size)
				}
			}
			if err := VerifyInclusion(leaves[index], index, size, append(path, Hash{}), roots[size-1]); err == nil {
				t.Fatalf("extended path accepted at %d/%d", index, size)
			}
		}
	}
}

func TestInclusionProofOutOfRange(t *testing.T) {
	_, nodes, _ := build(t, 4)
	if _, err := InclusionProof(nodes, 4, 4); err == nil {
		t.Fatal("proof for index == size accepted")
	}
	if _, err := InclusionProof(nodes, 0, 5); err == nil {
		t.Fatal("proof in a tree larger than the stored nodes accepted")
	}
}

func TestFrontierEncodeAndRebuild(t *testing.T) {
	_, nodes, roots := build(t, 45)
	for size := uint64(0); size <= 45; size++ {
		f, err := FrontierAt(nodes, size)
		if err != nil {
			t.Fatal(err)
		}
		g, err := DecodeFrontier(f.Encode())
		if err != nil {
			t.Fatal(err)
		}
		if g.Size() != size {
			t.Fatalf("size %d decoded as %d", size, g.Size())
		}
		if size > 0 && g.Root() != roots[size-1] {
			t.Fatalf("rebuilt root of %d differs", size)
		}
		// Appending to a rebuilt frontier continues the same tree.
		c := g.Clone()
		c.Append(LeafHash([]byte("next")))
		if g.Size() != size {
			t.Fatal("Clone shares state with the original")
		}
	}
	if _, err := DecodeFrontier([]byte{0, 0, 0, 0, 0, 0, 0, 3, 1}); err == nil {
		t.Fatal("short frontier accepted")
	}
}

func FuzzVerifyInclusion(f *testing.F) {
	f.Add(uint64(3), uint64(7), []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, index, size uint64, junk []byte) {
		// Arbitrary input must never panic and must never verify against a
		// root it was not built from.
		var path []Hash
		for len(junk) >= HashSize {
			var h Hash
			copy(h[:], junk)
			path = append(path, h)
			junk = junk[HashSize:]
		}
		if err := VerifyInclusion(LeafHash(junk), index, size, path, LeafHash([]byte("root"))); err == nil {
			t.Fatal("random proof verified")
		}
	})
}
