package fabric

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// failure says what a failed call means for the caller.
type failure int

const (
	// transient: the peer, the orderers or the endorsements may be back
	// on another try (another peer, or later).
	transient failure = iota
	// refused: the chaincode refused on the merits; it will again.
	refused
	// permanent: a request the ledger will never accept (bad arguments,
	// access denied, an invalid transaction other than a conflict).
	permanent
	// settled: the outcome is known and is the answer
	// (connectors.ErrAlreadyExecuted).
	settled
)

// errUnsettled: a reply that claims an outcome the connector could not
// confirm; retried like a transient failure.
var errUnsettled = errors.New("outcome not confirmed")

// classify sorts an error from the gateway, the deliver service or a
// commit.
func classify(err error) failure {
	var ce *commitError
	if errors.As(err, &ce) {
		switch ce.code {
		case peer.TxValidationCode_MVCC_READ_CONFLICT, peer.TxValidationCode_PHANTOM_READ_CONFLICT,
			peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE:
			return transient
		}
		return permanent
	}
	var de *deliverError
	if errors.As(err, &de) {
		switch de.status {
		case common.Status_FORBIDDEN, common.Status_BAD_REQUEST:
			return permanent
		}
		return transient
	}
	if errors.Is(err, connectors.ErrAlreadyExecuted) {
		return settled
	}
	if errors.Is(err, errUnsettled) {
		return transient
	}
	msg := err.Error()
	if errors.Is(err, connectors.ErrRefused) || strings.Contains(msg, wire.RefusedPrefix) {
		return refused
	}
	if errors.Is(err, errMalformed) {
		// One peer's garbage (a bug, a lie, a truncated reply): another
		// peer, or the same one later, may answer properly.
		return transient
	}
	// A chaincode that answered with an error of its own (not a refusal)
	// was called wrongly: retrying does not help.
	chaincodeError := strings.Contains(msg, "chaincode response 500")
	st, ok := status.FromError(err)
	if !ok {
		var se interface{ GRPCStatus() *status.Status }
		if errors.As(err, &se) {
			st, ok = se.GRPCStatus(), true
		}
	}
	if !ok {
		return transient // transport errors below gRPC
	}
	switch st.Code() {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Aborted, codes.ResourceExhausted,
		codes.FailedPrecondition, codes.Internal, codes.Unknown, codes.Canceled:
		if chaincodeError {
			return permanent
		}
		return transient
	}
	return permanent
}

// errMalformed marks a reply the connector cannot make sense of. It is
// the peer's failure, retried like any other (see classify).
var errMalformed = errors.New("malformed reply")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errMalformed, fmt.Sprintf(format, args...))
}

// commitError is a transaction the peers committed as invalid.
type commitError struct {
	txID string
	code peer.TxValidationCode
}

func (e *commitError) Error() string {
	return fmt.Sprintf("transaction %s committed as invalid: %s", e.txID, e.code)
}

// unavailable wraps err so that callers see connectors.ErrUnavailable and
// the cause.
func unavailable(err error) error {
	if errors.Is(err, connectors.ErrUnavailable) {
		return err
	}
	return fmt.Errorf("%w: %w", connectors.ErrUnavailable, err)
}

// refusal wraps err so that callers see connectors.ErrRefused and the
// chaincode's reason.
func refusal(err error) error {
	if errors.Is(err, connectors.ErrRefused) {
		return err
	}
	reason := err.Error()
	if i := strings.Index(reason, wire.RefusedPrefix); i >= 0 {
		reason = reason[i+len(wire.RefusedPrefix):]
		if j := strings.IndexAny(reason, "\n\""); j >= 0 {
			reason = reason[:j]
		}
	}
	return fmt.Errorf("%w: %s", connectors.ErrRefused, reason)
}

// ctxErr is the caller's own cancellation, which ends retries at once.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", connectors.ErrUnavailable, err)
	}
	return nil
}
