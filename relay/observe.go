package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/p2p"
)

// Observation: every node reads the deposits of every chain it is
// configured for through its own endpoints, at the connector's
// confirmation depth, signs what it saw with its node key and publishes it
// on the mesh (observationsTopic). The leader counts them: a deposit
// becomes a transfer once k trusted nodes observed exactly the same
// deposit (k from governance's transfer policy). A lying or lagging
// endpoint of one node cannot make up a deposit or change one. Nodes
// publish their observations again until the deposit is a transfer, so a
// new leader hears them too.

const observationsTopic = "coco/observations/1"

// observation is one node's view of one deposit.
type observation struct {
	Ledger             string    `json:"ledger"`
	ID                 string    `json:"id"`
	Kind               string    `json:"kind"`
	Asset              string    `json:"asset"`
	Holder             string    `json:"holder"`
	Amount             string    `json:"amount"`
	DestinationLedger  string    `json:"destination_ledger"`
	DestinationAccount string    `json:"destination_account"`
	Height             uint64    `json:"height"`
	TxIndex            uint32    `json:"tx_index"`
	EventIndex         uint32    `json:"event_index"`
	TxHash             string    `json:"tx_hash"`
	BlockHash          string    `json:"block_hash"`
	Node               uint64    `json:"node"`
	At                 time.Time `json:"at"`
	Sig                []byte    `json:"sig"`
}

// digest covers what was observed (not who observed it or when), bound to
// this network's service.
func (o *observation) digest(service string) [32]byte {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("coco-observation-v1")
	for _, s := range []string{service, o.Ledger, o.ID, o.Kind, o.Asset, o.Holder, o.Amount, o.DestinationLedger, o.DestinationAccount, o.TxHash, o.BlockHash} {
		put(s)
	}
	for _, v := range []uint64{o.Height, uint64(o.TxIndex), uint64(o.EventIndex)} {
		binary.BigEndian.PutUint64(n[:], v)
		h.Write(n[:])
	}
	var d [32]byte
	h.Sum(d[:0])
	return d
}

func observationOf(ledgerName string, d connectors.Deposit) *observation {
	amount := "0"
	if d.Amount != nil {
		amount = d.Amount.String()
	}
	return &observation{
		Ledger: ledgerName, ID: d.ID.String(), Kind: string(d.Kind), Asset: d.Asset, Holder: d.Holder, Amount: amount,
		DestinationLedger: d.DestinationLedger, DestinationAccount: d.DestinationAccount,
		Height: d.At.Height, TxIndex: d.At.TxIndex, EventIndex: d.At.EventIndex, TxHash: d.At.TxHash, BlockHash: d.At.BlockHash,
	}
}

type observationMsg struct {
	Observations []*observation `json:"observations"`
}

// runObserver reads one chain's deposits for as long as the node runs.
func (x *transfers) runObserver(c *chain) {
	defer x.wg.Done()
	var lastErr time.Time
	for {
		more, err := x.observeOnce(c)
		if err != nil {
			x.setChainError(c.name, err)
			if time.Since(lastErr) > time.Minute {
				x.log.Warn("observe deposits", "ledger", c.name, "err", err)
				lastErr = time.Now()
			}
		} else {
			x.setChainError(c.name, nil)
		}
		if more {
			continue
		}
		select {
		case <-x.ctx.Done():
			return
		case <-time.After(c.poll):
		}
	}
}

const depositBatch = 200

func (x *transfers) observeOnce(c *chain) (bool, error) {
	// A file that does not match the members' registration may point at
	// another chain: observe nothing there (the error stays in status).
	if reg, err := governance.GetConnector(readerOf(x.n.store), c.name); err != nil {
		return false, err
	} else if err := c.matches(reg); err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(x.ctx, 30*time.Second)
	defer cancel()
	deps, next, err := c.conn.Deposits(ctx, x.local.checkpoint(c.name), depositBatch)
	if err != nil {
		return false, err
	}
	if next == x.local.checkpoint(c.name) && len(deps) == 0 {
		return false, nil
	}
	now := time.Now().UTC()
	obs := make([]*observation, 0, len(deps))
	for _, d := range deps {
		o := observationOf(c.name, d)
		o.Node, o.At = x.n.ID(), now
		dg := o.digest(x.service)
		if o.Sig, err = ecdsa.SignASN1(rand.Reader, x.n.key, dg[:]); err != nil {
			return false, err
		}
		obs = append(obs, o)
	}
	// Durable before it is published: a node that restarts still knows
	// what it observed (it co-signs only that).
	if err := x.local.observed(c.name, obs, next); err != nil {
		return false, fmt.Errorf("record observations: %w", err)
	}
	if len(obs) > 0 {
		x.log.Debug("observed deposits", "ledger", c.name, "count", len(obs))
		x.publish(obs)
	}
	return len(deps) == depositBatch, nil
}

