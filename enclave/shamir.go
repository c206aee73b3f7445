package enclave

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
)

// Shamir secret sharing over GF(2^8) (the AES field, polynomial
// x^8 + x^4 + x^3 + x + 1). Every byte of the secret is the constant term
// of its own random polynomial of degree k-1; share i holds the values of
// all those polynomials at x = i (1..n). Any k shares give the secret back
// by Lagrange interpolation at x = 0; fewer give no information about it.
//
// Shares are not authenticated: combining a wrong share gives a wrong
// secret, not an error. Callers check the result (Coco checks each share
// against a digest and the combined key with AES-GCM).
//
// Field arithmetic uses no tables and no data-dependent branches, so that
// its timing does not depend on the secret.

// MaxShares is the most shares a secret can be split into.
const MaxShares = 255

// Share is one share of a split secret: the point X (1..255) and the
// values Y of the secret's polynomials there, one per secret byte.
type Share struct {
	X byte
	Y []byte
}

// Encode returns X followed by Y.
func (s Share) Encode() []byte { return append([]byte{s.X}, s.Y...) }

// DecodeShare parses what Encode returned.
func DecodeShare(b []byte) (Share, error) {
	if len(b) < 2 || b[0] == 0 {
		return Share{}, errors.New("share: want a non-zero point and at least one byte")
	}
	return Share{X: b[0], Y: append([]byte(nil), b[1:]...)}, nil
}

// SplitSecret splits secret into n shares of which any k recover it.
func SplitSecret(secret []byte, n, k int) ([]Share, error) {
	return splitSecret(rand.Reader, secret, n, k)
}

func splitSecret(random io.Reader, secret []byte, n, k int) ([]Share, error) {
	switch {
	case len(secret) == 0:
		return nil, errors.New("split secret: the secret is empty")
	case n < 1 || n > MaxShares:
		return nil, fmt.Errorf("split secret: %d shares: want 1 to %d", n, MaxShares)
	case k < 1 || k > n:
		return nil, fmt.Errorf("split secret: threshold %d: want 1 to %d (the number of shares)", k, n)
	}
	// coeffs[j] holds the coefficients of degree j+1 of every byte's
	// polynomial; the constant terms are the secret itself.
	coeffs := make([][]byte, k-1)
	for j := range coeffs {
		coeffs[j] = make([]byte, len(secret))
		if _, err := io.ReadFull(random, coeffs[j]); err != nil {
			return nil, fmt.Errorf("split secret: randomness: %w", err)
		}
	}
	shares := make([]Share, n)
	for i := range shares {
		x := byte(i + 1)
		y := make([]byte, len(secret))
		for b := range secret {
			// Horner: ((c_{k-1} x + c_{k-2}) x + ... + c_1) x + secret.
			var acc byte
			for j := k - 2; j >= 0; j-- {
				acc = gfMul(acc, x) ^ coeffs[j][b]
			}
			y[b] = gfMul(acc, x) ^ secret[b]
		}
		shares[i] = Share{X: x, Y: y}
	}
	for _, c := range coeffs {
		clear(c)
	}
	return shares, nil
}

// CombineShares recovers a secret from shares (at least the threshold it
// was split with; more are fine). Points must be distinct and non-zero and
// every share as long as the others.
func CombineShares(shares []Share) ([]byte, error) {
	if len(shares) == 0 {
		return nil, errors.New("combine shares: no shares")
	}
	size := len(shares[0].Y)
	seen := map[byte]bool{}
	for i, s := range shares {
		switch {
		case s.X == 0:
			return nil, fmt.Errorf("combine shares: share %d has point 0", i)
		case seen[s.X]:
			return nil, fmt.Errorf("combine shares: two shares at point %d", s.X)
		case len(s.Y) != size || size == 0:
			return nil, fmt.Errorf("combine shares: share %d holds %d bytes, the first %d", i, len(s.Y), size)
		}
		seen[s.X] = true
	}
	secret := make([]byte, size)
	for i, si := range shares {
		// Lagrange basis polynomial of point i at 0:
		// prod_{j != i} x_j / (x_j - x_i); subtraction is XOR.
		num, den := byte(1), byte(1)
		for j, sj := range shares {
			if j == i {
				continue
			}
			num = gfMul(num, sj.X)
			den = gfMul(den, sj.X^si.X)
		}
		l := gfMul(num, gfInv(den))
		for b := range secret {
			secret[b] ^= gfMul(l, si.Y[b])
		}
	}
	return secret, nil
}

// gfMul multiplies in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1, in constant
// time.
func gfMul(a, b byte) byte {
	var p byte
	for range 8 {
		p ^= a & -(b & 1)     // add a if the low bit of b is set
		carry := -(a >> 7)    // 0xff if a's top bit is set
		a = a<<1 ^ 0x1b&carry // a *= x, reduced
		b >>= 1
	}
	return p
}

// gfInv returns the multiplicative inverse of a (a^254), 0 for 0.
func gfInv(a byte) byte {
	// a^254 = a^(2+4+8+16+32+64+128).
	r := byte(1)
	sq := a
	for range 7 {
		sq = gfMul(sq, sq) // a^2, a^4, ..., a^128
		r = gfMul(r, sq)
	}
	return r
}
