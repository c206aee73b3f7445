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
	// signSupply asks a node whether its own connectors see an asset's
	// minted supply above what is locked at its origin
	// (transfer_supply.go): one lying endpoint of the leader cannot pause
	// an asset's routes.
	signSupply = "confirm_supply"
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
	refuseBacked        = "supply_backed"
)

type cosignItem struct {
	Kind     string              `json:"kind"`
	Transfer string              `json:"transfer,omitempty"` // destination, refund
	Ledger   string              `json:"ledger,omitempty"`   // anchor, signers
	Asset    string              `json:"asset,omitempty"`    // confirm_supply: the bridged asset
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
		case signPull:
			out[i] = x.signPullItem(r, it)
		case signExecuted:
			out[i] = x.signExecutedItem(ctx, r, it)
		case signSupply:
			out[i] = x.signSupplyItem(ctx, r, it)
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
	return signWith(nodeSigner{x.n}, executedDigest(x.service, t.ID))
}

// signWith is the answer to a co-sign item: signer's signature over
// digest.
func signWith(signer chainSigner, digest []byte) cosignResult {
	sig, err := signer.Sign(digest)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	return cosignResult{Sig: &sig}
}

// nodeDigest is what nodes sign with their node keys to state purpose
// about subject in this network's service.
func nodeDigest(purpose, service, subject string) []byte {
	d := sha256.Sum256([]byte("coco-" + purpose + "-v1\x00" + service + "\x00" + subject))
	return d[:]
}

// executedDigest is what a node signs to say that it saw a transfer's
// payout executed.
func executedDigest(service, id string) []byte { return nodeDigest("executed", service, id) }

// signCancelItem signs the cancellation of a refunding transfer's id on
// its destination chain, or of a requested pull's id on its source chain.
// Cancelling is always safe: it either stops a payout or pull that did
// not execute, or the chain answers that it did.
func (x *transfers) signCancelItem(r storeReader, it cosignItem) cosignResult {
	t, err := getTransfer(r, it.Transfer)
	if err != nil {
		return cosignResult{Error: refuseWrongState}
	}
	on := t.Destination.Ledger
	switch {
	case t.State == StateRefunding:
	case isPull(t):
		on = t.Source.Ledger
	default:
		return cosignResult{Error: refuseWrongState}
	}
	c := x.chainFor(r, on)
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
	return signWith(c.key, d)
}

// nativeRefundDigest is what nodes sign to agree that a transfer from the
// native ledger is refunded there.
func nativeRefundDigest(service, id string) []byte { return nodeDigest("native-refund", service, id) }

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
	return signWith(c.key, d)
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
	return signWith(c.key, d)
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
	idents := x.chainIdentities()
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
			// Verified before deduplicated: a faulty node's answer in
			// another signer's name must not shut out that signer's own.
			if res.Sig == nil || !x.signedBy(a.node, items[i], *res.Sig, idents) || ok[i] != nil && !ok[i](*res.Sig) {
				continue
			}
			if have[i][strings.ToLower(res.Sig.Signer)] {
				continue
			}
			have[i][strings.ToLower(res.Sig.Signer)] = true
			out[i].sigs = append(out[i].sigs, *res.Sig)
		}
	}
	return out
}

// chainIdentities returns each node's signing identities on the chains,
// as the ledger records them.
func (x *transfers) chainIdentities() map[uint64][]string {
	out := map[uint64][]string{}
	kvs, err := x.n.store.Scan(tableChainKeys, nil, nil, 100000)
	if err != nil {
		x.log.Warn("read the nodes' chain identities", "err", err)
		return out
	}
	for _, kv := range kvs {
		if _, node, ok := splitNodeKey(kv.Key); ok {
			out[node] = append(out[node], string(kv.Value))
		}
	}
	return out
}

// signedBy reports whether sig, answered by node for it, is that node's
// own: a node-key signature that verifies under node's key, or a chain
// signature in one of the identities the ledger records for node (the
// chain checks the signature itself).
func (x *transfers) signedBy(node uint64, it cosignItem, sig connectors.Signature, idents map[uint64][]string) bool {
	if id, isNode := strings.CutPrefix(sig.Signer, "node:"); isNode {
		if id != strconv.FormatUint(node, 10) {
			return false
		}
		var d []byte
		switch it.Kind {
		case signExecuted:
			d = executedDigest(x.service, it.Transfer)
		case signSupply:
			d = supplyDigest(x.service, it.Asset)
		case signRefund:
			d = nativeRefundDigest(x.service, it.Transfer)
		default:
			return false
		}
		pub, err := x.nodeKey(node)
		return err == nil && ecdsa.VerifyASN1(pub, d, sig.Sig)
	}
	for _, id := range idents[node] {
		if strings.EqualFold(id, sig.Signer) {
			return true
		}
	}
	return false
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
// cosignOn gathers signatures for it from the nodes in chain c's signer
// set: as many as c requires, and never fewer than a majority of the
// trusted nodes. what says what they are for, in the error.
func (x *transfers) cosignOn(ctx context.Context, c *chain, it cosignItem, what string) ([]connectors.Signature, error) {
	set, err := x.signerSet(ctx, c, false)
	if err != nil {
		return nil, err
	}
	need := x.need(set.Threshold)
	g := x.gather(ctx, []cosignItem{it}, []int{need}, []accept{inSet(c.kind, set)})[0]
	if len(g.sigs) < need {
		return nil, fmt.Errorf("%d of %d signatures %s (%s)", len(g.sigs), need, what, g.refusals())
	}
	return g.sigs, nil
}

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
		nodes, err := governance.Nodes(tx)
		if err != nil {
			return nil, err
		}
		for l, id := range keys {
			if len(l) > 64 || len(id) > 256 {
				return nil, errors.New("key record too long")
			}
			// One identity per node: a node cannot claim another's.
			for _, other := range nodes {
				if other.ID == node {
					continue
				}
				if cur, ok, err := tx.Get(tableChainKeys, keyWithNode(l, other.ID)); err != nil {
					return nil, err
				} else if ok && strings.EqualFold(string(cur), id) {
					return nil, fmt.Errorf("identity %.80q on %s is node %d's", id, l, other.ID)
				}
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
