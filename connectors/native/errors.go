package native

import (
	"errors"
	"fmt"
)

// Outcomes callers branch on; every error from this package wraps one.
var (
	ErrInvalid      = errors.New("invalid argument")
	ErrNotFound     = errors.New("not found")
	ErrExists       = errors.New("already exists")
	ErrForbidden    = errors.New("permission denied")
	ErrInsufficient = errors.New("insufficient balance")
	ErrOverflow     = errors.New("amount overflows")
)

// Error is a refusal that names the request field it is about.
type Error struct {
	Kind   error  // one of the sentinels above
	Field  string // request field, e.g. "amount"
	Reason string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

func (e *Error) Unwrap() error { return e.Kind }

func fail(kind error, field, format string, args ...any) error {
	return &Error{Kind: kind, Field: field, Reason: fmt.Sprintf(format, args...)}
}
