package relay

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// A transfer moves an amount of one bridged asset from an account on one
// ledger to an account on another. Its record lives in the shared ledger
// and changes only by committed transactions, so whichever node leads
// resumes it (see transfer_engine.go). The states:
//
//	source_confirmed ──► destination_submitted ──► completed
//	      │                      │                    ▲
//	      ▼                      ▼                    │ (the payout executed
//	   refunding ◄───────────────┘ ───────────────────┘  before the cancel)
//	      │ cancel the id on a destination chain, then refund the source
//	      ├──► refunded
//	      ▼
//	    failed (only by the members' decide_transfer fail; a refund the
//	            source refuses is retried with an alert)
//
// A transfer refunds after the governance-set timeout, a members'
// decision (decide_transfer) or a destination that can never take it (an
// account the native ledger refuses, an asset not bridged there).
//
// "requested" is the first step of a transfer made through the API. From
// the native ledger its source leg (a lock or burn) commits in the same
// transaction, so the record starts at source_confirmed. From a chain
// account it stays requested until the relay took the amount through the
// holder's allowance and k trusted nodes observed that at depth
// (transfer_pull.go); if nothing was taken it ends failed. A chain
// deposit becomes a transfer at source_confirmed once k trusted nodes
// observed it at depth (observe.go).
const (
	StateRequested            = "requested"
	StateSourceConfirmed      = "source_confirmed"
	StateDestinationSubmitted = "destination_submitted"
	StateCompleted            = "completed"
	StateRefunding            = "refunding"
	StateRefunded             = "refunded"
	StateFailed               = "failed"
)

// Holds: why an admitted-looking transfer waits.
const (
	HoldRoutePaused = "route_paused" // until resume_route
	HoldOverCap     = "over_cap"     // until the members decide (decide_transfer)
	HoldRateLimited = "rate_limited" // until the route's bucket refills
)

// Private tables of transfers (issue 8 encrypts private tables) and the
// relay's public records.
const (
	tableTransfers      = governance.TableTransfers        // id (32 bytes) → Transfer (JSON)
	tableTransferOrder  = "private:coco.transfers.order"   // created seqno (8) || id → empty
	tableTransferOpen   = "private:coco.transfers.open"    // id → empty, while not final
	tableTransferEvents = "private:coco.transfers.events"  // eventKey → Event (JSON)
	tableBuckets        = "private:coco.transfers.buckets" // route key → bucket (JSON)
	tableChainKeys      = "public:coco.relay.chain_keys"   // ledger 0x00 node id (8) → identity
	tableAnchors        = "public:coco.relay.anchors"      // ledger 0x00 seqno (8) → AnchorRecord; ledger 0x00 "latest"
	tableAlerts         = "public:coco.relay.alerts"       // seqno (8) || index (2) → Alert
)

// Endpoint is one end of a transfer.
type Endpoint struct {
	Ledger  string `json:"ledger"`
	Asset   string `json:"asset"` // as that ledger names it
	Account string `json:"account"`
}

