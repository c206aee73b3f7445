package ledger

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/cocorelay/coco/ledger/merkle"
)

// Options configure a Store.
type Options struct {
	// Dir holds the store: Dir/state is the Badger database, Dir/ledger the
	// ledger files.
	Dir    string
	Logger *slog.Logger
	// SegmentSize is the size after which a new ledger file is started.
	SegmentSize int64
	// MemTableSize and BlockCacheSize size Badger's memory.
	MemTableSize   int64
	BlockCacheSize int64
}

func (o *Options) ensureDefaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.SegmentSize == 0 {
		o.SegmentSize = 64 << 20
	}
	if o.MemTableSize == 0 {
		o.MemTableSize = 32 << 20
	}
	if o.BlockCacheSize == 0 {
		o.BlockCacheSize = 32 << 20
	}
}

// Validate reports every problem with the options.
func (o *Options) Validate() error {
	var errs []error
	if o.Dir == "" {
		errs = append(errs, errors.New("ledger: dir: must be set"))
	}
	if o.SegmentSize < 4<<10 {
		errs = append(errs, fmt.Errorf("ledger: segment size: %d is below 4 KiB", o.SegmentSize))
	}
	if o.MemTableSize < 1<<20 {
		errs = append(errs, fmt.Errorf("ledger: memtable size: %d is below 1 MiB", o.MemTableSize))
	}
	if o.BlockCacheSize < 0 {
		errs = append(errs, fmt.Errorf("ledger: block cache size: %d is negative", o.BlockCacheSize))
	}
	return errors.Join(errs...)
}

// Committed describes the committed end of the ledger.
type Committed struct {
	ID            TxID   // last transaction, zero for an empty ledger
	FirstSeqno    uint64 // first seqno whose record this node's ledger files hold
	RaftIndex     uint64
	View          ViewInfo
	LastSignature TxID
}

// Store is one node's ledger: the records in ledger files and the table
// state, index and Merkle tree in Badger. Apply, Sync and the snapshot
// methods are called from one goroutine (the Raft state machine); reads are
// safe from any goroutine.
type Store struct {
	opts Options
	log  *slog.Logger
	db   *badger.DB
	seg  *segments

	// Owned by the apply goroutine.
	meta     meta
	frontier merkle.Frontier
	certs    map[[32]byte]*ecdsa.PublicKey

	mu struct {
		sync.Mutex
		committed Committed
		changed   chan struct{}
	}
}

