package wire

import (
	"errors"
	"fmt"
	"math/big"
)

// maxAmount is 2^256-1, the largest amount and balance.
var maxAmount = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// MaxAmount returns 2^256-1, the largest amount, balance or supply.
func MaxAmount() *big.Int { return new(big.Int).Set(maxAmount) }

// ParseAmount parses a non-negative decimal integer of at most 2^256-1:
// digits only, no sign, no leading zeros (except "0" itself).
func ParseAmount(s string) (*big.Int, error) {
	if s == "" || len(s) > 78 {
		return nil, fmt.Errorf("amount %.80q: want 1 to 78 decimal digits", s)
	}
	if len(s) > 1 && s[0] == '0' {
		return nil, fmt.Errorf("amount %q: leading zero", s)
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("amount %q: want decimal digits only", s)
		}
	}
	v, ok := new(big.Int).SetString(s, 10)
	if !ok || v.Cmp(maxAmount) > 0 {
		return nil, fmt.Errorf("amount %q: exceeds 2^256-1", s)
	}
	return v, nil
}

// ParsePositive parses an amount that must be at least 1.
func ParsePositive(s string) (*big.Int, error) {
	v, err := ParseAmount(s)
	if err != nil {
		return nil, err
	}
	if v.Sign() == 0 {
		return nil, errors.New("amount: must be positive")
	}
	return v, nil
}

func amountBytes(v *big.Int) ([]byte, error) {
	if v == nil || v.Sign() <= 0 || v.Cmp(maxAmount) > 0 {
		return nil, fmt.Errorf("amount %v: want 1 to 2^256-1", v)
	}
	return v.FillBytes(make([]byte, 32)), nil
}
