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
// before and after the origin, and the smaller counts, so that a transfer
// moving between the reads never looks like a mismatch. Minted supply
// above what is locked, twice in a row, pauses every route of the asset
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
		rep := x.supplyOf(&a, nativeName, open)
		x.supply.mu.Lock()
		x.supply.reports[name] = rep
		if rep.Unbacked {
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

// supplyOf reads one asset's supply on every ledger.
func (x *transfers) supplyOf(a *governance.BridgedAsset, nativeName string, open []*Transfer) *SupplyReport {
	rep := &SupplyReport{Asset: a.Name, Origin: a.Origin.Ledger, Minted: map[string]string{}, CheckedAt: time.Now().UTC()}
	ctx, cancel := context.WithTimeout(x.ctx, 30*time.Second)
	defer cancel()
	read := func(l string, fn func(c *chain) (*big.Int, error), nat func() (*big.Int, error)) (*big.Int, error) {
		if l == nativeName {
			return nat()
		}
		c := x.chains[l]
		if c == nil {
			return nil, fmt.Errorf("no connector for %s on this node", l)
		}
		return fn(c)
	}
	minted := func() (*big.Int, map[string]string, error) {
		total, per := new(big.Int), map[string]string{}
		for _, w := range a.Wrapped {
			v, err := read(w.Ledger,
				func(c *chain) (*big.Int, error) { return c.conn.Supply(ctx, w.Asset) },
				func() (*big.Int, error) { return toBig(native.Supply(x.n.store, w.Asset)) })
			if err != nil {
				return nil, nil, fmt.Errorf("supply of %s on %s: %w", w.Asset, w.Ledger, err)
			}
			per[w.Ledger] = v.String()
			total.Add(total, v)
		}
		return total, per, nil
	}
	m1, per, err := minted()
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	locked, err := read(a.Origin.Ledger,
		func(c *chain) (*big.Int, error) { return c.conn.Balance(ctx, a.Origin.Asset, c.vault) },
		func() (*big.Int, error) { return toBig(native.Escrowed(x.n.store, a.Origin.Asset)) })
	if err != nil {
		rep.Error = fmt.Sprintf("locked %s on %s: %v", a.Origin.Asset, a.Origin.Ledger, err)
		return rep
	}
	m2, per2, err := minted()
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	if m2.Cmp(m1) < 0 {
		m1, per = m2, per2
	}
	inflight := new(big.Int)
	for _, t := range open {
		if t.Asset == a.Name {
			if v := t.amount(); v != nil {
				inflight.Add(inflight, v)
			}
		}
	}
	rep.Locked, rep.Minted, rep.InFlight = locked.String(), per, inflight.String()
	rep.Unbacked = m1.Cmp(locked) > 0
	rep.Balanced = new(big.Int).Add(m1, inflight).Cmp(locked) == 0
	return rep
}

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