func (x *transfers) publish(obs []*observation) {
	for len(obs) > 0 {
		n := min(len(obs), 100)
		b, _ := json.Marshal(observationMsg{Observations: obs[:n]})
		obs = obs[n:]
		ctx, cancel := context.WithTimeout(x.ctx, 5*time.Second)
		if err := x.topic.Publish(ctx, b); err != nil {
			x.log.Debug("publish observations", "err", err)
		}
		cancel()
	}
}

// runRepublish publishes again what this node observed and is not a
// transfer yet, and forgets observations of final transfers and those
// that did not become a transfer within observationTTL.
func (x *transfers) runRepublish() {
	defer x.wg.Done()
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-x.ctx.Done():
			return
		case <-t.C:
		}
		var again, final []*observation
		now := time.Now()
		for _, o := range x.local.observations() {
			b, _, ok, err := x.n.store.Get(tableTransfers, transferKey(o.ID))
			switch {
			case err != nil:
			case !ok && now.Sub(o.At) > x.observationTTL(o.Ledger):
				// No quorum agreed in all this time (this node's endpoint
				// may have made it up): stop publishing it and forget it.
				x.log.Warn("forget an observation no quorum agreed with", "ledger", o.Ledger, "id", o.ID, "observed", o.At)
				final = append(final, o)
			case !ok:
				again = append(again, o)
			case awaitsObservers(b):
				again = append(again, o)
			default:
				var tr Transfer
				if json.Unmarshal(b, &tr) == nil && tr.Final() {
					final = append(final, o)
				}
			}
		}
		if len(again) > 500 {
			sort.Slice(again, func(i, j int) bool { return again[i].At.Before(again[j].At) })
			again = again[:500]
		}
		x.publish(again)
		if err := x.local.forget(final); err != nil {
			x.log.Error("forget observations", "err", err)
		}
		var settled []string
		for _, id := range x.local.votedOn() {
			if t, err := getTransfer(readerOf(x.n.store), id); err == nil && t.Final() {
				settled = append(settled, id)
			}
		}
		if err := x.local.forgetVotes(settled); err != nil {
			x.log.Error("forget votes", "err", err)
		}
	}
}

// defaultObservationTTL is how long a node keeps publishing an
// observation that no quorum agreed with (the leader's tally forgets
// them after as long).
const defaultObservationTTL = time.Hour

// observationTTL is how long this node keeps an observation of a deposit
// on ledger that has not become a transfer.
func (x *transfers) observationTTL(ledgerName string) time.Duration {
	if c := x.chains[ledgerName]; c != nil && c.observationTTL > 0 {
		return c.observationTTL
	}
	return defaultObservationTTL
}

// tally is the leader's count of observations.
type tally struct {
	mu      sync.Mutex
	pending map[string]*tallied // ledger 0x00 id
}

type tallied struct {
	first    time.Time
	byDigest map[[32]byte]map[uint64]*observation
	started  bool // a confirmation is running
}

func newTally() *tally { return &tally{pending: map[string]*tallied{}} }

// runTally receives observations and confirms deposits on the leader.
func (x *transfers) runTally(msgs <-chan p2p.Message) {
	defer x.wg.Done()
	sweep := time.NewTicker(time.Minute)
	defer sweep.Stop()
	for {
		select {
		case <-x.ctx.Done():
			return
		case <-sweep.C:
			x.tally.sweep(defaultObservationTTL)
		case m, ok := <-msgs:
			if !ok {
				return
			}
			if !x.n.IsLeader() {
				continue
			}
			var msg observationMsg
			if err := json.Unmarshal(m.Data, &msg); err != nil {
				x.log.Info("malformed observations", "from", m.From, "err", err)
				continue
			}
			x.count(m.From, msg.Observations)
		}
	}
}

