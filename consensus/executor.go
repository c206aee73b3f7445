package consensus

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
)

// Func is a transaction: it reads and writes through tx and returns a value
// for the caller. It runs on the leader's executor goroutine, so it must be
// quick and must not block on I/O other than tx. It may read the clock or
// randomness. It may run more than once (after a leadership change) but at
// most one run commits.
type Func func(tx *ledger.Tx) (any, error)

// Outcome is what Execute returns for a transaction.
type Outcome struct {
	// ID is the transaction's id, zero if it wrote nothing.
	ID    ledger.TxID
	Value any
}

// Errors Execute returns.
var (
	// ErrNotLeader: this node does not lead; send the request to the leader.
	ErrNotLeader = errors.New("consensus: this node is not the leader")
	// ErrUnknownOutcome: the transaction was proposed but its fate could not
	// be settled in time; it may or may not have committed.
	ErrUnknownOutcome = errors.New("consensus: transaction outcome unknown; retry with the same idempotency key")
	// ErrNotCommitted: the transaction could not be committed (its batches
	// kept failing); it did not commit.
	ErrNotCommitted = errors.New("consensus: transaction not committed")
	// ErrClosed: the executor has stopped.
	ErrClosed = errors.New("consensus: executor closed")
)

// Identity is what the leader signs roots with.
type Identity struct {
	Signer   crypto.Signer
	NodeCert []byte // DER, endorsed by the service
}

// Executor runs transactions on the leader. Create one per Node.
type Executor struct {
	cfg   ExecutorConfig
	node  *Node
	store *ledger.Store
	log   *slog.Logger

	reqs    chan *request
	results chan result
	stop    chan struct{}
	wg      sync.WaitGroup

	identity atomic.Pointer[Identity]
	pending  atomic.Pointer[pendingRange]

	s execState // owned by the run goroutine
}

// pendingRange is the span of ids the leader has executed but not yet seen
// commit: Status reports them as pending.
type pendingRange struct {
	view, first, last uint64
}

type request struct {
	ctx      context.Context
	fn       Func
	done     chan outcome
	attempts int
	id       ledger.TxID
	value    any
}

type outcome struct {
	Outcome
	err error
}

func (r *request) reply(o Outcome, err error) {
	select {
	case r.done <- outcome{Outcome: o, err: err}:
	default:
		panic("consensus: request answered twice")
	}
}

// batch is a set of transactions proposed as one Raft entry.
type batch struct {
	view, first uint64
	txs         []ledger.ProposedTx
	reqs        []*request // per transaction; nil for signatures
	readers     []*request // read-only requests waiting for this batch
	keys        []string   // overlay keys written
	bytes       int
	opened      time.Time // when its first transaction was added
	failedAt    time.Time // when it went to limbo
}

func (b *batch) last() uint64 { return b.first + uint64(len(b.txs)) - 1 }

type result struct {
	b         *batch // nil for a view start
	viewStart *viewStart
	res       ledger.Result
	err       error
}

type viewStart struct{ term uint64 }

type overlayEntry struct {
	value   []byte
	deleted bool
	seqno   uint64
}

type execState struct {
	leading  bool
	starting *viewStart
	term     uint64
	view     uint64
	next     uint64
	overlay  map[string]overlayEntry
	spec     merkle.Frontier
	cur      *batch
	inflight []*batch
	limbo    []*batch
	queue    []*request
	// waitSecret are requests that read or write private tables, executed
	// while a ledger secret change was executed but not committed: they
	// run again once it commits (see accept).
	waitSecret []*request
	sinceSig   int
	lastSig    time.Time
	retryAt    time.Time
	keyBuf     []byte // scratch overlay key
}

// NewExecutor creates the executor of node. Call Run to start it.
func NewExecutor(node *Node, cfg ExecutorConfig) (*Executor, error) {
	cfg.ensureDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	e := &Executor{
		cfg:     cfg,
		node:    node,
		store:   node.store,
		log:     cfg.Logger,
		reqs:    make(chan *request, 1024),
		results: make(chan result, 64),
		stop:    make(chan struct{}),
	}
	e.pending.Store(&pendingRange{})
	e.wg.Add(1)
	go e.run()
	return e, nil
}

