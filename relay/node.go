package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cocorelay/coco/consensus"
	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/p2p"
)

// Node is one running Coco node.
type Node struct {
	cfg      Config
	log      *slog.Logger
	platform enclave.Platform
	key      *ecdsa.PrivateKey
	id       *localIdentity

	store *ledger.Store
	raft  *consensus.Node
	exec  *consensus.Executor
	mesh  *p2p.Host
	dir   *directory
	joins joinLog
	// retired is set once the ledger says the members removed this node.
	retired atomic.Bool

	srv      *http.Server
	listener net.Listener
	client   *http.Client // to other nodes, over TLS under the service certificate
	nonces   *nonceCache
	users    *keyCache
	// xfer runs cross-chain transfers (transfer_run.go); nil until started.
	xfer *transfers
	// recovery holds recovery shares members submitted (recover_api.go).
	recovery recoveryShares

	stop chan struct{}
	wg   sync.WaitGroup
}

// Start starts a node: it opens or creates its sealed keys, opens a new
// network (genesis) or joins a running one the first time, then resumes
// from its own data on every later start.
func Start(ctx context.Context, cfg Config, log *slog.Logger) (*Node, error) {
	cfg.EnsureDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, log: log, nonces: newNonceCache(), users: newKeyCache(), stop: make(chan struct{})}
	ok := false
	defer func() {
		if !ok {
			n.close()
		}
	}()
	var err error
	if n.platform, err = enclave.Open(cfg.Platform, enclave.Options{}); err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	if cfg.Platform == enclave.Virtual {
		log.Warn("running on the virtual platform: no TEE protects this node's keys or data (development only)")
	}
	if n.key, _, err = enclave.LoadOrCreateNodeKey(n.platform, filepath.Join(cfg.DataDir, "keys", "node.key")); err != nil {
		return nil, fmt.Errorf("node key: %w", err)
	}
	if n.store, err = ledger.Open(ledger.Options{Dir: cfg.DataDir, Logger: log, Platform: n.platform, NodeKey: n.key}); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	n.dir = newDirectory(n)
	var bootstrap []string
	if cfg.Start.Mode == ModeJoin {
		bootstrap = cfg.Start.Join.Peers
	}
	if n.mesh, err = p2p.New(ctx, p2p.Config{Key: n.key, Listen: cfg.Listen.P2P, Bootstrap: bootstrap, Directory: n.dir, Logger: log}); err != nil {
		return nil, err
	}
	if n.id, err = n.identity(ctx); err != nil {
		return nil, err
	}
	n.dir.setSelf(n.id)
	n.client = n.nodeClient()
	if cfg.Listen.Raft != cfg.Public.RaftAddress {
		return nil, errors.New("listen.raft and public.raft_address must be the same address (Raft has no separate advertise address)")
	}
	roots := x509.NewCertPool()
	roots.AddCert(n.id.ServiceCert)
	rc := consensus.Config{
		NodeID:          n.id.NodeID,
		RaftAddress:     cfg.Listen.Raft,
		Dir:             filepath.Join(cfg.DataDir, "raft"),
		RTT:             cfg.Raft.RTT,
		ElectionRTT:     cfg.Raft.ElectionRTT,
		HeartbeatRTT:    cfg.Raft.HeartbeatRTT,
		SnapshotEntries: cfg.Raft.SnapshotEntries,
		// Keep half a snapshot interval of log for lagging replicas; ones
		// further behind (and new nodes) catch up from a snapshot.
		CompactionOverhead: max(cfg.Raft.SnapshotEntries/2, 1),
		Security: &consensus.Security{
			Certificate: tls.Certificate{Certificate: [][]byte{n.id.NodeCert.Raw}, PrivateKey: n.key},
			Roots:       roots,
			NodeID:      n.dir.nodeIDOf,
			Trusted:     n.dir.trusted,
		},
		Logger: log,
	}
	if n.raft, err = consensus.Start(rc, n.store, n.id.bootstrap()); err != nil {
		return nil, fmt.Errorf("raft: %w", err)
	}
	if err := n.importRecovered(ctx); err != nil { // recover.go
		return nil, err
	}
	if n.exec, err = consensus.NewExecutor(n.raft, consensus.ExecutorConfig{
		SignEvery: cfg.Ledger.SignatureEvery, SignInterval: cfg.Ledger.SignatureInterval, Logger: log,
	}); err != nil {
		return nil, err
	}
	n.exec.SetIdentity(consensus.Identity{Signer: n.key, NodeCert: n.id.NodeCert.Raw})
	if err := n.reopenRecovered(ctx); err != nil { // recover.go
		return nil, err
	}
	n.mesh.SetJoinHandler(n.handleJoin)
	n.checkRetired()
	if err := n.startTransfers(); err != nil {
		return nil, fmt.Errorf("transfers: %w", err)
	}
	if err := n.serve(); err != nil {
		return nil, err
	}
	if n.id.Mode == ModeGenesis {
		n.wg.Add(1)
		go n.runGenesis()
	}
	n.wg.Add(1)
	go n.runMembership()
	n.wg.Add(1)
	go n.runSecrets() // secrets.go
	ok = true
	log.Info("node started", "node", n.id.NodeID, "platform", cfg.Platform, "api", cfg.Public.APIURL, "raft", cfg.Listen.Raft, "p2p", n.mesh.Addrs())
	return n, nil
}

