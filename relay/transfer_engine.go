package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// The leader drives every open transfer from the ledger: each round it
// reads the open ones, decides with plan (a pure function of the record,
// governance and the clock) what each needs next, and runs that as a job.
// Each job ends in a committed state change, or in nothing (it is tried
// again). A new leader starts from the same records, and the chains
// refuse a transfer id twice, so a crash anywhere neither loses a
// transfer nor executes one twice.

// nextStep is what a transfer needs next.
type nextStep string

const (
	actNone        nextStep = ""
	actAdmit       nextStep = "admit"        // apply the route's limits
	actDeliver     nextStep = "deliver"      // native destination: mint or release in the ledger
	actAuthorise   nextStep = "authorise"    // chain destination: co-sign and execute
	actStartRefund nextStep = "start_refund" // move to refunding
	actRefund      nextStep = "refund"       // co-sign and execute the refund
	actFail        nextStep = "fail"         // the members gave up on the refund
	actPull        nextStep = "pull"         // chain source through an allowance: co-sign and take it
	actAbandon     nextStep = "abandon"      // the pull did not happen: cancel its id, fail
)

// planEnv is what plan decides with.
type planEnv struct {
	now        time.Time
	route      *governance.RouteState
	decision   *governance.TransferDecision
	destNative bool
}

// plan says what t needs next, and why (for refunds).
func plan(t *Transfer, e planEnv) (nextStep, string) {
	refund := e.decision != nil && e.decision.Decision == governance.DecisionRefund
	switch t.State {
	case StateRequested:
		if isPull(t) {
			return planPull(t, e.now)
		}
	case StateSourceConfirmed:
		switch {
		case refund:
			return actStartRefund, "refund decided by the members: " + e.decision.Reason
		case !t.Admitted:
			if t.Hold == HoldOverCap && e.decision == nil || t.Hold == HoldRoutePaused && e.route != nil && e.route.Paused {
				return actNone, ""
			}
			return actAdmit, ""
		case e.destNative:
			return actDeliver, ""
		case timedOut(t, e.now):
			return actStartRefund, "the destination leg did not complete in time"
		}
		return actAuthorise, ""
	case StateDestinationSubmitted:
		switch {
		case refund:
			return actStartRefund, "refund decided by the members: " + e.decision.Reason
		case timedOut(t, e.now):
			// Safe: the refund first cancels the id on the destination,
			// which fails if the payout executed.
			return actStartRefund, "the destination leg did not complete in time"
		}
		return actAuthorise, ""
	case StateRefunding:
		if e.decision != nil && e.decision.Decision == governance.DecisionFail {
			return actFail, "failed by the members: " + e.decision.Reason
		}
		return actRefund, ""
	}
	return actNone, ""
}

// timedOut reports whether t passed its governance-set deadline.
func timedOut(t *Transfer, now time.Time) bool {
	return t.Deadline != nil && now.After(*t.Deadline)
}

// maxJobs bounds the leader's concurrent work on transfers.
const maxJobs = 128

