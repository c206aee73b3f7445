package relay

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/p2p"
	"github.com/cocorelay/coco/relay/signing"
)

// transfers is the node's part in cross-chain transfers: its chains, what
// it observed and voted (localState), and the loops it runs. Every node
// observes and co-signs; the leader also counts observations, drives
// transfers (transfer_engine.go), anchors (anchor.go), keeps the chains'
// signer sets equal to the trusted nodes (signerset.go) and watches supply
// (transfer_supply.go).
type transfers struct {
	n       *Node
	log     *slog.Logger
	chains  map[string]*chain
	local   *localState
	topic   *p2p.Topic
	service string // the service id requests and observations are bound to
	tally   *tally
	jobs    jobs
	wakeC   chan struct{}

	keys struct {
		sync.Mutex
		m map[uint64]*ecdsa.PublicKey
	}
	status struct {
		sync.Mutex
		chainErr map[string]string
		sets     map[string]cachedSigners
	}
	supply supplyState

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type cachedSigners struct {
	set *connectors.Signers
	at  time.Time
}

// startTransfers opens the configured chains and starts the loops.
func (n *Node) startTransfers() error {
	open := func() (map[string]*chain, error) { return openChains(&n.cfg, n.platform, n.log) }
	if n.cfg.openChains != nil {
		open = n.cfg.openChains
	}
	chains, err := open()
	if err != nil {
		return err
	}
	x := &transfers{n: n, log: n.log, chains: chains, tally: newTally(), wakeC: make(chan struct{}, 1),
		service: signing.ServiceID(n.id.ServiceCert.Raw)}
	x.keys.m = map[uint64]*ecdsa.PublicKey{}
	x.status.chainErr = map[string]string{}
	x.status.sets = map[string]cachedSigners{}
	x.jobs.running = map[string]bool{}
	x.jobs.retryAt = map[string]time.Time{}
	x.ctx, x.cancel = context.WithCancel(context.Background())
	fail := func(err error) error {
		x.close()
		return err
	}
	if x.local, err = openLocalState(filepath.Join(n.cfg.DataDir, "relay"), n.store); err != nil {
		return fail(fmt.Errorf("relay state: %w", err))
	}
	if x.topic, err = n.mesh.Topic(observationsTopic); err != nil {
		return fail(err)
	}
	msgs, unsubscribe, err := x.topic.Subscribe()
	if err != nil {
		return fail(err)
	}
	n.xfer = x
	n.mesh.SetCallHandler(x.handleCall)
	x.wg.Add(1)
	go func() {
		<-x.ctx.Done()
		unsubscribe()
		x.wg.Done()
	}()
	names := make([]string, 0, len(chains))
	for name := range chains {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		x.wg.Add(2)
		go x.runObserver(chains[name])
		go x.runAnchors(chains[name])
	}
	x.wg.Add(6)
	go x.runTally(msgs)
	go x.runRepublish()
	go x.runEngine()
	go x.runKeys()
	go x.runSignerSets()
	go x.runSupply()
	return nil
}

// close stops the loops and closes the chains.
func (x *transfers) close() {
	if x.cancel != nil {
		x.cancel()
	}
	x.wg.Wait()
	for _, c := range x.chains {
		c.conn.Close()
	}
	if x.local != nil {
		x.local.close()
	}
}

// wake runs the engine soon.
func (x *transfers) wake() {
	select {
	case x.wakeC <- struct{}{}:
	default:
	}
}

func (x *transfers) setChainError(name string, err error) {
	x.status.Lock()
	defer x.status.Unlock()
	if err == nil {
		delete(x.status.chainErr, name)
	} else {
		x.status.chainErr[name] = err.Error()
	}
}

// nativeLedger returns the name of the registered native connector ("" if
// none).
func (x *transfers) nativeLedger(r storeReader) (string, error) {
	kvs, err := x.n.store.Scan(governance.TableConnectors, nil, nil, 1000)
	if err != nil {
		return "", err
	}
	for _, kv := range kvs {
		c, err := governance.GetConnector(r, string(kv.Key))
		if err == nil && c != nil && c.Kind == KindNative {
			return c.Name, nil
		}
	}
	return "", nil
}

// runKeys tells the leader this node's identity on each chain until the
// ledger records it, and checks each chain against its registration.
func (x *transfers) runKeys() {
	defer x.wg.Done()
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for first := true; ; first = false {
		if !first {
			select {
			case <-x.ctx.Done():
				return
			case <-t.C:
			}
		}
		r := readerOf(x.n.store)
		missing := map[string]string{}
		for name, c := range x.chains {
			reg, err := governance.GetConnector(r, name)
			if err != nil {
				continue
			}
			if err := c.matches(reg); err != nil {
				x.setChainError(name, err)
				continue
			}
			cur, _, ok, err := x.n.store.Get(tableChainKeys, keyWithNode(name, x.n.ID()))
			if err == nil && (!ok || string(cur) != c.identity) {
				missing[name] = c.identity
			}
		}
		if len(missing) == 0 {
			continue
		}
		if x.n.IsLeader() {
			x.recordKeys(x.ctx, x.n.ID(), missing)
			continue
		}
		peer, ok := x.n.dir.Leader()
		if !ok {
			continue
		}
		req := encodeJSON(callRequest{Op: "keys", Keys: missing})
		ctx, cancel := context.WithTimeout(x.ctx, 10*time.Second)
		if _, err := x.n.mesh.Call(ctx, peer, req); err != nil {
			x.log.Debug("register chain keys with the leader", "err", err)
		}
		cancel()
	}
}

// signerSet returns the signer set a chain enforces (cached for a while).
func (x *transfers) signerSet(ctx context.Context, c *chain, fresh bool) (*connectors.Signers, error) {
	x.status.Lock()
	cs, ok := x.status.sets[c.name]
	x.status.Unlock()
	if ok && !fresh && time.Since(cs.at) < 30*time.Second {
		return cs.set, nil
	}
	set, err := c.conn.Signers(ctx)
	if err != nil {
		return nil, err
	}
	x.status.Lock()
	x.status.sets[c.name] = cachedSigners{set: set, at: time.Now()}
	x.status.Unlock()
	return set, nil
}

// jobs tracks the leader's work on transfers: one job per transfer at a
// time, and when a failed one may run again.
type jobs struct {
	sync.Mutex
	running map[string]bool
	retryAt map[string]time.Time
	fails   map[string]int
}

// start marks a job for id running, unless one is or it must wait.
func (j *jobs) start(id string, now time.Time) bool {
	j.Lock()
	defer j.Unlock()
	if j.running[id] || now.Before(j.retryAt[id]) {
		return false
	}
	j.running[id] = true
	return true
}

// finish ends a job; failed jobs wait longer each time (up to 30s).
func (j *jobs) finish(id string, failed bool) {
	j.Lock()
	defer j.Unlock()
	delete(j.running, id)
	if j.fails == nil {
		j.fails = map[string]int{}
	}
	if !failed {
		delete(j.retryAt, id)
		delete(j.fails, id)
		return
	}
	j.fails[id]++
	d := min(time.Duration(1<<min(j.fails[id], 5))*time.Second, 30*time.Second)
	j.retryAt[id] = time.Now().Add(d)
}

// later keeps id's next job from starting for d.
func (j *jobs) later(id string, d time.Duration) {
	j.Lock()
	defer j.Unlock()
	j.retryAt[id] = time.Now().Add(d)
}

func (j *jobs) count() int {
	j.Lock()
	defer j.Unlock()
	return len(j.running)
}

// errUnchanged ends a transaction that had nothing to change.
var errUnchanged = errors.New("nothing to change")

// execute runs fn as a transaction on the leader.
func (x *transfers) execute(fn func(tx *ledger.Tx) (any, error)) (any, error) {
	ctx, cancel := context.WithTimeout(x.ctx, 20*time.Second)
	defer cancel()
	out, err := x.n.exec.Execute(ctx, fn)
	if err != nil {
		return nil, err
	}
	return out.Value, nil
}
