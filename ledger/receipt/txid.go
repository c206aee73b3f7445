package receipt

import (
	"fmt"
	"strconv"
	"strings"
)

// TxID identifies a transaction: the view (the leadership epoch that
// produced it) and its position in the ledger. Seqnos start at 1 and have no
// gaps; views start at 1 and only grow along the ledger.
type TxID struct {
	View  uint64
	Seqno uint64
}

// String returns the "view.seqno" form.
func (id TxID) String() string {
	return strconv.FormatUint(id.View, 10) + "." + strconv.FormatUint(id.Seqno, 10)
}

// IsZero reports whether id is the zero TxID (no transaction).
func (id TxID) IsZero() bool { return id == TxID{} }

// MarshalText implements encoding.TextMarshaler.
func (id TxID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *TxID) UnmarshalText(b []byte) error {
	v, err := ParseTxID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// ParseTxID parses the canonical "view.seqno" form: two positive decimal
// numbers without signs or leading zeros.
func ParseTxID(s string) (TxID, error) {
	view, seqno, ok := strings.Cut(s, ".")
	if !ok {
		return TxID{}, fmt.Errorf("transaction id %q: want view.seqno", s)
	}
	v, err := parsePositive(view)
	if err != nil {
		return TxID{}, fmt.Errorf("transaction id %q: view: %w", s, err)
	}
	n, err := parsePositive(seqno)
	if err != nil {
		return TxID{}, fmt.Errorf("transaction id %q: seqno: %w", s, err)
	}
	return TxID{View: v, Seqno: n}, nil
}

func parsePositive(s string) (uint64, error) {
	if s == "" || s[0] == '0' || s[0] == '+' {
		return 0, fmt.Errorf("%q is not a positive number without leading zeros", s)
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a positive 64-bit number", s)
	}
	return v, nil
}