func (x *transfers) runEngine() {
	defer x.wg.Done()
	for {
		changed := x.n.store.Changed()
		select {
		case <-x.ctx.Done():
			return
		case <-x.wakeC:
		case <-changed:
		case <-time.After(time.Second):
		}
		if !x.n.IsLeader() || x.n.retired.Load() {
			continue
		}
		if err := x.round(); err != nil {
			x.log.Warn("transfer round", "err", err)
		}
		// Commits come often under load: one round per 20ms is plenty.
		select {
		case <-x.ctx.Done():
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// round plans every open transfer and starts the jobs they need.
func (x *transfers) round() error {
	r := readerOf(x.n.store)
	nativeName, err := x.nativeLedger(r)
	if err != nil {
		return err
	}
	now := time.Now()
	var after []byte
	for {
		kvs, err := x.n.store.Scan(tableTransferOpen, nil, after, 1000)
		if err != nil {
			return err
		}
		for _, kv := range kvs {
			if x.jobs.count() >= maxJobs {
				return nil
			}
			t, err := getTransfer(r, fmt.Sprintf("%x", kv.Key))
			if err != nil {
				x.log.Error("read an open transfer", "err", err)
				continue
			}
			route, err := governance.GetRoute(r, t.Route())
			if err != nil {
				return err
			}
			dec, err := governance.GetTransferDecision(r, t.ID)
			if err != nil {
				return err
			}
			act, why := plan(t, planEnv{now: now, route: route, decision: dec, destNative: t.Destination.Ledger == nativeName})
			if act == actNone || !x.jobs.start(t.ID, now) {
				continue
			}
			x.wg.Add(1)
			go x.job(t, act, why, nativeName)
		}
		if len(kvs) < 1000 {
			return nil
		}
		after = kvs[len(kvs)-1].Key
	}
}

func (x *transfers) job(t *Transfer, act nextStep, why, nativeName string) {
	defer x.wg.Done()
	var (
		err  error
		wait time.Duration // a rate-limited transfer: when to look again
	)
	switch act {
	case actAdmit:
		wait, err = x.admit(t.ID)
	case actDeliver:
		err = x.deliver(t)
	case actAuthorise:
		err = x.authorise(t)
	case actStartRefund:
		err = x.startRefund(t.ID, why, t.State == StateDestinationSubmitted)
	case actRefund:
		err = x.refund(t, nativeName)
	case actFail:
		err = x.fail(t.ID, why)
	case actPull:
		err = x.pull(t)
	case actAbandon:
		err = x.abandon(t, why)
	}
	if errors.Is(err, errUnchanged) || errors.Is(err, errTransition) {
		err = nil
	}
	if err != nil {
		x.log.Info("transfer: will retry", "transfer", t.ID, "step", act, "err", err)
	}
	x.jobs.finish(t.ID, err != nil)
	if err == nil && wait > 0 {
		x.jobs.later(t.ID, min(max(wait, 100*time.Millisecond), 30*time.Second))
	}
	x.wake()
}

// admit applies the route's pause and limits: the transfer is admitted
// (its timeout starts), or held with the reason. A transfer held by the
// rate limit is not looked at again before the bucket holds it (wait).
func (x *transfers) admit(id string) (wait time.Duration, err error) {
	_, err = x.execute(func(tx *ledger.Tx) (any, error) {
		policy, err := governance.GetTransferPolicy(tx)
		if err != nil {
			return nil, err
		}
		wait = 0
		return moveTransfer(tx, id, []string{StateSourceConfirmed}, func(t *Transfer) (string, error) {
			if t.Admitted {
				return "", errUnchanged
			}
			route, err := governance.GetRoute(tx, t.Route())
			if err != nil {
				return "", err
			}
			dec, err := governance.GetTransferDecision(tx, t.ID)
			if err != nil {
				return "", err
			}
			hold, reason := "", ""
			switch {
			case route.Paused:
				hold, reason = HoldRoutePaused, "route paused: "+route.Reason
			case dec != nil && dec.Decision == governance.DecisionApprove:
				// The members approved it over the route's limits.
			default:
				v, err := takeFromBucket(tx, t.Route(), route.Limits, t.amount())
				if err != nil {
					return "", err
				}
				switch {
				case v.overCap:
					hold, reason = HoldOverCap, v.reason+"; waiting for the members (decide_transfer)"
				case !v.ok:
					hold, reason = HoldRateLimited, v.reason
					wait = v.retryAfter
				}
			}
			if hold != "" {
				if t.Hold == hold {
					return "", errUnchanged
				}
				t.Hold = hold
				return "held: " + reason, nil
			}
			t.Admitted, t.Hold = true, ""
			d := tx.Now().Add(policy.TimeoutDuration()).UTC()
			t.Deadline = &d
			return "admitted", nil
		})
	})
	return wait, err
}

// deliver completes a transfer to the native ledger in one transaction;
// an account or asset the native ledger refuses starts a refund.
func (x *transfers) deliver(t *Transfer) error {
	_, err := x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, t.ID, []string{StateSourceConfirmed}, func(t *Transfer) (string, error) {
			if !t.Admitted {
				return "", errTransition
			}
			assets, err := governance.Assets(tx)
			if err != nil {
				return "", err
			}
			a, ok := assets[t.Asset]
			if !ok {
				return "", fmt.Errorf("asset %q is no longer bridged", t.Asset)
			}
			amount, err := uint256.FromDecimal(t.Amount)
			if err != nil {
				return "", fmt.Errorf("amount: %w", err)
			}
			leg := &Leg{Kind: string(connectors.Mint), CocoTxID: tx.ID().String()}
			if a.Origin.Ledger == t.Destination.Ledger {
				leg.Kind = string(connectors.Release)
				_, err = native.ReleaseForTransfer(tx, t.Destination.Asset, t.Destination.Account, amount, t.ID)
			} else {
				_, err = native.MintForTransfer(tx, t.Destination.Asset, a.Decimals, t.Destination.Account, amount, t.ID)
			}
			if err != nil {
				return "", err
			}
			t.State, t.DestinationLeg = StateCompleted, leg
			now := tx.Now().UTC()
			leg.SubmittedAt = &now
			return "", nil
		})
	})
	var ne *native.Error
	if errors.As(err, &ne) {
		return x.startRefund(t.ID, "the native ledger refused the destination leg: "+ne.Error(), false)
	}
	return err
}

