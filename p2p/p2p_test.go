package p2p

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/ipfs/go-log/v2/writer.(*MirrorWriter).logRoutine"),
		goleak.IgnoreTopFunction("github.com/libp2p/go-libp2p/p2p/transport/quicreuse.(*reuse).gc"),
		goleak.IgnoreAnyFunction("go.opencensus.io/stats/view.(*worker).start"))
}

// dir is a Directory with fixed answers.
type dir struct {
	mu      sync.Mutex
	nodes   map[string]uint64
	leader  string
	members []string
}

func (d *dir) Node(p string) (uint64, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	id, ok := d.nodes[p]
	return id, ok
}
func (d *dir) Leader() (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.leader, d.leader != ""
}
func (d *dir) Peers() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.members...)
}

func newHost(t *testing.T, d *dir, bootstrap ...string) (*Host, *ecdsa.PrivateKey) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	h, err := New(context.Background(), Config{Key: key, Listen: []string{"/ip4/127.0.0.1/tcp/0"}, Bootstrap: bootstrap, Directory: d})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, key
}

func TestPeerIDIsTheNodeKey(t *testing.T) {
	d := &dir{}
	h, key := newHost(t, d)
	id, err := PeerIDOf(&key.PublicKey)
	if err != nil || id != h.PeerID() {
		t.Fatalf("PeerIDOf = %s, %v; host is %s", id, err, h.PeerID())
	}
	if a := h.Addrs(); len(a) == 0 || !strings.HasSuffix(a[0], "/p2p/"+h.PeerID()) {
		t.Fatalf("addrs %v", a)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestPubsubDeliversTrustedAndDropsTheRest(t *testing.T) {
	d := &dir{nodes: map[string]uint64{}}
	a, _ := newHost(t, d)
	b, _ := newHost(t, d, a.Addrs()[0])
	d.mu.Lock()
	d.nodes[a.PeerID()], d.nodes[b.PeerID()] = 1, 2
	d.members = []string{a.Addrs()[0], b.Addrs()[0]}
	d.mu.Unlock()
	const topic = "/coco/test/1"
	ta, err := a.Topic(topic)
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := b.Topic(topic)
	// A stranger: a libp2p peer of its own (not a trusted node) that signs
	// its messages with its own key.
	ts := foreignTopic(t, b, topic, true)
	msgs, stop, err := tb.Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// Subscriptions take a heartbeat to spread: publish until one arrives.
	got := make(chan Message, 1)
	go func() {
		for m := range msgs {
			if string(m.Data) == "from a" {
				got <- m
				return
			}
		}
	}()
	deadline := time.Now().Add(20 * time.Second)
	var m Message
wait:
	for {
		ta.Publish(context.Background(), []byte("from a"))
		ts.Publish(context.Background(), []byte("from a stranger"))
		select {
		case m = <-got:
			break wait
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("a trusted node's message never arrived")
		}
	}
	if m.From != 1 {
		t.Fatalf("message from node %d, want 1", m.From)
	}
	waitFor(t, "the stranger's messages to be dropped", func() bool {
		ts.Publish(context.Background(), []byte("from a stranger"))
		return b.Stats().DroppedUntrusted > 0
	})
	// Nothing from the stranger was delivered to the subscriber.
	select {
	case m := <-got:
		t.Fatalf("unexpected delivery %+v", m)
	default:
	}

	// A peer that sends unsigned messages: pubsub refuses them, counted.
	ut := foreignTopic(t, b, topic, false)
	waitFor(t, "unsigned messages to be refused", func() bool {
		ut.Publish(context.Background(), []byte("unsigned"))
		return b.Stats().DroppedBadSignature > 0
	})
}

// foreignTopic joins topic from a plain libp2p peer connected to to.
func foreignTopic(t *testing.T, to *Host, topic string, sign bool) *pubsub.Topic {
	t.Helper()
	h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); h.Close() })
	ps, err := pubsub.NewGossipSub(ctx, h, pubsub.WithMessageSigning(sign), pubsub.WithStrictSignatureVerification(sign))
	if err != nil {
		t.Fatal(err)
	}
	info, _ := peer.AddrInfoFromString(to.Addrs()[0])
	if err := h.Connect(context.Background(), *info); err != nil {
		t.Fatal(err)
	}
	tp, err := ps.Join(topic)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tp.Close() })
	return tp
}

