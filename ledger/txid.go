package ledger

import "github.com/cocorelay/coco/ledger/receipt"

// TxID identifies a transaction as "view.seqno"; see receipt.TxID.
type TxID = receipt.TxID

// ParseTxID parses the canonical "view.seqno" form.
func ParseTxID(s string) (TxID, error) { return receipt.ParseTxID(s) }