// startRefund moves a transfer to refunding.
func (x *transfers) startRefund(id, reason string, submitted bool) error {
	from := []string{StateSourceConfirmed}
	if submitted {
		from = append(from, StateDestinationSubmitted)
	}
	_, err := x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, id, from, func(t *Transfer) (string, error) {
			t.State, t.Reason = StateRefunding, reason
			return "", nil
		})
	})
	if err == nil {
		x.log.Info("transfer refunding", "transfer", id, "reason", reason)
	}
	return err
}

// authorise gathers the destination leg's signatures and executes it.
func (x *transfers) authorise(t *Transfer) error {
	c := x.chainFor(readerOf(x.n.store), t.Destination.Ledger)
	if c == nil {
		return fmt.Errorf("this node has no connector for %s that matches its registration", t.Destination.Ledger)
	}
	assets, err := governance.Assets(readerOf(x.n.store))
	if err != nil {
		return err
	}
	a, ok := assets[t.Asset]
	if !ok {
		return fmt.Errorf("asset %q is no longer bridged", t.Asset)
	}
	p, err := payoutOf(t, &a)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(x.ctx, 3*time.Minute)
	defer cancel()
	// An earlier leader may have executed it: then finish from the chain.
	done, err := c.conn.Executed(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("destination %s: %w", c.name, err)
	}
	var sigs []connectors.Signature
	if !done {
		set, err := x.signerSet(ctx, c, false)
		if err != nil {
			return err
		}
		need := x.need(set.Threshold)
		g := x.gather(ctx, []cosignItem{{Kind: signDestination, Transfer: t.ID}}, []int{need}, []accept{inSet(c.kind, set)})[0]
		if len(g.sigs) < need {
			if g.counted(voteRefund) > x.trustedCount()-need {
				return x.startRefund(t.ID, "the trusted nodes voted to refund it", true)
			}
			return fmt.Errorf("%d of %d signatures for the destination leg (%s)", len(g.sigs), need, g.refusals())
		}
		sigs = g.sigs
		if t.State == StateSourceConfirmed {
			if err := x.markSubmitted(t.ID, sigs); err != nil {
				return err
			}
		}
	}
	submitted := time.Now().UTC()
	var res *connectors.Result
	err = c.submit(ctx, func() (err error) {
		res, err = c.conn.Execute(ctx, p, sigs)
		return err
	})
	if err != nil {
		if errors.Is(err, connectors.ErrRefused) {
			x.setAlert(t.ID, "the destination refused the authorised payout: "+err.Error()+"; retrying; the members may decide a refund (decide_transfer)")
		}
		return fmt.Errorf("execute on %s: %w", c.name, err)
	}
	// The chain's answer came through this node's endpoint alone.
	if err := x.confirmExecuted(ctx, t.ID); err != nil {
		return err
	}
	_, err = x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, t.ID, []string{StateSourceConfirmed, StateDestinationSubmitted, StateRefunding}, func(t *Transfer) (string, error) {
			leg := t.DestinationLeg
			if leg == nil {
				leg = &Leg{}
			}
			leg.Kind, leg.TxHash, leg.Height = string(p.Kind), res.TxHash, res.Height
			if leg.SubmittedAt == nil {
				leg.SubmittedAt = &submitted
			}
			t.State, t.DestinationLeg, t.Alert = StateCompleted, leg, ""
			return "", nil
		})
	})
	if err == nil {
		x.log.Info("transfer completed", "transfer", t.ID, "destination", c.name, "tx", res.TxHash)
	}
	return err
}

