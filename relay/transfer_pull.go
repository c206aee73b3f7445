package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// Transfers from a chain account through an allowance. The holder of an
// account on Ethereum or Fabric gives the bridge there an allowance that
// names one API user (configs/transfers.md "From a chain account through
// an allowance"); that user may then start transfers from the account
// with POST /v1/transfers. The chain enforces both the user and the
// amount, so neither another user nor the relay nodes can take more.
//
//	requested ──pull──► (taken; k observers) ──► source_confirmed ──► …
//	    │ the chain refused, or nothing was taken by the deadline
//	    ▼ cancel the id on the source chain: no pull of it can execute
//	  failed
//
// The pull is co-signed like a payout: each node signs only a record its
// committed ledger has as the user requested it. Once the pull is final,
// the deposit it made counts like any other: when k trusted nodes
// observed it at depth (observe.go), and the record moves on.

// signPull is the co-signing of a pull on a transfer's source chain.
const signPull = "pull"

// createPull records a transfer from a chain account (on the leader,
// inside the request's transaction). The answer says requested.
func (x *transfers) createPull(tx *ledger.Tx, c *caller, req *CreateTransferRequest) (any, error) {
	reg, err := governance.GetConnector(tx, req.Source.Ledger)
	if err != nil {
		return nil, err
	}
	if reg == nil || reg.Kind == KindNative {
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "source.ledger", "source.ledger %q is not a registered chain (set_connector)", req.Source.Ledger)
	}
	ch := x.chains[req.Source.Ledger]
	if ch == nil || ch.matches(reg) != nil {
		return nil, apiError(http.StatusServiceUnavailable, CodeUnavailable, "source.ledger", "the leader has no connector for %s that matches its registration; retry later", req.Source.Ledger)
	}
	puller, ok := ch.conn.(connectors.Puller)
	if !ok {
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "source.ledger", "source.ledger %q: transfers from it start with a deposit in its bridge", req.Source.Ledger)
	}
	src, err := canonicalSource(reg.Kind, req.Source)
	if err != nil {
		return nil, err
	}
	a, ok, err := governance.AssetAt(tx, src.Ledger, src.Asset, sameAsset(reg.Kind))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "source.asset", "source.asset %q is not a bridged asset on %s (set_asset)", req.Source.Asset, src.Ledger)
	}
	kind := connectors.Burn
	if a.Origin.Ledger == src.Ledger {
		kind = connectors.Lock
	}
	r := *req
	r.Source = src
	t, hold, err := x.newAPITransfer(tx, c, &r, a, kind)
	if err != nil {
		return nil, err
	}
	// What the chain would refuse to pull (a malformed holder, too long a
	// destination account for its bridge) is refused now.
	p, err := pullOf(t)
	if err != nil {
		return nil, err
	}
	if _, err := puller.PullDigest(p); err != nil {
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "source", "%s cannot take this transfer: %v", src.Ledger, err)
	}
	if _, err := createTransfer(tx, t); err != nil {
		return nil, err
	}
	if hold != "" {
		putTransfer(tx, t, "held: "+hold+"; the amount is taken first, then the members decide (decide_transfer)")
	}
	x.wake()
	return t, nil
}

// canonicalSource checks the source account and asset of a pull and
// writes them as the chain's connector reports deposits (checksummed
// Ethereum addresses), so that the observed deposit matches the record.
func canonicalSource(kind string, e Endpoint) (Endpoint, error) {
	if err := checkAccount(kind, e.Account); err != nil {
		return e, apiError(http.StatusBadRequest, CodeInvalidArgument, "source.account", "source.account: %v", err)
	}
	if kind == KindEthereum {
		if !common.IsHexAddress(e.Asset) {
			return e, apiError(http.StatusBadRequest, CodeInvalidArgument, "source.asset", "source.asset %q: want the token's address", e.Asset)
		}
		e.Account = common.HexToAddress(e.Account).Hex()
		e.Asset = common.HexToAddress(e.Asset).Hex()
	}
	return e, nil
}

// pullOf is the pull that takes t's source leg.
func pullOf(t *Transfer) (connectors.Pull, error) {
	id, err := connectors.ParseID(t.ID)
	if err != nil {
		return connectors.Pull{}, err
	}
	return connectors.Pull{
		ID: id, Kind: connectors.DepositKind(t.SourceLeg.Kind), Asset: t.Source.Asset, Holder: t.Source.Account,
		User: t.Requester, Amount: t.amount(), DestinationLedger: t.Destination.Ledger, DestinationAccount: t.Destination.Account,
	}, nil
}

