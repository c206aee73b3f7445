package wire

import "strings"

// Chaincode event names of the bridge. Fabric keeps one event per
// transaction, so Lock and BurnForTransfer emit only these.
const (
	EventLocked         = "Locked"
	EventBurned         = "Burned"
	EventReleased       = "Released"
	EventMinted         = "Minted"
	EventCancelled      = "Cancelled"
	EventAnchored       = "Anchored"
	EventSignersUpdated = "SignersUpdated"
)

// RefusedPrefix starts the message of every error by which the chaincode
// refuses a request on its merits (signatures, balances, a used transfer
// id). The connector maps exactly these to connectors.ErrRefused; any
// other failure may be transient.
const RefusedPrefix = "coco-bridge refused: "

// Codes of the refusals the connector branches on. Such a refusal reads
// RefusedPrefix, the code in brackets, a space and the reason (Refusal).
const (
	// CodeExecuted: the transfer id was paid out (by this or another
	// relay node's transaction).
	CodeExecuted = "executed"
	// CodeCancelled: the transfer id was cancelled.
	CodeCancelled = "cancelled"
)

// Refusal is the message of a refusal with a code.
func Refusal(code, reason string) string { return RefusedPrefix + "[" + code + "] " + reason }

// RefusalCode returns the code of the first refusal in msg (which gRPC
// and the gateway may have wrapped), or "" if it has none.
func RefusalCode(msg string) string {
	i := strings.Index(msg, RefusedPrefix+"[")
	if i < 0 {
		return ""
	}
	rest := msg[i+len(RefusedPrefix)+1:]
	j := strings.IndexByte(rest, ']')
	if j <= 0 || j > 32 {
		return ""
	}
	return rest[:j]
}

// Deposit is a lock or a burn, as the chaincode records it (key
// "deposit"/id) and emits it (events Locked, Burned).
type Deposit struct {
	ID                 string `json:"id"` // 64 hex characters
	Kind               string `json:"kind"`
	Asset              string `json:"asset"`
	Holder             string `json:"holder"`
	Amount             string `json:"amount"` // decimal
	DestinationLedger  string `json:"destinationLedger"`
	DestinationAccount string `json:"destinationAccount"`
	TxID               string `json:"txId"`
	// User is set only on a pull (PullDeposit): the API user whose
	// allowance the relay spent. Its ID is then the relay's transfer id,
	// not Domain.TransferID(TxID).
	User string `json:"user,omitempty"`
}

// Pulled reports whether the relay made d through an allowance (its ID
// was assigned by the relay).
func (d *Deposit) Pulled() bool { return d.User != "" }

// Payout is an executed release or mint (key "payout"/id; events Released,
// Minted).
type Payout struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Asset  string `json:"asset"`
	To     string `json:"to"`
	Amount string `json:"amount"`
	TxID   string `json:"txId"`
}

// Cancel is a cancelled transfer id (key "cancel"/id; event Cancelled).
type Cancel struct {
	ID   string `json:"id"`
	TxID string `json:"txId"`
}

// Anchor is a recorded root of the shared ledger.
type Anchor struct {
	Seqno    uint64 `json:"seqno"`
	Root     string `json:"root"` // 64 hex characters
	UnixNano int64  `json:"unixNano"`
	TxID     string `json:"txId"`
}

// Signers is the signer set the chaincode enforces.
type Signers struct {
	Set       []string `json:"set"`
	Threshold int      `json:"threshold"`
	Nonce     uint64   `json:"nonce"`
	TxID      string   `json:"txId"` // the transaction that set it
}
