package p2p

import (
	"context"
	"errors"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
)

// The call protocol carries one request and one reply per stream between
// trusted nodes (framed as the join protocol is). A node answers only
// calls from peers the directory says are trusted nodes, and learns which
// node called. What the bytes mean is the relay's business (co-signing,
// relay/cosign.go).
const callProtocol = "/coco/call/1.0.0"

// MaxCallMessage bounds a call's request or reply.
const MaxCallMessage = 4 << 20

// CallHandler answers a call from a trusted node.
type CallHandler func(ctx context.Context, fromNode uint64, req []byte) ([]byte, error)

// ErrNotTrusted is returned for a call to a peer that is not a trusted node.
var ErrNotTrusted = errors.New("p2p: peer is not a trusted node")

// SetCallHandler sets what this node answers calls with and starts
// accepting them.
func (x *Host) SetCallHandler(h CallHandler) {
	x.mu.Lock()
	x.callHandler = h
	x.mu.Unlock()
	x.h.SetStreamHandler(callProtocol, x.serveCall)
}

func (x *Host) serveCall(s network.Stream) {
	defer s.Close()
	from, ok := x.cfg.Directory.Node(s.Conn().RemotePeer().String())
	if !ok {
		x.stats.untrusted.Add(1)
		s.Reset()
		return
	}
	s.SetDeadline(time.Now().Add(time.Minute))
	req, err := readFrame(s, MaxCallMessage)
	if err != nil {
		s.Reset()
		return
	}
	x.mu.Lock()
	h := x.callHandler
	x.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	reply, err := h(ctx, from, req)
	if err != nil {
		x.log.Debug("p2p: call not answered", "from", from, "err", err)
		s.Reset()
		return
	}
	writeFrame(s, reply)
}

// Call sends req to the trusted node with peer id peerID and returns its
// reply.
func (x *Host) Call(ctx context.Context, peerID string, req []byte) ([]byte, error) {
	if _, ok := x.cfg.Directory.Node(peerID); !ok {
		return nil, ErrNotTrusted
	}
	id, err := peer.Decode(peerID)
	if err != nil {
		return nil, err
	}
	return x.request(ctx, id, callProtocol, MaxCallMessage, req)
}