// isPull reports whether t is a transfer from a chain account through an
// allowance that is not yet confirmed.
func isPull(t *Transfer) bool { return t.State == StateRequested && t.Origin == "api" }

// awaitsObservers reports whether a transfer's record (JSON) is a pull
// whose deposit the observers have yet to confirm.
func awaitsObservers(record []byte) bool {
	var t struct {
		State  string `json:"state"`
		Origin string `json:"origin"`
	}
	return json.Unmarshal(record, &t) == nil && t.State == StateRequested && t.Origin == "api"
}

// planPull says what a requested pull needs next.
func planPull(t *Transfer, now time.Time) (nextStep, string) {
	switch {
	case t.Reason != "":
		return actAbandon, t.Reason
	case t.SourceLeg.SubmittedAt != nil:
		return actNone, "" // taken: the observers will confirm it
	case timedOut(t, now):
		return actAbandon, "the source ledger did not take the amount in time"
	}
	return actPull, ""
}

// pull gathers the signatures for t's pull and executes it on the
// source chain. A refusal is final for the transfer: it is abandoned.
func (x *transfers) pull(t *Transfer) error {
	c, puller, err := x.pullerFor(readerOf(x.n.store), t.Source.Ledger)
	if err != nil {
		return err
	}
	p, err := pullOf(t)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(x.ctx, 3*time.Minute)
	defer cancel()
	sigs, err := x.cosignOn(ctx, c, cosignItem{Kind: signPull, Transfer: t.ID}, "for the pull")
	if err != nil {
		return err
	}
	submitted := time.Now().UTC()
	var res *connectors.Result
	err = c.submit(ctx, func() (err error) {
		res, err = puller.Pull(ctx, p, sigs)
		return err
	})
	if errors.Is(err, connectors.ErrRefused) {
		return x.refusePull(t.ID, fmt.Sprintf("%s refused to take the amount: %v", c.name, err))
	}
	if err != nil {
		return fmt.Errorf("pull on %s: %w", c.name, err)
	}
	_, err = x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, t.ID, []string{StateRequested}, func(t *Transfer) (string, error) {
			if t.SourceLeg.SubmittedAt != nil {
				return "", errUnchanged
			}
			t.SourceLeg.TxHash, t.SourceLeg.Height, t.SourceLeg.SubmittedAt = res.TxHash, res.Height, &submitted
			t.SourceLeg.Signers = signersOf(sigs)
			return fmt.Sprintf("taken on %s through the holder's allowance; waiting for the observers", c.name), nil
		})
	})
	if err == nil {
		x.log.Info("transfer pulled", "transfer", t.ID, "source", c.name, "tx", res.TxHash)
	}
	return err
}

// refusePull records why the source chain will not take t's amount; the
// next round abandons it.
func (x *transfers) refusePull(id, reason string) error {
	_, err := x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, id, []string{StateRequested}, func(t *Transfer) (string, error) {
			if t.Reason != "" || t.SourceLeg.SubmittedAt != nil {
				return "", errUnchanged
			}
			t.Reason = reason
			return reason, nil
		})
	})
	return err
}

// abandon ends a pull that did not happen: it cancels the transfer's id
// on the source chain, after which no pull of it can execute, and then
// fails the transfer. If the pull executed first, the transfer waits for
// its observers instead.
func (x *transfers) abandon(t *Transfer, reason string) error {
	c, _, err := x.pullerFor(readerOf(x.n.store), t.Source.Ledger)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(x.ctx, 3*time.Minute)
	defer cancel()
	res, sigs, err := x.cancelID(ctx, c, t.ID, "the pull")
	if errors.Is(err, connectors.ErrAlreadyExecuted) {
		now := time.Now().UTC()
		_, err = x.execute(func(tx *ledger.Tx) (any, error) {
			return moveTransfer(tx, t.ID, []string{StateRequested}, func(t *Transfer) (string, error) {
				t.Reason = ""
				if t.SourceLeg.SubmittedAt == nil {
					t.SourceLeg.SubmittedAt = &now
				}
				return fmt.Sprintf("not stopped: %s had taken the amount; waiting for the observers", c.name), nil
			})
		})
		return err
	}
	if err != nil {
		return fmt.Errorf("cancel the pull on %s: %w", c.name, err)
	}
	_, err = x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, t.ID, []string{StateRequested}, func(t *Transfer) (string, error) {
			t.State, t.Reason = StateFailed, reason
			t.CancelLeg = &Leg{Kind: "cancel", TxHash: res.TxHash, Height: res.Height, Signers: signersOf(sigs)}
			return "nothing was taken; the id is cancelled on " + c.name, nil
		})
	})
	if err == nil {
		x.log.Info("transfer failed before its source leg", "transfer", t.ID, "source", c.name, "reason", reason)
	}
	return err
}

