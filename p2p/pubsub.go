package p2p

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"fmt"
	"sync"
	"sync/atomic"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// Message is a message a trusted node published.
type Message struct {
	From uint64 // the publishing node
	Peer string // its peer id
	Data []byte
}

// Stats counts what the mesh delivered and dropped.
type Stats struct {
	Delivered           uint64 `json:"delivered"`
	DroppedUntrusted    uint64 `json:"dropped_untrusted"`     // publisher is not a trusted node
	DroppedBadSignature uint64 `json:"dropped_bad_signature"` // missing or invalid signature
}

// stats implements pubsub's tracer to count what pubsub itself rejects
// (signatures) and what our validator rejects (trust).
type stats struct {
	delivered, untrusted, badSig atomic.Uint64
}

func (s *stats) RejectMessage(msg *pubsub.Message, reason string) {
	switch reason {
	case pubsub.RejectMissingSignature, pubsub.RejectInvalidSignature, pubsub.RejectUnexpectedSignature:
		s.badSig.Add(1)
	}
}
func (s *stats) DeliverMessage(*pubsub.Message)           { s.delivered.Add(1) }
func (s *stats) OnNewOutboundStream(peer.ID, protocol.ID) {}
func (s *stats) OnClosedOutboundStream(peer.ID)           {}
func (s *stats) Join(string)                              {}
func (s *stats) Leave(string)                             {}
func (s *stats) Graft(peer.ID, string)                    {}
func (s *stats) Prune(peer.ID, string)                    {}
func (s *stats) ValidateMessage(*pubsub.Message)          {}
func (s *stats) DuplicateMessage(*pubsub.Message)         {}
func (s *stats) ThrottlePeer(peer.ID)                     {}
func (s *stats) RecvRPC(*pubsub.RPC)                      {}
func (s *stats) SendRPC(*pubsub.RPC, peer.ID)             {}
func (s *stats) DropRPC(*pubsub.RPC, peer.ID)             {}
func (s *stats) UndeliverableMessage(*pubsub.Message)     {}

// Stats returns the counters.
func (x *Host) Stats() Stats {
	return Stats{Delivered: x.stats.delivered.Load(), DroppedUntrusted: x.stats.untrusted.Load(), DroppedBadSignature: x.stats.badSig.Load()}
}

// Topic is a pubsub topic that carries signed messages between trusted
// nodes: pubsub checks every message's signature (it is signed by the
// publisher's peer key, which is its attested node key), and a message
// whose publisher is not a trusted node is dropped and counted.
type Topic struct {
	x      *Host
	t      *pubsub.Topic
	mu     sync.Mutex
	subs   []*pubsub.Subscription
	closed bool
}

// Topic joins a topic.
func (x *Host) Topic(name string) (*Topic, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if t, ok := x.topics[name]; ok {
		return t, nil
	}
	err := x.ps.RegisterTopicValidator(name, func(ctx context.Context, from peer.ID, m *pubsub.Message) pubsub.ValidationResult {
		if _, ok := x.cfg.Directory.Node(m.GetFrom().String()); !ok {
			x.stats.untrusted.Add(1)
			return pubsub.ValidationReject
		}
		return pubsub.ValidationAccept
	})
	if err != nil {
		return nil, fmt.Errorf("p2p: validator for %s: %w", name, err)
	}
	pt, err := x.ps.Join(name)
	if err != nil {
		return nil, fmt.Errorf("p2p: join %s: %w", name, err)
	}
	t := &Topic{x: x, t: pt}
	x.topics[name] = t
	return t, nil
}

// Publish sends data to the topic's subscribers on trusted nodes.
func (t *Topic) Publish(ctx context.Context, data []byte) error {
	return t.t.Publish(ctx, data)
}

// Subscribe returns the messages trusted nodes publish, and a function to
// stop. The channel closes when it is stopped or the host closes.
func (t *Topic) Subscribe() (<-chan Message, func(), error) {
	sub, err := t.t.Subscribe()
	if err != nil {
		return nil, nil, err
	}
	t.mu.Lock()
	t.subs = append(t.subs, sub)
	t.mu.Unlock()
	out := make(chan Message, 64)
	ctx, cancel := context.WithCancel(context.Background())
	t.x.wg.Add(1)
	go func() {
		defer t.x.wg.Done()
		defer close(out)
		for {
			m, err := sub.Next(ctx)
			if err != nil {
				return
			}
			id, ok := t.x.cfg.Directory.Node(m.GetFrom().String())
			if !ok {
				continue
			}
			select {
			case out <- Message{From: id, Peer: m.GetFrom().String(), Data: m.Data}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, func() { cancel(); sub.Cancel() }, nil
}

func (t *Topic) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	t.closed = true
	for _, s := range t.subs {
		s.Cancel()
	}
	t.t.Close()
}

func mustMarshalPKIX(pub *ecdsa.PublicKey) []byte {
	b, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err) // a valid ECDSA key always marshals
	}
	return b
}
