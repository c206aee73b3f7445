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
	var rpcErr rpc.Error
	isRevert := errors.As(err, &rpcErr) && rpcErr.ErrorCode() == 3
	if !isRevert && !strings.Contains(strings.ToLower(err.Error()), "execution reverted") {
		return "", false
	}
	var dataErr rpc.DataError
	if !errors.As(err, &dataErr) {
		return err.Error(), true
	}
	s, ok := dataErr.ErrorData().(string)
	if !ok {
		return err.Error(), true
	}
	data, derr := hexutil.Decode(s)
	if derr != nil {
		return err.Error(), true
	}
	return decodeRevert(data), true
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
