package native

import (
	"github.com/holiman/uint256"
)

// MaxAmountDigits is the most decimal digits an amount can have (2^256-1 has 78).
const MaxAmountDigits = 78

// ParseAmount parses a positive amount written as decimal digits without
// sign, leading zeros or separators, up to 2^256-1.
func ParseAmount(field, s string) (*uint256.Int, error) {
	if s == "" {
		return nil, fail(ErrInvalid, field, "must be a positive whole number written as a decimal string")
	}
	if s[0] == '-' {
		return nil, fail(ErrInvalid, field, "must be positive, got %q", s)
	}
	if len(s) > MaxAmountDigits {
		return nil, fail(ErrOverflow, field, "%d digits exceed the largest amount (2^256-1)", len(s))
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return nil, fail(ErrInvalid, field, "must contain only the digits 0-9, got %q", s)
		}
	}
	if s[0] == '0' {
		if s == "0" {
			return nil, fail(ErrInvalid, field, "must be greater than zero")
		}
		return nil, fail(ErrInvalid, field, "must not have leading zeros, got %q", s)
	}
	v, err := uint256.FromDecimal(s)
	if err != nil {
		return nil, fail(ErrOverflow, field, "exceeds the largest amount (2^256-1)")
	}
	return v, nil
}

func decodeAmount(b []byte) *uint256.Int {
	return new(uint256.Int).SetBytes32(b)
}
