package relay

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"sync"
	"time"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// The supply monitor: per bridged asset, what is locked at its origin must
// cover what is minted elsewhere (locked = minted + what is in flight). The
// leader reads every ledger every few seconds; wrapped supply is read
// before and after the origin, and per ledger the smaller counts, so that
// a transfer moving between the reads never looks like a mismatch. What
// the leader's endpoints show is not enough to brake: a quorum of trusted
// nodes (as many as authorise a payout) must each see the mismatch
// through their own connectors (co-sign kind confirm_supply). Minted
// supply above what is locked, so confirmed twice in a row, pauses every
// route of the asset
// (governance.PauseRoute: members resume it with resume_route) and raises
// an alert in the API (GET /v1/alerts) and the logs.

// SupplyReport is one asset's supply as the monitor last saw it.
type SupplyReport struct {
	Asset     string            `json:"asset"`
	Origin    string            `json:"origin"`
	Locked    string            `json:"locked"`
	Minted    map[string]string `json:"minted"`
	InFlight  string            `json:"in_flight"`
	Balanced  bool              `json:"balanced"` // locked = minted + in flight
	Unbacked  bool              `json:"unbacked"` // minted > locked
	Error     string            `json:"error,omitempty"`
	CheckedAt time.Time         `json:"checked_at"`
}

// Alert is a problem the relay raised.
type Alert struct {
	Kind    string    `json:"kind"` // supply_mismatch
	Asset   string    `json:"asset,omitempty"`
	Message string    `json:"message"`
	TxID    string    `json:"txid"`
	At      time.Time `json:"at"`
}

type supplyState struct {
	mu      sync.Mutex
	reports map[string]*SupplyReport
	suspect map[string]int
}

// supplyEvery is how often the leader checks supply.
const supplyEvery = 5 * time.Second

func (x *transfers) runSupply() {
	defer x.wg.Done()
	x.supply.reports, x.supply.suspect = map[string]*SupplyReport{}, map[string]int{}
	t := time.NewTicker(supplyEvery)
	defer t.Stop()
	for {
		select {
		case <-x.ctx.Done():
			return
		case <-t.C:
		}
		if x.n.IsLeader() {
			x.checkSupply()
		}
	}
}

func (x *transfers) checkSupply() {
	r := readerOf(x.n.store)
	assets, err := governance.Assets(r)
	if err != nil {
		return
	}
	nativeName, _ := x.nativeLedger(r)
	open, err := x.openTransfers()
	if err != nil {
		return
	}
	names := make([]string, 0, len(assets))
	for name := range assets {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a := assets[name]
		rep := x.supplyOf(r, &a, nativeName, open)
		// The leader's endpoints alone never brake: a quorum of trusted
		// nodes must see the mismatch through their own connectors.
		confirmed := rep.Unbacked && x.confirmSupplyMismatch(rep)
		x.supply.mu.Lock()
		x.supply.reports[name] = rep
		if confirmed {
			x.supply.suspect[name]++
		} else {
			x.supply.suspect[name] = 0
		}
		strikes := x.supply.suspect[name]
		x.supply.mu.Unlock()
		if strikes >= 2 {
			x.brake(&a, rep)
		}
	}
}

// confirmSupplyMismatch asks the trusted nodes whether their own
// connectors see rep's asset unbacked, and reports whether as many as
// authorise a payout do. Refusals are noted in rep.
func (x *transfers) confirmSupplyMismatch(rep *SupplyReport) bool {
	need := x.need(0)
	g := x.gather(x.ctx, []cosignItem{{Kind: signSupply, Asset: rep.Asset}}, []int{need}, []accept{nil})[0]
	if len(g.sigs) >= need {
		return true
	}
	rep.Error = fmt.Sprintf("the leader's endpoints show the asset unbacked, but only %d of the %d trusted nodes needed confirm it (%s)", len(g.sigs), need, g.refusals())
	x.log.Warn("supply monitor: mismatch not confirmed by the trusted nodes", "asset", rep.Asset, "confirmed", len(g.sigs), "need", need, "refusals", g.refusals())
	return false
}