// count adds one node's observations and confirms what reached quorum.
func (x *transfers) count(from uint64, obs []*observation) {
	pub, err := x.nodeKey(from)
	if err != nil {
		x.log.Info("observations from a node without a key", "node", from, "err", err)
		return
	}
	r := readerOf(x.n.store)
	policy, err := governance.GetTransferPolicy(r)
	if err != nil {
		return
	}
	k := policy.Quorum(x.trustedCount())
	for _, o := range obs {
		if o == nil || o.Node != from || !validTransferID(o.ID) {
			continue
		}
		d := o.digest(x.service)
		if !ecdsa.VerifyASN1(pub, d[:], o.Sig) {
			x.log.Info("observation with a bad signature", "node", from, "id", o.ID)
			continue
		}
		if b, _, ok, _ := x.n.store.Get(tableTransfers, transferKey(o.ID)); ok && !awaitsObservers(b) {
			continue
		}
		if agreed := x.tally.add(o, d, k); agreed != nil {
			x.wg.Add(1)
			go x.confirm(agreed)
		}
	}
}

// add records o; it returns the k agreeing observations the first time a
// digest reaches k.
func (t *tally) add(o *observation, d [32]byte, k int) []*observation {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := obsKey(o.Ledger, o.ID)
	p := t.pending[key]
	if p == nil {
		p = &tallied{first: time.Now(), byDigest: map[[32]byte]map[uint64]*observation{}}
		t.pending[key] = p
	}
	by := p.byDigest[d]
	if by == nil {
		by = map[uint64]*observation{}
		p.byDigest[d] = by
	}
	by[o.Node] = o
	if p.started || len(by) < k {
		return nil
	}
	p.started = true
	out := make([]*observation, 0, len(by))
	for _, v := range by {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Node < out[j].Node })
	return out
}

// done forgets a deposit (confirmed), or lets it be tried again.
func (t *tally) done(ledgerName, id string, confirmed bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if confirmed {
		delete(t.pending, obsKey(ledgerName, id))
	} else if p := t.pending[obsKey(ledgerName, id)]; p != nil {
		p.started = false
	}
}

func (t *tally) sweep(age time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, p := range t.pending {
		if time.Since(p.first) > age && !p.started {
			delete(t.pending, k)
		}
	}
}

// confirm commits a deposit k nodes agree on as a transfer.
func (x *transfers) confirm(obs []*observation) {
	defer x.wg.Done()
	o := obs[0]
	ctx, cancel := context.WithTimeout(x.ctx, 20*time.Second)
	defer cancel()
	out, err := x.n.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) { return x.confirmDeposit(tx, obs) })
	if err != nil {
		x.tally.done(o.Ledger, o.ID, false)
		x.log.Info("confirm deposit: will retry", "ledger", o.Ledger, "id", o.ID, "err", err)
		return
	}
	x.tally.done(o.Ledger, o.ID, true)
	if t, ok := out.Value.(*Transfer); ok && t != nil {
		x.log.Info("deposit confirmed by a quorum of observers", "transfer", t.ID, "ledger", o.Ledger, "observers", len(obs), "state", t.State)
		x.wake()
	}
}

// confirmDeposit makes the transfer of a deposit that k nodes observed
// alike. A deposit the relay cannot deliver (an asset it does not bridge,
// a destination it does not know) becomes a transfer that is refunded.
func (x *transfers) confirmDeposit(tx *ledger.Tx, obs []*observation) (*Transfer, error) {
	t := transferOfObservation(obs[0], x.service)
	for _, v := range obs {
		t.Evidence.Observers = append(t.Evidence.Observers, Observer{Node: v.Node, At: v.At, Sig: v.Sig})
		if v.At.Before(t.SourceFinalAt) {
			t.SourceFinalAt = v.At
		}
	}
	if reason, err := x.resolveDeposit(tx, t); err != nil {
		return nil, err
	} else if reason != "" {
		t.State, t.Reason = StateRefunding, reason
	}
	created, err := createTransfer(tx, t)
	if err != nil {
		return nil, err
	}
	if !created {
		// A pull the relay made for a user's request has its record.
		return x.confirmPull(tx, t)
	}
	return t, nil
}

