package relay

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/governance"
)

// Each chain's on-chain signer set follows the trusted nodes: it is the
// chain identities of the trusted nodes (each node registers its own,
// runKeys), with a threshold of the observation quorum or a majority of
// the trusted nodes, whichever is more. When a node joins or is retired
// (relay/join.go, relay/membership.go) the leader changes the set,
// authorised by the current one. A replayed change is refused by the
// chain, so the leader reads the set's nonce again before every try.

func (x *transfers) runSignerSets() {
	defer x.wg.Done()
	t := time.NewTicker(3 * time.Second)
	defer t.Stop()
	lastErr := map[string]time.Time{}
	for {
		select {
		case <-x.ctx.Done():
			return
		case <-t.C:
		}
		if !x.n.IsLeader() {
			continue
		}
		for name, c := range x.chains {
			if err := x.syncSigners(c); err != nil && time.Since(lastErr[name]) > 30*time.Second {
				x.log.Warn("keep the signer set equal to the trusted nodes", "ledger", name, "err", err)
				lastErr[name] = time.Now()
			}
		}
	}
}

// desiredSigners is the signer set the ledger says a chain must have.
func (x *transfers) desiredSigners(r storeReader, ledgerName string) (*connectors.Signers, error) {
	nodes, err := governance.Nodes(r)
	if err != nil {
		return nil, err
	}
	policy, err := governance.GetTransferPolicy(r)
	if err != nil {
		return nil, err
	}
	var set []string
	trusted := 0
	for _, n := range nodes {
		if n.Status != governance.NodeTrusted {
			continue
		}
		trusted++
		id, ok, err := r.Get(tableChainKeys, keyWithNode(ledgerName, n.ID))
		if err != nil {
			return nil, err
		}
		if ok {
			set = append(set, string(id))
		}
	}
	if trusted == 0 {
		return nil, errors.New("no trusted nodes")
	}
	k := max(policy.Quorum(trusted), trusted/2+1)
	if len(set) < k {
		return nil, fmt.Errorf("%d of %d trusted nodes registered a key for %s, %d needed", len(set), trusted, ledgerName, k)
	}
	sort.Strings(set)
	return &connectors.Signers{Set: set, Threshold: k}, nil
}

// sameSigners compares two sets (in any order) and their thresholds.
func sameSigners(kind string, a, b *connectors.Signers) bool {
	if a.Threshold != b.Threshold || len(a.Set) != len(b.Set) {
		return false
	}
	eq := sameAsset(kind)
	for _, x := range a.Set {
		found := false
		for _, y := range b.Set {
			found = found || eq(x, y)
		}
		if !found {
			return false
		}
	}
	return true
}

func (x *transfers) syncSigners(c *chain) error {
	r := readerOf(x.n.store)
	if reg, err := governance.GetConnector(r, c.name); err != nil || c.matches(reg) != nil {
		return err
	}
	want, err := x.desiredSigners(r, c.name)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(x.ctx, 2*time.Minute)
	defer cancel()
	cur, err := x.signerSet(ctx, c, true)
	if err != nil {
		return err
	}
	if sameSigners(c.kind, want, cur) {
		return nil
	}
	next := *want
	next.Nonce = cur.Nonce + 1
	g := x.gather(ctx, []cosignItem{{Kind: signSigners, Ledger: c.name, Signers: &next}}, []int{cur.Threshold}, []accept{inSet(c.kind, cur)})[0]
	if len(g.sigs) < cur.Threshold {
		return fmt.Errorf("%d of %d signatures of the current set for the change (%s)", len(g.sigs), cur.Threshold, g.refusals())
	}
	res, err := c.conn.UpdateSigners(ctx, next, g.sigs)
	if err != nil {
		return err
	}
	x.signerSet(ctx, c, true)
	x.log.Info("signer set changed to the trusted nodes", "ledger", c.name, "signers", next.Set, "threshold", next.Threshold, "nonce", next.Nonce, "tx", res.TxHash)
	return nil
}
