package p2p

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/libp2p/go-libp2p/core/peer"
)

func TestCallsAreAnsweredForTrustedNodesOnly(t *testing.T) {
	d := &dir{nodes: map[string]uint64{}}
	a, _ := newHost(t, d)
	b, _ := newHost(t, d, a.Addrs()[0])
	stranger, _ := newHost(t, &dir{nodes: map[string]uint64{a.PeerID(): 1}}, a.Addrs()[0])
	d.mu.Lock()
	d.nodes[a.PeerID()], d.nodes[b.PeerID()] = 1, 2
	d.members = []string{a.Addrs()[0], b.Addrs()[0]}
	d.mu.Unlock()
	a.SetCallHandler(func(ctx context.Context, from uint64, req []byte) ([]byte, error) {
		return fmt.Appendf(nil, "node %d asked %s", from, req), nil
	})
	waitFor(t, "b to connect to a", func() bool { return len(b.Connected()) > 0 })
	reply, err := b.Call(context.Background(), a.PeerID(), []byte("hello"))
	if err != nil || string(reply) != "node 2 asked hello" {
		t.Fatalf("call: %q, %v", reply, err)
	}
	// A peer that is not a trusted node gets no answer; a call to one is
	// not even sent.
	info, _ := peer.AddrInfoFromString(a.Addrs()[0])
	stranger.h.Connect(context.Background(), *info)
	if _, err := stranger.request(context.Background(), info.ID, callProtocol, MaxCallMessage, []byte("hi")); err == nil {
		t.Fatal("a stranger's call was answered")
	}
	if _, err := b.Call(context.Background(), stranger.PeerID(), []byte("hi")); !errors.Is(err, ErrNotTrusted) {
		t.Fatalf("call to a stranger: %v", err)
	}
}
