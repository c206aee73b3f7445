package connectors

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// This file is the contract between the relay (its consumer) and the
// connectors. It lives here rather than in relay so that connectors and
// their tests need not import the relay.
//
// Assets move lock → mint and burn → release. A holder locks an asset that
// is native to a ledger in the bridge there (a Deposit of kind Lock); the
// relay mints the wrapped asset on the destination ledger (a Payout of kind
// Mint). Back again, the holder burns the wrapped asset (Deposit, Burn) and
// the relay releases the original (Payout, Release). Every payout carries
// the transfer's ID, and the ledger itself refuses to execute an ID twice.
// Every payout, cancellation, anchor and signer change is authorised on the
// ledger by signatures of at least k distinct trusted relay nodes.
//
// Refunds. Signed payouts do not expire, and anyone who saw the signatures
// (a mempool, an endorsing peer) can submit them. So the relay never
// refunds a transfer because its payout failed, however it failed: it first
// cancels the transfer's ID on the destination ledger (Cancel, authorised
// like a payout), which the ledger records so that the ID can never execute
// afterwards. Only once the cancellation is final does it refund the
// source. If the payout executed first, Cancel says so (ErrAlreadyExecuted)
// and the transfer is complete instead.

// ID identifies a transfer on every ledger it touches: 32 bytes.
type ID [32]byte

// String returns the ID as 64 lowercase hex characters.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// ParseID parses 64 hex characters (an optional 0x prefix is accepted).
func ParseID(s string) (ID, error) {
	var id ID
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("transfer id %q: want 64 hex characters", s)
	}
	copy(id[:], b)
	return id, nil
}

// DepositKind says how value entered the bridge.
type DepositKind string

const (
	Lock DepositKind = "lock" // an asset native to the source ledger, held by the bridge
	Burn DepositKind = "burn" // a wrapped asset, destroyed
)

// PayoutKind says how value leaves the bridge.
type PayoutKind string

const (
	Release PayoutKind = "release" // pay out a locked native asset
	Mint    PayoutKind = "mint"    // create a wrapped asset
)

// Position is where something happened on a ledger, in ledger order.
type Position struct {
	Height     uint64 // block number
	TxIndex    uint32 // transaction within the block
	EventIndex uint32 // event within the transaction (Ethereum log index; 0 on Fabric)
	TxHash     string
	BlockHash  string
}

// Before reports whether p comes before q on the ledger.
func (p Position) Before(q Position) bool {
	if p.Height != q.Height {
		return p.Height < q.Height
	}
	if p.TxIndex != q.TxIndex {
		return p.TxIndex < q.TxIndex
	}
	return p.EventIndex < q.EventIndex
}

// Deposit is value a holder put into the bridge for a transfer to another
// ledger. A connector reports a deposit only once it is final (at the
// configured confirmation depth, in a valid transaction).
type Deposit struct {
	ID                 ID // assigned by the bridge on the source ledger
	Kind               DepositKind
	Asset              string // as the source ledger names it (token address, token id)
	Holder             string // the depositing account on the source ledger
	Amount             *big.Int
	DestinationLedger  string
	DestinationAccount string
	At                 Position
}

// Checkpoint is where observation resumes. It is the connector's to
// encode; the relay stores it in the shared ledger as it is.
type Checkpoint string

// Payout is an execution on a destination ledger.
type Payout struct {
	ID     ID
	Kind   PayoutKind
	Asset  string // as the destination ledger names it
	To     string // the receiving account on the destination ledger
	Amount *big.Int
}

// Anchor is a signed root of the shared ledger recorded on a chain.
type Anchor struct {
	Seqno uint64   // the Coco signature transaction's seqno
	Root  [32]byte // the Merkle root it signed
	Time  time.Time
}

// Signature is one relay node's authorisation, as the ledger checks it.
type Signature struct {
	Signer string // the node's signing identity as the ledger knows it (address, key id)
	Sig    []byte
}

// Result is a transaction a connector submitted.
type Result struct {
	TxHash string
	Height uint64
}

// Signers is the set of relay node identities a ledger accepts and how
// many distinct ones must sign.
type Signers struct {
	Set       []string
	Threshold int
	Nonce     uint64 // increases with every change; binds change requests
}

// Errors connectors return for outcomes the relay branches on.
var (
	// ErrRefused: the ledger refused the operation (bad signatures,
	// limits, balance) and will refuse it again; do not retry.
	ErrRefused = errors.New("refused by the ledger")
	// ErrUnavailable: the ledger could not be reached or did not answer in
	// time, or answered in a way that does not settle the outcome; retry.
	// Anything after a transaction may have reached the ledger is this, not
	// ErrRefused.
	ErrUnavailable = errors.New("ledger unavailable")
	// ErrAlreadyExecuted: Cancel found the ID executed as a payout (final);
	// the transfer completed and must not be refunded.
	ErrAlreadyExecuted = errors.New("transfer id already executed")
)