// Open opens or creates the store in opts.Dir.
func Open(opts Options) (*Store, error) {
	opts.ensureDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	bo := badger.DefaultOptions(filepath.Join(opts.Dir, "state")).
		WithLogger(badgerLogger{opts.Logger}).
		WithSyncWrites(false).
		WithDetectConflicts(false).
		WithMemTableSize(opts.MemTableSize).
		WithBlockCacheSize(opts.BlockCacheSize).
		WithNumCompactors(2).
		WithNumMemtables(3).
		WithCompression(options.None).
		WithMetricsEnabled(false)
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open state: %w", err)
	}
	s := &Store{opts: opts, log: opts.Logger, db: db, certs: map[[32]byte]*ecdsa.PublicKey{}}
	if err := s.load(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) load() error {
	m := meta{FirstSeqno: 1, Segment: 1}
	err := s.db.View(func(txn *badger.Txn) error {
		it, err := txn.Get(keyMeta)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error {
			m, err = decodeMeta(v)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("read metadata: %w", err)
	}
	seg, err := openSegments(filepath.Join(s.opts.Dir, "ledger"), m, s.opts.SegmentSize)
	if err != nil {
		return fmt.Errorf("open ledger files: %w", err)
	}
	s.seg = seg
	s.meta = m
	if err := s.db.View(func(txn *badger.Txn) error {
		s.frontier, err = merkle.FrontierAt(nodeReader{txn}, m.LastSeqno)
		return err
	}); err != nil {
		seg.close()
		return fmt.Errorf("%w: rebuild Merkle tree at seqno %d: %v", ErrCorrupt, m.LastSeqno, err)
	}
	s.publish()
	return nil
}

// Close closes the store. It does not sync; see Sync.
func (s *Store) Close() error {
	return errors.Join(s.seg.close(), s.db.Close())
}

// Sync makes everything applied so far durable.
func (s *Store) Sync() error {
	if err := s.seg.cur.Sync(); err != nil {
		return err
	}
	return s.db.Sync()
}

// LastApplied returns the last Raft index applied.
func (s *Store) LastApplied() uint64 { return s.Committed().RaftIndex }

func (s *Store) publish() {
	m := s.meta
	c := Committed{
		ID:         TxID{Seqno: m.LastSeqno},
		FirstSeqno: m.FirstSeqno,
		RaftIndex:  m.RaftIndex,
		View:       ViewInfo{View: m.View, Leader: m.ViewLeader, Term: m.ViewTerm, StartSeqno: m.ViewStartSeqno},
	}
	if m.LastSeqno > 0 {
		c.ID.View = s.viewOf(m.LastSeqno)
	}
	if m.LastSignature > 0 {
		c.LastSignature = TxID{View: s.viewOf(m.LastSignature), Seqno: m.LastSignature}
	}
	s.mu.Lock()
	s.mu.committed = c
	if s.mu.changed != nil {
		close(s.mu.changed)
		s.mu.changed = nil
	}
	s.mu.Unlock()
}

// viewOf returns the view of a committed seqno (0 if unknown).
func (s *Store) viewOf(seqno uint64) uint64 {
	e, err := s.index(seqno)
	if err != nil {
		return 0
	}
	return e.leaf.ID.View
}

// Committed returns the committed end of the ledger.
func (s *Store) Committed() Committed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.committed
}

// Changed returns a channel closed at the next commit.
func (s *Store) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.changed == nil {
		s.mu.changed = make(chan struct{})
	}
	return s.mu.changed
}

// WaitSeqno blocks until seqno is committed or ctx ends.
func (s *Store) WaitSeqno(ctx context.Context, seqno uint64) (Committed, error) {
	for {
		ch := s.Changed()
		if c := s.Committed(); c.ID.Seqno >= seqno {
			return c, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return s.Committed(), ctx.Err()
		}
	}
}

// Get reads committed table state. It implements Reader.
func (s *Store) Get(table string, key []byte) ([]byte, uint64, bool, error) {
	var r row
	var found bool
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		r, found, err = getRow(txn, table, key)
		return err
	})
	if err != nil || !found || r.deleted {
		return nil, r.version, false, err
	}
	return r.value, r.version, true, nil
}

func getRow(txn *badger.Txn, table string, key []byte) (row, bool, error) {
	it, err := txn.Get(stateKey(table, key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return row{}, false, nil
	}
	if err != nil {
		return row{}, false, err
	}
	v, err := it.ValueCopy(nil)
	if err != nil {
		return row{}, false, err
	}
	r, err := decodeRow(v)
	return r, err == nil, err
}

// KV is one live row returned by Scan.
type KV struct {
	Key     []byte
	Value   []byte
	Version uint64
}

// Scan returns up to limit live rows of table whose keys start with prefix
// and sort after after (nil: from the start), in key order.
func (s *Store) Scan(table string, prefix, after []byte, limit int) ([]KV, error) {
	var out []KV
	base := stateKey(table, nil)
	start := stateKey(table, prefix)
	if after != nil {
		start = append(stateKey(table, after), 0)
	}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: stateKey(table, prefix)})
		defer it.Close()
		for it.Seek(start); it.Valid() && len(out) < limit; it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			r, err := decodeRow(v)
			if err != nil {
				return err
			}
			if r.deleted {
				continue
			}
			out = append(out, KV{Key: append([]byte(nil), it.Item().Key()[len(base):]...), Value: r.value, Version: r.version})
		}
		return nil
	})
	return out, err
}

