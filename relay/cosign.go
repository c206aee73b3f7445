package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// Co-signing. Everything the relay does on a chain — a payout, a refund,
// an anchor, a change of the signer set — needs the signatures of k
// trusted nodes there. The leader asks every trusted node over the mesh
// (p2p's call protocol); each node signs only what its own committed
// ledger says and, for a chain deposit, what it observed itself. A node
// signs the destination leg of a transfer or its refund, never both (its
// vote, kept in localState before the signature leaves it): the leader
// needs more than half of the trusted nodes for either, so at most one of
// them can ever be authorised, whichever node leads, whatever crashes.

// Kinds of co-signing.
const (
	signDestination = "destination"
	signCancel      = "cancel" // of a transfer's id on its destination chain, before a refund
	signRefund      = "refund"
	signAnchor      = "anchor"
	signSigners     = "signers"
	// signExecuted asks a node whether its own connector sees a transfer's
	// payout executed on its destination chain (final). The leader
	// completes a transfer on a chain's word only with k such answers:
	// one lying endpoint of the leader cannot complete one that never
	// paid out.
	signExecuted = "confirm_executed"
)

// Refusal codes a node answers with.
const (
	refuseUnknownLedger = "unknown_ledger"
	refuseWrongState    = "wrong_state"
	refuseNotObserved   = "not_observed"
	refuseVoted         = "voted_" // + the vote in force
	refuseMismatch      = "mismatch"
	refuseNotCancelled  = "destination_not_cancelled"
	refuseNotExecuted   = "destination_not_executed"
	refuseNoSourceLeg   = "source_leg_not_found"
	refuseInternal      = "internal"
)

type cosignItem struct {
	Kind     string              `json:"kind"`
	Transfer string              `json:"transfer,omitempty"` // destination, refund
	Ledger   string              `json:"ledger,omitempty"`   // anchor, signers
	Anchor   *connectors.Anchor  `json:"anchor,omitempty"`
	Signers  *connectors.Signers `json:"signers,omitempty"`
}

type cosignResult struct {
	Sig   *connectors.Signature `json:"sig,omitempty"`
	Vote  string                `json:"vote,omitempty"` // the node's vote on the transfer
	Error string                `json:"error,omitempty"`
}

// callRequest is what nodes send each other over the call protocol.
type callRequest struct {
	Op    string            `json:"op"`           // cosign or keys
	At    uint64            `json:"at,omitempty"` // cosign: the seqno the leader read at
	Items []cosignItem      `json:"items,omitempty"`
	Keys  map[string]string `json:"keys,omitempty"` // keys: ledger → this node's identity there
}

type callReply struct {
	Error   string         `json:"error,omitempty"`
	Results []cosignResult `json:"results,omitempty"`
}

// handleCall answers another node's call.
func (x *transfers) handleCall(ctx context.Context, from uint64, data []byte) ([]byte, error) {
	var req callRequest
	var reply callReply
	if err := json.Unmarshal(data, &req); err != nil {
		reply.Error = "malformed request: " + err.Error()
	} else {
		switch req.Op {
		case "cosign":
			reply.Results = x.signItems(ctx, req.At, req.Items)
		case "keys":
			if err := x.recordKeys(ctx, from, req.Keys); err != nil {
				reply.Error = err.Error()
			}
		default:
			reply.Error = fmt.Sprintf("op %q: want cosign or keys", req.Op)
		}
	}
	return json.Marshal(reply)
}

