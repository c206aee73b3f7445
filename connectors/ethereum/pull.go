package ethereum

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
)

// Pulls: deposits the relay makes from a holder's account within the
// allowance the holder gave the vault for one API user (approveUser),
// besides the token's own ERC-20 allowance to the vault. A lock pull is
// BridgeVault.lockFrom, a burn pull BridgeVault.burnFrom (which has the
// wrapped token burn through bridgeBurnFrom). Either records the id as
// Pulled, emits the vault's Pulled event (which names the user) and the
// deposit's usual event (Locked, or BurnedForTransfer from the token), so
// Deposits reports it like a deposit the holder made.

var _ connectors.Puller = (*Connector)(nil)

// Bounds on a deposit's destination strings, in bytes: BridgeVault's and
// WrappedToken's MAX_LEDGER_LENGTH and MAX_ACCOUNT_LENGTH.
const (
	maxLedgerLength  = 64
	maxAccountLength = 256
)

// ParseUser turns an API user's key id (64 lowercase hex characters, as
// connectors.Pull.User has it) into the bytes32 the vault keys allowances
// by.
func ParseUser(user string) ([32]byte, error) {
	var out [32]byte
	if len(user) != 64 {
		return out, invalid("pull user %q: want 64 lowercase hex characters (the API user's key id), got %d characters", user, len(user))
	}
	for _, r := range user {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return out, invalid("pull user %q: want 64 lowercase hex characters (the API user's key id)", user)
		}
	}
	if _, err := hex.Decode(out[:], []byte(user)); err != nil {
		return out, invalid("pull user %q: %v", user, err)
	}
	return out, nil
}

// PackApproveUser is the calldata of the vault's approveUser: the holder
// who sends it to the vault lets the relay pull up to amount of token for
// the API user user (its key id, 64 lowercase hex), replacing the
// allowance before. The holder also needs to approve the vault on the
// token itself (ERC-20 approve), for locks and burns alike.
func PackApproveUser(user string, token common.Address, amount *big.Int) ([]byte, error) {
	u, err := ParseUser(user)
	if err != nil {
		return nil, err
	}
	if token == (common.Address{}) {
		return nil, invalid("approve user: token: the zero address")
	}
	if amount == nil || amount.Sign() < 0 || amount.Cmp(maxUint256) > 0 {
		return nil, invalid("approve user: amount %v: want 0..2^256-1", amount)
	}
	return bindings.NewBridgeVault().TryPackApproveUser(u, token, amount)
}

// pull is a connectors.Pull parsed for this chain.
type pull struct {
	id              [32]byte
	kind            connectors.DepositKind
	token, holder   common.Address
	user            [32]byte
	amount          *big.Int
	ledger, account string
}

func (c *Connector) parsePull(p connectors.Pull) (pull, error) {
	out := pull{id: p.ID, kind: p.Kind, ledger: p.DestinationLedger, account: p.DestinationAccount}
	var err error
	if p.Kind != connectors.Lock && p.Kind != connectors.Burn {
		return out, invalid("pull kind %q: want %q or %q", p.Kind, connectors.Lock, connectors.Burn)
	}
	if out.token, err = parseAddress("pull asset", p.Asset); err != nil {
		return out, err
	}
	if out.holder, err = parseAddress("pull holder", p.Holder); err != nil {
		return out, err
	}
	if out.user, err = ParseUser(p.User); err != nil {
		return out, err
	}
	if p.Amount == nil || p.Amount.Sign() <= 0 || p.Amount.Cmp(maxUint256) > 0 {
		return out, invalid("pull amount %v: want 1..2^256-1", p.Amount)
	}
	out.amount = new(big.Int).Set(p.Amount)
	if n := len(p.DestinationLedger); n == 0 || n > maxLedgerLength {
		return out, invalid("pull destination ledger %q: want 1..%d bytes, got %d", p.DestinationLedger, maxLedgerLength, n)
	}
	if n := len(p.DestinationAccount); n == 0 || n > maxAccountLength {
		return out, invalid("pull destination account: want 1..%d bytes, got %d", maxAccountLength, n)
	}
	switch {
	case p.Kind == connectors.Burn && !c.wrapped[out.token]:
		return out, invalid("pull asset %s: a burn pull needs one of contracts.wrapped", out.token.Hex())
	case p.Kind == connectors.Lock && c.wrapped[out.token]:
		return out, invalid("pull asset %s: one of contracts.wrapped is burned, not locked", out.token.Hex())
	case p.Kind == connectors.Lock && len(c.native) > 0 && !c.native[out.token]:
		return out, invalid("pull asset %s: not one of contracts.native", out.token.Hex())
	}
	return out, nil
}

