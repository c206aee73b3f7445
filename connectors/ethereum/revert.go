package ethereum

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/cocorelay/coco/connectors/ethereum/bindings"
)

// customErrors are the errors the contracts revert with, by selector.
type customErrors map[[4]byte]abi.Error

func newCustomErrors() customErrors {
	out := customErrors{}
	for _, a := range []abi.ABI{
		bindings.NewBridgeVault().GetABI(),
		bindings.NewRelaySigners().GetABI(),
		bindings.NewAnchor().GetABI(),
		bindings.NewWrappedToken().GetABI(),
	} {
		for _, e := range a.Errors {
			var sel [4]byte
			copy(sel[:], e.ID[:4])
			out[sel] = e
		}
	}
	return out
}

// knownErrors is built once, on first use.
var knownErrors = sync.OnceValue(newCustomErrors)

// revertReason reports whether err is the chain saying "this call reverts",
// and why, decoded from the revert data where the contracts' ABIs know it.
func revertReason(err error) (string, bool) {
	data, ok, revert := revertData(err)
	if !revert {
		return "", false
	}
	if !ok {
		return err.Error(), true
	}
	return decodeRevert(data), true
}

// revertData reports whether err is a revert (revert) and returns its
// data, if the node sent it (ok).
func revertData(err error) (data []byte, ok, revert bool) {
	var rpcErr rpc.Error
	isRevert := errors.As(err, &rpcErr) && rpcErr.ErrorCode() == 3
	if !isRevert && !strings.Contains(strings.ToLower(err.Error()), "execution reverted") {
		return nil, false, false
	}
	var dataErr rpc.DataError
	if !errors.As(err, &dataErr) {
		return nil, false, true
	}
	s, isString := dataErr.ErrorData().(string)
	if !isString {
		return nil, false, true
	}
	data, derr := hexutil.Decode(s)
	if derr != nil {
		return nil, false, true
	}
	return data, true, true
}

// revertOutcome is what a revert of the contracts means for the caller.
type revertOutcome int

const (
	// outcomeRefused: the request is wrong and stays wrong (signatures,
	// nonce, limits, arguments): connectors.ErrRefused.
	outcomeRefused revertOutcome = iota
	// outcomeExecuted: the transfer id was paid out (AlreadyExecuted).
	// Execute returns that payout; Cancel is connectors.ErrAlreadyExecuted.
	outcomeExecuted
	// outcomeCancelled: the transfer id was cancelled (TransferCancelled).
	// Execute is connectors.ErrRefused; Cancel returns the cancellation.
	outcomeCancelled
	// outcomeRetry: nothing says the request is wrong. A transaction that
	// reverted on chain while its replay against the state before its
	// block succeeds (it ran out of gas, or a transaction before it in the
	// block changed what it read), or whose replay could not be run:
	// connectors.ErrUnavailable, and a new try may execute.
	outcomeRetry
)

// revertOutcomes classifies every custom error of the contracts (a test
// checks that none is missing). A revert that is none of them (no data, an
// Error(string), a Panic) is outcomeRefused; payouts and cancellations
// re-read the transfer id's status before they report any revert, since an
// endpoint may strip revert data.
var revertOutcomes = map[string]revertOutcome{
	"AlreadyExecuted":   outcomeExecuted,
	"TransferCancelled": outcomeCancelled,

	// Signatures and signer sets.
	"NotEnoughSignatures": outcomeRefused,
	"MalformedSignature":  outcomeRefused,
	"SignersNotAscending": outcomeRefused,
	"UnknownSigner":       outcomeRefused,
	"BadNonce":            outcomeRefused,
	"InvalidSignerSet":    outcomeRefused,
	// Arguments.
	"ZeroAmount":      outcomeRefused,
	"ZeroAddress":     outcomeRefused,
	"BadDestination":  outcomeRefused,
	"NothingReceived": outcomeRefused,
	"NotNewer":        outcomeRefused,
	// Pulls: the holder's allowance for the user, a fee-on-transfer token,
	// a caller that is no bridge of the token.
	"InsufficientUserAllowance": outcomeRefused,
	"ReceivedOtherAmount":       outcomeRefused,
	"NotBridge":                 outcomeRefused,
	// Tokens: limits refill, balances change, but this submission fails.
	"LimitExceeded":              outcomeRefused,
	"SafeERC20FailedOperation":   outcomeRefused,
	"ERC20InsufficientBalance":   outcomeRefused,
	"ERC20InsufficientAllowance": outcomeRefused,
	"ERC20InvalidReceiver":       outcomeRefused,
	"ERC20InvalidSender":         outcomeRefused,
	"ERC20InvalidApprover":       outcomeRefused,
	"ERC20InvalidSpender":        outcomeRefused,
	"OwnableUnauthorizedAccount": outcomeRefused,
	"OwnableInvalidOwner":        outcomeRefused,
	// Library errors that correct calls never meet.
	"ReentrancyGuardReentrantCall": outcomeRefused,
	"InvalidShortString":           outcomeRefused,
	"StringTooLong":                outcomeRefused,
}

// outcomeOf classifies revert data (see revertOutcomes).
func outcomeOf(data []byte) revertOutcome {
	if len(data) < 4 {
		return outcomeRefused
	}
	if e, ok := knownErrors()[[4]byte(data[:4])]; ok {
		return revertOutcomes[e.Name]
	}
	return outcomeRefused
}

// decodeRevert names a revert from its data: a custom error of the
// contracts, Error(string), Panic(uint256), or raw hex.
func decodeRevert(data []byte) string {
	if len(data) < 4 {
		if len(data) == 0 {
			return "reverted without a reason"
		}
		return "reverted with " + hexutil.Encode(data)
	}
	if reason, err := abi.UnpackRevert(data); err == nil {
		return reason
	}
	var sel [4]byte
	copy(sel[:], data[:4])
	if e, ok := knownErrors()[sel]; ok {
		args, err := e.Inputs.Unpack(data[4:])
		if err != nil {
			return e.Name + "(undecodable arguments)"
		}
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i] = fmt.Sprint(a)
		}
		return e.Name + "(" + strings.Join(parts, ", ") + ")"
	}
	return "reverted with " + hexutil.Encode(data)
}

// RevertReason reports whether err (from eth_call or eth_estimateGas) says
// the call reverts, and names the reason: the contracts' custom error with
// its arguments ("NotEnoughSignatures(1, 2)"), an Error(string) message, or
// the raw revert data.
func RevertReason(err error) (string, bool) { return revertReason(err) }