// signItems signs what this node agrees with.
func (x *transfers) signItems(ctx context.Context, at uint64, items []cosignItem) []cosignResult {
	// Sign against a ledger at least as new as the one the leader read.
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	x.n.store.WaitSeqno(wctx, at)
	cancel()
	r := readerOf(x.n.store)
	out := make([]cosignResult, len(items))
	type signing struct {
		i      int
		vote   string
		digest []byte
		signer chainSigner
	}
	var pending []signing
	want := map[string]string{}
	override := map[string]bool{}
	for i, it := range items {
		switch it.Kind {
		case signDestination, signRefund:
			vote, digest, signer, ovr, refusal := x.checkTransferItem(ctx, r, it)
			if refusal != "" {
				out[i].Error = refusal
				continue
			}
			if prev, ok := want[it.Transfer]; ok && prev != vote {
				out[i].Error = refuseMismatch
				continue
			}
			want[it.Transfer] = vote
			override[it.Transfer] = override[it.Transfer] || ovr
			pending = append(pending, signing{i: i, vote: vote, digest: digest, signer: signer})
		case signCancel:
			out[i] = x.signCancelItem(r, it)
		case signExecuted:
			out[i] = x.signExecutedItem(ctx, r, it)
		case signAnchor:
			out[i] = x.signAnchorItem(it)
		case signSigners:
			out[i] = x.signSignersItem(ctx, r, it)
		default:
			out[i].Error = "unknown kind " + it.Kind
		}
	}
	votes, err := x.local.castVotes(want, override)
	if err != nil {
		x.log.Error("record votes", "err", err)
		for _, p := range pending {
			out[p.i].Error = refuseInternal
		}
		return out
	}
	for _, p := range pending {
		v := votes[items[p.i].Transfer]
		out[p.i].Vote = v
		if v != p.vote {
			out[p.i].Error = refuseVoted + v
			continue
		}
		sig, err := p.signer.Sign(p.digest)
		if err != nil {
			out[p.i].Error = refuseInternal
			continue
		}
		out[p.i].Sig = &sig
	}
	return out
}

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
	case it.Kind == signDestination && !x.nativeRouteMatches(r, t, nativeName):
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
	if o == nil || t.Origin != "chain" || t.Evidence == nil {
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
	return e.TxID == t.SourceLeg.CocoTxID && e.Kind == kind && e.Memo == t.ID && e.Asset == t.Source.Asset && e.Amount == t.Amount
}