// PullDigest is the EIP-712 digest of a LockFrom or BurnFrom message of
// the vault: chain id and vault address (the domain, as for payouts),
// transfer id, token, holder, user, amount and the destination strings
// (hashed, as EIP-712 encodes strings).
func (c *Connector) PullDigest(p connectors.Pull) ([]byte, error) {
	q, err := c.parsePull(p)
	if err != nil {
		return nil, err
	}
	return c.pullDigest(q), nil
}

func (c *Connector) pullDigest(q pull) []byte {
	typ := lockFromType
	if q.kind == connectors.Burn {
		typ = burnFromType
	}
	return c.vaultDomain.digest(typ, q.id[:], addrWord(q.token), addrWord(q.holder), q.user[:], word(q.amount),
		crypto.Keccak256([]byte(q.ledger)), crypto.Keccak256([]byte(q.account)))
}

// Pull takes p.Amount of p.Asset from p.Holder within the allowance the
// holder gave the vault for p.User and the token's allowance to the vault,
// with the signatures of at least k distinct members of the signer set,
// and returns once that is final. It works like Execute: if p.ID was
// pulled already, or a pull of it is in flight (also one from before a
// restart), it sends nothing and returns that transaction once final (a
// pull of p.ID with other fields, the user included, is ErrRefused); a
// cancelled or paid-out p.ID is ErrRefused; a revert (too small an
// allowance, balance or burning limit, bad signatures) is reported only
// after the id's status was read again, and is ErrUnavailable if that
// status cannot be read or the revert is not a refusal. Success is
// reported only once the id is pulled at the newest final block, read in
// one endpoint's view together with the receipt (confirmFinal).
func (c *Connector) Pull(ctx context.Context, p connectors.Pull, sigs []connectors.Signature) (*connectors.Result, error) {
	q, err := c.parsePull(p)
	if err != nil {
		return nil, err
	}
	if err := c.checkContracts(ctx); err != nil {
		return nil, err
	}
	key := "pull:" + p.ID.String()
	if f := c.txm.inFlight(key); f != nil {
		return c.pullOutcome(ctx, q, f)
	}
	st, err := c.status(ctx, q.id)
	if err != nil {
		return nil, err
	}
	if st != statusOpen {
		return c.pullNotOpen(ctx, q, st, nil)
	}
	set, err := c.Signers(ctx)
	if err != nil {
		return nil, err
	}
	packed, err := prepareSignatures(c.pullDigest(q), sigs, set)
	if err != nil {
		return nil, err
	}
	var data []byte
	if q.kind == connectors.Burn {
		data, err = c.vaultABI.TryPackBurnFrom(q.id, q.token, q.holder, q.user, q.amount, q.ledger, q.account, packed)
	} else {
		data, err = c.vaultABI.TryPackLockFrom(q.id, q.token, q.holder, q.user, q.amount, q.ledger, q.account, packed)
	}
	if err != nil {
		return nil, invalid("encode pull: %v", err)
	}
	f, err := c.txm.submit(ctx, txRequest{Key: key, To: &c.vault, Data: data})
	var rev *revertError
	if errors.As(err, &rev) {
		return c.settlePull(ctx, q, rev, rev.outcome())
	}
	if err != nil {
		return nil, err
	}
	return c.pullOutcome(ctx, q, f)
}

