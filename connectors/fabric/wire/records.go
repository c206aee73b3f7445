package wire

// Chaincode event names of the bridge. Fabric keeps one event per
// transaction, so Lock and BurnForTransfer emit only these.
const (
	EventLocked         = "Locked"
	EventBurned         = "Burned"
	EventReleased       = "Released"
	EventMinted         = "Minted"
	EventAnchored       = "Anchored"
	EventSignersUpdated = "SignersUpdated"
)

// RefusedPrefix starts the message of every error by which the chaincode
// refuses a request on its merits (signatures, balances, a used transfer
// id). The connector maps exactly these to connectors.ErrRefused; any
// other failure may be transient.
const RefusedPrefix = "coco-bridge refused: "

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
}

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
