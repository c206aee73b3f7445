package consensus

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"time"

	"github.com/lni/dragonboat/v4"
	"github.com/lni/dragonboat/v4/config"
	"github.com/lni/dragonboat/v4/raftio"
	sm "github.com/lni/dragonboat/v4/statemachine"

	"github.com/cocorelay/coco/ledger"
)

// shardID is the one Raft group that holds the ledger.
const shardID = 1

// Config configures a Node.
type Config struct {
	// NodeID is this replica's id in the group (> 0).
	NodeID uint64
	// RaftAddress is the host:port other replicas reach this one on.
	RaftAddress string
	// Dir holds Dragonboat's log and metadata.
	Dir string
	// RTT is the expected round trip between replicas; Raft ticks at it.
	RTT time.Duration
	// ElectionRTT and HeartbeatRTT are the election timeout and heartbeat
	// interval in RTTs.
	ElectionRTT, HeartbeatRTT uint64
	// SnapshotEntries is how many Raft entries pass between snapshots (which
	// let Dragonboat compact its log); CompactionOverhead entries are kept.
	SnapshotEntries, CompactionOverhead uint64
	// Security authenticates Raft traffic (required).
	Security *Security
	Logger   *slog.Logger
}

func (c *Config) ensureDefaults() {
	if c.RTT == 0 {
		c.RTT = 50 * time.Millisecond
	}
	if c.ElectionRTT == 0 {
		c.ElectionRTT = 20
	}
	if c.HeartbeatRTT == 0 {
		c.HeartbeatRTT = 2
	}
	if c.SnapshotEntries == 0 {
		c.SnapshotEntries = 2000
	}
	if c.CompactionOverhead == 0 {
		c.CompactionOverhead = 1000
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Validate reports every problem with the configuration.
func (c *Config) Validate() error {
	var errs []error
	if c.NodeID == 0 {
		errs = append(errs, errors.New("consensus: node id: must be positive"))
	}
	if c.RaftAddress == "" {
		errs = append(errs, errors.New("consensus: raft address: must be set"))
	}
	if c.Dir == "" {
		errs = append(errs, errors.New("consensus: dir: must be set"))
	}
	if c.RTT < time.Millisecond {
		errs = append(errs, fmt.Errorf("consensus: rtt: %s is below 1ms", c.RTT))
	}
	if err := c.Security.validate(); err != nil {
		errs = append(errs, err)
	}
	if c.ElectionRTT < 2*c.HeartbeatRTT || c.HeartbeatRTT == 0 {
		errs = append(errs, fmt.Errorf("consensus: election rtt %d must be at least twice heartbeat rtt %d (> 0)", c.ElectionRTT, c.HeartbeatRTT))
	}
	return errors.Join(errs...)
}

// Bootstrap says how a replica that has never run enters the group. A
// replica that has run before ignores it and resumes from its own files.
type Bootstrap struct {
	// Members of a new group by node id and Raft address (genesis).
	Members map[uint64]string
	// Join is set for a replica that a running group added with AddReplica.
	Join bool
}

// Node is one replica of the ledger.
type Node struct {
	cfg   Config
	nh    *dragonboat.NodeHost
	store *ledger.Store
	log   *slog.Logger

	mu struct {
		sync.Mutex
		changed chan struct{}
	}
}

// Start starts the replica over store. It returns once the replica runs;
// it may not have a leader yet.
func Start(cfg Config, store *ledger.Store, boot Bootstrap) (*Node, error) {
	cfg.ensureDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	useDragonboatLogger(cfg.Logger)
	n := &Node{cfg: cfg, store: store, log: cfg.Logger}
	logdb := config.GetTinyMemLogDBConfig()
	logdb.Shards = 1
	logdb.KVWriteBufferSize = 32 << 20 // fewer memtable flushes and compactions of the Raft log
	nhc := config.NodeHostConfig{
		NodeHostDir:       filepath.Join(cfg.Dir, "host"),
		WALDir:            filepath.Join(cfg.Dir, "wal"),
		RTTMillisecond:    uint64(cfg.RTT / time.Millisecond),
		RaftAddress:       cfg.RaftAddress,
		RaftEventListener: leaderListener{n},
		Expert: config.ExpertConfig{
			TransportFactory: transportFactory{sec: cfg.Security, log: cfg.Logger},
			LogDB:            logdb,
			Engine:           config.EngineConfig{ExecShards: 1, CommitShards: 1, ApplyShards: 1, SnapshotShards: 1, CloseShards: 1},
		},
	}
	nh, err := dragonboat.NewNodeHost(nhc)
	if err != nil {
		return nil, fmt.Errorf("start raft host: %w", err)
	}
	n.nh = nh
	rc := config.Config{
		ReplicaID:           cfg.NodeID,
		ShardID:             shardID,
		CheckQuorum:         true,
		PreVote:             true,
		ElectionRTT:         cfg.ElectionRTT,
		HeartbeatRTT:        cfg.HeartbeatRTT,
		SnapshotEntries:     cfg.SnapshotEntries,
		CompactionOverhead:  cfg.CompactionOverhead,
		OrderedConfigChange: true,
	}
	members := map[uint64]dragonboat.Target{}
	join := boot.Join
	if nh.HasNodeInfo(shardID, cfg.NodeID) {
		join = false
	} else {
		for id, addr := range boot.Members {
			members[id] = addr
		}
		if len(members) == 0 && !join {
			nh.Close()
			return nil, errors.New("consensus: a new replica needs initial members or join")
		}
	}
	create := func(uint64, uint64) sm.IOnDiskStateMachine { return &stateMachine{store: store} }
	if err := nh.StartOnDiskReplica(members, join, create, rc); err != nil {
		nh.Close()
		return nil, fmt.Errorf("start raft replica: %w", err)
	}
	return n, nil
}

// ID returns this replica's node id.
func (n *Node) ID() uint64 { return n.cfg.NodeID }

// Store returns the ledger this replica applies to.
func (n *Node) Store() *ledger.Store { return n.store }

// Leader returns the current leader's id and term as far as this replica knows.
func (n *Node) Leader() (id, term uint64, ok bool) {
	id, term, ok, err := n.nh.GetLeaderID(shardID)
	if err != nil || !ok {
		return 0, 0, false
	}
	return id, term, true
}

// IsLeader reports whether this replica leads the group.
func (n *Node) IsLeader() bool {
	id, _, ok := n.Leader()
	return ok && id == n.cfg.NodeID
}

// LeaderChanged returns a channel closed at the next leadership change.
func (n *Node) LeaderChanged() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.mu.changed == nil {
		n.mu.changed = make(chan struct{})
	}
	return n.mu.changed
}

func (n *Node) leaderUpdated() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.mu.changed != nil {
		close(n.mu.changed)
		n.mu.changed = nil
	}
}

