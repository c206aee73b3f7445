package relay

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// What a node checks before it signs a transfer's destination leg or its
// refund (cosign.go asks, this decides).

// checkTransferItem decides whether this node would sign a transfer's
// destination leg or refund, and what. It signs what it rebuilds from its
// own evidence (its observation of a chain deposit, or the native source
// leg in committed state) and governance, never the record alone: a
// leader may have written any record.
func (x *transfers) checkTransferItem(ctx context.Context, r storeReader, it cosignItem) (vote string, digest []byte, signer chainSigner, override bool, refusal string) {
	t, err := getTransfer(r, it.Transfer)
	if err != nil {
		return "", nil, nil, false, refuseWrongState
	}
	assets, err := governance.Assets(r)
	if err != nil {
		return "", nil, nil, false, refuseInternal
	}
	nativeName, err := x.nativeLedger(r)
	if err != nil {
		return "", nil, nil, false, refuseInternal
	}
	// want is the transfer as this node's evidence has it.
	want := t
	switch {
	case t.Source.Ledger != nativeName:
		w, refusal := x.observedTransfer(r, t)
		if refusal != "" {
			return "", nil, nil, false, refusal
		}
		want = w
	case !x.nativeSourceLeg(t):
		return "", nil, nil, false, refuseNoSourceLeg
	case it.Kind == signDestination && !x.routeMatches(r, t, KindNative):
		return "", nil, nil, false, refuseMismatch
	}
	if it.Kind == signDestination {
		a, ok := assets[want.Asset]
		if t.State != StateSourceConfirmed && t.State != StateDestinationSubmitted || !t.Admitted || t.Hold != "" || !ok {
			return "", nil, nil, false, refuseWrongState
		}
		c := x.chainFor(r, t.Destination.Ledger)
		if c == nil {
			return "", nil, nil, false, refuseUnknownLedger
		}
		p, err := payoutOf(want, &a)
		if err != nil {
			return "", nil, nil, false, refuseInternal
		}
		d, err := c.conn.PayoutDigest(p)
		if err != nil {
			return "", nil, nil, false, refuseMismatch
		}
		return voteDestination, d, c.key, false, ""
	}
	if t.State != StateRefunding {
		return "", nil, nil, false, refuseWrongState
	}
	// A refund needs the destination leg cancelled first where it may
	// have been authorised; the cancellation then overrides a vote for
	// the destination leg (no payout of the id can execute any more).
	if mayHaveAuthorised(t, nativeName) {
		// The leader's word (its record of the cancel) is not enough: one
		// lying endpoint of the leader must not make a refund. This node
		// asks its own connector whether the id is cancelled, final.
		if t.CancelLeg == nil || !x.destinationCancelled(ctx, t) {
			return "", nil, nil, false, refuseNotCancelled
		}
		override = true
	}
	if t.Source.Ledger != nativeName {
		c := x.chainFor(r, t.Source.Ledger)
		if c == nil {
			return "", nil, nil, false, refuseUnknownLedger
		}
		p, err := refundOf(want)
		if err != nil {
			return "", nil, nil, false, refuseInternal
		}
		if q, err := refundOf(t); err != nil || !samePayout(p, q) {
			return "", nil, nil, false, refuseMismatch
		}
		d, err := c.conn.PayoutDigest(p)
		if err != nil {
			return "", nil, nil, false, refuseMismatch
		}
		return voteRefund, d, c.key, override, ""
	}
	return voteRefund, nativeRefundDigest(x.service, t.ID), nodeSigner{x.n}, override, ""
}

