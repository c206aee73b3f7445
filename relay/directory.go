package relay

import (
	"crypto/x509"
	"sync"
	"sync/atomic"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// directory answers who the trusted nodes are, from the node records in
// the shared ledger. The mesh (p2p.Directory) and the Raft transport
// (consensus.Security) ask it. Its view is rebuilt when the committed
// ledger moves.
type directory struct {
	n *Node

	mu struct {
		sync.Mutex
		at     ledger.TxID
		byPeer map[string]*governance.Node
		byID   map[uint64]*governance.Node
	}
	// self and bootstrap are set once the node has its identity:
	// bootstrap is the trusted set the network named when this node
	// joined, used until its own ledger holds node records.
	self      atomic.Uint64
	bootstrap atomic.Pointer[map[uint64]bool]
}

func (d *directory) setSelf(id *localIdentity) {
	b := map[uint64]bool{id.NodeID: true}
	for _, t := range id.Trusted {
		b[t] = true
	}
	d.bootstrap.Store(&b)
	d.self.Store(id.NodeID)
}

func newDirectory(n *Node) *directory { return &directory{n: n} }

// view returns the node records as of the committed ledger.
func (d *directory) view() (map[string]*governance.Node, map[uint64]*governance.Node) {
	at := d.n.store.Committed().ID
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.mu.byID != nil && d.mu.at == at {
		return d.mu.byPeer, d.mu.byID
	}
	nodes, err := governance.Nodes(readerOf(d.n.store))
	if err != nil {
		d.n.log.Error("read node records", "err", err)
		return d.mu.byPeer, d.mu.byID
	}
	d.mu.at = at
	d.mu.byPeer, d.mu.byID = map[string]*governance.Node{}, map[uint64]*governance.Node{}
	for _, rec := range nodes {
		d.mu.byID[rec.ID] = rec
		if rec.PeerID != "" {
			d.mu.byPeer[rec.PeerID] = rec
		}
	}
	return d.mu.byPeer, d.mu.byID
}

// trusted reports whether node id may take part in Raft.
func (d *directory) trusted(id uint64) bool {
	_, byID := d.view()
	if len(byID) == 0 {
		// Still catching up after joining: trust whom the network named.
		b := d.bootstrap.Load()
		return b != nil && (*b)[id]
	}
	rec, ok := byID[id]
	return ok && rec.Status == governance.NodeTrusted
}

// nodeIDOf returns the node a service-endorsed certificate names.
func (d *directory) nodeIDOf(c *x509.Certificate) (uint64, error) {
	info, err := enclave.VerifyNodeCert(c.Raw, d.n.id.ServiceCert)
	if err != nil {
		return 0, err
	}
	return info.NodeID, nil
}

// Node implements p2p.Directory.
func (d *directory) Node(peerID string) (uint64, bool) {
	byPeer, _ := d.view()
	rec, ok := byPeer[peerID]
	if !ok || rec.Status != governance.NodeTrusted {
		return 0, false
	}
	return rec.ID, true
}

// Leader implements p2p.Directory.
func (d *directory) Leader() (string, bool) {
	if d.n.raft == nil {
		return "", false
	}
	id, _, ok := d.n.raft.Leader()
	if !ok {
		return "", false
	}
	_, byID := d.view()
	rec, ok := byID[id]
	if !ok || rec.PeerID == "" {
		return "", false
	}
	return rec.PeerID, true
}

// Peers implements p2p.Directory: the other trusted nodes' addresses.
func (d *directory) Peers() []string {
	_, byID := d.view()
	var out []string
	for id, rec := range byID {
		if id == d.self.Load() || rec.Status != governance.NodeTrusted {
			continue
		}
		out = append(out, rec.P2PAddrs...)
	}
	return out
}
