package ethereum

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cocorelay/coco/connectors"
)

// idStatus mirrors BridgeVault.Status: what became of a transfer id.
type idStatus uint8

const (
	statusOpen idStatus = iota
	statusExecuted
	statusCancelled
	statusPulled
)

func (s idStatus) String() string {
	switch s {
	case statusOpen:
		return "open"
	case statusExecuted:
		return "executed"
	case statusCancelled:
		return "cancelled"
	case statusPulled:
		return "pulled"
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// status reads what became of id as of the latest block.
func (c *Connector) status(ctx context.Context, id [32]byte) (idStatus, error) {
	return c.statusOn(ctx, c.chain, id, nil)
}

// statusOn reads what became of id through ch at block (nil: latest). At
// a block before the vault existed the id is open.
func (c *Connector) statusOn(ctx context.Context, ch Chain, id [32]byte, block *big.Int) (idStatus, error) {
	v, err := callOn(ctx, ch, c.cfg.ChainID, c.vault, c.vaultABI.PackStatus(id), block, c.vaultABI.UnpackStatus)
	if err != nil {
		return 0, err
	}
	if st := idStatus(v); st <= statusPulled {
		return st, nil
	}
	return 0, malformed("status of transfer %x: %d is no BridgeVault.Status", id, v)
}

// finalBlock returns the newest final block on ch (Confirmations below its
// head), or nil if no block after start_block is final yet.
func (c *Connector) finalBlock(ctx context.Context, ch Chain) (*big.Int, error) {
	head, err := ch.BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	if head < c.cfg.Confirmations || head-c.cfg.Confirmations < c.cfg.StartBlock {
		return nil, nil
	}
	return new(big.Int).SetUint64(head - c.cfg.Confirmations), nil
}

// confirmFinal checks, in one endpoint's view of the chain (pinned), that
// the successful receipt r is final (its block is Confirmations deep and
// still canonical) and that id has status want at the newest final block.
// The transaction manager found r final already; this reads it again
// together with the state it produced, so that what a caller is told
// happened is one endpoint's consistent view. An endpoint whose view does
// not confirm it is skipped like a failed one; when none confirms it the
// error wraps connectors.ErrUnavailable.
func (c *Connector) confirmFinal(ctx context.Context, r *types.Receipt, id [32]byte, want idStatus, what string) error {
	return c.chain.pinned(ctx, what, func(ctx context.Context, ch Chain) error {
		notConfirmed := func(format string, args ...any) error {
			return &endpointError{fmt.Errorf("%s: transaction %s: "+format, append([]any{what, r.TxHash.Hex()}, args...)...)}
		}
		got, err := ch.TransactionReceipt(ctx, r.TxHash)
		if errors.Is(err, ethereum.NotFound) {
			return notConfirmed("no receipt")
		}
		if err != nil {
			return err
		}
		if got.BlockHash != r.BlockHash || got.Status != r.Status {
			return notConfirmed("receipt in block %s (status %d), not %s", got.BlockHash.Hex(), got.Status, r.BlockHash.Hex())
		}
		head, err := ch.BlockNumber(ctx)
		if err != nil {
			return err
		}
		n := r.BlockNumber.Uint64()
		if head < n+c.cfg.Confirmations {
			return notConfirmed("block %d is not final at head %d", n, head)
		}
		h, err := ch.HeaderByNumber(ctx, r.BlockNumber)
		if err != nil {
			return err
		}
		if h.Hash() != r.BlockHash {
			return notConfirmed("block %d was reorganised away", n)
		}
		at := new(big.Int).SetUint64(head - c.cfg.Confirmations)
		st, err := c.statusOn(ctx, ch, id, at)
		if err != nil {
			return err
		}
		if st != want {
			return notConfirmed("the transfer id is %s at final block %s, not %s", st, at, want)
		}
		return nil
	})
}

// Cancelled reports whether id is cancelled on the vault, as of the newest
// final block (Confirmations below the head): the id's status there, read
// through one endpoint (the one in use; another only if it fails). It
// trusts that endpoint's view of the chain at the confirmation depth, as
// the rest of the connector does; a relay node asks its own endpoints, so
// that one lying endpoint of another node cannot make it sign a refund.
// Before any block after start_block is final, nothing is cancelled.
func (c *Connector) Cancelled(ctx context.Context, id connectors.ID) (bool, error) {
	st, err := c.finalStatus(ctx, "cancelled", id)
	return err == nil && st == statusCancelled, err
}

// CancelDigest is the EIP-712 digest of a Cancel message of the vault:
// chain id and vault address (the domain, as for payouts) and the
// transfer id.
func (c *Connector) CancelDigest(id connectors.ID) ([]byte, error) {
	return c.vaultDomain.digest(cancelType, id[:]), nil
}

// Cancel records on the vault that id is cancelled, with the signatures of
// at least k distinct members of the signer set, and returns once that is
// final: no payout of id can execute afterwards. If id was cancelled
// already, or a cancellation of it is in flight, it sends nothing and
// returns that cancellation once final. If id was paid out or pulled from
// a holder (Pull), it reports connectors.ErrAlreadyExecuted once that
// payout or pull is final. A revert is
// reported only after the id's status was read again; a status that cannot
// be read is ErrUnavailable. Success is reported only once the id's status
// at the newest final block, read in one endpoint's view together with the
// receipt (confirmFinal), is cancelled.
func (c *Connector) Cancel(ctx context.Context, id connectors.ID, sigs []connectors.Signature) (*connectors.Result, error) {
	if err := c.checkContracts(ctx); err != nil {
		return nil, err
	}
	key := "cancel:" + id.String()
	f := c.txm.inFlight(key)
	if f == nil {
		st, err := c.status(ctx, id)
		if err != nil {
			return nil, err
		}
		switch st {
		case statusExecuted, statusPulled:
			return nil, c.executedBeforeCancel(ctx, id, st)
		case statusCancelled:
			return c.earlierCancel(ctx, id)
		}
		set, err := c.Signers(ctx)
		if err != nil {
			return nil, err
		}
		digest, _ := c.CancelDigest(id)
		packed, err := prepareSignatures(digest, sigs, set)
		if err != nil {
			return nil, err
		}
		data, err := c.vaultABI.TryPackCancel(id, packed)
		if err != nil {
			return nil, invalid("encode cancellation: %v", err)
		}
		f, err = c.txm.submit(ctx, txRequest{Key: key, To: &c.vault, Data: data})
		var rev *revertError
		if errors.As(err, &rev) {
			return c.settleCancel(ctx, id, rev, rev.outcome())
		}
		if err != nil {
			return nil, err
		}
	}
	r, err := f.wait(ctx)
	if err != nil {
		return nil, err
	}
	if r.Status == types.ReceiptStatusSuccessful {
		if err := c.confirmFinal(ctx, r, id, statusCancelled, "cancel "+id.String()); err != nil {
			return nil, err
		}
		return &connectors.Result{TxHash: r.TxHash.Hex(), Height: r.BlockNumber.Uint64()}, nil
	}
	reason, outcome := c.replayReason(ctx, r, f)
	return c.settleCancel(ctx, id, refused("cancel %s: transaction %s reverted: %s", id, r.TxHash.Hex(), reason), outcome)
}

// settleCancel says what a cancellation of id that reverted (cause,
// classified as outcome) means, from the id's status read again.
func (c *Connector) settleCancel(ctx context.Context, id connectors.ID, cause error, outcome revertOutcome) (*connectors.Result, error) {
	st, err := c.status(ctx, id)
	if err != nil {
		return nil, unavailable("cancel %s: %v; its status could not be read after that: %v", id, cause, err)
	}
	switch st {
	case statusExecuted, statusPulled:
		return nil, c.executedBeforeCancel(ctx, id, st)
	case statusCancelled:
		return c.earlierCancel(ctx, id)
	}
	if outcome != outcomeRefused {
		return nil, unavailable("cancel %s: %v, but the id is open as of the latest block", id, cause)
	}
	return nil, cause
}

// executedBeforeCancel returns connectors.ErrAlreadyExecuted once the
// payout or the pull (st says which) of id is final (ErrUnavailable until
// then, or if it vanished).
func (c *Connector) executedBeforeCancel(ctx context.Context, id connectors.ID, st idStatus) error {
	topics, what := c.payoutTopics(id), "payout "+id.String()
	if st == statusPulled {
		topics, what = c.pullTopics(id), "pull "+id.String()
	}
	lg, err := c.earlierEvent(ctx, c.vault, topics, what, c.settledAs(id, st))
	if err != nil {
		return err
	}
	in := "a transaction whose event was not found"
	if lg != nil {
		in = fmt.Sprintf("transaction %s, block %d", lg.TxHash.Hex(), lg.BlockNumber)
	}
	return fmt.Errorf("ethereum %s: cancel %s: %w (%s in %s)", c.cfg.Name, id, connectors.ErrAlreadyExecuted, st, in)
}

// earlierCancel finds the transaction that cancelled id and returns it
// once final.
func (c *Connector) earlierCancel(ctx context.Context, id connectors.ID) (*connectors.Result, error) {
	topics := [][]common.Hash{{c.vaultABI.GetABI().Events["Cancelled"].ID}, {common.Hash(id)}}
	lg, err := c.earlierEvent(ctx, c.vault, topics, "cancel "+id.String(), c.settledAs(id, statusCancelled))
	if err != nil {
		return nil, err
	}
	if lg == nil {
		c.log.Warn("ethereum: cancelled earlier, but its event was not found", "id", id.String(), "start_block", c.cfg.StartBlock)
		return &connectors.Result{}, nil
	}
	return &connectors.Result{TxHash: lg.TxHash.Hex(), Height: lg.BlockNumber}, nil
}