// SetIdentity sets what the leader signs roots with. Until it is set, and
// until the ledger holds the service certificate, no signatures are made.
func (e *Executor) SetIdentity(id Identity) { e.identity.Store(&id) }

// Close stops the executor; waiting callers get ErrClosed.
func (e *Executor) Close() {
	select {
	case <-e.stop:
	default:
		close(e.stop)
	}
	e.wg.Wait()
}

// Execute runs fn as a transaction on this node, which must lead. It
// returns once the transaction committed (or, if it wrote nothing, once what
// it read committed), with its id and fn's value. fn's error is returned as
// is and nothing is written.
func (e *Executor) Execute(ctx context.Context, fn Func) (Outcome, error) {
	r := &request{ctx: ctx, fn: fn, done: make(chan outcome, 1)}
	select {
	case e.reqs <- r:
	case <-ctx.Done():
		return Outcome{}, ctx.Err()
	case <-e.stop:
		return Outcome{}, ErrClosed
	}
	select {
	case o := <-r.done:
		return o.Outcome, o.err
	case <-ctx.Done():
		// The transaction may still commit; the caller retries with its
		// idempotency key to learn the outcome.
		return Outcome{}, fmt.Errorf("%w: %v", ErrUnknownOutcome, ctx.Err())
	case <-e.stop:
		return Outcome{}, ErrClosed
	}
}

// Status returns what this node knows about id, including pending ids the
// leader has executed but not yet seen commit.
func (e *Executor) Status(id ledger.TxID) ledger.Status {
	st := e.store.Status(id)
	if st == ledger.StatusUnknown {
		if p := e.pending.Load(); p.view == id.View && id.Seqno >= p.first && id.Seqno <= p.last {
			return ledger.StatusPending
		}
	}
	return st
}

func (e *Executor) run() {
	defer e.wg.Done()
	tick := time.NewTicker(e.cfg.SignInterval / 4)
	defer tick.Stop()
	for {
		e.checkLeadership()
		e.flush()
		e.drainQueue()
		reqs := e.reqs
		if e.full() {
			reqs = nil // back-pressure: a full batch waits for a slot
		}
		var committed <-chan struct{}
		if len(e.s.limbo) > 0 {
			committed = e.store.Changed()
		}
		select {
		case r := <-reqs:
			e.accept(r)
			e.acceptWaiting() // group commit: take what else is waiting before proposing
		case res := <-e.results:
			e.onResult(res)
		case <-e.lingerC():
		case <-e.node.LeaderChanged():
		case <-committed:
			e.settleLimbo()
		case <-tick.C:
			e.maybeSign()
			e.settleLimbo()
		case <-e.stop:
			e.shutdown()
			return
		}
	}
}

// acceptWaiting executes requests already sent, without blocking.
func (e *Executor) acceptWaiting() {
	for i := 0; i < e.cfg.MaxBatchTxs && !e.full(); i++ {
		select {
		case r := <-e.reqs:
			e.accept(r)
		default:
			return
		}
	}
}

// drainQueue executes queued requests while this node leads and there is room.
func (e *Executor) drainQueue() {
	s := &e.s
	if len(s.waitSecret) > 0 && !e.secretChangePending() {
		s.queue = append(s.waitSecret, s.queue...)
		s.waitSecret = nil
	}
	for s.leading && len(s.queue) > 0 && !e.full() {
		r := s.queue[0]
		s.queue = s.queue[1:]
		e.accept(r)
		e.flush()
	}
}

func (e *Executor) full() bool {
	s := &e.s
	return s.cur != nil && len(s.inflight) >= e.cfg.MaxInflight && e.batchFull(s.cur)
}

func (e *Executor) batchFull(b *batch) bool {
	return len(b.txs) >= e.cfg.MaxBatchTxs || b.bytes >= e.cfg.MaxBatchBytes
}

