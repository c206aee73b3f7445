package p2p

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"time"
)

// Discovery beyond the bootstrap peers: every host announces its own
// addresses on a pubsub topic, and connects to the trusted nodes it hears
// of. Announcements are signed like every pubsub message and dropped unless
// their publisher is a trusted node; a host announces only addresses that
// name itself. The ledger's node records (Directory.Peers) remain the
// authoritative list; announcements keep it current when a node's
// addresses change, and reach nodes that have not caught up yet.

const peersTopic = "/coco/peers/1.0.0"

// announceEvery is how often a host repeats its announcement.
const announceEvery = 10 * time.Second

type announcement struct {
	Addrs []string `json:"addrs"`
}

// learnt holds addresses heard on the mesh, by peer id.
type learnt struct {
	mu    sync.Mutex
	addrs map[string][]string
}

func (l *learnt) set(peerID string, addrs []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.addrs == nil {
		l.addrs = map[string][]string{}
	}
	l.addrs[peerID] = addrs
}

// trusted returns the learnt addresses of peers the directory trusts now,
// and forgets the others.
func (l *learnt) trusted(d Directory) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for p, addrs := range l.addrs {
		if _, ok := d.Node(p); !ok {
			delete(l.addrs, p)
			continue
		}
		out = append(out, addrs...)
	}
	return out
}

// discover announces this host and listens to the others until Close.
func (x *Host) discover(t *Topic, msgs <-chan Message, stop func()) {
	defer x.wg.Done()
	defer stop()
	announce := func() {
		b, _ := json.Marshal(announcement{Addrs: x.Addrs()})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := t.Publish(ctx, b); err != nil {
			x.log.Debug("p2p: announce", "err", err)
		}
	}
	tick := time.NewTicker(announceEvery)
	defer tick.Stop()
	first := time.After(time.Second)
	for {
		select {
		case <-x.stop:
			return
		case <-first:
			announce()
		case <-tick.C:
			announce()
		case m, ok := <-msgs:
			if !ok {
				return
			}
			x.heard(m)
		}
	}
}

// heard takes in an announcement from a trusted node.
func (x *Host) heard(m Message) {
	var a announcement
	if err := json.Unmarshal(m.Data, &a); err != nil || len(a.Addrs) > 32 {
		x.log.Debug("p2p: malformed announcement", "from", m.Peer)
		return
	}
	var own []string
	for _, addr := range a.Addrs {
		if strings.HasSuffix(addr, "/p2p/"+m.Peer) {
			own = append(own, addr)
		}
	}
	if len(own) == 0 || m.Peer == x.PeerID() {
		return
	}
	x.learnt.set(m.Peer, own)
	for _, addr := range own {
		if x.connect(context.Background(), addr) == nil {
			return
		}
	}
}
