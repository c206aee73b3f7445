package consensus

import (
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/receipt"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// Dragonboat and pebble keep process-wide workers.
		goleak.IgnoreTopFunction("github.com/lni/goutils/syncutil.(*Stopper).runWorker.func1"),
		goleak.IgnoreTopFunction("github.com/cockroachdb/pebble/internal/cache.(*Cache).reclaim"),
		goleak.IgnoreAnyFunction("github.com/golang/glog.(*fileSink).flushDaemon"),
		goleak.IgnoreAnyFunction("github.com/dgraph-io/ristretto/v2/z.(*AllocatorPool).freeupAllocators"),
	)
}

func counter(tx *ledger.Tx, key string) uint64 {
	v, ok, _ := tx.Get("public:test", []byte(key))
	if !ok {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func incr(key string) Func {
	return func(tx *ledger.Tx) (any, error) {
		n := counter(tx, key) + 1
		tx.Put("public:test", []byte(key), binary.BigEndian.AppendUint64(nil, n))
		return n, nil
	}
}

func TestReplicatesExecutedTransactions(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.genesis()
	// Concurrent increments of one counter: each reads what the previous one
	// (still in flight) wrote, so the leader's overlay must be right.
	const n = 300
	var wg sync.WaitGroup
	ids := make(chan ledger.TxID, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := c.exec(incr("hits"))
			if err != nil {
				t.Error(err)
				return
			}
			ids <- o.ID
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[ledger.TxID]bool{}
	var last uint64
	for id := range ids {
		if seen[id] {
			t.Fatalf("two transactions got id %s", id)
		}
		seen[id] = true
		last = max(last, id.Seqno)
	}
	c.converge(last)
	var roots []string
	for _, tn := range c.nodes {
		v, _, ok, err := tn.store.Get("public:test", []byte("hits"))
		if err != nil || !ok || binary.BigEndian.Uint64(v) != n {
			t.Fatalf("node %d: hits = %x, %v", tn.id, v, err)
		}
		f, err := tn.store.FrontierAt(last)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, f.Root().String())
	}
	if roots[0] != roots[1] || roots[1] != roots[2] {
		t.Fatalf("replicas disagree on the root: %v", roots)
	}
	// Signatures were made along the way and receipts verify.
	time.Sleep(100 * time.Millisecond)
	l := c.leader()
	var some ledger.TxID
	for id := range seen {
		some = id
		break
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		r, err := l.store.Receipt(some)
		if err == nil {
			if _, err := receipt.Verify(r.Marshal(), c.svc.Cert); err != nil {
				t.Fatal(err)
			}
			break
		}
		if !errors.Is(err, ledger.ErrNotSigned) || time.Now().After(deadline) {
			t.Fatalf("receipt of %s: %v", some, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestNonDeterministicTransaction(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.genesis()
	o, err := c.exec(func(tx *ledger.Tx) (any, error) {
		b := make([]byte, 32)
		rand.Read(b)
		tx.Put("public:test", []byte("random"), b)
		tx.Put("public:test", []byte("time"), []byte(tx.Now().Format(time.RFC3339Nano)))
		return b, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.converge(o.ID.Seqno)
	for _, tn := range c.nodes {
		v, _, _, _ := tn.store.Get("public:test", []byte("random"))
		if string(v) != string(o.Value.([]byte)) {
			t.Fatalf("node %d holds another random value", tn.id)
		}
	}
}

func TestFollowerRefusesAndReadOnlyWaits(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.genesis()
	l := c.leader()
	for _, tn := range c.nodes {
		if tn == l {
			continue
		}
		if _, err := tn.exec.Execute(t.Context(), incr("x")); !errors.Is(err, ErrNotLeader) {
			t.Fatalf("follower %d executed: %v", tn.id, err)
		}
	}
	if _, err := c.exec(incr("x")); err != nil {
		t.Fatal(err)
	}
	o, err := c.exec(func(tx *ledger.Tx) (any, error) { return counter(tx, "x"), nil })
	if err != nil || !o.ID.IsZero() || o.Value.(uint64) != 1 {
		t.Fatalf("read-only transaction: %+v, %v", o, err)
	}
	fnErr := errors.New("refused by the application")
	if _, err := c.exec(func(tx *ledger.Tx) (any, error) {
		tx.Put("public:test", []byte("never"), []byte("x"))
		return nil, fnErr
	}); !errors.Is(err, fnErr) {
		t.Fatalf("application error: %v", err)
	}
	if _, _, ok, _ := l.store.Get("public:test", []byte("never")); ok {
		t.Fatal("a refused transaction wrote")
	}
}

// Every acknowledged transaction is in the ledger once, and nothing is
// applied twice, when the leader is killed while transactions stream.
func TestLeaderFailoverExactlyOnce(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.genesis()
	const workers, per = 8, 40
	var mu sync.Mutex
	acked := map[string]ledger.TxID{}
	var wg sync.WaitGroup
	stopAt := make(chan struct{})
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				key := fmt.Sprintf("req-%d-%d", w, i)
				// Idempotent by its key, like the API's idempotency keys.
				fn := func(tx *ledger.Tx) (any, error) {
					if _, ok, _ := tx.Get("public:test", []byte(key)); ok {
						return "again", nil
					}
					tx.Put("public:test", []byte(key), []byte("done"))
					n := counter(tx, "total") + 1
					tx.Put("public:test", []byte("total"), binary.BigEndian.AppendUint64(nil, n))
					return "first", nil
				}
				var o Outcome
				var err error
				for try := 0; try < 50; try++ {
					if o, err = c.exec(fn); err == nil {
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
				if err != nil {
					t.Errorf("%s: %v", key, err)
					continue
				}
				mu.Lock()
				acked[key] = o.ID
				mu.Unlock()
				if w == 0 && i == per/3 {
					close(stopAt)
				}
			}
		}()
	}
	<-stopAt
	old := c.leader()
	c.stop(old)
	wg.Wait()
	l := c.leader()
	if l == old {
		t.Fatal("leader did not change")
	}
	final, err := c.exec(func(tx *ledger.Tx) (any, error) { return counter(tx, "total"), nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := final.Value.(uint64); got != workers*per {
		t.Fatalf("total = %d, want %d (applied twice or lost)", got, workers*per)
	}
	for key := range acked {
		if _, _, ok, _ := l.store.Get("public:test", []byte(key)); !ok {
			t.Fatalf("acknowledged %s is not in the ledger", key)
		}
	}
	// The old leader rejoins and catches up.
	c.start(old, Bootstrap{})
	c.converge(l.store.Committed().ID.Seqno)
}

func TestLaggingReplicaCatchesUpFromSnapshot(t *testing.T) {
	c := newCluster(t, 3, func(cfg *Config) { cfg.SnapshotEntries, cfg.CompactionOverhead = 10, 2 })
	c.genesis()
	l := c.leader()
	var lag *testNode
	for _, tn := range c.nodes {
		if tn != l {
			lag = tn
			break
		}
	}
	c.stop(lag)
	var last ledger.TxID
	for i := range 60 {
		o, err := c.exec(incr(fmt.Sprintf("k%d", i%7)))
		if err != nil {
			t.Fatal(err)
		}
		last = o.ID
	}
	c.start(lag, Bootstrap{})
	c.converge(last.Seqno)
	if lag.store.Committed().FirstSeqno <= 1 {
		t.Fatalf("replica caught up without a snapshot (first held seqno %d)", lag.store.Committed().FirstSeqno)
	}
	for i := range 7 {
		want, _, _, _ := l.store.Get("public:test", []byte(fmt.Sprintf("k%d", i)))
		got, _, _, _ := lag.store.Get("public:test", []byte(fmt.Sprintf("k%d", i)))
		if string(want) != string(got) {
			t.Fatalf("k%d differs after catch-up", i)
		}
	}
}

// A private transaction executed while a change of the ledger secret is
// executed but not committed waits for it to commit, and is then sealed
// under the new secret: it is neither sealed under the retired secret (a
// removed node holds it) nor refused by the ledger (which would cost a
// new view).
func TestPrivateTransactionWaitsForSecretChange(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.genesis()
	l := c.leader()
	var keys []*ecdsa.PublicKey
	for _, tn := range c.nodes {
		keys = append(keys, &tn.key.PublicKey)
	}
	rekey := func(reason string) Func {
		return func(tx *ledger.Tx) (any, error) {
			_, err := l.store.NextSecret(tx, keys, reason)
			return nil, err
		}
	}
	if _, err := c.exec(rekey("genesis")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.exec(func(tx *ledger.Tx) (any, error) {
		tx.Put("accounts", []byte("before"), []byte("v1"))
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	view := l.store.Committed().View.View

	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	rekeyed := make(chan error, 1)
	go func() {
		_, err := l.exec.Execute(t.Context(), func(tx *ledger.Tx) (any, error) {
			once.Do(func() { close(entered) })
			<-release // the private request below arrives meanwhile
			return rekey("trigger_ledger_rekey")(tx)
		})
		rekeyed <- err
	}()
	<-entered
	wrote := make(chan error, 1)
	var id ledger.TxID
	go func() {
		o, err := l.exec.Execute(t.Context(), func(tx *ledger.Tx) (any, error) {
			tx.Put("accounts", []byte("after"), []byte("v2"))
			return nil, nil
		})
		id = o.ID
		wrote <- err
	}()
	time.Sleep(50 * time.Millisecond)
	close(release)
	if err := <-rekeyed; err != nil {
		t.Fatal(err)
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if got := l.store.Committed().View.View; got != view {
		t.Fatalf("the private transaction cost a new view (%d → %d)", view, got)
	}
	c.converge(id.Seqno)
	for _, tn := range c.nodes {
		v, _, ok, err := tn.store.Get("accounts", []byte("after"))
		if err != nil || !ok || string(v) != "v2" {
			t.Fatalf("node %d: %q %v %v", tn.id, v, ok, err)
		}
		if s := tn.store.Secrets(); s.Current != 2 {
			t.Fatalf("node %d: secrets %+v", tn.id, s)
		}
	}
}