// lingerC fires when the open batch has gathered long enough.
func (e *Executor) lingerC() <-chan time.Time {
	s := &e.s
	if !s.leading || s.cur == nil || len(s.inflight) == 0 || len(s.inflight) >= e.cfg.MaxInflight {
		return nil
	}
	return time.After(e.cfg.Linger - time.Since(s.cur.opened))
}

// checkLeadership starts a view when this node leads in a new term, and
// gives up the current one when it no longer leads.
func (e *Executor) checkLeadership() {
	s := &e.s
	id, term, ok := e.node.Leader()
	if !ok || id != e.node.ID() {
		if s.leading || s.starting != nil {
			e.log.Info("leadership lost", "view", s.view)
			e.abandon()
			s.starting = nil
		}
		for _, r := range s.queue {
			r.reply(Outcome{}, ErrNotLeader)
		}
		s.queue = nil
		return
	}
	if (s.leading && s.term == term) || (s.starting != nil && s.starting.term == term) {
		return
	}
	if s.leading {
		e.abandon()
	}
	if time.Now().Before(s.retryAt) {
		return
	}
	e.startView(term)
}

func (e *Executor) startView(term uint64) {
	vs := &viewStart{term: term}
	e.s.starting = vs
	cmd := (&ledger.Batch{Kind: ledger.BatchViewStart, NodeID: e.node.ID(), Term: term}).Encode()
	p, err := e.node.propose(cmd, e.cfg.ProposalTimeout)
	if err != nil {
		e.log.Warn("view start not proposed", "term", term, "err", err)
		e.s.starting = nil
		e.s.retryAt = time.Now().Add(50 * time.Millisecond)
		return
	}
	e.await(p, result{viewStart: vs})
}

// await collects a proposal's outcome on its own goroutine.
func (e *Executor) await(p *proposal, r result) {
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		r.res, r.err = p.wait(e.stop)
		select {
		case e.results <- r:
		case <-e.stop:
		}
	}()
}

func (e *Executor) onResult(r result) {
	if r.viewStart != nil {
		e.onViewStart(r)
		return
	}
	s := &e.s
	b := r.b
	for i, ib := range s.inflight {
		if ib != b {
			continue
		}
		// Raft applies batches in order, but their outcomes may arrive out
		// of order: an earlier batch's answer can still be on its way.
		s.inflight = append(s.inflight[:i], s.inflight[i+1:]...)
		if r.err == nil && r.res.Applied {
			e.committed(b, r.res)
			return
		}
		e.log.Warn("batch failed; starting a new view", "view", b.view, "first", b.first, "reason", r.res.Reason, "err", r.err)
		e.abandon()
		if r.err == nil {
			// Rejected: it never applied, so it can run again.
			e.retry(b)
		} else {
			b.failedAt = time.Now()
			s.limbo = append(s.limbo, b)
		}
		return
	}
	// A batch of an abandoned view.
	for i, lb := range s.limbo {
		if lb != b {
			continue
		}
		switch {
		case r.err == nil && r.res.Applied:
			s.limbo = append(s.limbo[:i], s.limbo[i+1:]...)
			e.committed(b, r.res)
		case r.err == nil:
			s.limbo = append(s.limbo[:i], s.limbo[i+1:]...)
			e.retry(b)
		}
		return
	}
}

func (e *Executor) onViewStart(r result) {
	s := &e.s
	if s.starting != r.viewStart {
		return // superseded
	}
	s.starting = nil
	if r.err != nil || !r.res.Applied {
		e.log.Warn("view start failed", "term", r.viewStart.term, "reason", r.res.Reason, "err", r.err)
		s.retryAt = time.Now().Add(50 * time.Millisecond)
		return
	}
	id, term, ok := e.node.Leader()
	if !ok || id != e.node.ID() || term != r.viewStart.term {
		return
	}
	at := r.res.First
	spec, err := e.store.FrontierAt(at.Seqno)
	if err != nil {
		e.log.Error("read the Merkle tree for a new view", "err", err)
		s.retryAt = time.Now().Add(time.Second)
		return
	}
	s.leading, s.term, s.view, s.next = true, term, at.View, at.Seqno+1
	s.overlay = map[string]overlayEntry{}
	s.spec = spec
	s.sinceSig, s.lastSig = 1, time.Now() // the view start itself wants signing
	e.publishPending()
	e.log.Info("leading", "view", at.View, "term", term, "seqno", at.Seqno)
	// Everything of older views is settled now: what committed came before
	// this view start, the rest never will.
	e.settleLimbo()
}