// readSupply reads one asset through this node's own connectors: what is
// locked at its origin and, per ledger where it is wrapped, the smaller of
// the supplies read before and after the origin. A ledger's supply moves
// one way at a time (mints follow locks or burns elsewhere, burns precede
// releases), so the smaller of two reads around the origin's is never
// more than the supply at the moment the origin was read: a transfer in
// flight between the reads cannot look like unbacked supply.
func (x *transfers) readSupply(ctx context.Context, r storeReader, a *governance.BridgedAsset, nativeName string) (locked *big.Int, minted map[string]*big.Int, err error) {
	read := func(l string, fn func(c *chain) (*big.Int, error), nat func() (*big.Int, error)) (*big.Int, error) {
		if l == nativeName {
			return nat()
		}
		c := x.chainFor(r, l)
		if c == nil {
			return nil, fmt.Errorf("no connector for %s on this node", l)
		}
		v, err := fn(c)
		if err == nil && v == nil {
			err = errors.New("no answer")
		}
		return v, err
	}
	readMinted := func() (map[string]*big.Int, error) {
		per := map[string]*big.Int{}
		for _, w := range a.Wrapped {
			v, err := read(w.Ledger,
				func(c *chain) (*big.Int, error) { return c.conn.Supply(ctx, w.Asset) },
				func() (*big.Int, error) { return toBig(native.Supply(x.n.store, w.Asset)) })
			if err != nil {
				return nil, fmt.Errorf("supply of %s on %s: %w", w.Asset, w.Ledger, err)
			}
			per[w.Ledger] = v
		}
		return per, nil
	}
	before, err := readMinted()
	if err != nil {
		return nil, nil, err
	}
	locked, err = read(a.Origin.Ledger,
		func(c *chain) (*big.Int, error) { return c.conn.Balance(ctx, a.Origin.Asset, c.vault) },
		func() (*big.Int, error) { return toBig(native.Escrowed(x.n.store, a.Origin.Asset)) })
	if err != nil {
		return nil, nil, fmt.Errorf("locked %s on %s: %w", a.Origin.Asset, a.Origin.Ledger, err)
	}
	after, err := readMinted()
	if err != nil {
		return nil, nil, err
	}
	for l, v := range after {
		if v.Cmp(before[l]) < 0 {
			before[l] = v
		}
	}
	return locked, before, nil
}

// unbacked reports whether minted supply exceeds what is locked.
func unbacked(locked *big.Int, minted map[string]*big.Int) bool {
	return total(minted).Cmp(locked) > 0
}

func total(m map[string]*big.Int) *big.Int {
	sum := new(big.Int)
	for _, v := range m {
		sum.Add(sum, v)
	}
	return sum
}

// supplyOf reads one asset's supply on every ledger.
func (x *transfers) supplyOf(r storeReader, a *governance.BridgedAsset, nativeName string, open []*Transfer) *SupplyReport {
	rep := &SupplyReport{Asset: a.Name, Origin: a.Origin.Ledger, Minted: map[string]string{}, CheckedAt: time.Now().UTC()}
	ctx, cancel := context.WithTimeout(x.ctx, 30*time.Second)
	defer cancel()
	locked, minted, err := x.readSupply(ctx, r, a, nativeName)
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	inflight := new(big.Int)
	for _, t := range open {
		if t.Asset == a.Name {
			if v := t.amount(); v != nil {
				inflight.Add(inflight, v)
			}
		}
	}
	for l, v := range minted {
		rep.Minted[l] = v.String()
	}
	m := total(minted)
	rep.Locked, rep.InFlight = locked.String(), inflight.String()
	rep.Unbacked = unbacked(locked, minted)
	rep.Balanced = new(big.Int).Add(m, inflight).Cmp(locked) == 0
	return rep
}

