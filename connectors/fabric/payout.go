package fabric

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// PayoutDigest is what relay nodes sign to authorise p: SHA-256 of the
// channel, the chaincode, p's kind and ID, the asset, the recipient and
// the amount (see wire.Domain.PayoutDigest).
func (c *Connector) PayoutDigest(p connectors.Payout) ([]byte, error) {
	return c.domain.PayoutDigest(string(p.Kind), p.ID, p.Asset, p.To, p.Amount)
}

// Execute releases or mints p on the ledger with sigs, exactly once per
// p.ID: before every try it asks the chaincode whether p.ID was executed
// and, if so, returns that execution. It returns once the transaction is
// committed (Fabric's commit is final). A transfer id executed with other
// details, a cancelled transfer id, and anything the chaincode refuses, is
// an error wrapping connectors.ErrRefused.
func (c *Connector) Execute(ctx context.Context, p connectors.Payout, sigs []connectors.Signature) (*connectors.Result, error) {
	if _, err := c.PayoutDigest(p); err != nil {
		return nil, fmt.Errorf("fabric %s: payout %s: %w: %w", c.cfg.Name, p.ID, connectors.ErrRefused, err)
	}
	fn := "Release"
	if p.Kind == connectors.Mint {
		fn = "MintForTransfer"
	}
	sigJSON, err := signaturesJSON(sigs)
	if err != nil {
		return nil, fmt.Errorf("fabric %s: payout %s: %w: %w", c.cfg.Name, p.ID, connectors.ErrRefused, err)
	}
	args := []string{p.ID.String(), p.Asset, p.To, p.Amount.String(), sigJSON}
	return c.once(ctx, "payout "+p.ID.String(), func(ctx context.Context, gp *gatewayPeer) (*connectors.Result, error) {
		rec, err := c.payoutOn(ctx, gp, p.ID)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			cancelled, err := c.cancelOn(ctx, gp, p.ID)
			if err != nil || cancelled == nil {
				return nil, err
			}
			return nil, fmt.Errorf("%w: transfer %s is cancelled (transaction %s)", connectors.ErrRefused, p.ID, cancelled.TxID)
		}
		if rec.Kind != string(p.Kind) || rec.Asset != p.Asset || rec.To != p.To || rec.Amount != p.Amount.String() {
			return nil, fmt.Errorf("%w: transfer %s was executed with other details (%s %s %s to %s)",
				connectors.ErrRefused, p.ID, rec.Kind, rec.Amount, rec.Asset, rec.To)
		}
		return c.resultOf(ctx, gp, rec.TxID)
	}, fn, args...)
}

// Executed reports whether id was released or minted on the ledger.
func (c *Connector) Executed(ctx context.Context, id connectors.ID) (bool, error) {
	var rec *wire.Payout
	err := c.retry(ctx, "payout "+id.String(), func(ctx context.Context, p *gatewayPeer) error {
		var err error
		rec, err = c.payoutOn(ctx, p, id)
		return err
	})
	return rec != nil, err
}

// payoutOn returns the execution recorded for id, or nil, asking p once.
func (c *Connector) payoutOn(ctx context.Context, p *gatewayPeer, id connectors.ID) (*wire.Payout, error) {
	return recordOn(ctx, c, p, "GetPayout", "payout", id, func(r *wire.Payout) (string, string) { return r.ID, r.TxID })
}

// recordOn reads the record the chaincode's query fn keeps for id (nil if
// there is none), asking p once. keys returns a record's transfer id and
// transaction, which must be id's and set; what names the record in errors.
func recordOn[T any](ctx context.Context, c *Connector, p *gatewayPeer, fn, what string, id connectors.ID, keys func(*T) (string, string)) (*T, error) {
	b, err := c.evaluateOn(ctx, p, fn, id.String())
	if err != nil || len(b) == 0 {
		return nil, err
	}
	rec := new(T)
	if json.Unmarshal(b, rec) == nil {
		if rid, txID := keys(rec); rid == id.String() && txID != "" {
			return rec, nil
		}
	}
	return nil, fmt.Errorf("%s record of %s: %w", what, id, malformed("%q", b))
}

func (c *Connector) resultOf(ctx context.Context, p *gatewayPeer, txID string) (*connectors.Result, error) {
	h, err := c.blockOf(ctx, p, txID)
	if err != nil {
		return nil, err
	}
	return &connectors.Result{TxHash: txID, Height: h}, nil
}