// transferOfObservation is the transfer of an observed deposit, before
// resolveDeposit and without its observers.
func transferOfObservation(o *observation, service string) *Transfer {
	d := o.digest(service)
	return &Transfer{
		ID: o.ID, State: StateSourceConfirmed, Amount: o.Amount, Origin: "chain",
		Source:        Endpoint{Ledger: o.Ledger, Asset: o.Asset, Account: o.Holder},
		Destination:   Endpoint{Ledger: o.DestinationLedger, Account: o.DestinationAccount},
		SourceLeg:     Leg{Kind: o.Kind, TxHash: o.TxHash, Height: o.Height},
		Evidence:      &Evidence{Digest: hex.EncodeToString(d[:]), Height: o.Height, TxHash: o.TxHash, BlockHash: o.BlockHash},
		SourceFinalAt: o.At,
	}
}

// resolveDeposit finds the bridged asset and destination of a chain
// deposit; a reason says why it cannot be delivered.
func (x *transfers) resolveDeposit(tx governance.Reader, t *Transfer) (string, error) {
	src, err := governance.GetConnector(tx, t.Source.Ledger)
	if err != nil {
		return "", err
	}
	if src == nil {
		return "source ledger is not registered", nil
	}
	a, ok, err := governance.AssetAt(tx, t.Source.Ledger, t.Source.Asset, sameAsset(src.Kind))
	if err != nil {
		return "", err
	}
	if amt := t.amount(); amt == nil || amt.Sign() <= 0 {
		return "", errors.New("deposit of no amount")
	}
	if !ok {
		return fmt.Sprintf("%s on %s is not a bridged asset", t.Source.Asset, t.Source.Ledger), nil
	}
	t.Asset = a.Name
	isOrigin := a.Origin.Ledger == t.Source.Ledger
	if isOrigin != (t.SourceLeg.Kind == string(connectors.Lock)) {
		return fmt.Sprintf("a %s of %s on %s, where it is %s", t.SourceLeg.Kind, a.Name, t.Source.Ledger, map[bool]string{true: "native (lock it)", false: "wrapped (burn it)"}[isOrigin]), nil
	}
	return x.resolveDestination(tx, t, a)
}

// resolveDestination checks the destination of t and fills in its asset.
func (x *transfers) resolveDestination(r governance.Reader, t *Transfer, a *governance.BridgedAsset) (string, error) {
	if t.Destination.Ledger == t.Source.Ledger {
		return "the destination is the source ledger", nil
	}
	dst, err := governance.GetConnector(r, t.Destination.Ledger)
	if err != nil {
		return "", err
	}
	if dst == nil {
		return fmt.Sprintf("destination ledger %q is not registered", t.Destination.Ledger), nil
	}
	loc, ok := a.On(t.Destination.Ledger)
	if !ok {
		return fmt.Sprintf("%s is not bridged to %s", a.Name, t.Destination.Ledger), nil
	}
	t.Destination.Asset = loc.Asset
	if err := checkAccount(dst.Kind, t.Destination.Account); err != nil {
		return fmt.Sprintf("destination account: %v", err), nil
	}
	return "", nil
}

// nodeKey returns a trusted node's public key.
func (x *transfers) nodeKey(id uint64) (*ecdsa.PublicKey, error) {
	x.keys.Lock()
	defer x.keys.Unlock()
	if k, ok := x.keys.m[id]; ok {
		return k, nil
	}
	rec, err := governance.GetNode(readerOf(x.n.store), id)
	if err != nil {
		return nil, err
	}
	pub, err := enclave.ParsePublicKeyPEM([]byte(rec.PublicKey))
	if err != nil {
		return nil, err
	}
	x.keys.m[id] = pub
	return pub, nil
}

// trustedCount is the number of trusted nodes.
func (x *transfers) trustedCount() int {
	_, byID := x.n.dir.view()
	n := 0
	for _, rec := range byID {
		if rec.Status == governance.NodeTrusted {
			n++
		}
	}
	return n
}
