package enclave

import (
	"bytes"
	"crypto/rand"
	"testing"
)

// gfMulRef multiplies the slow, obvious way: carry-less product, then
// reduction by the AES polynomial.
func gfMulRef(a, b byte) byte {
	var p uint16
	for i := range 8 {
		if b&(1<<i) != 0 {
			p ^= uint16(a) << i
		}
	}
	for i := 15; i >= 8; i-- {
		if p&(1<<i) != 0 {
			p ^= 0x11b << (i - 8)
		}
	}
	return byte(p)
}

func TestGF256Arithmetic(t *testing.T) {
	for a := range 256 {
		for b := range 256 {
			if got, want := gfMul(byte(a), byte(b)), gfMulRef(byte(a), byte(b)); got != want {
				t.Fatalf("%#x * %#x = %#x, want %#x", a, b, got, want)
			}
		}
	}
	// FIPS-197 section 4.2: {57} * {83} = {c1}.
	if got := gfMul(0x57, 0x83); got != 0xc1 {
		t.Fatalf("{57}*{83} = %#x, want 0xc1", got)
	}
	if gfInv(0) != 0 {
		t.Fatal("inverse of 0 must be 0")
	}
	for a := 1; a < 256; a++ {
		if p := gfMul(byte(a), gfInv(byte(a))); p != 1 {
			t.Fatalf("%#x * inv(%#x) = %#x", a, a, p)
		}
	}
}

// A secret split by hand: one byte 0x42, k = 2, the polynomial
// 0x42 + 0x07x, evaluated at 1, 2, 3.
func TestShamirKnownVector(t *testing.T) {
	shares, err := splitSecret(bytes.NewReader([]byte{0x07}), []byte{0x42}, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0x42 ^ 0x07, 0x42 ^ gfMul(0x07, 2), 0x42 ^ gfMul(0x07, 3)}
	for i, s := range shares {
		if s.X != byte(i+1) || len(s.Y) != 1 || s.Y[0] != want[i] {
			t.Fatalf("share %d = %+v, want x=%d y=%#x", i, s, i+1, want[i])
		}
	}
	got, err := CombineShares([]Share{shares[2], shares[0]})
	if err != nil || !bytes.Equal(got, []byte{0x42}) {
		t.Fatalf("combine = %x, %v", got, err)
	}
}

// subsets calls fn with every subset of {0..n-1} (as index lists).
func subsets(n int, fn func([]int)) {
	for mask := 1; mask < 1<<n; mask++ {
		var idx []int
		for i := range n {
			if mask&(1<<i) != 0 {
				idx = append(idx, i)
			}
		}
		fn(idx)
	}
}

func TestShamirEverySubset(t *testing.T) {
	secret := make([]byte, 32)
	rand.Read(secret)
	for n := 1; n <= 6; n++ {
		for k := 1; k <= n; k++ {
			shares, err := SplitSecret(secret, n, k)
			if err != nil {
				t.Fatal(err)
			}
			subsets(n, func(idx []int) {
				var pick []Share
				for _, i := range idx {
					// Round-trip the wire form too.
					s, err := DecodeShare(shares[i].Encode())
					if err != nil {
						t.Fatal(err)
					}
					pick = append(pick, s)
				}
				got, err := CombineShares(pick)
				if err != nil {
					t.Fatalf("n=%d k=%d %v: %v", n, k, idx, err)
				}
				if ok := bytes.Equal(got, secret); ok != (len(idx) >= k) {
					t.Fatalf("n=%d k=%d with shares %v: recovered=%v", n, k, idx, ok)
				}
			})
		}
	}
}

// With k-1 shares every secret is equally likely: for k = 2, one share of
// a fixed secret is uniformly distributed over its byte values.
func TestShamirFewerSharesRevealNothing(t *testing.T) {
	secret := []byte{0xaa}
	var counts [256]int
	const rounds = 256 * 200
	for range rounds {
		shares, err := SplitSecret(secret, 3, 2)
		if err != nil {
			t.Fatal(err)
		}
		counts[shares[1].Y[0]]++
	}
	for v, c := range counts {
		// Expect 200 each; a binomial this far off happens with
		// probability far below 1e-9.
		if c < 100 || c > 320 {
			t.Fatalf("value %#x seen %d times of %d: shares are not uniform", v, c, rounds)
		}
	}
}

