package p2p

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	libp2pquic "github.com/libp2p/go-libp2p/p2p/transport/quic"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"
)

// Directory is what the mesh needs to know about the network. The relay
// answers from the shared ledger; the mesh decides no policy itself.
type Directory interface {
	// Node returns the node id of a trusted node's peer id.
	Node(peerID string) (nodeID uint64, ok bool)
	// Leader returns the peer id of the current leader, if known.
	Leader() (peerID string, ok bool)
	// Peers returns the addresses (with /p2p/<id>) of the trusted nodes
	// to stay connected to.
	Peers() []string
}

// Config configures a Host.
type Config struct {
	// Key is the node's attested key; the host's identity is derived from
	// it, so a peer id names an attested node key.
	Key *ecdsa.PrivateKey
	// Listen are multiaddrs to listen on, e.g. /ip4/127.0.0.1/tcp/9001 and
	// /ip4/127.0.0.1/udp/9001/quic-v1.
	Listen []string
	// Bootstrap are peers (with /p2p/<id>) to connect to at start.
	Bootstrap []string
	Directory Directory
	Logger    *slog.Logger
}

// Validate reports every problem with the configuration.
func (c *Config) Validate() error {
	var errs []error
	if c.Key == nil {
		errs = append(errs, errors.New("p2p: key: must be set"))
	}
	if len(c.Listen) == 0 {
		errs = append(errs, errors.New("p2p: listen: at least one address"))
	}
	for i, a := range c.Listen {
		if _, err := ma.NewMultiaddr(a); err != nil {
			errs = append(errs, fmt.Errorf("p2p: listen[%d]: %q: %v", i, a, err))
		}
	}
	for i, a := range c.Bootstrap {
		if _, err := peer.AddrInfoFromString(a); err != nil {
			errs = append(errs, fmt.Errorf("p2p: bootstrap[%d]: %q: want a multiaddr ending in /p2p/<peer id>: %v", i, a, err))
		}
	}
	if c.Directory == nil {
		errs = append(errs, errors.New("p2p: directory: must be set"))
	}
	return errors.Join(errs...)
}

// Host is this node in the mesh.
type Host struct {
	cfg    Config
	log    *slog.Logger
	h      host.Host
	ps     *pubsub.PubSub
	stats  stats
	learnt learnt

	mu          sync.Mutex
	topics      map[string]*Topic
	joinHandler JoinHandler
	callHandler CallHandler // call.go

	stop   chan struct{}
	cancel context.CancelFunc // stops pubsub
	wg     sync.WaitGroup
}

// PeerIDOf returns the peer id a node key has in the mesh.
func PeerIDOf(pub *ecdsa.PublicKey) (string, error) {
	k, err := crypto.UnmarshalECDSAPublicKey(mustMarshalPKIX(pub))
	if err != nil {
		return "", err
	}
	id, err := peer.IDFromPublicKey(k)
	if err != nil {
		return "", err
	}
	return id.String(), nil
}

// New starts a host: it listens, connects to the bootstrap peers and keeps
// connected to the trusted nodes the directory lists.
func New(ctx context.Context, cfg Config) (*Host, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	priv, _, err := crypto.ECDSAKeyPairFromKey(cfg.Key)
	if err != nil {
		return nil, fmt.Errorf("p2p: identity: %w", err)
	}
	h, err := libp2p.New(
		libp2p.Identity(priv),
		libp2p.ListenAddrStrings(cfg.Listen...),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.Transport(libp2pquic.NewTransport),
		libp2p.DisableRelay(),
		libp2p.DisableMetrics(),
	)
	if err != nil {
		return nil, fmt.Errorf("p2p: start host: %w", err)
	}
	psCtx, cancel := context.WithCancel(context.Background())
	x := &Host{cfg: cfg, log: cfg.Logger, h: h, topics: map[string]*Topic{}, stop: make(chan struct{}), cancel: cancel}
	x.ps, err = pubsub.NewGossipSub(psCtx, h,
		pubsub.WithMessageSigning(true),
		pubsub.WithStrictSignatureVerification(true),
		pubsub.WithRawTracer(&x.stats),
	)
	if err != nil {
		cancel()
		h.Close()
		return nil, fmt.Errorf("p2p: start pubsub: %w", err)
	}
	h.SetStreamHandler(joinProtocol, x.serveJoin)
	pt, err := x.Topic(peersTopic)
	if err != nil {
		x.Close()
		return nil, err
	}
	msgs, unsubscribe, err := pt.Subscribe()
	if err != nil {
		x.Close()
		return nil, err
	}
	x.wg.Add(1)
	go x.discover(pt, msgs, unsubscribe)
	for _, a := range cfg.Bootstrap {
		x.connect(ctx, a)
	}
	x.wg.Add(1)
	go x.keepConnected()
	return x, nil
}

// PeerID returns this host's peer id.
func (x *Host) PeerID() string { return x.h.ID().String() }

// Addrs returns the addresses others reach this host on, with /p2p/<id>.
func (x *Host) Addrs() []string {
	var out []string
	for _, a := range x.h.Addrs() {
		out = append(out, fmt.Sprintf("%s/p2p/%s", a, x.h.ID()))
	}
	return out
}

// Connected returns the peer ids this host has connections to.
func (x *Host) Connected() []string {
	var out []string
	for _, p := range x.h.Network().Peers() {
		out = append(out, p.String())
	}
	return out
}

func (x *Host) connect(ctx context.Context, addr string) error {
	info, err := peer.AddrInfoFromString(addr)
	if err != nil {
		return err
	}
	if info.ID == x.h.ID() || x.h.Network().Connectedness(info.ID) == network.Connected {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := x.h.Connect(ctx, *info); err != nil {
		x.log.Debug("p2p: connect", "peer", info.ID, "err", err)
		return err
	}
	return nil
}

// keepConnected dials the trusted nodes (and bootstrap peers) it is not
// connected to, every few seconds: those in the ledger's node records,
// which every trusted node shares, and those heard of on the mesh (see
// discovery.go).
func (x *Host) keepConnected() {
	defer x.wg.Done()
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-x.stop:
			return
		case <-t.C:
		}
		addrs := append(x.cfg.Directory.Peers(), x.learnt.trusted(x.cfg.Directory)...)
		for _, a := range append(addrs, x.cfg.Bootstrap...) {
			select {
			case <-x.stop:
				return
			default:
			}
			x.connect(context.Background(), a)
		}
	}
}

// Close stops the host.
func (x *Host) Close() error {
	close(x.stop)
	x.wg.Wait()
	x.mu.Lock()
	for _, t := range x.topics {
		t.close()
	}
	x.mu.Unlock()
	x.cancel()
	return x.h.Close()
}