// once submits fn(args) until it commits, making sure it takes effect at
// most once: before each try, done reports an earlier execution (by this
// call or anyone else's), which is then the result, or an outcome that
// settles the call (an error wrapping connectors.ErrAlreadyExecuted or
// ErrRefused). A try that fails transiently (unavailable peer or orderer,
// failed endorsement, MVCC conflict, unknown commit status) is retried on
// the next peer and after a backoff. A refusal is checked against done
// once more, since a concurrent execution is refused too; a refusal that
// says the id was executed or cancelled (wire.CodeExecuted,
// wire.CodeCancelled) but whose record done cannot find is not believed:
// it is retried as transient (the peers disagree, or one lags). So is any
// refusal once a try's transaction may have reached the orderers (even if
// its Submit failed): that transaction may still commit, so the call ends
// in connectors.ErrUnavailable, never ErrRefused, unless done finds the
// outcome in the records.
func (c *Connector) once(ctx context.Context, op string, done func(context.Context, *gatewayPeer) (*connectors.Result, error), fn string, args ...string) (*connectors.Result, error) {
	var res *connectors.Result
	var txIDs []string
	err := c.retry(ctx, op, func(ctx context.Context, p *gatewayPeer) error {
		r, err := done(ctx, p)
		if err != nil {
			return err
		}
		if r != nil {
			res = r
			return nil
		}
		s, err := c.submit(ctx, p, &txIDs, fn, args...)
		if err == nil {
			res = &connectors.Result{TxHash: s.txID, Height: s.height}
			return nil
		}
		if classify(err) != refused {
			return err
		}
		r, derr := done(ctx, p)
		switch {
		case derr == nil && r != nil:
			res = r
			return nil
		case derr != nil && classify(derr) != refused:
			return derr // settled, or the record could not be read: retry
		case derr != nil:
			return derr // a refusal of its own, such as other details
		}
		if code := wire.RefusalCode(err.Error()); code == wire.CodeExecuted || code == wire.CodeCancelled {
			return fmt.Errorf("%w: the chaincode refused with %q, but peer %s has no record of it", errUnsettled, code, p.name)
		}
		if len(txIDs) > 0 {
			// An earlier try's transaction may still commit: this refusal
			// (of a new endorsement) does not say that it will not.
			return fmt.Errorf("%w: refused (%v), but transactions %s may still commit",
				errUnsettled, err, strings.Join(txIDs, ", "))
		}
		return err
	})
	if err != nil && len(txIDs) > 0 {
		// Whichever of these may still commit, a later call finds it
		// through the id before submitting anything.
		return nil, fmt.Errorf("%w (transactions handed to the orderers: %s)", err, strings.Join(txIDs, ", "))
	}
	return res, err
}

