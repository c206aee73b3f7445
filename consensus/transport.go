package consensus

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lni/dragonboat/v4/config"
	"github.com/lni/dragonboat/v4/raftio"
	pb "github.com/lni/dragonboat/v4/raftpb"
)

// Security is how replicas authenticate each other. Raft traffic flows
// only over mutual TLS 1.3 between nodes whose certificates the service
// endorsed and that Trusted accepts, checked when a connection opens and
// for every batch after, so a node that is retired is cut off at once.
// Keys stay in memory (Dragonboat's own TLS transport reads them from
// files).
type Security struct {
	// Certificate is this node's certificate and key.
	Certificate tls.Certificate
	// Roots holds the service certificate.
	Roots *x509.CertPool
	// NodeID says which node a verified certificate belongs to.
	NodeID func(*x509.Certificate) (uint64, error)
	// Trusted reports whether a node may exchange Raft traffic now.
	Trusted func(nodeID uint64) bool
}

func (s *Security) validate() error {
	if s == nil || len(s.Certificate.Certificate) == 0 || s.Roots == nil || s.NodeID == nil || s.Trusted == nil {
		return errors.New("consensus: security: certificate, roots, NodeID and Trusted must be set")
	}
	return nil
}

// peerNode checks a verified peer certificate and returns its node.
func (s *Security) peerNode(cs tls.ConnectionState) (uint64, error) {
	if len(cs.PeerCertificates) == 0 {
		return 0, errors.New("no peer certificate")
	}
	id, err := s.NodeID(cs.PeerCertificates[0])
	if err != nil {
		return 0, fmt.Errorf("peer certificate: %w", err)
	}
	if !s.Trusted(id) {
		return 0, fmt.Errorf("node %d is not trusted", id)
	}
	return id, nil
}

func (s *Security) serverConfig() *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{s.Certificate},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    s.Roots,
		VerifyConnection: func(cs tls.ConnectionState) error {
			_, err := s.peerNode(cs)
			return err
		},
	}
}

func (s *Security) clientConfig() *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{s.Certificate},
		RootCAs:      s.Roots,
		// Raft addresses are host:port of nodes whose certificates name
		// their API host; the node's identity is what matters, checked
		// below against the service's roots and the trusted set.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("no server certificate")
			}
			inter := x509.NewCertPool()
			for _, c := range cs.PeerCertificates[1:] {
				inter.AddCert(c)
			}
			if _, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: s.Roots, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
				return err
			}
			_, err := s.peerNode(cs)
			return err
		},
	}
}

// Frames on a Raft connection: kind (1 byte), length (4 bytes, big
// endian), then a Dragonboat MessageBatch or Chunk.
const (
	frameBatch    = 1
	frameChunk    = 2
	maxFrame      = 64 << 20
	writeDeadline = 10 * time.Second
)

type transportFactory struct {
	sec *Security
	log *slog.Logger
}

var _ config.TransportFactory = transportFactory{}

func (f transportFactory) Create(nhc config.NodeHostConfig, mh raftio.MessageHandler, ch raftio.ChunkHandler) raftio.ITransport {
	return &transport{sec: f.sec, log: f.log, addr: nhc.RaftAddress, onBatch: mh, onChunk: ch, conns: map[net.Conn]struct{}{}}
}

func (f transportFactory) Validate(addr string) bool {
	_, port, err := net.SplitHostPort(addr)
	return err == nil && port != ""
}

// transport carries Raft messages and snapshot chunks over mutual TLS.
type transport struct {
	sec     *Security
	log     *slog.Logger
	addr    string
	onBatch raftio.MessageHandler
	onChunk raftio.ChunkHandler

	listener net.Listener
	wg       sync.WaitGroup
	closed   atomic.Bool

	mu    sync.Mutex
	conns map[net.Conn]struct{}

	// Refused counts inbound connections and batches refused.
	refused atomic.Uint64
}

func (t *transport) Name() string { return "coco-mtls" }

func (t *transport) Start() error {
	l, err := net.Listen("tcp", t.addr)
	if err != nil {
		return fmt.Errorf("raft transport: %w", err)
	}
	t.listener = tls.NewListener(l, t.sec.serverConfig())
	t.wg.Add(1)
	go t.accept()
	return nil
}

func (t *transport) Close() error {
	t.closed.Store(true)
	var err error
	if t.listener != nil {
		err = t.listener.Close()
	}
	t.mu.Lock()
	for c := range t.conns {
		c.Close()
	}
	t.mu.Unlock()
	t.wg.Wait()
	return err
}

func (t *transport) track(c net.Conn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed.Load() {
		return false
	}
	t.conns[c] = struct{}{}
	return true
}