// confirmExecuted asks the trusted nodes whether their own connectors see
// the payout of transfer id executed on its destination chain, final,
// and succeeds once enough of them do for the relay to act on it (as
// many as authorise a payout): the leader's endpoint may lie.
func (x *transfers) confirmExecuted(ctx context.Context, id string) error {
	need := x.need(0)
	g := x.gather(ctx, []cosignItem{{Kind: signExecuted, Transfer: id}}, []int{need}, []accept{nil})[0]
	if len(g.sigs) < need {
		x.setAlert(id, "the leader's endpoint reports the payout executed, but too few trusted nodes see it executed on their own; not completed, retrying")
		return fmt.Errorf("%d of %d trusted nodes see the destination leg executed (%s)", len(g.sigs), need, g.refusals())
	}
	return nil
}

// fail ends a refunding transfer as failed, by the members' decision.
func (x *transfers) fail(id, reason string) error {
	_, err := x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, id, []string{StateRefunding}, func(t *Transfer) (string, error) {
			t.State, t.Reason = StateFailed, reason
			return "", nil
		})
	})
	if err == nil {
		x.log.Error("transfer failed by the members", "transfer", id, "reason", reason)
	}
	return err
}

// markSubmitted records that the destination leg was authorised.
func (x *transfers) markSubmitted(id string, sigs []connectors.Signature) error {
	now := time.Now().UTC()
	_, err := x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, id, []string{StateSourceConfirmed}, func(t *Transfer) (string, error) {
			leg := &Leg{SubmittedAt: &now}
			for _, s := range sigs {
				leg.Signers = append(leg.Signers, s.Signer)
			}
			t.State, t.DestinationLeg = StateDestinationSubmitted, leg
			return "", nil
		})
	})
	return err
}

// setAlert records a problem on a transfer (once).
func (x *transfers) setAlert(id, alert string) {
	_, err := x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, id, []string{StateSourceConfirmed, StateDestinationSubmitted, StateRefunding}, func(t *Transfer) (string, error) {
			if t.Alert == alert {
				return "", errUnchanged
			}
			t.Alert = alert
			return "alert: " + alert, nil
		})
	})
	if err == nil {
		x.log.Error("transfer needs attention", "transfer", id, "alert", alert)
	}
}