// pullNotOpen is what a pull of q means when its id has status st (not
// open); cause, if not nil, is the revert that led here.
func (c *Connector) pullNotOpen(ctx context.Context, q pull, st idStatus, cause error) (*connectors.Result, error) {
	because := ""
	if cause != nil {
		because = fmt.Sprintf(" (%v)", cause)
	}
	switch st {
	case statusPulled:
		return c.earlierPull(ctx, q)
	case statusCancelled:
		return nil, refused("pull %x: the transfer id is cancelled%s", q.id, because)
	case statusExecuted:
		return nil, refused("pull %x: the transfer id was paid out on this chain%s", q.id, because)
	}
	return nil, malformed("pull %x: status %s", q.id, st)
}

func (c *Connector) pullOutcome(ctx context.Context, q pull, f *flight) (*connectors.Result, error) {
	r, err := f.wait(ctx)
	if err != nil {
		return nil, err
	}
	if r.Status == types.ReceiptStatusSuccessful {
		// The flight may be an earlier call's (one in flight, or from
		// before a restart) for the same id with other fields.
		pulledID := c.vaultABI.GetABI().Events["Pulled"].ID
		for _, lg := range r.Logs {
			if lg.Address != c.vault || len(lg.Topics) != 4 || lg.Topics[0] != pulledID || lg.Topics[1] != common.Hash(q.id) {
				continue
			}
			if got, err := c.decodePull(lg); err == nil && !got.same(q) {
				return nil, refused("pull %x: pulled in %s with other fields (%s)", q.id, r.TxHash.Hex(), got)
			}
		}
		if err := c.confirmFinal(ctx, r, q.id, statusPulled, fmt.Sprintf("pull %x", q.id)); err != nil {
			return nil, err
		}
		return &connectors.Result{TxHash: r.TxHash.Hex(), Height: r.BlockNumber.Uint64()}, nil
	}
	reason, outcome := c.replayReason(ctx, r, f)
	return c.settlePull(ctx, q, refused("pull %x: transaction %s reverted: %s", q.id, r.TxHash.Hex(), reason), outcome)
}

// settlePull says what a pull of q that reverted (cause, classified as
// outcome) means, from the id's status read again, like settlePayout.
func (c *Connector) settlePull(ctx context.Context, q pull, cause error, outcome revertOutcome) (*connectors.Result, error) {
	st, err := c.status(ctx, q.id)
	if err != nil {
		return nil, unavailable("pull %x: %v; its status could not be read after that: %v", q.id, cause, err)
	}
	if st != statusOpen {
		return c.pullNotOpen(ctx, q, st, cause)
	}
	if outcome != outcomeRefused {
		return nil, unavailable("pull %x: %v, but the id is open as of the latest block", q.id, cause)
	}
	return nil, cause
}

// pullTopics select the vault's Pulled events of id.
func (c *Connector) pullTopics(id [32]byte) [][]common.Hash {
	return [][]common.Hash{{c.vaultABI.GetABI().Events["Pulled"].ID}, {common.Hash(id)}}
}

// earlierPull finds the transaction that pulled q.id and returns it once
// final, or ErrRefused if it pulled other fields than q's. A final pull
// whose event is not found is ErrUnavailable: its fields cannot be
// compared.
func (c *Connector) earlierPull(ctx context.Context, q pull) (*connectors.Result, error) {
	what := fmt.Sprintf("pull %x", q.id)
	lg, err := c.earlierEvent(ctx, c.vault, c.pullTopics(q.id), what, c.settledAs(q.id, statusPulled))
	if err != nil {
		return nil, err
	}
	if lg == nil {
		return nil, unavailable("%s: pulled as of a final block, but its event is not within the blocks searched "+
			"(from start_block %d, at most %d back): its fields cannot be compared with these", what, c.cfg.StartBlock, c.cfg.MaxLogLookback)
	}
	got, err := c.decodePull(lg)
	if err != nil {
		return nil, err
	}
	if !got.same(q) {
		return nil, refused("%s: pulled earlier in %s with other fields (%s)", what, lg.TxHash.Hex(), got)
	}
	return &connectors.Result{TxHash: lg.TxHash.Hex(), Height: lg.BlockNumber}, nil
}