// nativeRouteMatches reports whether governance maps t's source asset on
// the native ledger to the bridged asset and destination asset the record
// names, with a lock where the asset is native and a burn elsewhere.
func (x *transfers) nativeRouteMatches(r storeReader, t *Transfer, nativeName string) bool {
	a, ok, err := governance.AssetAt(r, nativeName, t.Source.Asset, sameAsset(KindNative))
	if err != nil || !ok || a.Name != t.Asset {
		return false
	}
	if (a.Origin.Ledger == nativeName) != (t.SourceLeg.Kind == string(connectors.Lock)) {
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

// chainFor returns this node's connector to a ledger if its file matches
// the members' registration, else nil: a node configured for another
// chain than the registered one neither observes nor signs for it.
func (x *transfers) chainFor(r storeReader, name string) *chain {
	c := x.chains[name]
	if c == nil {
		return nil
	}
	if reg, err := governance.GetConnector(r, name); err != nil || c.matches(reg) != nil {
		return nil
	}
	return c
}

// signExecutedItem answers whether this node's own connector sees a
// transfer's payout executed on its destination chain, final. Yes is a
// signature by the node key over executedDigest.
func (x *transfers) signExecutedItem(ctx context.Context, r storeReader, it cosignItem) cosignResult {
	t, err := getTransfer(r, it.Transfer)
	if err != nil {
		return cosignResult{Error: refuseWrongState}
	}
	c := x.chainFor(r, t.Destination.Ledger)
	if c == nil {
		return cosignResult{Error: refuseUnknownLedger}
	}
	id, err := connectors.ParseID(t.ID)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	done, err := c.conn.Executed(ctx, id)
	if err != nil {
		x.log.Warn("cannot tell whether the destination leg executed", "transfer", t.ID, "destination", c.name, "err", err)
		return cosignResult{Error: refuseNotExecuted}
	}
	if !done {
		return cosignResult{Error: refuseNotExecuted}
	}
	sig, err := nodeSigner{x.n}.Sign(executedDigest(x.service, t.ID))
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	return cosignResult{Sig: &sig}
}

// executedDigest is what a node signs to say that it saw a transfer's
// payout executed.
func executedDigest(service, id string) []byte {
	d := sha256.Sum256([]byte("coco-executed-v1\x00" + service + "\x00" + id))
	return d[:]
}

// signCancelItem signs the cancellation of a refunding transfer's id on
// its destination chain. Cancelling is always safe: it either stops a
// payout that did not execute, or the chain answers that it did.
func (x *transfers) signCancelItem(r storeReader, it cosignItem) cosignResult {
	t, err := getTransfer(r, it.Transfer)
	if err != nil || t.State != StateRefunding {
		return cosignResult{Error: refuseWrongState}
	}
	c := x.chainFor(r, t.Destination.Ledger)
	if c == nil {
		return cosignResult{Error: refuseUnknownLedger}
	}
	id, err := connectors.ParseID(t.ID)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	d, err := c.conn.CancelDigest(id)
	if err != nil {
		return cosignResult{Error: refuseMismatch}
	}
	sig, err := c.key.Sign(d)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	return cosignResult{Sig: &sig}
}

// nativeRefundDigest is what nodes sign to agree that a transfer from the
// native ledger is refunded there.
func nativeRefundDigest(service, id string) []byte {
	d := sha256.Sum256([]byte("coco-native-refund-v1\x00" + service + "\x00" + id))
	return d[:]
}

// nodeSigner signs with the node key; its identity is "node:" + id.
type nodeSigner struct{ n *Node }

func (s nodeSigner) Sign(digest []byte) (connectors.Signature, error) {
	sig, err := ecdsa.SignASN1(rand.Reader, s.n.key, digest)
	return connectors.Signature{Signer: "node:" + strconv.FormatUint(s.n.ID(), 10), Sig: sig}, err
}

// signAnchorItem signs an anchor whose root this node's ledger has too.
func (x *transfers) signAnchorItem(it cosignItem) cosignResult {
	c := x.chainFor(readerOf(x.n.store), it.Ledger)
	a := it.Anchor
	if c == nil || a == nil {
		return cosignResult{Error: refuseUnknownLedger}
	}
	if a.Seqno < 2 || x.n.store.Committed().ID.Seqno < a.Seqno || time.Since(a.Time).Abs() > 10*time.Minute {
		return cosignResult{Error: refuseWrongState}
	}
	f, err := x.n.store.FrontierAt(a.Seqno - 1)
	if err != nil || f.Root() != a.Root {
		return cosignResult{Error: refuseMismatch}
	}
	d, err := c.conn.AnchorDigest(*a)
	if err != nil {
		return cosignResult{Error: refuseMismatch}
	}
	sig, err := c.key.Sign(d)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	return cosignResult{Sig: &sig}
}

// signSignersItem signs a change of a chain's signer set to what this
// node's ledger says it must be.
func (x *transfers) signSignersItem(ctx context.Context, r storeReader, it cosignItem) cosignResult {
	c := x.chainFor(r, it.Ledger)
	if c == nil || it.Signers == nil {
		return cosignResult{Error: refuseUnknownLedger}
	}
	want, err := x.desiredSigners(r, it.Ledger)
	if err != nil || !sameSigners(c.kind, want, it.Signers) {
		return cosignResult{Error: refuseMismatch}
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	cur, err := c.conn.Signers(cctx)
	cancel()
	if err != nil || it.Signers.Nonce != cur.Nonce+1 {
		return cosignResult{Error: refuseWrongState}
	}
	d, err := c.conn.SignersDigest(*it.Signers)
	if err != nil {
		return cosignResult{Error: refuseMismatch}
	}
	sig, err := c.key.Sign(d)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	return cosignResult{Sig: &sig}
}

// gathered is what the trusted nodes answered to one item.
type gathered struct {
	sigs  []connectors.Signature
	votes map[uint64]string // node → vote in force, as it answered
	errs  map[uint64]string
}

// accept says whether a signature counts towards an item (a member of the
// chain's signer set, say).
type accept func(connectors.Signature) bool

// gather asks every trusted node to sign items, and returns as soon as
// each item has need[i] signatures that accept[i] counts, or every node
// answered, or ctx ends.
func (x *transfers) gather(ctx context.Context, items []cosignItem, need []int, ok []accept) []gathered {
	out := make([]gathered, len(items))
	for i := range out {
		out[i] = gathered{votes: map[uint64]string{}, errs: map[uint64]string{}}
	}
	req, _ := json.Marshal(callRequest{Op: "cosign", At: x.n.store.Committed().ID.Seqno, Items: items})
	type answer struct {
		node    uint64
		results []cosignResult
		err     error
	}
	_, byID := x.n.dir.view()
	answers := make(chan answer, len(byID))
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	asked := 0
	for id, rec := range byID {
		if rec.Status != governance.NodeTrusted {
			continue
		}
		asked++
		go func(id uint64, peer string) {
			if id == x.n.ID() {
				answers <- answer{node: id, results: x.signItems(cctx, 0, items)}
				return
			}
			b, err := x.n.mesh.Call(cctx, peer, req)
			if err != nil {
				answers <- answer{node: id, err: err}
				return
			}
			var rep callReply
			if err := json.Unmarshal(b, &rep); err != nil || rep.Error != "" || len(rep.Results) != len(items) {
				answers <- answer{node: id, err: fmt.Errorf("bad reply (%v) %s", err, rep.Error)}
				return
			}
			answers <- answer{node: id, results: rep.Results}
		}(id, rec.PeerID)
	}
	have := make([]map[string]bool, len(items))
	for i := range have {
		have[i] = map[string]bool{}
	}
	complete := func() bool {
		for i := range items {
			if len(out[i].sigs) < need[i] {
				return false
			}
		}
		return true
	}
	for answered := 0; answered < asked && !complete(); answered++ {
		var a answer
		select {
		case a = <-answers:
		case <-cctx.Done():
			return out
		}
		if a.err != nil {
			x.log.Debug("co-sign: no answer", "node", a.node, "err", a.err)
			continue
		}
		for i, res := range a.results {
			if res.Vote != "" {
				out[i].votes[a.node] = res.Vote
			}
			if res.Error != "" {
				out[i].errs[a.node] = res.Error
				continue
			}
			if res.Sig == nil || have[i][strings.ToLower(res.Sig.Signer)] || ok[i] != nil && !ok[i](*res.Sig) {
				continue
			}
			have[i][strings.ToLower(res.Sig.Signer)] = true
			out[i].sigs = append(out[i].sigs, *res.Sig)
		}
	}
	return out
}

// counted returns how many nodes answered with vote v.
func (g *gathered) counted(v string) int {
	n := 0
	for _, got := range g.votes {
		if got == v {
			n++
		}
	}
	return n
}

// refusals summarises why nodes did not sign.
func (g *gathered) refusals() string {
	var ids []uint64
	for id := range g.errs {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var parts []string
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf("node %d: %s", id, g.errs[id]))
	}
	return strings.Join(parts, ", ")
}

// inSet accepts signatures by members of a chain's signer set.
func inSet(kind string, set *connectors.Signers) accept {
	return func(s connectors.Signature) bool {
		for _, m := range set.Set {
			if sameAsset(kind)(m, s.Signer) {
				return true
			}
		}
		return false
	}
}

// need is how many signatures the relay gathers for a chain whose signer
// set requires threshold: never fewer than a majority of the trusted
// nodes, so that a destination leg and a refund cannot both be authorised.
func (x *transfers) need(threshold int) int {
	return max(threshold, x.trustedCount()/2+1)
}

// recordKeys records a node's chain identities (on the leader).
func (x *transfers) recordKeys(ctx context.Context, node uint64, keys map[string]string) error {
	if !x.n.IsLeader() {
		return errors.New("not the leader")
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := x.n.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) {
		for l, id := range keys {
			if len(l) > 64 || len(id) > 256 {
				return nil, errors.New("key record too long")
			}
			k := keyWithNode(l, node)
			if cur, ok, err := tx.Get(tableChainKeys, k); err != nil {
				return nil, err
			} else if ok && string(cur) == id {
				continue
			}
			tx.Put(tableChainKeys, k, []byte(id))
		}
		return nil, nil
	})
	return err
}

// destinationCancelled reports whether this node's own connector to t's
// destination sees t's id cancelled at a final position. A node without
// that connector, or whose endpoints cannot tell, does not vouch for it.
func (x *transfers) destinationCancelled(ctx context.Context, t *Transfer) bool {
	c := x.chainFor(readerOf(x.n.store), t.Destination.Ledger)
	if c == nil {
		return false
	}
	id, err := connectors.ParseID(t.ID)
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ok, err := c.conn.Cancelled(ctx, id)
	if err != nil {
		x.log.Warn("cannot tell whether the destination leg is cancelled", "transfer", t.ID, "destination", c.name, "err", err)
		return false
	}
	return ok
}