// refund refunds a transfer on its source ledger, exactly once. Where
// the destination is a chain on which the destination leg may have been
// authorised, it first cancels the transfer's id there (cancelDestination)
// and refunds only once the cancellation is final; if the payout executed
// first, the transfer completes instead. A failed payout is never by
// itself a reason to refund (connectors.go "Refunds").
func (x *transfers) refund(t *Transfer, nativeName string) error {
	ctx, cancel := context.WithTimeout(x.ctx, 3*time.Minute)
	defer cancel()
	if mayHaveAuthorised(t, nativeName) {
		// Every co-signer checks the cancel on its own connector; until
		// this node's does too (an endpoint may have lied about it),
		// cancel again: cancelling is idempotent.
		if t.CancelLeg == nil || !x.destinationCancelled(ctx, t) {
			return x.cancelDestination(t)
		}
	}
	item := []cosignItem{{Kind: signRefund, Transfer: t.ID}}
	src := x.chainFor(readerOf(x.n.store), t.Source.Ledger)
	var (
		g    gathered
		need int
	)
	switch {
	case src != nil:
		set, err := x.signerSet(ctx, src, false)
		if err != nil {
			return err
		}
		need = x.need(set.Threshold)
		g = x.gather(ctx, item, []int{need}, []accept{inSet(src.kind, set)})[0]
	case t.Source.Ledger == nativeName:
		need = x.need(0)
		g = x.gather(ctx, item, []int{need}, []accept{nil})[0]
	default:
		return fmt.Errorf("this node has no connector for %s", t.Source.Ledger)
	}
	if len(g.sigs) < need {
		return fmt.Errorf("%d of %d signatures for the refund (%s)", len(g.sigs), need, g.refusals())
	}
	if src == nil {
		return x.refundNative(t.ID, g.sigs)
	}
	p, err := refundOf(t)
	if err != nil {
		return err
	}
	var res *connectors.Result
	err = src.submit(ctx, func() (err error) {
		res, err = src.conn.Execute(ctx, p, g.sigs)
		return err
	})
	if errors.Is(err, connectors.ErrRefused) {
		// Stale signatures (the signer set changed), a paused bridge, a
		// limit: none of it is final for the holder. Alert, and retry with
		// the signer set read afresh; only the members fail a transfer.
		if _, err := x.signerSet(ctx, src, true); err != nil {
			x.log.Warn("re-read the signer set", "ledger", src.name, "err", err)
		}
		x.setAlert(t.ID, "the source ledger refused the refund: "+err.Error()+"; retrying; the members may decide to fail it (decide_transfer)")
		return fmt.Errorf("refund on %s: %w", src.name, err)
	}
	if err != nil {
		return fmt.Errorf("refund on %s: %w", src.name, err)
	}
	_, err = x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, t.ID, []string{StateRefunding}, func(t *Transfer) (string, error) {
			t.State = StateRefunded
			t.RefundLeg = &Leg{Kind: string(p.Kind), TxHash: res.TxHash, Height: res.Height, Signers: signersOf(g.sigs)}
			return "", nil
		})
	})
	if err == nil {
		x.log.Info("transfer refunded", "transfer", t.ID, "source", src.name, "tx", res.TxHash)
	}
	return err
}

// mayHaveAuthorised reports whether t's destination leg could have been
// signed: its destination is a chain and it was once admitted towards
// it. A native destination leg commits in one transaction with the
// transfer's completion, and a deposit that was refunding from the start
// was never signed for.
func mayHaveAuthorised(t *Transfer, nativeName string) bool {
	if t.Destination.Ledger == nativeName || t.Destination.Asset == "" {
		return false
	}
	for _, s := range t.History {
		if s.State == StateSourceConfirmed {
			return true
		}
	}
	return false
}

// cancelDestination cancels t's id on its destination chain, co-signed
// like a payout: once the cancellation is final no payout of t can
// execute, and the refund may go ahead. If the payout executed first,
// the transfer is completed instead.
func (x *transfers) cancelDestination(t *Transfer) error {
	c := x.chainFor(readerOf(x.n.store), t.Destination.Ledger)
	if c == nil {
		return fmt.Errorf("this node has no connector for %s that matches its registration to cancel the destination leg", t.Destination.Ledger)
	}
	ctx, cancel := context.WithTimeout(x.ctx, 3*time.Minute)
	defer cancel()
	res, sigs, err := x.cancelID(ctx, c, t.ID, "the destination leg")
	if errors.Is(err, connectors.ErrAlreadyExecuted) {
		// This node's endpoint says so; k trusted nodes must see it too.
		if err := x.confirmExecuted(ctx, t.ID); err != nil {
			return err
		}
		_, err = x.execute(func(tx *ledger.Tx) (any, error) {
			return moveTransfer(tx, t.ID, []string{StateRefunding}, func(t *Transfer) (string, error) {
				leg := t.DestinationLeg
				if leg == nil {
					leg = &Leg{}
				}
				if leg.Kind == "" {
					leg.Kind = string(connectors.Mint)
					if a, err := governance.Assets(tx); err == nil {
						if asset, ok := a[t.Asset]; ok && asset.Origin.Ledger == t.Destination.Ledger {
							leg.Kind = string(connectors.Release)
						}
					}
				}
				t.State, t.DestinationLeg, t.Alert = StateCompleted, leg, ""
				return "not refunded: the destination had executed the payout", nil
			})
		})
		if err == nil {
			x.log.Info("transfer completed (the destination executed it before the cancel)", "transfer", t.ID)
		}
		return err
	}
	if err != nil {
		return fmt.Errorf("cancel on %s: %w", c.name, err)
	}
	_, err = x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, t.ID, []string{StateRefunding}, func(t *Transfer) (string, error) {
			if t.CancelLeg != nil {
				return "", errUnchanged
			}
			t.CancelLeg = &Leg{Kind: "cancel", TxHash: res.TxHash, Height: res.Height, Signers: signersOf(sigs)}
			return "destination leg cancelled on " + c.name, nil
		})
	})
	if err == nil {
		x.log.Info("destination leg cancelled; refunding", "transfer", t.ID, "destination", c.name, "tx", res.TxHash)
	}
	return err
}