func TestShamirRefusesBadInput(t *testing.T) {
	for _, c := range []struct {
		secret []byte
		n, k   int
	}{{nil, 3, 2}, {[]byte{1}, 0, 1}, {[]byte{1}, 256, 2}, {[]byte{1}, 3, 0}, {[]byte{1}, 3, 4}} {
		if _, err := SplitSecret(c.secret, c.n, c.k); err == nil {
			t.Errorf("split(%x, n=%d, k=%d) succeeded", c.secret, c.n, c.k)
		}
	}
	s, _ := SplitSecret([]byte("secret"), 3, 2)
	for name, bad := range map[string][]Share{
		"none":    nil,
		"zero x":  {{X: 0, Y: s[0].Y}, s[1]},
		"same x":  {s[0], s[0]},
		"short y": {s[0], {X: s[1].X, Y: s[1].Y[:3]}},
		"empty y": {{X: 1}, {X: 2}},
	} {
		if _, err := CombineShares(bad); err == nil {
			t.Errorf("%s: combined", name)
		}
	}
	if _, err := DecodeShare([]byte{0, 1}); err == nil {
		t.Error("decoded a share at point 0")
	}
	if _, err := DecodeShare([]byte{1}); err == nil {
		t.Error("decoded a share without values")
	}
}

// The largest split: 255 shares, every one needed; any 254 of them give
// something else.
func TestShamirMaxShares(t *testing.T) {
	secret := []byte("a 32-byte recovery key, exactly!")
	shares, err := SplitSecret(secret, MaxShares, MaxShares)
	if err != nil {
		t.Fatal(err)
	}
	got, err := CombineShares(shares)
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("all 255 shares: %q, %v", got, err)
	}
	// Order does not matter.
	rev := make([]Share, len(shares))
	for i, s := range shares {
		rev[len(shares)-1-i] = s
	}
	if got, _ := CombineShares(rev); !bytes.Equal(got, secret) {
		t.Fatal("reversed shares give another secret")
	}
	if got, _ := CombineShares(shares[1:]); bytes.Equal(got, secret) {
		t.Fatal("254 of 255 shares gave the secret")
	}
}

// A changed share gives a wrong secret (callers check the result).
func TestShamirTamperedShareGivesAnotherSecret(t *testing.T) {
	secret := []byte("recovery key")
	shares, _ := SplitSecret(secret, 5, 3)
	bad := Share{X: shares[1].X, Y: bytes.Clone(shares[1].Y)}
	bad.Y[0] ^= 0x01
	got, err := CombineShares([]Share{shares[0], bad, shares[2]})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, secret) || got[0] == secret[0] {
		t.Fatalf("a tampered share still gave %q", got)
	}
	if !bytes.Equal(got[1:], secret[1:]) {
		t.Fatal("a change to one byte of a share changed other bytes of the secret")
	}
}

func FuzzShamirRoundTrip(f *testing.F) {
	f.Add([]byte("secret"), uint8(5), uint8(3), uint8(7))
	f.Fuzz(func(t *testing.T, secret []byte, n, k, pick uint8) {
		if len(secret) == 0 || n == 0 || k == 0 || k > n {
			return
		}
		shares, err := SplitSecret(secret, int(n), int(k))
		if err != nil {
			t.Fatal(err)
		}
		// Take k shares starting at a fuzzed offset.
		var use []Share
		for i := range int(k) {
			use = append(use, shares[(int(pick)+i)%int(n)])
		}
		got, err := CombineShares(use)
		if err != nil || !bytes.Equal(got, secret) {
			t.Fatalf("n=%d k=%d from %d: %x, %v", n, k, pick, got, err)
		}
	})
}
