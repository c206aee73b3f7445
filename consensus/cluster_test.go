package consensus

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger"
)

// testNode is one real replica: Badger store, Dragonboat host, executor.
type testNode struct {
	id    uint64
	addr  string
	dir   string
	store *ledger.Store
	node  *Node
	exec  *Executor
	key   *ecdsa.PrivateKey
	cert  []byte
}

type cluster struct {
	mu sync.Mutex // guards the running parts of nodes
	// retired is read by the Raft transports, also while stop holds mu.
	retiredMu sync.Mutex
	retired   map[uint64]bool
	t         testing.TB
	svc       *enclave.ServiceIdentity
	nodes     map[uint64]*testNode
	cfg       func(*Config)
	ecfg      ExecutorConfig
}

func freeAddr(t testing.TB) string {
	t.Helper()
	// Below Linux's ephemeral range (32768 up), so that the source port
	// of some outgoing connection does not take it first.
	for range 100 {
		addr := fmt.Sprintf("127.0.0.1:%d", 20000+mrand.IntN(12000))
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			return addr
		}
	}
	t.Fatal("no free port")
	return ""
}

func newCluster(t testing.TB, n int, tune func(*Config)) *cluster {
	t.Helper()
	svc, err := enclave.NewServiceIdentity("consensus test", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{t: t, svc: svc, nodes: map[uint64]*testNode{}, cfg: tune, retired: map[uint64]bool{},
		ecfg: ExecutorConfig{SignEvery: 50, SignInterval: 20 * time.Millisecond, MaxInflight: 3}}
	members := map[uint64]string{}
	for i := uint64(1); i <= uint64(n); i++ {
		tn := &testNode{id: i, addr: freeAddr(t), dir: filepath.Join(t.TempDir(), fmt.Sprint(i))}
		tn.key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tn.cert, err = svc.EndorseNode(enclave.NodeCertRequest{NodeID: i, PublicKey: &tn.key.PublicKey, Platform: enclave.Virtual, Measurement: []byte("test")})
		if err != nil {
			t.Fatal(err)
		}
		c.nodes[i] = tn
		members[i] = tn.addr
	}
	for _, tn := range c.nodes {
		c.start(tn, Bootstrap{Members: members})
	}
	t.Cleanup(c.stopAll)
	return c
}

func (c *cluster) start(tn *testNode, boot Bootstrap) {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	platform, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		c.t.Fatal(err)
	}
	if tn.store, err = ledger.Open(ledger.Options{Dir: filepath.Join(tn.dir, "ledger"), Platform: platform, NodeKey: tn.key}); err != nil {
		c.t.Fatal(err)
	}
	cfg := Config{NodeID: tn.id, RaftAddress: tn.addr, Dir: filepath.Join(tn.dir, "raft"), RTT: 20 * time.Millisecond, ElectionRTT: 10, HeartbeatRTT: 2,
		Security: c.security(tn)}
	if c.cfg != nil {
		c.cfg(&cfg)
	}
	if tn.node, err = Start(cfg, tn.store, boot); err != nil {
		c.t.Fatal(err)
	}
	if tn.exec, err = NewExecutor(tn.node, c.ecfg); err != nil {
		c.t.Fatal(err)
	}
	tn.exec.SetIdentity(Identity{Signer: tn.key, NodeCert: tn.cert})
}

// running returns a copy of tn's running parts (nil when stopped).
func (c *cluster) running(tn *testNode) testNode {
	c.mu.Lock()
	defer c.mu.Unlock()
	return *tn
}

// security authenticates tn's Raft traffic with its node certificate; every
// node of the cluster is trusted until retire says otherwise.
func (c *cluster) security(tn *testNode) *Security {
	roots := x509.NewCertPool()
	roots.AddCert(c.svc.Cert)
	return &Security{
		Certificate: tls.Certificate{Certificate: [][]byte{tn.cert}, PrivateKey: tn.key},
		Roots:       roots,
		NodeID: func(cert *x509.Certificate) (uint64, error) {
			info, err := enclave.VerifyNodeCert(cert.Raw, c.svc.Cert)
			if err != nil {
				return 0, err
			}
			return info.NodeID, nil
		},
		Trusted: func(id uint64) bool {
			c.retiredMu.Lock()
			defer c.retiredMu.Unlock()
			return !c.retired[id]
		},
	}
}

func (c *cluster) retire(id uint64) {
	c.retiredMu.Lock()
	c.retired[id] = true
	c.retiredMu.Unlock()
}

func (c *cluster) stop(tn *testNode) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if tn.exec == nil {
		return
	}
	tn.exec.Close()
	tn.node.Close()
	tn.store.Close()
	tn.exec, tn.node, tn.store = nil, nil, nil
}

func (c *cluster) stopAll() {
	for _, tn := range c.nodes {
		c.stop(tn)
	}
}

// leader waits for a running node that leads and returns it.
func (c *cluster) leader() *testNode {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, tn := range c.nodes {
			if r := c.running(tn); r.node != nil && r.node.IsLeader() {
				return tn
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.t.Fatal("no leader")
	return nil
}

// exec runs fn on whichever node leads, retrying while leadership settles.
func (c *cluster) exec(fn Func) (Outcome, error) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		tn := c.running(c.leader())
		if tn.exec == nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		o, err := tn.exec.Execute(ctx, fn)
		cancel()
		if err == nil || time.Now().After(deadline) {
			return o, err
		}
		if err != ErrNotLeader && err != ErrClosed {
			return o, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (c *cluster) genesis() {
	c.t.Helper()
	if _, err := c.exec(func(tx *ledger.Tx) (any, error) {
		tx.Put(ledger.TableService, ledger.ServiceCertKey, c.svc.CertDER)
		return nil, nil
	}); err != nil {
		c.t.Fatal(err)
	}
}

// converge waits until every running node has applied seqno.
func (c *cluster) converge(seqno uint64) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, tn := range c.nodes {
		if tn.store == nil {
			continue
		}
		if _, err := tn.store.WaitSeqno(ctx, seqno); err != nil {
			c.t.Fatalf("node %d stuck at %s: %v", tn.id, tn.store.Committed().ID, err)
		}
	}
}