// same reports whether p and q pull the same (the id aside).
func (p pull) same(q pull) bool {
	return p.kind == q.kind && p.token == q.token && p.holder == q.holder && p.user == q.user &&
		p.amount.Cmp(q.amount) == 0 && p.ledger == q.ledger && p.account == q.account
}

func (p pull) String() string {
	return fmt.Sprintf("%s of %s %s from %s for user %x to %q on %q", p.kind, p.amount, p.token.Hex(), p.holder.Hex(), p.user, p.account, p.ledger)
}

// decodePull reads a Pulled log of the vault.
func (c *Connector) decodePull(lg *types.Log) (out pull, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = malformed("Pulled log %s/%d: decoder panicked: %v", lg.TxHash.Hex(), lg.Index, r)
		}
	}()
	if len(lg.Topics) != 4 || lg.Topics[0] != c.vaultABI.GetABI().Events["Pulled"].ID {
		return out, malformed("log %s/%d is no Pulled event", lg.TxHash.Hex(), lg.Index)
	}
	ev, err := c.vaultABI.UnpackPulledEvent(lg)
	if err != nil {
		return out, malformed("Pulled log %s/%d: %v", lg.TxHash.Hex(), lg.Index, err)
	}
	if ev.Amount == nil {
		return out, malformed("Pulled log %s/%d: no amount", lg.TxHash.Hex(), lg.Index)
	}
	kind := connectors.Lock
	if ev.Burned {
		kind = connectors.Burn
	}
	return pull{id: ev.Id, kind: kind, token: ev.Token, holder: ev.Holder, user: ev.User, amount: ev.Amount,
		ledger: ev.DestinationLedger, account: ev.DestinationAccount}, nil
}

// PullAllowance is what the vault can pull of asset from holder for user
// now (latest block): the smaller of the vault's allowance for user
// (approveUser) and the token's allowance to the vault. The holder's
// balance, and for a wrapped token the vault's burning limit, may bound a
// pull further.
func (c *Connector) PullAllowance(ctx context.Context, asset, holder, user string) (*big.Int, error) {
	token, err := parseAddress("asset", asset)
	if err != nil {
		return nil, err
	}
	who, err := parseAddress("holder", holder)
	if err != nil {
		return nil, err
	}
	u, err := ParseUser(user)
	if err != nil {
		return nil, err
	}
	var mine, theirs *big.Int
	err = c.chain.pinned(ctx, "pull allowance", func(ctx context.Context, ch Chain) error {
		head, err := ch.BlockNumber(ctx)
		if err != nil {
			return err
		}
		at := new(big.Int).SetUint64(head)
		if mine, err = callOn(ctx, ch, c.cfg.ChainID, c.vault, c.vaultABI.PackUserAllowance(who, u, token), at, c.vaultABI.UnpackUserAllowance); err != nil {
			return fmt.Errorf("contracts.vault: %w", err)
		}
		theirs, err = callOn(ctx, ch, c.cfg.ChainID, token, c.tokenABI.PackAllowance(who, c.vault), at, c.tokenABI.UnpackAllowance)
		return err
	})
	if err != nil {
		return nil, err
	}
	if mine == nil || theirs == nil {
		return nil, malformed("allowances of %s for %x: no reply", who.Hex(), u)
	}
	if mine.Cmp(theirs) < 0 {
		return mine, nil
	}
	return theirs, nil
}