// observedTransfer rebuilds a chain deposit's transfer from this node's
// own observation and governance, as confirmDeposit made it, and refuses
// a record that differs from it where a payout or refund depends on it.
func (x *transfers) observedTransfer(r storeReader, t *Transfer) (*Transfer, string) {
	if x.chainFor(r, t.Source.Ledger) == nil {
		return nil, refuseUnknownLedger
	}
	o := x.local.observation(t.Source.Ledger, t.ID)
	// A pull's record (origin api) has its evidence once observed too.
	if o == nil || t.Evidence == nil {
		return nil, refuseNotObserved
	}
	w := transferOfObservation(o, x.service)
	if w.Evidence.Digest != t.Evidence.Digest {
		return nil, refuseNotObserved
	}
	reason, err := x.resolveDeposit(r, w)
	if err != nil {
		return nil, refuseInternal
	}
	if w.Source != t.Source || w.Amount != t.Amount || w.SourceLeg.Kind != t.SourceLeg.Kind {
		return nil, refuseMismatch
	}
	if reason == "" && (w.Asset != t.Asset || w.Destination != t.Destination) {
		return nil, refuseMismatch
	}
	return w, ""
}

// nativeSourceLeg reports whether t's source leg is in this node's
// committed native ledger: the bridge lock or burn of t's amount of its
// source asset from its source account, with t's id as its memo, in the
// transaction the record names.
func (x *transfers) nativeSourceLeg(t *Transfer) bool {
	kind := map[string]string{string(connectors.Lock): native.KindBridgeLock, string(connectors.Burn): native.KindBridgeBurn}[t.SourceLeg.Kind]
	id, err := ledger.ParseTxID(t.SourceLeg.CocoTxID)
	if kind == "" || err != nil || id.Seqno < 2 || t.Origin != "api" {
		return false
	}
	// The entry of that transaction is the first after the one before it.
	before := ledger.TxID{View: id.View, Seqno: id.Seqno - 1}
	page, err := native.History(x.n.store, t.Source.Account, before.String(), 1)
	if err != nil || len(page.Entries) != 1 {
		return false
	}
	e := page.Entries[0]
	return e.TxID == t.SourceLeg.CocoTxID && e.Kind == kind && e.Memo == t.ID && e.Asset == t.Source.Asset && e.Amount == t.Amount &&
		x.createdAs(t, id)
}

// createdAs reports whether the transaction that took t's source leg
// (id) also created t as it reads now: the same source, destination,
// asset and amount. The user's request fixed them there; a later record
// of the leader's cannot send the funds elsewhere.
func (x *transfers) createdAs(t *Transfer, id ledger.TxID) bool {
	rec, err := x.n.store.Record(id)
	if err != nil {
		x.log.Warn("cannot read the transaction that created a transfer", "transfer", t.ID, "tx", id, "err", err)
		return false
	}
	key := transferKey(t.ID)
	for _, w := range rec.Writes {
		if w.Table != tableTransfers || w.Delete || !bytes.Equal(w.Key, key) {
			continue
		}
		var first Transfer
		if err := json.Unmarshal(w.Value, &first); err != nil {
			return false
		}
		return first.Origin == t.Origin && first.Requester == t.Requester && first.Source == t.Source && first.Asset == t.Asset &&
			first.Amount == t.Amount && first.SourceLeg.Kind == t.SourceLeg.Kind &&
			first.Destination.Ledger == t.Destination.Ledger && first.Destination.Account == t.Destination.Account
	}
	return false
}

// routeMatches reports whether governance maps t's source asset on its
// source ledger (of kind) to the bridged asset and destination asset the
// record names, with a lock where the asset is native and a burn
// elsewhere.
func (x *transfers) routeMatches(r storeReader, t *Transfer, kind string) bool {
	a, ok, err := governance.AssetAt(r, t.Source.Ledger, t.Source.Asset, sameAsset(kind))
	if err != nil || !ok || a.Name != t.Asset {
		return false
	}
	if (a.Origin.Ledger == t.Source.Ledger) != (t.SourceLeg.Kind == string(connectors.Lock)) {
		return false
	}
	w := *t
	if reason, err := x.resolveDestination(r, &w, a); err != nil || reason != "" {
		return false
	}
	return w.Destination == t.Destination
}

// samePayout reports whether p and q are the same execution.
func samePayout(p, q connectors.Payout) bool {
	return p.ID == q.ID && p.Kind == q.Kind && p.Asset == q.Asset && p.To == q.To &&
		p.Amount != nil && q.Amount != nil && p.Amount.Cmp(q.Amount) == 0
}