// pullerFor returns this node's connector to a chain that can pull.
func (x *transfers) pullerFor(r storeReader, name string) (*chain, connectors.Puller, error) {
	c := x.chainFor(r, name)
	if c == nil {
		return nil, nil, fmt.Errorf("this node has no connector for %s that matches its registration", name)
	}
	p, ok := c.conn.(connectors.Puller)
	if !ok {
		return nil, nil, fmt.Errorf("the connector for %s cannot pull", name)
	}
	return c, p, nil
}

// signPullItem signs a transfer's pull if this node's committed ledger
// has it requested by its user exactly as the record says (the
// transaction that created it), on a route governance allows.
func (x *transfers) signPullItem(r storeReader, it cosignItem) cosignResult {
	t, err := getTransfer(r, it.Transfer)
	if err != nil || !isPull(t) || t.Reason != "" || len(t.History) == 0 {
		return cosignResult{Error: refuseWrongState}
	}
	c, puller, err := x.pullerFor(r, t.Source.Ledger)
	if err != nil {
		return cosignResult{Error: refuseUnknownLedger}
	}
	created, err := ledger.ParseTxID(t.History[0].TxID)
	if err != nil || !x.createdAs(t, created) || !x.routeMatches(r, t, c.kind) {
		return cosignResult{Error: refuseMismatch}
	}
	p, err := pullOf(t)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	d, err := puller.PullDigest(p)
	if err != nil {
		return cosignResult{Error: refuseMismatch}
	}
	return signWith(c.key, d)
}

// confirmPull moves a requested pull to source_confirmed once k nodes
// observed its deposit (obs, as confirmDeposit made it from the
// observations). A deposit that differs from the record is left alone
// and logged: the chain took what its signers allowed, so it cannot.
func (x *transfers) confirmPull(tx *ledger.Tx, obs *Transfer) (*Transfer, error) {
	cur, err := getTransfer(tx, obs.ID)
	if err != nil || !isPull(cur) {
		return nil, nil // already confirmed, or a deposit seen again
	}
	// The record's source is as the connector reports it (canonicalSource).
	if obs.Source != cur.Source || obs.Amount != cur.Amount || obs.SourceLeg.Kind != cur.SourceLeg.Kind ||
		obs.Destination.Ledger != cur.Destination.Ledger || obs.Destination.Account != cur.Destination.Account {
		x.log.Error("a deposit observed under a pulled transfer's id differs from the transfer; left alone", "transfer", cur.ID,
			"observed", fmt.Sprintf("%s %s %s of %s from %s to %s/%s", obs.SourceLeg.Kind, obs.Amount, obs.Source.Asset, obs.Source.Ledger, obs.Source.Account, obs.Destination.Ledger, obs.Destination.Account))
		return nil, nil
	}
	return moveTransfer(tx, cur.ID, []string{StateRequested}, func(t *Transfer) (string, error) {
		t.State, t.Reason = StateSourceConfirmed, ""
		if obs.State == StateRefunding {
			// The route went away since the request (set_asset, say).
			t.State, t.Reason = StateRefunding, obs.Reason
		}
		t.Evidence, t.SourceFinalAt = obs.Evidence, obs.SourceFinalAt
		t.SourceLeg.TxHash, t.SourceLeg.Height = obs.SourceLeg.TxHash, obs.SourceLeg.Height
		if t.SourceLeg.SubmittedAt == nil {
			at := obs.SourceFinalAt
			t.SourceLeg.SubmittedAt = &at
		}
		return "", nil
	})
}