func (s *Store) index(seqno uint64) (indexEntry, error) {
	var e indexEntry
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		e, err = getIndex(txn, seqno)
		return err
	})
	return e, err
}

// ErrUnknownTx is returned for a transaction this node does not hold.
var ErrUnknownTx = errors.New("transaction is not committed on this node")

func getIndex(txn *badger.Txn, seqno uint64) (indexEntry, error) {
	it, err := txn.Get(seqKey(prefixIndex, seqno))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return indexEntry{}, fmt.Errorf("seqno %d: %w", seqno, ErrUnknownTx)
	}
	if err != nil {
		return indexEntry{}, err
	}
	var e indexEntry
	err = it.Value(func(v []byte) error {
		e, err = decodeIndexEntry(seqno, v)
		return err
	})
	return e, err
}

// nodeReader reads Merkle nodes inside a Badger transaction.
type nodeReader struct{ txn *badger.Txn }

func (r nodeReader) Node(level uint8, index uint64) (merkle.Hash, error) {
	var h merkle.Hash
	it, err := r.txn.Get(merkleKey(level, index))
	if err != nil {
		return h, fmt.Errorf("merkle node %d/%d: %w", level, index, err)
	}
	err = it.Value(func(v []byte) error {
		if len(v) != merkle.HashSize {
			return fmt.Errorf("%w: merkle node %d/%d has %d bytes", ErrCorrupt, level, index, len(v))
		}
		copy(h[:], v)
		return nil
	})
	return h, err
}

// FrontierAt returns the Merkle frontier of the first seqno transactions.
func (s *Store) FrontierAt(seqno uint64) (merkle.Frontier, error) {
	var f merkle.Frontier
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		f, err = merkle.FrontierAt(nodeReader{txn}, seqno)
		return err
	})
	return f, err
}

// Record returns the stored record of a committed transaction.
func (s *Store) Record(id TxID) (*Record, error) {
	e, err := s.index(id.Seqno)
	if err != nil {
		return nil, err
	}
	if e.leaf.ID != id {
		return nil, fmt.Errorf("%s: %w (seqno %d holds %s)", id, ErrUnknownTx, id.Seqno, e.leaf.ID)
	}
	if id.Seqno < s.Committed().FirstSeqno {
		return nil, fmt.Errorf("%s: record is older than this node's ledger files (it joined from a snapshot)", id)
	}
	b, err := s.seg.read(position{segment: e.segment, offset: e.offset, length: e.length})
	if err != nil {
		return nil, fmt.Errorf("%s: record not held on this node: %w", id, err)
	}
	return DecodeRecord(b)
}

// Status is what this node knows about a transaction id.
type Status string

const (
	StatusUnknown   Status = "unknown"
	StatusPending   Status = "pending"
	StatusCommitted Status = "committed"
	StatusInvalid   Status = "invalid"
)

// Status returns committed, invalid or unknown for id as far as committed
// state tells; only the leader's executor can say pending.
func (s *Store) Status(id TxID) Status {
	c := s.Committed()
	if id.Seqno <= c.ID.Seqno {
		e, err := s.index(id.Seqno)
		if err != nil {
			return StatusUnknown
		}
		if e.leaf.ID.View == id.View {
			return StatusCommitted
		}
		return StatusInvalid
	}
	if id.View < c.View.View {
		// A newer view has started: nothing of an older view can still
		// commit after the committed end.
		return StatusInvalid
	}
	return StatusUnknown
}

// badgerLogger sends Badger's log to slog; its info chatter goes to debug.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	b.l.Error(fmt.Sprintf(f, a...), "component", "badger")
}
func (b badgerLogger) Warningf(f string, a ...any) {
	b.l.Warn(fmt.Sprintf(f, a...), "component", "badger")
}
func (b badgerLogger) Infof(f string, a ...any) {
	b.l.Debug(fmt.Sprintf(f, a...), "component", "badger")
}
func (b badgerLogger) Debugf(f string, a ...any) {
	b.l.Debug(fmt.Sprintf(f, a...), "component", "badger")
}