func TestJoinRequestsReachTheLeaderThroughAnyNode(t *testing.T) {
	d := &dir{nodes: map[string]uint64{}}
	leader, _ := newHost(t, d)
	member, _ := newHost(t, d, leader.Addrs()[0])
	d.mu.Lock()
	d.nodes[leader.PeerID()], d.nodes[member.PeerID()] = 1, 2
	d.leader = leader.PeerID()
	d.members = []string{leader.Addrs()[0], member.Addrs()[0]}
	d.mu.Unlock()
	var from string
	leader.SetJoinHandler(func(ctx context.Context, peerID string, req []byte) ([]byte, error) {
		from = peerID
		return append([]byte("answered: "), req...), nil
	})
	// Members answer "local" requests themselves and pass the rest on.
	member.SetJoinHandler(func(ctx context.Context, peerID string, req []byte) ([]byte, error) {
		if string(req) == "local" {
			return []byte("answered here"), nil
		}
		return member.ForwardToLeader(ctx, req)
	})
	joiner, _ := newHost(t, &dir{})
	waitFor(t, "the member to connect to the leader", func() bool {
		for _, p := range member.Connected() {
			if p == leader.PeerID() {
				return true
			}
		}
		return false
	})
	reply, err := joiner.Join(context.Background(), []string{member.Addrs()[0]}, []byte("hello"))
	if err != nil || string(reply) != "answered: hello" {
		t.Fatalf("join through a member: %q %v", reply, err)
	}
	if from != member.PeerID() {
		t.Fatalf("the leader saw the request from %s, want the relaying member", from)
	}
	if reply, err := joiner.Join(context.Background(), []string{member.Addrs()[0]}, []byte("local")); err != nil || string(reply) != "answered here" {
		t.Fatalf("local answer: %q %v", reply, err)
	}
	if _, err := joiner.Join(context.Background(), []string{"/ip4/127.0.0.1/tcp/1/p2p/" + leader.PeerID()}, []byte("x")); err == nil {
		t.Fatal("a join through an address nobody listens on succeeded")
	}
}

func TestDiscoverySpreadsOverTheMesh(t *testing.T) {
	// The directory trusts a, b and c but lists no addresses (as a node
	// that has not caught up): b and c know only a, and find each other
	// through a's relaying of their announcements.
	d := &dir{nodes: map[string]uint64{}}
	a, _ := newHost(t, d)
	b, _ := newHost(t, d, a.Addrs()[0])
	c, _ := newHost(t, d, a.Addrs()[0])
	d.mu.Lock()
	d.nodes[a.PeerID()], d.nodes[b.PeerID()], d.nodes[c.PeerID()] = 1, 2, 3
	d.mu.Unlock()
	// A stranger that considers itself trusted announces itself too.
	sd := &dir{nodes: map[string]uint64{}}
	s, _ := newHost(t, sd, a.Addrs()[0])
	sd.mu.Lock()
	sd.nodes[s.PeerID()], sd.nodes[a.PeerID()] = 9, 1
	sd.mu.Unlock()

	connected := func(x, y *Host) bool {
		for _, p := range x.Connected() {
			if p == y.PeerID() {
				return true
			}
		}
		return false
	}
	waitFor(t, "b and c to find each other", func() bool { return connected(b, c) && connected(c, b) })
	waitFor(t, "the stranger's announcement to be dropped", func() bool { return a.Stats().DroppedUntrusted > 0 })
	b.learnt.mu.Lock()
	_, heardC := b.learnt.addrs[c.PeerID()]
	_, heardS := b.learnt.addrs[s.PeerID()]
	b.learnt.mu.Unlock()
	if !heardC || heardS {
		t.Fatalf("b learnt c: %v, the stranger: %v", heardC, heardS)
	}
}