type leaderListener struct{ n *Node }

func (l leaderListener) LeaderUpdated(raftio.LeaderInfo) { l.n.leaderUpdated() }

// WaitLeader blocks until the group has a leader and returns its id.
func (n *Node) WaitLeader(ctx context.Context) (uint64, error) {
	t := time.NewTicker(n.cfg.RTT)
	defer t.Stop()
	for {
		if id, _, ok := n.Leader(); ok {
			return id, nil
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("wait for a leader: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// ErrBusy is returned when Raft cannot take more proposals right now.
var ErrBusy = errors.New("consensus: raft is busy, try again")

// proposal is a batch handed to Raft.
type proposal struct {
	rs *dragonboat.RequestState
}

// propose hands cmd to Raft. The outcome arrives through wait.
func (n *Node) propose(cmd []byte, timeout time.Duration) (*proposal, error) {
	rs, err := n.nh.Propose(n.nh.GetNoOPSession(shardID), cmd, timeout)
	if errors.Is(err, dragonboat.ErrSystemBusy) {
		return nil, ErrBusy
	}
	if err != nil {
		return nil, err
	}
	return &proposal{rs: rs}, nil
}

// errUnknownOutcome marks a proposal whose fate Raft could not tell (timed
// out, dropped): it may still commit.
var errUnknownOutcome = errors.New("consensus: proposal outcome unknown")

// wait blocks until the proposal has an outcome or stop closes.
func (p *proposal) wait(stop <-chan struct{}) (ledger.Result, error) {
	defer p.rs.Release()
	select {
	case r := <-p.rs.ResultC():
		switch {
		case r.Completed():
			return decodeResult(r.GetResult()), nil
		case r.Rejected():
			return ledger.Result{Reason: "rejected by raft"}, nil
		default:
			return ledger.Result{}, errUnknownOutcome
		}
	case <-stop:
		return ledger.Result{}, errUnknownOutcome
	}
}

// AddReplica adds a replica to the group. The new replica then starts with
// Bootstrap{Join: true}. Membership changes apply one at a time, in order.
func (n *Node) AddReplica(ctx context.Context, id uint64, raftAddress string) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	m, err := n.nh.SyncGetShardMembership(ctx, shardID)
	if err != nil {
		return err
	}
	return n.nh.SyncRequestAddReplica(ctx, shardID, id, raftAddress, m.ConfigChangeID)
}

// Reachable checks that a trusted node answers on raftAddress with its
// service-endorsed certificate: a node is added to the group only once it
// runs, so that adding it does not cost the group its quorum.
func (n *Node) Reachable(ctx context.Context, raftAddress string) error {
	d := tls.Dialer{Config: n.cfg.Security.clientConfig(), NetDialer: &net.Dialer{Timeout: 2 * time.Second}}
	c, err := d.DialContext(ctx, "tcp", raftAddress)
	if err != nil {
		return err
	}
	return c.Close()
}

// RemoveReplica removes a replica from the group.
func (n *Node) RemoveReplica(ctx context.Context, id uint64) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	m, err := n.nh.SyncGetShardMembership(ctx, shardID)
	if err != nil {
		return err
	}
	return n.nh.SyncRequestDeleteReplica(ctx, shardID, id, m.ConfigChangeID)
}

// Members returns the group's voting members by id and Raft address.
func (n *Node) Members(ctx context.Context) (map[uint64]string, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	m, err := n.nh.SyncGetShardMembership(ctx, shardID)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]string, len(m.Nodes))
	for id, addr := range m.Nodes {
		out[id] = addr
	}
	return out, nil
}

// ReadIndex returns once this replica has applied everything committed when
// it was called: reads after it are linearizable.
func (n *Node) ReadIndex(ctx context.Context) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	_, err := n.nh.SyncRead(ctx, shardID, nil)
	if err != nil && err.Error() == "consensus: read the ledger store directly" {
		return nil
	}
	return err
}

// withDeadline gives ctx a deadline if it has none: Dragonboat's
// synchronous calls need one.
func withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, 10*time.Second)
}

// TransferLeadership asks the group to make target the leader.
func (n *Node) TransferLeadership(target uint64) error {
	return n.nh.RequestLeaderTransfer(shardID, target)
}

// Close stops the replica. The store stays open; its owner closes it.
func (n *Node) Close() {
	n.nh.Close()
}

// Propose hands Raft a ledger command that is not a transaction batch
// (ledger.BatchImport, ledger.BatchRestore: a network being recovered
// proposes them) and returns how the ledger applied it. Transactions go
// through the Executor.
func (n *Node) Propose(ctx context.Context, cmd []byte) (ledger.Result, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	dl, _ := ctx.Deadline()
	p, err := n.propose(cmd, time.Until(dl))
	if err != nil {
		return ledger.Result{}, err
	}
	return p.wait(ctx.Done())
}
