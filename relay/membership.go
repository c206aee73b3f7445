package relay

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cocorelay/coco/governance"
)

// runMembership keeps the Raft group equal to the trusted nodes: on the
// leader, a trusted node that is not a replica is added, and a retired one
// that still is, removed. Governance decides; this loop only follows the
// ledger, so it is safe to run again after any failure or leader change.
// Every node also watches its own record, and stops serving once retired.
func (n *Node) runMembership() {
	defer n.wg.Done()
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	var leaderless, asked time.Time
	for {
		select {
		case <-n.stop:
			return
		case <-t.C:
		}
		n.checkRetired()
		// A node removed from Raft before it applied its own retirement
		// hears from no leader again: it asks the mesh where it stands.
		if _, _, ok := n.raft.Leader(); ok || n.retired.Load() {
			leaderless = time.Time{}
		} else if leaderless.IsZero() {
			leaderless = time.Now()
		} else if time.Since(leaderless) > 2*time.Second && time.Since(asked) > 2*time.Second {
			asked = time.Now()
			n.askStanding()
		}
		switch {
		case !n.IsLeader():
		case n.retired.Load():
			n.handOverLeadership()
		default:
			n.reconcileMembership()
		}
	}
}

func (n *Node) reconcileMembership() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nodes, err := governance.Nodes(readerOf(n.store))
	if err != nil || len(nodes) == 0 {
		return
	}
	members, err := n.raft.Members(ctx)
	if err != nil {
		return
	}
	for _, rec := range nodes {
		_, member := members[rec.ID]
		switch {
		case rec.Status == governance.NodeTrusted && !member && !n.store.Recovery().Pending():
			// While a recovery is pending no node joins Raft: it could
			// not apply the restore (ledger/restore.go).
			if err := n.raft.Reachable(ctx, rec.RaftAddress); err != nil {
				n.log.Debug("trusted node not running yet", "node", rec.ID, "err", err)
				continue
			}
			if err := n.raft.AddReplica(ctx, rec.ID, rec.RaftAddress); err != nil {
				n.log.Info("add trusted node to Raft: retrying", "node", rec.ID, "err", err)
				return
			}
			n.log.Info("added trusted node to Raft", "node", rec.ID, "raft", rec.RaftAddress)
		case rec.Status == governance.NodeRetired && member:
			if err := n.raft.RemoveReplica(ctx, rec.ID); err != nil {
				n.log.Info("remove retired node from Raft: retrying", "node", rec.ID, "err", err)
				return
			}
			n.log.Info("removed retired node from Raft", "node", rec.ID)
		}
		// One change at a time: Raft applies membership changes in order.
		if members, err = n.raft.Members(ctx); err != nil {
			return
		}
	}
}

// askStanding asks the other nodes, over the mesh, for this node's status
// in their committed ledgers, and marks it retired if they say so.
func (n *Node) askStanding() {
	peers := n.dir.Peers()
	if len(peers) == 0 {
		return
	}
	pub, err := x509.MarshalPKIXPublicKey(&n.key.PublicKey)
	if err != nil {
		return
	}
	req, _ := json.Marshal(joinRequest{Op: "status", PublicKey: pub})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := n.mesh.Join(ctx, peers, req)
	if err != nil {
		n.log.Debug("ask the mesh for this node's standing", "err", err)
		return
	}
	var r joinReply
	if json.Unmarshal(out, &r) == nil && r.Status == governance.NodeRetired && r.NodeID == n.ID() {
		n.markRetired("the network says so")
	}
}

// checkRetired marks this node retired once its record says so.
func (n *Node) checkRetired() {
	if n.retired.Load() {
		return
	}
	if _, err := os.Stat(n.retiredPath()); err == nil {
		n.retired.Store(true)
		return
	}
	rec, err := governance.GetNode(readerOf(n.store), n.ID())
	if err != nil || rec.Status != governance.NodeRetired {
		return
	}
	n.markRetired("its ledger says so")
}

func (n *Node) retiredPath() string { return filepath.Join(n.cfg.DataDir, "retired") }

// markRetired stops this node serving, for good: the mark is kept on disk,
// since its own ledger may never learn of the retirement.
func (n *Node) markRetired(how string) {
	n.retired.Store(true)
	msg := fmt.Sprintf("node %d was retired by the members (remove_node); %s\n", n.ID(), how)
	if err := writeFileAtomic(n.retiredPath(), []byte(msg), 0o600); err != nil {
		n.log.Error("record retirement", "err", err)
	}
	n.log.Error("this node was retired by the members (remove_node): it no longer serves requests or takes part in the network", "node", n.ID(), "how", how)
}

// handOverLeadership passes leadership from a retired node to another
// replica, which then removes this one.
func (n *Node) handOverLeadership() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	members, err := n.raft.Members(ctx)
	if err != nil {
		return
	}
	for id := range members {
		if id != n.ID() {
			if err := n.raft.TransferLeadership(id); err != nil {
				n.log.Info("retired leader: hand over leadership: retrying", "to", id, "err", err)
			}
			return
		}
	}
}
