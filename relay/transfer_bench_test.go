package relay

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger"
)

// transferChain executes signed-transfer transactions the way the leader
// does (idempotency record, native transfer, record encoding) against an
// in-memory state, so the per-transfer cost of the executor's work can be
// measured without Raft, HTTP or crypto.
type transferChain struct {
	tb       testing.TB
	state    *ledger.MapState
	view     uint64
	seq      uint64
	accounts []string
	asset    string
}

// newTransferChain starts a chain in view whose next transaction gets
// seqno seq+1.
func newTransferChain(tb testing.TB, view, seq uint64) *transferChain {
	return &transferChain{tb: tb, state: ledger.NewMapState(), asset: "BENCH-0a1b2c3d", view: view, seq: seq}
}

// setup returns the transactions that create the asset and the funded
// accounts transfers move it between, as `coco bench native` does.
func (c *transferChain) setup(accounts int) []func(tx *ledger.Tx) (any, error) {
	fns := []func(tx *ledger.Tx) (any, error){
		func(tx *ledger.Tx) (any, error) { return native.CreateAsset(tx, "issuer", c.asset, 0) },
	}
	for i := range accounts {
		id := fmt.Sprintf("%s-%d", c.asset, i)
		c.accounts = append(c.accounts, id)
		fns = append(fns,
			func(tx *ledger.Tx) (any, error) { return native.CreateAccount(tx, "owner", id) },
			func(tx *ledger.Tx) (any, error) {
				return native.Mint(tx, "issuer", c.asset, id, mustAmount("1000000000000"))
			})
	}
	return fns
}

// exec runs fn as the next transaction and returns its record and reads
// without applying it.
func (c *transferChain) exec(fn func(tx *ledger.Tx) (any, error)) (*ledger.Record, []ledger.Read, any) {
	c.tb.Helper()
	c.seq++
	tx := ledger.NewTx(ledger.TxID{View: c.view, Seqno: c.seq}, time.Unix(1700000000, 123456789), c.state)
	v, err := fn(tx)
	if err != nil {
		c.tb.Fatal(err)
	}
	rec, reads, err := tx.Finish()
	if err != nil {
		c.tb.Fatal(err)
	}
	return rec, reads, v
}

func (c *transferChain) must(fn func(tx *ledger.Tx) (any, error)) {
	c.tb.Helper()
	rec, _, _ := c.exec(fn)
	c.state.Apply(rec)
}

// transfer is the body of one signed transfer request, as the write
// endpoint runs it.
func (c *transferChain) transfer(i int) func(tx *ledger.Tx) (any, error) {
	from, to := c.accounts[i%len(c.accounts)], c.accounts[(i*7+1)%len(c.accounts)]
	if from == to {
		to = c.accounts[(i+1)%len(c.accounts)]
	}
	key := "k-" + strconv.Itoa(i)
	reqHash := sha256.Sum256([]byte(key))
	return func(tx *ledger.Tx) (any, error) {
		return idempotent(tx, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", key, reqHash, func() (any, error) {
			return native.Transfer(tx, "owner", c.asset, from, to, mustAmount(strconv.Itoa(1+i%100)), "")
		})
	}
}

// benchStore is a ledger store on disk with a view started and a genesis
// ledger secret, and a transfer chain whose next seqnos follow it: what
// the chain executes, the store can seal and apply.
type benchStore struct {
	s     *ledger.Store
	c     *transferChain
	index uint64
}

func newBenchStore(b *testing.B) *benchStore {
	p, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		b.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	s, err := ledger.Open(ledger.Options{Dir: b.TempDir(), Platform: p, NodeKey: key})
	if err != nil {
		b.Fatal(err)
	}
	bs := &benchStore{s: s, c: newTransferChain(b, 1, 1)}
	bs.apply(b, &ledger.Batch{Kind: ledger.BatchViewStart, NodeID: 1, Term: 1})
	bs.apply(b, bs.batch(b, []func(tx *ledger.Tx) (any, error){func(tx *ledger.Tx) (any, error) {
		return s.NextSecret(tx, []*ecdsa.PublicKey{&key.PublicKey}, "genesis")
	}}))
	return bs
}

func (bs *benchStore) apply(b *testing.B, bt *ledger.Batch) {
	bs.index++
	res, err := bs.s.Apply([]ledger.Entry{{Index: bs.index, Cmd: bt.Encode()}})
	if err != nil || !res[0].Applied {
		b.Fatal(err, res)
	}
}

// seal executes fn on the chain and seals its record as the leader does.
func (bs *benchStore) seal(b *testing.B, fn func(tx *ledger.Tx) (any, error)) ledger.ProposedTx {
	rec, reads, _ := bs.c.exec(fn)
	ptx, err := bs.s.SealTx(rec, reads)
	if err != nil {
		b.Fatal(err)
	}
	bs.c.state.Apply(rec)
	return ptx
}

func (bs *benchStore) batch(b *testing.B, fns []func(tx *ledger.Tx) (any, error)) *ledger.Batch {
	bt := &ledger.Batch{Kind: ledger.BatchTxs, View: 1, FirstSeqno: bs.c.seq + 1}
	for _, fn := range fns {
		bt.Txs = append(bt.Txs, bs.seal(b, fn))
	}
	return bt
}

// setup applies the asset and 1000 funded accounts.
func (bs *benchStore) setup(b *testing.B) {
	for setup := bs.c.setup(1000); len(setup) > 0; {
		n := min(len(setup), 500)
		bs.apply(b, bs.batch(b, setup[:n]))
		setup = setup[n:]
	}
}

// BenchmarkTransferExecute measures the leader's work for one transfer:
// idempotency check and record, the transfer itself, the write response
// and the record sealed under the ledger secret.
func BenchmarkTransferExecute(b *testing.B) {
	bs := newBenchStore(b)
	defer bs.s.Close()
	bs.setup(b)
	var bytes int
	i := 0
	for b.Loop() {
		ptx := bs.seal(b, bs.c.transfer(i))
		bytes += len(ptx.Record)
		i++
	}
	b.ReportMetric(float64(bytes)/float64(i), "record-B")
}

// BenchmarkTransferApply measures what every replica does for one
// transfer: Store.Apply of a batch of 64 executed transfers (decode,
// version checks, Merkle tree, ledger file, Badger commit).
func BenchmarkTransferApply(b *testing.B) {
	const perBatch = 64
	bs := newBenchStore(b)
	closed := false
	defer func() {
		if !closed {
			bs.s.Close()
		}
	}()
	bs.setup(b)
	// Execute every batch first: only applying them is measured.
	batches := make([]*ledger.Batch, b.N)
	next := 0
	for i := range batches {
		fns := make([]func(tx *ledger.Tx) (any, error), perBatch)
		for j := range fns {
			fns[j] = bs.c.transfer(next)
			next++
		}
		batches[i] = bs.batch(b, fns)
	}
	b.ResetTimer()
	cpu := processCPU()
	for _, bt := range batches {
		bs.apply(b, bt)
	}
	// Let Badger finish flushing what this run wrote, so its CPU counts.
	closed = true
	if err := bs.s.Close(); err != nil {
		b.Fatal(err)
	}
	cpu = processCPU() - cpu
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*perBatch), "cpu-ns/transfer")
}

func mustAmount(s string) *uint256.Int {
	v, err := native.ParseAmount("amount", s)
	if err != nil {
		panic(err)
	}
	return v
}