// abandon leaves the current view: in-flight batches wait in limbo for
// their fate, the unproposed batch runs again later.
func (e *Executor) abandon() {
	s := &e.s
	now := time.Now()
	for _, b := range s.inflight {
		b.failedAt = now
		s.limbo = append(s.limbo, b)
	}
	s.inflight = nil
	if s.cur != nil {
		cur := s.cur
		s.cur = nil
		e.retry(cur)
	}
	s.leading = false
	s.overlay = nil
	s.spec = merkle.Frontier{}
	e.publishPending()
}

// retry sends a batch that never applied back to be executed again.
func (e *Executor) retry(b *batch) {
	for _, r := range append(b.reqs, b.readers...) {
		if r == nil {
			continue
		}
		r.attempts++
		if r.attempts > 5 {
			r.reply(Outcome{}, fmt.Errorf("%w: gave up after %d attempts", ErrNotCommitted, r.attempts))
			continue
		}
		e.s.queue = append(e.s.queue, r)
	}
}

// settleLimbo answers or retries the batches of abandoned views whose fate
// the committed ledger now tells.
func (e *Executor) settleLimbo() {
	s := &e.s
	if len(s.limbo) == 0 {
		return
	}
	keep := s.limbo[:0]
	for _, b := range s.limbo {
		first := ledger.TxID{View: b.view, Seqno: b.first}
		switch e.store.Status(first) {
		case ledger.StatusCommitted:
			e.committed(b, ledger.Result{Applied: true, First: first, Last: ledger.TxID{View: b.view, Seqno: b.last()}})
		case ledger.StatusInvalid:
			e.retry(b)
		default:
			// No later view has started yet: wait for one, for a while.
			if time.Since(b.failedAt) < e.cfg.SettleTimeout {
				keep = append(keep, b)
				continue
			}
			for _, r := range append(b.reqs, b.readers...) {
				if r != nil {
					r.reply(Outcome{}, ErrUnknownOutcome)
				}
			}
		}
	}
	s.limbo = keep
}

// committed answers everyone waiting on an applied batch.
func (e *Executor) committed(b *batch, res ledger.Result) {
	s := &e.s
	for i, r := range b.reqs {
		if r != nil {
			r.reply(Outcome{ID: ledger.TxID{View: b.view, Seqno: b.first + uint64(i)}, Value: r.value}, nil)
		}
	}
	for _, r := range b.readers {
		r.reply(Outcome{Value: r.value}, nil)
	}
	if s.overlay != nil && b.view == s.view {
		last := b.last()
		for _, k := range b.keys {
			if o, ok := s.overlay[k]; ok && o.seqno <= last {
				delete(s.overlay, k)
			}
		}
	}
	e.publishPending()
}