func signaturesJSON(sigs []connectors.Signature) (string, error) {
	if len(sigs) > wire.MaxSigners {
		return "", fmt.Errorf("%d signatures, at most %d", len(sigs), wire.MaxSigners)
	}
	out := make([]wire.Signature, len(sigs))
	for i, s := range sigs {
		out[i] = wire.Signature{Signer: s.Signer, Sig: s.Sig}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// AnchorDigest is what relay nodes sign to anchor a (see
// wire.Domain.AnchorDigest).
func (c *Connector) AnchorDigest(a connectors.Anchor) ([]byte, error) {
	n, err := unixNano(a.Time)
	if err != nil {
		return nil, err
	}
	return c.domain.AnchorDigest(a.Seqno, a.Root, n), nil
}

func unixNano(t time.Time) (int64, error) {
	n := t.UnixNano()
	if t.IsZero() || !time.Unix(0, n).Equal(t) {
		return 0, fmt.Errorf("anchor time %v: want a time between 1678 and 2262", t)
	}
	return n, nil
}

// RecordAnchor records a with sigs. Recording the same anchor again
// returns the earlier recording; seqnos must grow.
func (c *Connector) RecordAnchor(ctx context.Context, a connectors.Anchor, sigs []connectors.Signature) (*connectors.Result, error) {
	n, err := unixNano(a.Time)
	if err != nil {
		return nil, fmt.Errorf("fabric %s: %w: %w", c.cfg.Name, connectors.ErrRefused, err)
	}
	sigJSON, err := signaturesJSON(sigs)
	if err != nil {
		return nil, fmt.Errorf("fabric %s: anchor: %w: %w", c.cfg.Name, connectors.ErrRefused, err)
	}
	root := hex.EncodeToString(a.Root[:])
	seqno := strconv.FormatUint(a.Seqno, 10)
	return c.once(ctx, "anchor "+seqno, func(ctx context.Context, p *gatewayPeer) (*connectors.Result, error) {
		b, err := c.evaluateOn(ctx, p, "GetAnchor", seqno)
		if err != nil || len(b) == 0 {
			return nil, err
		}
		rec, err := c.parseAnchor(b)
		if err != nil {
			return nil, err
		}
		if rec.Root != root || rec.UnixNano != n {
			return nil, fmt.Errorf("%w: seqno %d is anchored with another root or time", connectors.ErrRefused, a.Seqno)
		}
		return c.resultOf(ctx, p, rec.TxID)
	}, "Anchor", seqno, root, strconv.FormatInt(n, 10), sigJSON)
}

func (c *Connector) parseAnchor(b []byte) (*wire.Anchor, error) {
	var rec wire.Anchor
	if err := json.Unmarshal(b, &rec); err != nil || len(rec.Root) != 64 || rec.TxID == "" {
		return nil, fmt.Errorf("anchor record: %w", malformed("%q", b))
	}
	return &rec, nil
}

// LatestAnchor returns the anchor with the highest seqno, or nil.
func (c *Connector) LatestAnchor(ctx context.Context) (*connectors.Anchor, error) {
	b, err := c.evaluate(ctx, "LatestAnchor")
	if err != nil || len(b) == 0 {
		return nil, err
	}
	rec, err := c.parseAnchor(b)
	if err != nil {
		return nil, fmt.Errorf("fabric %s: %w", c.cfg.Name, err)
	}
	a := &connectors.Anchor{Seqno: rec.Seqno, Time: time.Unix(0, rec.UnixNano).UTC()}
	if _, err := hex.Decode(a.Root[:], []byte(rec.Root)); err != nil {
		return nil, fmt.Errorf("fabric %s: anchor record: %w", c.cfg.Name, malformed("root %q", rec.Root))
	}
	return a, nil
}

// Signers returns the signer set the chaincode enforces.
func (c *Connector) Signers(ctx context.Context) (*connectors.Signers, error) {
	s, err := c.signers(ctx)
	if err != nil {
		return nil, err
	}
	return &connectors.Signers{Set: s.Set, Threshold: s.Threshold, Nonce: s.Nonce}, nil
}

func (c *Connector) signers(ctx context.Context) (*wire.Signers, error) {
	var s *wire.Signers
	err := c.retry(ctx, "signers", func(ctx context.Context, p *gatewayPeer) error {
		var err error
		s, err = c.signersOn(ctx, p)
		return err
	})
	return s, err
}

func (c *Connector) signersOn(ctx context.Context, p *gatewayPeer) (*wire.Signers, error) {
	b, err := c.evaluateOn(ctx, p, "Signers")
	if err != nil {
		return nil, err
	}
	var s wire.Signers
	if err := json.Unmarshal(b, &s); err != nil || wire.CheckSignerSet(s.Set, s.Threshold) != nil {
		return nil, fmt.Errorf("signer set: %w", malformed("%q", b))
	}
	return &s, nil
}

// SignersDigest is what the current set signs to be replaced by next (see
// wire.Domain.SignersDigest).
func (c *Connector) SignersDigest(next connectors.Signers) ([]byte, error) {
	return c.domain.SignersDigest(next.Set, next.Threshold, next.Nonce)
}

// UpdateSigners replaces the signer set by next with the current set's
// signatures. A change whose nonce is used is refused, also when it is the
// very change already made (a replay), unless this call made it.
func (c *Connector) UpdateSigners(ctx context.Context, next connectors.Signers, sigs []connectors.Signature) (*connectors.Result, error) {
	if _, err := c.SignersDigest(next); err != nil {
		return nil, fmt.Errorf("fabric %s: signer change: %w: %w", c.cfg.Name, connectors.ErrRefused, err)
	}
	sigJSON, err := signaturesJSON(sigs)
	if err != nil {
		return nil, fmt.Errorf("fabric %s: signer change: %w: %w", c.cfg.Name, connectors.ErrRefused, err)
	}
	set, err := json.Marshal(next.Set)
	if err != nil {
		return nil, err
	}
	want := slices.Sorted(slices.Values(next.Set))
	var res *connectors.Result
	var txIDs []string
	op := fmt.Sprintf("signer change %d", next.Nonce)
	err = c.retry(ctx, op, func(ctx context.Context, p *gatewayPeer) error {
		// A try of this call whose outcome was unknown may have made the
		// change: then it is this call's result, not a replay.
		if len(txIDs) > 0 {
			cur, err := c.signersOn(ctx, p)
			if err != nil {
				return err
			}
			if cur.Nonce == next.Nonce && cur.Threshold == next.Threshold && slices.Equal(cur.Set, want) && slices.Contains(txIDs, cur.TxID) {
				r, err := c.resultOf(ctx, p, cur.TxID)
				res = r
				return err
			}
		}
		s, err := c.submit(ctx, p, &txIDs, "UpdateSigners", string(set), strconv.Itoa(next.Threshold),
			strconv.FormatUint(next.Nonce, 10), sigJSON)
		if err != nil {
			return err
		}
		res = &connectors.Result{TxHash: s.txID, Height: s.height}
		return nil
	})
	return res, err
}