// signSupplyItem answers whether this node's own connectors see an
// asset's minted supply above what is locked at its origin. Yes is a
// signature by the node key over supplyDigest.
func (x *transfers) signSupplyItem(ctx context.Context, r storeReader, it cosignItem) cosignResult {
	assets, err := governance.Assets(r)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	a, ok := assets[it.Asset]
	if !ok {
		return cosignResult{Error: refuseMismatch}
	}
	nativeName, err := x.nativeLedger(r)
	if err != nil {
		return cosignResult{Error: refuseInternal}
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	locked, minted, err := x.readSupply(ctx, r, &a, nativeName)
	if err != nil {
		x.log.Warn("cannot read supply to confirm a mismatch", "asset", a.Name, "err", err)
		return cosignResult{Error: refuseUnknownLedger}
	}
	if !unbacked(locked, minted) {
		return cosignResult{Error: refuseBacked}
	}
	return signWith(nodeSigner{x.n}, supplyDigest(x.service, a.Name))
}

// supplyDigest is what a node signs to say that it sees an asset's
// minted supply unbacked.
func supplyDigest(service, asset string) []byte { return nodeDigest("supply-unbacked", service, asset) }

// brake pauses every route of an asset whose minted supply is not backed.
func (x *transfers) brake(a *governance.BridgedAsset, rep *SupplyReport) {
	msg := fmt.Sprintf("supply mismatch: %s minted on %v exceeds the %s locked on %s; every route of %s is paused until the members resume it",
		a.Name, rep.Minted, rep.Locked, a.Origin.Ledger, a.Name)
	_, err := x.execute(func(tx *ledger.Tx) (any, error) {
		locs := a.Locations()
		paused := 0
		for _, from := range locs {
			for _, to := range locs {
				route := governance.Route{SourceLedger: from.Ledger, DestinationLedger: to.Ledger, Asset: a.Name}
				if from.Ledger == to.Ledger {
					continue
				}
				if st, err := governance.GetRoute(tx, route); err != nil {
					return nil, err
				} else if st.Paused {
					continue
				}
				if err := governance.PauseRoute(tx, route, "supply monitor: "+msg); err != nil {
					return nil, err
				}
				paused++
			}
		}
		if paused == 0 {
			return nil, errUnchanged
		}
		al := Alert{Kind: "supply_mismatch", Asset: a.Name, Message: msg, TxID: tx.ID().String(), At: tx.Now().UTC()}
		tx.Put(tableAlerts, binary.BigEndian.AppendUint64(nil, tx.ID().Seqno), encodeJSON(al))
		return nil, nil
	})
	switch {
	case err == nil:
		x.log.Error("supply monitor: "+msg, "asset", a.Name)
	case !errors.Is(err, errUnchanged):
		x.log.Error("supply monitor: pause the routes", "asset", a.Name, "err", err)
	}
}

func toBig(v *uint256.Int, err error) (*big.Int, error) {
	if err != nil {
		return nil, err
	}
	return v.ToBig(), nil
}

// supplyReports returns the monitor's last reports (on the leader).
func (x *transfers) supplyReports() []*SupplyReport {
	x.supply.mu.Lock()
	defer x.supply.mu.Unlock()
	out := make([]*SupplyReport, 0, len(x.supply.reports))
	for _, r := range x.supply.reports {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Asset < out[j].Asset })
	return out
}

// alerts returns the alerts raised, newest first.
func (n *Node) alerts(limit int) ([]Alert, error) {
	kvs, err := n.store.Scan(tableAlerts, nil, nil, 100000)
	if err != nil {
		return nil, err
	}
	out := []Alert{}
	for i := len(kvs) - 1; i >= 0 && len(out) < limit; i-- {
		var a Alert
		if err := json.Unmarshal(kvs[i].Value, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
