package fabric

import (
	"context"
	"fmt"
	"math/big"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

var _ connectors.Puller = (*Connector)(nil)

// PullDigest is what relay nodes sign to authorise p: SHA-256 of the
// channel, the chaincode, the bridge id, p's kind and ID, the asset, the
// holder, the user, the amount and the destination (see
// wire.Domain.PullDigest). It refuses a field the chaincode would refuse.
func (c *Connector) PullDigest(p connectors.Pull) ([]byte, error) {
	return c.domain.PullDigest(string(p.Kind), p.ID, p.Asset, p.Holder, p.User, p.Amount, p.DestinationLedger, p.DestinationAccount)
}

// Pull locks or burns p on the ledger with sigs (the chaincode's
// PullDeposit), exactly once per p.ID: before every try it asks the
// chaincode whether p.ID was deposited and, if so, returns that
// transaction. It returns once the transaction is committed (Fabric's
// commit is final). A transfer id deposited with other details, paid out
// or cancelled, and anything the chaincode refuses (too small an
// allowance or balance, bad signatures), is an error wrapping
// connectors.ErrRefused; an outcome that may still change is
// connectors.ErrUnavailable.
func (c *Connector) Pull(ctx context.Context, p connectors.Pull, sigs []connectors.Signature) (*connectors.Result, error) {
	if _, err := c.PullDigest(p); err != nil {
		return nil, fmt.Errorf("fabric %s: pull %s: %w: %w", c.cfg.Name, p.ID, connectors.ErrRefused, err)
	}
	sigJSON, err := signaturesJSON(sigs)
	if err != nil {
		return nil, fmt.Errorf("fabric %s: pull %s: %w: %w", c.cfg.Name, p.ID, connectors.ErrRefused, err)
	}
	args := []string{p.ID.String(), string(p.Kind), p.Asset, p.Holder, p.User, p.Amount.String(),
		p.DestinationLedger, p.DestinationAccount, sigJSON}
	return c.once(ctx, "pull "+p.ID.String(), func(ctx context.Context, gp *gatewayPeer) (*connectors.Result, error) {
		rec, err := c.depositOn(ctx, gp, p.ID)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			if !rec.Pulled() || rec.Kind != string(p.Kind) || rec.Asset != p.Asset || rec.Holder != p.Holder ||
				rec.User != p.User || rec.Amount != p.Amount.String() ||
				rec.DestinationLedger != p.DestinationLedger || rec.DestinationAccount != p.DestinationAccount {
				return nil, fmt.Errorf("%w: transfer %s was deposited with other details (%s of %s %s by %s for user %q)",
					connectors.ErrRefused, p.ID, rec.Kind, rec.Amount, rec.Asset, rec.Holder, rec.User)
			}
			return c.resultOf(ctx, gp, rec.TxID)
		}
		paid, err := c.payoutOn(ctx, gp, p.ID)
		if err != nil {
			return nil, err
		}
		if paid != nil {
			return nil, fmt.Errorf("%w: transfer %s was paid out on this ledger (transaction %s)", connectors.ErrRefused, p.ID, paid.TxID)
		}
		cancelled, err := c.cancelOn(ctx, gp, p.ID)
		if err != nil || cancelled == nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: transfer %s is cancelled (transaction %s)", connectors.ErrRefused, p.ID, cancelled.TxID)
	}, "PullDeposit", args...)
}

// PullAllowance is what holder lets the bridge take of asset in pulls for
// user (the chaincode's BridgeAllowance). The chaincode is the token
// itself, so no other allowance limits a pull.
func (c *Connector) PullAllowance(ctx context.Context, asset, holder, user string) (*big.Int, error) {
	if err := wire.CheckAssetName(asset); err != nil {
		return nil, fmt.Errorf("fabric %s: allowance: %w: asset: %w", c.cfg.Name, connectors.ErrRefused, err)
	}
	if err := wire.CheckHolder(holder); err != nil {
		return nil, fmt.Errorf("fabric %s: allowance: %w: holder: %w", c.cfg.Name, connectors.ErrRefused, err)
	}
	if err := wire.CheckUser(user); err != nil {
		return nil, fmt.Errorf("fabric %s: allowance: %w: user: %w", c.cfg.Name, connectors.ErrRefused, err)
	}
	b, err := c.evaluate(ctx, "BridgeAllowance", holder, user, asset)
	if err != nil {
		return nil, err
	}
	v, err := amount(b)
	if err != nil {
		return nil, fmt.Errorf("fabric %s: allowance: %w", c.cfg.Name, err)
	}
	return v, nil
}

// depositOn returns the deposit recorded for id, or nil, asking p once.
func (c *Connector) depositOn(ctx context.Context, p *gatewayPeer, id connectors.ID) (*wire.Deposit, error) {
	return recordOn(ctx, c, p, "GetDeposit", "deposit", id, func(r *wire.Deposit) (string, string) { return r.ID, r.TxID })
}