// accept executes a request now, or queues it until this node leads.
func (e *Executor) accept(r *request) {
	s := &e.s
	if err := r.ctx.Err(); err != nil {
		r.reply(Outcome{}, err)
		return
	}
	if !s.leading {
		if s.starting != nil || len(s.limbo) > 0 {
			s.queue = append(s.queue, r)
			return
		}
		r.reply(Outcome{}, ErrNotLeader)
		return
	}
	id := ledger.TxID{View: s.view, Seqno: s.next}
	tx := ledger.NewTx(id, e.cfg.Now(), overlayReader{e})
	value, err := r.fn(tx)
	if err != nil {
		r.reply(Outcome{}, err)
		return
	}
	r.value = value
	if tx.Empty() {
		e.readOnly(r, tx)
		return
	}
	rec, reads, err := tx.Finish()
	if err != nil {
		r.reply(Outcome{}, err)
		return
	}
	// Private writes and reads leave the leader only sealed under the
	// ledger secret (they enter the Raft log, snapshots and the wire so).
	// While a change of the secret is executed but not committed, the
	// secret SealTx would use is the one the change retires (a removed
	// node holds it): such a transaction runs again once the change
	// commits. (Its writes were never recorded, so nothing is undone; the
	// ledger refuses private data sealed under a retired secret anyway.)
	if e.secretChangePending() && touchesPrivate(rec, reads) {
		s.waitSecret = append(s.waitSecret, r)
		return
	}
	ptx, err := e.store.SealTx(rec, reads)
	if err != nil {
		r.reply(Outcome{}, err)
		return
	}
	enc := ptx.Record
	size := len(enc) + len(ptx.SealedReads)
	if size > e.cfg.MaxBatchBytes {
		r.reply(Outcome{}, fmt.Errorf("transaction of %d bytes exceeds the batch limit of %d", size, e.cfg.MaxBatchBytes))
		return
	}
	if s.cur != nil && (len(s.cur.txs) >= e.cfg.MaxBatchTxs || s.cur.bytes+size > e.cfg.MaxBatchBytes) {
		e.flush()
		if s.cur != nil {
			// Every proposal slot is taken: run it again when one frees.
			// (Its writes were never recorded, so nothing is undone.)
			s.queue = append(s.queue, r)
			return
		}
	}
	e.add(ptx, rec, r)
	if s.sinceSig >= e.cfg.SignEvery {
		e.sign()
	}
}

// add appends an executed transaction to the open batch.
func (e *Executor) add(ptx ledger.ProposedTx, rec *ledger.Record, r *request) {
	s := &e.s
	if s.cur == nil {
		s.cur = &batch{view: s.view, first: s.next, opened: time.Now()}
	}
	b := s.cur
	b.txs = append(b.txs, ptx)
	b.reqs = append(b.reqs, r)
	b.bytes += len(ptx.Record) + len(ptx.SealedReads)
	for _, w := range rec.Writes {
		k := overlayKey(w.Table, w.Key)
		s.overlay[k] = overlayEntry{value: w.Value, deleted: w.Delete, seqno: rec.ID.Seqno}
		b.keys = append(b.keys, k)
	}
	s.spec.Append(receipt.LeafOf(rec.ID, ptx.Record, rec.Claims).Hash())
	s.next++
	s.sinceSig++
	e.publishPending()
}

// readOnly answers a transaction that wrote nothing once what it read has
// committed.
func (e *Executor) readOnly(r *request, tx *ledger.Tx) {
	s := &e.s
	var max uint64
	for _, rd := range tx.Reads() {
		if rd.Version > max {
			max = rd.Version
		}
	}
	if max <= e.store.Committed().ID.Seqno {
		r.reply(Outcome{Value: r.value}, nil)
		return
	}
	if s.cur != nil && max >= s.cur.first {
		s.cur.readers = append(s.cur.readers, r)
		return
	}
	for _, b := range s.inflight {
		if max <= b.last() {
			b.readers = append(b.readers, r)
			return
		}
	}
	r.reply(Outcome{Value: r.value}, nil)
}

// maybeSign appends a signature when transactions have waited long enough.
func (e *Executor) maybeSign() {
	s := &e.s
	if s.leading && s.sinceSig > 0 && time.Since(s.lastSig) >= e.cfg.SignInterval {
		e.sign()
	}
}

