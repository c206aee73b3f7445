package relay

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/relay/client"
	"github.com/cocorelay/coco/relay/signing"
)

// xferNet is three in-process nodes (real Raft, Badger, libp2p) with the
// native ledger "coco" and one fake chain "fab" that every node reaches
// through its own endpoint. Assets: USD is native to coco (wUSD on fab),
// GOLD is native to fab (wGOLD on coco). alice owns 1000 USD on coco.
type xferNet struct {
	*govNet
	dir  string
	fab  *fakeChain
	keys []fakeKey
	// lies[i] are deposits only node i's endpoint reports.
	lies [][]connectors.Deposit
	down [3]atomic.Bool // node i's endpoint is unreachable
	lie  [3]atomic.Bool // node i's endpoint claims every payout executed
	// inflate[i]: node i's endpoint reports more wrapped supply than there is.
	inflate [3]atomic.Bool
	// impersonate[i] = j+1: node i's chain key signs in node j's name (badly).
	impersonate [3]atomic.Int32
	// observationTTL, if set, is how long nodes keep unconfirmed observations.
	observationTTL time.Duration
	// shared[i], if set, is node i's connector file's shared settings.
	shared [3]map[string]any
}

func startXferNet(t *testing.T, lies [][]connectors.Deposit) *xferNet {
	t.Helper()
	return startXferNetWith(t, &xferNet{lies: lies})
}

// startXferNetWith is startXferNet with x's lies and shared settings.
func startXferNetWith(t *testing.T, x *xferNet) *xferNet {
	t.Helper()
	x.dir, x.fab = t.TempDir(), newFakeChain("fab")
	if x.lies == nil {
		x.lies = make([][]connectors.Deposit, 3)
	}
	var ids []string
	for range 3 {
		k := newFakeKey()
		x.keys = append(x.keys, k)
		ids = append(ids, k.identity())
	}
	x.fab.setSigners(ids, 2)
	x.govNet = x.start(t)
	ctx := t.Context()
	x.decide(t,
		action(governance.ActionSetConnector, map[string]any{"name": "coco", "kind": "native", "config": map[string]any{}}),
		action(governance.ActionSetConnector, map[string]any{"name": "fab", "kind": "fabric", "config": map[string]any{}}),
		action(governance.ActionSetTransferPolicy, governance.TransferPolicy{Timeout: "10s"}),
	)
	x.decide(t,
		action(governance.ActionSetAsset, governance.BridgedAsset{Name: "USD", Decimals: 2,
			Origin: governance.AssetLocation{Ledger: "coco", Asset: "USD"}, Wrapped: []governance.AssetLocation{{Ledger: "fab", Asset: "wUSD"}}}),
		action(governance.ActionSetAsset, governance.BridgedAsset{Name: "GOLD", Decimals: 0,
			Origin: governance.AssetLocation{Ledger: "fab", Asset: "GOLD"}, Wrapped: []governance.AssetLocation{{Ledger: "coco", Asset: "wGOLD"}}}),
	)
	for _, step := range []func() error{
		func() error { _, err := x.c.CreateAsset(ctx, "USD", 2, ""); return err },
		func() error { _, err := x.c.CreateAccount(ctx, "alice", ""); return err },
		func() error { _, err := x.c.CreateAccount(ctx, "bob", ""); return err },
		func() error { _, err := x.c.Mint(ctx, "USD", "alice", "1000", ""); return err },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

// start starts (or restarts) the three nodes with their fake endpoints.
func (x *xferNet) start(t *testing.T) *govNet {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := StartSandbox(ctx, SandboxOptions{Dir: x.dir, Members: 3, Logger: testLogger(t),
		Tune: func(c *Config) {
			c.Raft.RTT, c.Raft.ElectionRTT, c.Raft.HeartbeatRTT = 20*time.Millisecond, 10, 2
			c.Ledger.SignatureInterval = 20 * time.Millisecond
		},
		atStart: func(i int, c *Config) {
			key, lies, shared := x.keys[i], x.lies[i], x.shared[i]
			if shared == nil {
				shared = map[string]any{}
			}
			c.openChains = func() (map[string]*chain, error) {
				conn := &fakeConn{c: x.fab, lies: lies, down: x.down[i].Load, lying: x.lie[i].Load, inflating: x.inflate[i].Load}
				return map[string]*chain{"fab": {name: "fab", kind: KindFabric, conn: conn, key: impostorKey{key, x, i}, identity: key.identity(),
					poll: 50 * time.Millisecond, vault: "vault", shared: shared, observationTTL: x.observationTTL}}, nil
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	g := &govNet{t: t, s: s, service: signing.ServiceID(s.Nodes[0].ServiceCert().Raw)}
	for _, m := range s.File.Members {
		k, err := client.LoadKey(filepath.Join(x.dir, m.Key))
		if err != nil {
			t.Fatal(err)
		}
		g.keys = append(g.keys, k)
	}
	if g.c, err = SandboxClient(x.dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.c.Close)
	return g
}

// decide proposes actions and has two of the three members accept them.
func (x *xferNet) decide(t *testing.T, acts ...governance.Action) {
	t.Helper()
	p := x.propose(0, acts...)
	x.mustVote(0, p.ID, governance.VoteFor)
	if p = x.mustVote(1, p.ID, governance.VoteFor); p.State != governance.StateAccepted {
		t.Fatalf("proposal %s: %s (%+v)", p.ID, p.State, p)
	}
}

// send asks the API for a transfer from alice's USD on coco to fab.
func (x *xferNet) send(t *testing.T, to, amount, key string) *client.Transfer {
	t.Helper()
	tr, _, err := x.c.CreateTransfer(t.Context(), client.TransferRequest{
		Source:      client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
		Destination: client.Endpoint{Ledger: "fab", Account: to},
		Amount:      amount,
	}, key)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// wait waits until transfer id is final (or d passes) and returns it.
func (x *xferNet) wait(t *testing.T, id string, d time.Duration) *client.Transfer {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	defer cancel()
	tr, err := x.c.WaitTransfer(ctx, id)
	if err != nil {
		t.Fatalf("transfer %s: %v (%+v)", id, err, tr)
	}
	return tr
}

// nativeBalance reads a native balance from the leader's committed state.
func (x *xferNet) nativeBalance(t *testing.T, account, asset string) string {
	t.Helper()
	a, err := x.c.Account(t.Context(), account)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := a.Balances[asset]; ok {
		return v
	}
	return "0"
}

// leaderIndex returns the index of the current leader among x.s.Nodes.
func (x *xferNet) leaderIndex(t *testing.T) int {
	t.Helper()
	l, err := x.s.Leader(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range x.s.Nodes {
		if n == l {
			return i
		}
	}
	t.Fatal("the leader is not one of the nodes")
	return -1
}
