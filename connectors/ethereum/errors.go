package ethereum

import (
	"errors"
	"fmt"

	"github.com/cocorelay/coco/connectors"
)

// Errors callers may branch on, besides connectors.ErrRefused and
// connectors.ErrUnavailable, which every refusal and every failure to reach
// the chain wrap.
var (
	// ErrWrongChain: an endpoint serves another chain than the config's
	// chain_id. It also wraps connectors.ErrUnavailable (another endpoint
	// may serve the right one).
	ErrWrongChain = errors.New("endpoint serves another chain")
	// ErrMalformed: the chain's reply does not make sense (a log that does
	// not decode, a header missing). It also wraps
	// connectors.ErrUnavailable: another endpoint, or a later try, may
	// answer properly.
	ErrMalformed = errors.New("malformed reply from the chain")
	// ErrDeepReorg: a block at or below the confirmation depth changed. The
	// configured depth is too small for this chain, or an endpoint follows a
	// minority fork. It also wraps connectors.ErrUnavailable.
	ErrDeepReorg = errors.New("reorganisation deeper than the confirmation depth")
	// ErrInvalid: an argument is wrong (an address that does not parse, a
	// zero amount). Retrying the same call fails the same way, so it also
	// wraps connectors.ErrRefused.
	ErrInvalid = errors.New("invalid argument")
)

func unavailable(format string, args ...any) error {
	return fmt.Errorf("%w: %s", connectors.ErrUnavailable, fmt.Sprintf(format, args...))
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w (%w): %s", ErrMalformed, connectors.ErrUnavailable, fmt.Sprintf(format, args...))
}

func refused(format string, args ...any) error {
	return fmt.Errorf("%w: %s", connectors.ErrRefused, fmt.Sprintf(format, args...))
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w (%w): %s", ErrInvalid, connectors.ErrRefused, fmt.Sprintf(format, args...))
}

// revertError is a transaction the chain would revert (eth_estimateGas
// said so), with the contract's reason. It wraps connectors.ErrRefused.
type revertError struct {
	what   string
	reason string
	data   []byte // the revert data, if the node sent it
}

func (e *revertError) Error() string {
	return fmt.Sprintf("%v: %s: the chain would revert it: %s", connectors.ErrRefused, e.what, e.reason)
}

func (e *revertError) Unwrap() error { return connectors.ErrRefused }

// outcome classifies the revert (see revertOutcomes).
func (e *revertError) outcome() revertOutcome { return outcomeOf(e.data) }