func (e *Executor) sign() {
	s := &e.s
	idn := e.identity.Load()
	if idn == nil {
		return
	}
	if svc, err := e.store.ServiceCert(); err != nil || svc == nil {
		return // no genesis yet: nothing can check a signature
	}
	if s.cur != nil && (len(s.cur.txs) >= e.cfg.MaxBatchTxs || s.cur.bytes >= e.cfg.MaxBatchBytes) {
		return // the next batch signs
	}
	id := ledger.TxID{View: s.view, Seqno: s.next}
	rec, err := ledger.SignatureRecord(idn.Signer, e.node.ID(), idn.NodeCert, id, s.spec.Root())
	if err != nil {
		e.log.Error("sign the ledger root", "err", err)
		return
	}
	e.add(ledger.ProposedTx{Record: rec.Encode()}, rec, nil)
	s.sinceSig, s.lastSig = 0, time.Now()
}

// flush proposes the open batch when a proposal slot is free and either
// nothing is in flight, the batch is full, or it has gathered for Linger.
func (e *Executor) flush() {
	s := &e.s
	if !s.leading || s.cur == nil || len(s.inflight) >= e.cfg.MaxInflight {
		return
	}
	if len(s.inflight) > 0 && !e.batchFull(s.cur) && time.Since(s.cur.opened) < e.cfg.Linger {
		return
	}
	b := s.cur
	s.cur = nil
	cmd := (&ledger.Batch{Kind: ledger.BatchTxs, View: b.view, FirstSeqno: b.first, Txs: b.txs}).Encode()
	p, err := e.node.propose(cmd, e.cfg.ProposalTimeout)
	if err != nil {
		// It never entered the log: run its transactions again in a new view.
		e.log.Warn("batch not proposed; starting a new view", "err", err)
		e.abandon()
		e.retry(b)
		return
	}
	s.inflight = append(s.inflight, b)
	e.await(p, result{b: b})
}

func (e *Executor) publishPending() {
	s := &e.s
	p := &pendingRange{}
	if s.leading && s.next > 0 {
		p.view, p.last = s.view, s.next-1
		p.first = e.store.Committed().ID.Seqno + 1
	}
	e.pending.Store(p)
}

func (e *Executor) shutdown() {
	s := &e.s
	var all []*request
	collect := func(bs []*batch) {
		for _, b := range bs {
			all = append(all, b.reqs...)
			all = append(all, b.readers...)
		}
	}
	collect(s.inflight)
	collect(s.limbo)
	if s.cur != nil {
		collect([]*batch{s.cur})
	}
	all = append(all, s.queue...)
	all = append(all, s.waitSecret...)
	for _, r := range all {
		if r != nil {
			r.reply(Outcome{}, ErrClosed)
		}
	}
	for {
		select {
		case r := <-e.reqs:
			r.reply(Outcome{}, ErrClosed)
		default:
			return
		}
	}
}

func overlayKey(table string, key []byte) string { return table + "\x00" + string(key) }

func appendOverlayKey(b []byte, table string, key []byte) []byte {
	b = append(b, table...)
	b = append(b, 0)
	return append(b, key...)
}

// overlayReader reads committed state under the leader's in-flight writes.
type overlayReader struct{ e *Executor }

func (o overlayReader) Get(table string, key []byte) ([]byte, uint64, bool, error) {
	s := &o.e.s
	s.keyBuf = appendOverlayKey(s.keyBuf[:0], table, key) // looked up without allocating
	if ent, ok := s.overlay[string(s.keyBuf)]; ok {
		if ent.deleted {
			return nil, ent.seqno, false, nil
		}
		return ent.value, ent.seqno, true, nil
	}
	return o.e.store.Get(table, key)
}

// secretChangePending reports whether a transaction this leader executed
// but has not seen commit changes the ledger secret.
func (e *Executor) secretChangePending() bool {
	_, ok := e.s.overlay[overlayKey(ledger.TableSecrets, ledger.LatestSecretKey)]
	return ok
}

// touchesPrivate reports whether a transaction writes or reads a private
// table.
func touchesPrivate(rec *ledger.Record, reads []ledger.Read) bool {
	for _, w := range rec.Writes {
		if !ledger.IsPublic(w.Table) {
			return true
		}
	}
	for _, r := range reads {
		if !ledger.IsPublic(r.Table) {
			return true
		}
	}
	return false
}