func (t *transport) untrack(c net.Conn) {
	t.mu.Lock()
	delete(t.conns, c)
	t.mu.Unlock()
	c.Close()
}

func (t *transport) accept() {
	defer t.wg.Done()
	for {
		c, err := t.listener.Accept()
		if err != nil {
			if t.closed.Load() {
				return
			}
			t.log.Warn("raft transport: accept", "err", err)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if !t.track(c) {
			c.Close()
			return
		}
		t.wg.Add(1)
		go func() {
			defer t.wg.Done()
			defer t.untrack(c)
			if err := t.serve(c.(*tls.Conn)); err != nil && !t.closed.Load() && !errors.Is(err, io.EOF) {
				t.refused.Add(1)
				t.log.Info("raft transport: connection closed", "remote", c.RemoteAddr(), "err", err)
			}
		}()
	}
}

// serve reads frames from an authenticated peer until it closes or stops
// being trusted. Every message must come from the node the certificate
// names.
func (t *transport) serve(c *tls.Conn) error {
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := c.HandshakeContext(context.Background()); err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	c.SetDeadline(time.Time{})
	peer, err := t.sec.peerNode(c.ConnectionState())
	if err != nil {
		return err
	}
	r := bufio.NewReaderSize(c, 256<<10)
	var hdr [5]byte
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return err
		}
		n := binary.BigEndian.Uint32(hdr[1:])
		if n > maxFrame {
			return fmt.Errorf("frame of %d bytes from node %d", n, peer)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return err
		}
		if !t.sec.Trusted(peer) {
			return fmt.Errorf("node %d is no longer trusted", peer)
		}
		switch hdr[0] {
		case frameBatch:
			var b pb.MessageBatch
			if err := b.Unmarshal(buf); err != nil {
				return fmt.Errorf("batch from node %d: %w", peer, err)
			}
			for _, m := range b.Requests {
				if m.From != peer {
					return fmt.Errorf("node %d sent a message as node %d", peer, m.From)
				}
			}
			t.onBatch(b)
		case frameChunk:
			var ch pb.Chunk
			if err := ch.Unmarshal(buf); err != nil {
				return fmt.Errorf("snapshot chunk from node %d: %w", peer, err)
			}
			if ch.From != peer {
				return fmt.Errorf("node %d sent a snapshot chunk as node %d", peer, ch.From)
			}
			if !t.onChunk(ch) {
				return fmt.Errorf("snapshot chunk from node %d refused", peer)
			}
		default:
			return fmt.Errorf("unknown frame kind %d from node %d", hdr[0], peer)
		}
	}
}

func (t *transport) dial(ctx context.Context, target string) (*conn, error) {
	d := tls.Dialer{Config: t.sec.clientConfig(), NetDialer: &net.Dialer{Timeout: 5 * time.Second}}
	c, err := d.DialContext(ctx, "tcp", target)
	if err != nil {
		return nil, fmt.Errorf("raft transport: dial %s: %w", target, err)
	}
	peer, err := t.sec.peerNode(c.(*tls.Conn).ConnectionState())
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("raft transport: %s: %w", target, err)
	}
	if !t.track(c) {
		c.Close()
		return nil, errors.New("raft transport: closed")
	}
	return &conn{t: t, c: c, peer: peer, w: bufio.NewWriterSize(c, 256<<10)}, nil
}

func (t *transport) GetConnection(ctx context.Context, target string) (raftio.IConnection, error) {
	return t.dial(ctx, target)
}

func (t *transport) GetSnapshotConnection(ctx context.Context, target string) (raftio.ISnapshotConnection, error) {
	return t.dial(ctx, target)
}

// conn is an outbound connection to one peer.
type conn struct {
	t    *transport
	c    net.Conn
	peer uint64
	w    *bufio.Writer
}

func (c *conn) Close() { c.t.untrack(c.c) }

func (c *conn) send(kind byte, size int, marshal func([]byte) (int, error)) error {
	if !c.t.sec.Trusted(c.peer) {
		c.Close()
		return fmt.Errorf("raft transport: node %d is no longer trusted", c.peer)
	}
	buf := make([]byte, 5+size)
	buf[0] = kind
	n, err := marshal(buf[5:])
	if err != nil {
		return err
	}
	binary.BigEndian.PutUint32(buf[1:], uint32(n))
	c.c.SetWriteDeadline(time.Now().Add(writeDeadline))
	if _, err := c.w.Write(buf[:5+n]); err != nil {
		return err
	}
	return c.w.Flush()
}

func (c *conn) SendMessageBatch(b pb.MessageBatch) error {
	return c.send(frameBatch, b.Size(), b.MarshalTo)
}

func (c *conn) SendChunk(ch pb.Chunk) error {
	return c.send(frameChunk, ch.Size(), ch.MarshalTo)
}