// Pull is a deposit the relay makes on a holder's behalf through an
// allowance the holder gave the bridge for one API user: a lock of an
// asset native to the ledger, or a burn of a wrapped one, under the
// relay's transfer ID. The holder grants the allowance on the ledger
// itself, naming the user (the bridge's own allowance, besides any the
// token needs), so only that user can spend it, and only up to it.
// Deposits reports a pull like a deposit the holder made, with ID.
type Pull struct {
	ID                 ID
	Kind               DepositKind
	Asset              string // as the ledger names it
	Holder             string
	User               string // the API user the allowance names: its key id, 64 lowercase hex
	Amount             *big.Int
	DestinationLedger  string
	DestinationAccount string
}

// Puller is a ledger on which the relay can start transfers from the
// holders' accounts through allowances (Pull). Implementations are
// Connectors as well.
type Puller interface {
	// PullDigest is what relay nodes sign to authorise p: domain-separated
	// like PayoutDigest, over every field of p.
	PullDigest(p Pull) ([]byte, error)
	// Pull executes p with its authorisations and returns once it is
	// final: it takes p.Amount from p.Holder within the allowance the
	// holder gave the bridge for p.User, and records the deposit. If p.ID
	// was already pulled it submits nothing and returns the earlier result
	// (other fields: ErrRefused). ErrRefused: too small an allowance or
	// balance, a cancelled ID, bad or stale signatures. After a final
	// Cancel of p.ID no pull of it can execute; Cancel of a pulled ID is
	// ErrAlreadyExecuted.
	Pull(ctx context.Context, p Pull, sigs []Signature) (*Result, error)
	// PullAllowance is what holder lets the bridge take of asset for user
	// now: the smaller of the bridge's allowance for user and any
	// allowance the token itself needs.
	PullAllowance(ctx context.Context, asset, holder, user string) (*big.Int, error)
}

// Connector is one ledger as the relay sees it. Implementations must be
// safe for concurrent use, hold no transfer state of their own (the relay
// keeps it in the shared ledger), and never panic on a malformed reply.
type Connector interface {
	// Name is the connector's configured name (the ledger's name in routes).
	Name() string

	// Deposits returns up to limit final deposits after cp, in ledger
	// order, and the checkpoint to resume from. It never reports a deposit
	// twice across checkpoints and never skips one; a reorganisation below
	// the confirmation depth is invisible to it.
	Deposits(ctx context.Context, after Checkpoint, limit int) ([]Deposit, Checkpoint, error)

	// PayoutDigest is what relay nodes sign to authorise p: a
	// domain-separated digest of the ledger (chain id, contract or
	// channel and chaincode), p's ID and every field of p.
	PayoutDigest(p Payout) ([]byte, error)
	// Execute submits p with its authorisations. If p.ID was already
	// executed on the ledger it submits nothing and returns the earlier
	// result (an earlier execution of the same ID with other fields is
	// ErrRefused). It returns once the transaction is final. ErrRefused
	// means this submission will not execute (bad or stale signatures,
	// limits, a cancelled ID); it is never a reason to refund by itself.
	Execute(ctx context.Context, p Payout, sigs []Signature) (*Result, error)
	// Executed reports whether a payout with id executed on the ledger, as
	// of a final position (a cancelled ID is not executed).
	Executed(ctx context.Context, id ID) (bool, error)

	// CancelDigest is what relay nodes sign to cancel id: after a final
	// Cancel no payout with id can execute on the ledger.
	CancelDigest(id ID) ([]byte, error)
	// Cancel records the cancellation of id and returns once it is final.
	// Cancelling a cancelled ID returns the earlier result;
	// ErrAlreadyExecuted if a payout with id executed.
	Cancel(ctx context.Context, id ID, sigs []Signature) (*Result, error)
	// Cancelled reports whether id is cancelled on the ledger as of a final
	// position. Every relay node asks its own connector before it signs a
	// refund, so one lying endpoint of the leader cannot cause a refund.
	Cancelled(ctx context.Context, id ID) (bool, error)

	// Balance and Supply read the ledger.
	Balance(ctx context.Context, asset, account string) (*big.Int, error)
	Supply(ctx context.Context, asset string) (*big.Int, error)

	// AnchorDigest is what relay nodes sign to anchor a.
	AnchorDigest(a Anchor) ([]byte, error)
	// RecordAnchor records a on the ledger; LatestAnchor reads the newest.
	RecordAnchor(ctx context.Context, a Anchor, sigs []Signature) (*Result, error)
	LatestAnchor(ctx context.Context) (*Anchor, error)

	// Signers returns the signer set the ledger enforces; SignersDigest is
	// what the current set signs to replace it by next, and UpdateSigners
	// submits the change.
	Signers(ctx context.Context) (*Signers, error)
	SignersDigest(next Signers) ([]byte, error)
	UpdateSigners(ctx context.Context, next Signers, sigs []Signature) (*Result, error)

	// Close releases the connector's resources.
	Close() error
}