// Leg is what happened on a ledger for a transfer.
type Leg struct {
	Kind   string `json:"kind"` // lock, burn, release, mint
	TxHash string `json:"tx_hash,omitempty"`
	Height uint64 `json:"height,omitempty"`
	// CocoTxID is the Coco transaction of a native leg.
	CocoTxID    string     `json:"coco_txid,omitempty"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	// Signers are the relay identities whose signatures authorised it.
	Signers []string `json:"signers,omitempty"`
}

// Step is one state change, with the Coco transaction that made it.
type Step struct {
	State string    `json:"state"`
	TxID  string    `json:"txid"`
	At    time.Time `json:"at"`
	Note  string    `json:"note,omitempty"`
}

// Observer is one trusted node's signed observation of a deposit.
type Observer struct {
	Node uint64    `json:"node"`
	At   time.Time `json:"at"`
	Sig  []byte    `json:"sig"` // ECDSA P-256 by the node key over the observation digest
}

// Evidence is what made a chain deposit count.
type Evidence struct {
	Digest    string     `json:"digest"` // of the observed deposit (observationDigest)
	Height    uint64     `json:"height"`
	TxHash    string     `json:"tx_hash"`
	BlockHash string     `json:"block_hash,omitempty"`
	Observers []Observer `json:"observers"`
}

// Transfer is a transfer's record.
type Transfer struct {
	ID          string   `json:"id"` // 64 hex: the id every ledger knows it by
	State       string   `json:"state"`
	Asset       string   `json:"asset,omitempty"` // the bridged asset's name (empty if the deposit named none)
	Amount      string   `json:"amount"`
	Source      Endpoint `json:"source"`
	Destination Endpoint `json:"destination"`
	Memo        string   `json:"memo,omitempty"`
	// Origin is "api" (requested by Requester, a user) or "chain" (a
	// deposit on the source ledger).
	Origin    string `json:"origin"`
	Requester string `json:"requester,omitempty"`

	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// SourceFinalAt is when the source leg became final for the relay:
	// the earliest observation at depth of a quorum, or the commit of a
	// native lock or burn.
	SourceFinalAt time.Time `json:"source_final_at"`

	Admitted bool       `json:"admitted"`
	Hold     string     `json:"hold,omitempty"`
	Deadline *time.Time `json:"deadline,omitempty"` // refunded if not authorised by then
	Reason   string     `json:"reason,omitempty"`   // why it is refunding, refunded or failed
	Alert    string     `json:"alert,omitempty"`    // a problem that needs attention

	Evidence       *Evidence `json:"evidence,omitempty"`
	SourceLeg      Leg       `json:"source_leg"`
	DestinationLeg *Leg      `json:"destination_leg,omitempty"`
	// CancelLeg is the cancellation of the id on a destination chain
	// that comes before a refund.
	CancelLeg *Leg   `json:"cancel_leg,omitempty"`
	RefundLeg *Leg   `json:"refund_leg,omitempty"`
	History   []Step `json:"history"`
}

// Final reports whether the transfer reached a terminal state.
func (t *Transfer) Final() bool {
	return t.State == StateCompleted || t.State == StateRefunded || t.State == StateFailed
}

// Route returns the governance route the transfer takes.
func (t *Transfer) Route() governance.Route {
	return governance.Route{SourceLedger: t.Source.Ledger, DestinationLedger: t.Destination.Ledger, Asset: t.Asset}
}

// CompletedTxID returns the Coco transaction that completed (or refunded)
// the transfer: its receipt proves the outcome.
func (t *Transfer) CompletedTxID() string {
	for i := len(t.History) - 1; i >= 0; i-- {
		if s := t.History[i]; s.State == t.State {
			return s.TxID
		}
	}
	return ""
}

func (t *Transfer) amount() *big.Int {
	v, _ := new(big.Int).SetString(t.Amount, 10)
	return v
}

// Event is one state change as the stream delivers it.
type Event struct {
	Cursor   string    `json:"cursor"`
	Transfer string    `json:"transfer"`
	State    string    `json:"state"`
	TxID     string    `json:"txid"`
	At       time.Time `json:"at"`
	Note     string    `json:"note,omitempty"`
}

// errTransition refuses a state change the state machine does not allow
// (another leader moved the transfer on first, say).
var errTransition = errors.New("transfer state changed")

// allowed lists the state changes; everything else is refused.
var allowed = map[string][]string{
	StateRequested:            {StateSourceConfirmed, StateRefunding, StateFailed, StateRequested},
	StateSourceConfirmed:      {StateDestinationSubmitted, StateCompleted, StateRefunding, StateSourceConfirmed},
	StateDestinationSubmitted: {StateCompleted, StateRefunding, StateDestinationSubmitted},
	StateRefunding:            {StateRefunded, StateCompleted, StateFailed, StateRefunding},
}

func canMove(from, to string) bool {
	for _, s := range allowed[from] {
		if s == to {
			return true
		}
	}
	return false
}

func transferKey(id string) []byte {
	b, _ := hex.DecodeString(id)
	return b
}

func validTransferID(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == 32 && hex.EncodeToString(b) == s
}

// getTransfer reads a transfer inside a transaction or from committed state.
func getTransfer(r governance.Reader, id string) (*Transfer, error) {
	if !validTransferID(id) {
		return nil, apiError(400, CodeInvalidArgument, "id", "transfer id %.80q: want 64 lowercase hex characters", id)
	}
	b, ok, err := r.Get(tableTransfers, transferKey(id))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apiError(404, CodeNotFound, "id", "no transfer %s", id)
	}
	var t Transfer
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("corrupt transfer %s: %w", id, err)
	}
	return &t, nil
}

// putTransfer writes t and its indexes as of tx, and records the step to
// state (if the state changed) with its event.
func putTransfer(tx *ledger.Tx, t *Transfer, note string) {
	now := tx.Now().UTC()
	if len(t.History) == 0 || t.History[len(t.History)-1].State != t.State || note != "" {
		t.History = append(t.History, Step{State: t.State, TxID: tx.ID().String(), At: now, Note: note})
		ev := Event{Transfer: t.ID, State: t.State, TxID: tx.ID().String(), At: now, Note: note}
		k := eventKey(tx.ID().Seqno, t.ID, len(t.History))
		ev.Cursor = hex.EncodeToString(k)
		b, _ := json.Marshal(ev)
		tx.Put(tableTransferEvents, k, b)
	}
	t.Updated = now
	b, err := json.Marshal(t)
	if err != nil {
		panic(err) // a Transfer always marshals
	}
	id := transferKey(t.ID)
	tx.Put(tableTransfers, id, b)
	if t.Final() {
		tx.Delete(tableTransferOpen, id)
	} else {
		tx.Put(tableTransferOpen, id, nil)
	}
}

// createTransfer writes a new transfer; an existing id is left alone
// (false).
func createTransfer(tx *ledger.Tx, t *Transfer, steps ...string) (bool, error) {
	if _, ok, err := tx.Get(tableTransfers, transferKey(t.ID)); err != nil || ok {
		return false, err
	}
	t.Created = tx.Now().UTC()
	for _, s := range steps {
		st := t.State
		t.State = s
		putTransfer(tx, t, "")
		t.State = st
	}
	putTransfer(tx, t, "")
	tx.Put(tableTransferOrder, append(binary.BigEndian.AppendUint64(nil, tx.ID().Seqno), transferKey(t.ID)...), nil)
	return true, nil
}

// moveTransfer changes a committed transfer inside tx: it reads the
// transfer, checks that it is still in one of from, lets change modify it
// and writes it back. The read is part of the transaction, so two leaders
// can never both move it from the same state.
func moveTransfer(tx *ledger.Tx, id string, from []string, change func(t *Transfer) (note string, err error)) (*Transfer, error) {
	t, err := getTransfer(tx, id)
	if err != nil {
		return nil, err
	}
	ok := false
	for _, s := range from {
		ok = ok || t.State == s
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s is %s", errTransition, id, t.State)
	}
	prev := t.State
	note, err := change(t)
	if err != nil {
		return nil, err
	}
	if t.State != prev && !canMove(prev, t.State) {
		panic(fmt.Sprintf("relay: transfer %s: %s → %s is not a state change the machine allows", id, prev, t.State))
	}
	putTransfer(tx, t, note)
	return t, nil
}

// eventKey is seqno (8) || id (32) || step (2): one transaction may move
// a transfer more than one step.
func eventKey(seqno uint64, id string, step int) []byte {
	k := append(binary.BigEndian.AppendUint64(nil, seqno), transferKey(id)...)
	return binary.BigEndian.AppendUint16(k, uint16(step))
}

// eventKeyLen is the length of an event key (and cursor, hex-decoded).
const eventKeyLen = 42

// apiTransferID is the id of a transfer made through the API: derived
// from the service and the transaction that made it, so it is unique and
// means nothing to anyone else.
func apiTransferID(service string, id ledger.TxID) string {
	h := sha256.New()
	h.Write([]byte("coco-api-transfer-v1\x00"))
	h.Write([]byte(service))
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], id.View)
	binary.BigEndian.PutUint64(b[8:], id.Seqno)
	h.Write(b[:])
	return hex.EncodeToString(h.Sum(nil))
}

// payoutOf is the destination leg of t as its ledger executes it:
// release where the asset is native, mint elsewhere.
func payoutOf(t *Transfer, a *governance.BridgedAsset) (connectors.Payout, error) {
	id, err := connectors.ParseID(t.ID)
	if err != nil {
		return connectors.Payout{}, err
	}
	kind := connectors.Mint
	if a.Origin.Ledger == t.Destination.Ledger {
		kind = connectors.Release
	}
	return connectors.Payout{ID: id, Kind: kind, Asset: t.Destination.Asset, To: t.Destination.Account, Amount: t.amount()}, nil
}

// refundOf is the refund of a chain deposit: the locked asset released,
// or the burnt one minted again, to the holder.
func refundOf(t *Transfer) (connectors.Payout, error) {
	id, err := connectors.ParseID(t.ID)
	if err != nil {
		return connectors.Payout{}, err
	}
	kind := connectors.Release
	if t.SourceLeg.Kind == string(connectors.Burn) {
		kind = connectors.Mint
	}
	return connectors.Payout{ID: id, Kind: kind, Asset: t.Source.Asset, To: t.Source.Account, Amount: t.amount()}, nil
}

// encodeJSON marshals v, which always marshals.
func encodeJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// keyWithNode is ledger 0x00 node id: the key of a node's record per ledger.
func keyWithNode(ledgerName string, node uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(ledgerName), 0), node)
}

// splitNodeKey undoes keyWithNode.
func splitNodeKey(k []byte) (string, uint64, bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k)-i-1 != 8 {
		return "", 0, false
	}
	return string(k[:i]), binary.BigEndian.Uint64(k[i+1:]), true
}