// cancelID cancels transfer id on chain c, co-signed like a payout (what
// names the leg in errors): once the cancellation is final no payout or
// pull of id can execute there. ErrAlreadyExecuted: one did first.
func (x *transfers) cancelID(ctx context.Context, c *chain, id, what string) (*connectors.Result, []connectors.Signature, error) {
	cid, err := connectors.ParseID(id)
	if err != nil {
		return nil, nil, err
	}
	sigs, err := x.cosignOn(ctx, c, cosignItem{Kind: signCancel, Transfer: id}, "to cancel "+what)
	if err != nil {
		return nil, nil, err
	}
	var res *connectors.Result
	err = c.submit(ctx, func() (err error) {
		res, err = c.conn.Cancel(ctx, cid, sigs)
		return err
	})
	return res, sigs, err
}

// refundNative pays a transfer from the native ledger back, in one
// transaction.
func (x *transfers) refundNative(id string, votes []connectors.Signature) error {
	_, err := x.execute(func(tx *ledger.Tx) (any, error) {
		return moveTransfer(tx, id, []string{StateRefunding}, func(t *Transfer) (string, error) {
			amount, err := uint256.FromDecimal(t.Amount)
			if err != nil {
				return "", err
			}
			leg := &Leg{Kind: string(connectors.Release), CocoTxID: tx.ID().String(), Signers: signersOf(votes)}
			if t.SourceLeg.Kind == string(connectors.Burn) {
				leg.Kind = string(connectors.Mint)
				assets, err := governance.Assets(tx)
				if err != nil {
					return "", err
				}
				_, err = native.MintForTransfer(tx, t.Source.Asset, assets[t.Asset].Decimals, t.Source.Account, amount, t.ID)
				if err != nil {
					return "", err
				}
			} else if _, err := native.ReleaseForTransfer(tx, t.Source.Asset, t.Source.Account, amount, t.ID); err != nil {
				return "", err
			}
			t.State, t.RefundLeg = StateRefunded, leg
			return "", nil
		})
	})
	return err
}

func signersOf(sigs []connectors.Signature) []string {
	out := make([]string, len(sigs))
	for i, s := range sigs {
		out[i] = s.Signer
	}
	return out
}

// openTransfers returns the open transfers (for status and tests).
func (x *transfers) openTransfers() ([]*Transfer, error) {
	var out []*Transfer
	var after []byte
	for {
		kvs, err := x.n.store.Scan(tableTransferOpen, nil, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, kv := range kvs {
			b, _, ok, err := x.n.store.Get(tableTransfers, kv.Key)
			if err != nil || !ok {
				continue
			}
			var t Transfer
			if json.Unmarshal(b, &t) == nil {
				out = append(out, &t)
			}
		}
		if len(kvs) < 1000 {
			return out, nil
		}
		after = kvs[len(kvs)-1].Key
	}
}