func (n *Node) serve() error {
	cert := tls.Certificate{Certificate: [][]byte{n.id.NodeCert.Raw}, PrivateKey: n.key, Leaf: n.id.NodeCert}
	pool := x509.NewCertPool()
	pool.AddCert(n.id.ServiceCert)
	tlsCfg := &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.VerifyClientCertIfGiven,
		ClientCAs:    pool,
	}
	l, err := net.Listen("tcp", n.cfg.Listen.API)
	if err != nil {
		return fmt.Errorf("listen.api: %w", err)
	}
	n.listener = tls.NewListener(l, tlsCfg)
	n.srv = &http.Server{
		Handler:           n.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(n.log.Handler(), slog.LevelDebug),
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := n.srv.Serve(n.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.log.Error("API server stopped", "err", err)
		}
	}()
	return nil
}

// nodeClient talks to other nodes: it trusts only the service certificate
// and presents this node's certificate.
func (n *Node) nodeClient() *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(n.id.ServiceCert)
	cert := tls.Certificate{Certificate: [][]byte{n.id.NodeCert.Raw}, PrivateKey: n.key}
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: pool, Certificates: []tls.Certificate{cert}},
			MaxIdleConnsPerHost: 64,
			IdleConnTimeout:     time.Minute,
		},
	}
}

// runGenesis writes the genesis transaction once this node leads.
func (n *Node) runGenesis() {
	defer n.wg.Done()
	g, err := n.genesis()
	if err != nil {
		n.log.Error("genesis configuration", "err", err)
		return
	}
	for {
		if svc, _ := n.store.ServiceCert(); svc != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := n.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) { return n.applyGenesis(tx, g) }) // secrets.go
		cancel()
		if err == nil {
			n.log.Info("network opened", "service", g.Settings.ServiceName)
			return
		}
		n.log.Debug("genesis not written yet", "err", err)
		select {
		case <-n.stop:
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func (n *Node) genesis() (*governance.Genesis, error) {
	gc := n.cfg.Start.Genesis
	read := func(p string) (string, error) {
		if p == "" {
			return "", nil
		}
		b, err := os.ReadFile(n.cfg.Path(p))
		return string(b), err
	}
	g := &governance.Genesis{
		Settings:    governance.Settings{ServiceName: gc.ServiceName, AllowVirtualNodes: gc.AllowVirtualNodes},
		ServiceCert: n.id.ServiceCert.Raw,
		FirstNode:   n.nodeRecord(governance.NodeTrusted),
	}
	if gc.Constitution != "" {
		c, err := LoadConstitution(n.cfg.Path(gc.Constitution))
		if err != nil {
			return nil, err
		}
		g.Constitution = c
	}
	for _, list := range []struct {
		in  []IdentityConfig
		out *[]governance.Identity
	}{{gc.Members, &g.Members}, {gc.Users, &g.Users}} {
		for _, ic := range list.in {
			cert, err := read(ic.Cert)
			if err != nil {
				return nil, err
			}
			enc, err := read(ic.EncryptionKey)
			if err != nil {
				return nil, err
			}
			*list.out = append(*list.out, governance.Identity{Name: ic.Name, Cert: cert, EncryptionKey: enc})
		}
	}
	return g, g.Validate()
}

// nodeRecord describes this node for the nodes table.
func (n *Node) nodeRecord(status string) governance.Node {
	pubPEM, _ := enclave.EncodePublicKeyPEM(&n.key.PublicKey)
	kid, _ := enclave.KeyID(&n.key.PublicKey)
	return governance.Node{
		PeerID:      n.mesh.PeerID(),
		P2PAddrs:    n.mesh.Addrs(),
		ID:          n.id.NodeID,
		Status:      status,
		PublicKey:   string(pubPEM),
		Cert:        string(enclave.EncodeCertPEM(n.id.NodeCert.Raw)),
		Platform:    n.platform.Kind(),
		Measurement: fmt.Sprintf("%x", n.platform.Measurement()),
		RaftAddress: n.cfg.Public.RaftAddress,
		APIURL:      n.cfg.Public.APIURL,
		KeyID:       kid,
	}
}

// ID returns the node id.
func (n *Node) ID() uint64 { return n.id.NodeID }

// ServiceCert returns the network's service certificate.
func (n *Node) ServiceCert() *x509.Certificate { return n.id.ServiceCert }

// APIURL returns the URL clients reach this node on.
func (n *Node) APIURL() string { return n.cfg.Public.APIURL }

// Store returns the node's ledger (read-only use).
func (n *Node) Store() *ledger.Store { return n.store }

// IsLeader reports whether this node leads.
func (n *Node) IsLeader() bool { return n.raft != nil && n.raft.IsLeader() }

// WaitOpen blocks until the network has had its genesis and has a leader.
func (n *Node) WaitOpen(ctx context.Context) error {
	for {
		if svc, _ := n.store.ServiceCert(); svc != nil {
			if _, _, ok := n.raft.Leader(); ok {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for the network to open: %w", ctx.Err())
		case <-n.store.Changed():
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Shutdown stops the node: the API first (in-flight requests finish or
// time out with ctx), then the executor, Raft and the ledger.
func (n *Node) Shutdown(ctx context.Context) error {
	var err error
	if n.srv != nil {
		err = n.srv.Shutdown(ctx)
	}
	n.close()
	return err
}

func (n *Node) close() {
	select {
	case <-n.stop:
		return
	default:
		close(n.stop)
	}
	if n.srv != nil {
		n.srv.Close()
	}
	if n.xfer != nil {
		n.xfer.close()
	}
	if n.exec != nil {
		n.exec.Close()
	}
	n.wg.Wait()
	if n.raft != nil {
		n.raft.Close()
	}
	if n.mesh != nil {
		n.mesh.Close()
	}
	if n.store != nil {
		if err := n.store.Close(); err != nil {
			n.log.Error("close ledger", "err", err)
		}
	}
	if n.client != nil {
		n.client.CloseIdleConnections()
	}
}
