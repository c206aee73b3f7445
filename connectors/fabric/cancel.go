package fabric

import (
	"context"
	"errors"
	"fmt"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// CancelDigest is what relay nodes sign to cancel id: SHA-256 of the
// channel, the chaincode, the bridge id and id (see
// wire.Domain.CancelDigest).
func (c *Connector) CancelDigest(id connectors.ID) ([]byte, error) {
	return c.domain.CancelDigest(id), nil
}

// Cancel records with sigs that id is cancelled (the chaincode's
// CancelPayout), so that no payout of it executes afterwards, and returns
// once committed (Fabric's commit is final). Before every try it asks the
// chaincode what became of id: cancelled already is that cancellation's
// result; paid out, or pulled (Pull), is connectors.ErrAlreadyExecuted.
func (c *Connector) Cancel(ctx context.Context, id connectors.ID, sigs []connectors.Signature) (*connectors.Result, error) {
	sigJSON, err := signaturesJSON(sigs)
	if err != nil {
		return nil, fmt.Errorf("fabric %s: cancel %s: %w: %w", c.cfg.Name, id, connectors.ErrRefused, err)
	}
	return c.once(ctx, "cancel "+id.String(), func(ctx context.Context, p *gatewayPeer) (*connectors.Result, error) {
		rec, err := c.cancelOn(ctx, p, id)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			return c.resultOf(ctx, p, rec.TxID)
		}
		paid, err := c.payoutOn(ctx, p, id)
		if err != nil {
			return nil, err
		}
		if paid != nil {
			return nil, fmt.Errorf("%w: by transaction %s", connectors.ErrAlreadyExecuted, paid.TxID)
		}
		dep, err := c.depositOn(ctx, p, id)
		if err != nil {
			return nil, err
		}
		if dep != nil && dep.Pulled() {
			return nil, fmt.Errorf("%w: pulled by transaction %s", connectors.ErrAlreadyExecuted, dep.TxID)
		}
		return nil, nil
	}, "CancelPayout", id.String(), sigJSON)
}

// cancelOn returns the cancellation recorded for id, or nil, asking p
// once.
func (c *Connector) cancelOn(ctx context.Context, p *gatewayPeer, id connectors.ID) (*wire.Cancel, error) {
	return recordOn(ctx, c, p, "GetCancel", "cancel", id, func(r *wire.Cancel) (string, string) { return r.ID, r.TxID })
}

// Cancelled reports whether id is cancelled on the ledger. Fabric's commit
// is final, so that is whether the chaincode's world state holds a
// cancellation record for id (GetCancel). Relay nodes ask it of their own
// connector before they sign a refund, so it does not trust one peer: it
// asks every configured gateway peer (coco.peers) once and needs answers
// from at least two of them (from the only one, where just one is
// configured), all of which must agree. Peers that fail or answer
// something malformed are left out; too few answers, or answers that
// disagree (a peer lags, or one lies), are connectors.ErrUnavailable. What
// it trusts, then: that the answering gateway peers (each evaluates on a
// peer of its own organisation) are not all wrong together, and with a
// single configured peer, that peer.
func (c *Connector) Cancelled(ctx context.Context, id connectors.ID) (bool, error) {
	if _, _, err := c.peer(); err != nil {
		return false, err
	}
	need := min(2, len(c.peers))
	var yes, no []string
	var errs []error
	for _, p := range c.peers {
		rec, err := c.cancelOn(ctx, p, id)
		if cerr := ctxErr(ctx); cerr != nil {
			return false, fmt.Errorf("fabric %s: cancelled %s: %w", c.cfg.Name, id, cerr)
		}
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", p.name, err))
		case rec != nil:
			yes = append(yes, p.name)
		default:
			no = append(no, p.name)
		}
	}
	if len(yes) > 0 && len(no) > 0 {
		return false, fmt.Errorf("fabric %s: cancelled %s: %w: the peers disagree (cancelled on %v, not on %v)",
			c.cfg.Name, id, connectors.ErrUnavailable, yes, no)
	}
	if len(yes)+len(no) < need {
		return false, fmt.Errorf("fabric %s: cancelled %s: %w: %d of %d peers answered, %d needed: %w",
			c.cfg.Name, id, connectors.ErrUnavailable, len(yes)+len(no), len(c.peers), need, errors.Join(errs...))
	}
	return len(yes) > 0, nil
}
