package ledger

import (
	"context"
	"crypto/cipher"
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/cocorelay/coco/enclave"
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
	// RowCacheSize bounds the in-memory cache of committed rows (bytes);
	// negative disables it.
	RowCacheSize int64
	// IndexCacheSize bounds Badger's cache of (decrypted) table indexes.
	IndexCacheSize int64
	// Platform seals, in Dir/keys, the key Badger encrypts the state
	// with and the ledger secrets this node holds (required).
	Platform enclave.Platform
	// NodeKey is this node's attested key: it opens the copies of new
	// ledger secrets sealed to this node. Without it the store learns
	// secrets only through AddSecrets and ImportSecrets.
	NodeKey *ecdsa.PrivateKey
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
	if o.RowCacheSize == 0 {
		o.RowCacheSize = 128 << 20
	}
	if o.IndexCacheSize == 0 {
		o.IndexCacheSize = 16 << 20
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
	if o.IndexCacheSize < 1<<20 {
		errs = append(errs, fmt.Errorf("ledger: index cache size: %d is below 1 MiB", o.IndexCacheSize))
	}
	if o.Platform == nil {
		errs = append(errs, errors.New("ledger: platform: must be set (it seals the state key and the ledger secrets)"))
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
	opts  Options
	log   *slog.Logger
	db    *badger.DB
	seg   *segments
	cache *rowCache
	keys  *keyring
	local cipher.AEAD // node-local files (atrest.go)
	// lockedOut is set (to an error wrapping ErrSecretNotHeld) once an
	// entry needs a ledger secret this node does not hold: it applies
	// nothing more. See Apply.
	lockedOut atomic.Pointer[error]
	// readTs is the Badger version reads see: the last applied Raft index.
	// The database runs in managed mode, every commit at the Raft index it
	// brings the state to, so reads never wait for commits in progress.
	readTs atomic.Uint64

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
	atRestKey, err := loadStateKey(opts.Platform, opts.Dir)
	if err != nil {
		return nil, err
	}
	keys, err := newKeyring(opts.Platform, filepath.Join(opts.Dir, "keys", "ledger_secrets"), opts.NodeKey)
	if err != nil {
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
		WithEncryptionKey(atRestKey).
		WithIndexCacheSize(opts.IndexCacheSize).
		WithMetricsEnabled(false)
	db, err := badger.OpenManaged(bo)
	if err != nil {
		return nil, fmt.Errorf("open state: %w", err)
	}
	local, err := localAEAD(atRestKey)
	if err != nil {
		db.Close()
		return nil, err
	}
	s := &Store{opts: opts, log: opts.Logger, db: db, keys: keys, local: local, certs: map[[32]byte]*ecdsa.PublicKey{}, cache: newRowCache(opts.RowCacheSize)}
	if err := s.load(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) load() error {
	m := meta{FirstSeqno: 1, Segment: 1}
	var version uint64
	err := s.viewAt(math.MaxUint64, func(txn *badger.Txn) error {
		it, err := txn.Get(keyMeta)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		// Metadata is written in every commit: its version is the last.
		version = it.Version()
		return it.Value(func(v []byte) error {
			m, err = decodeMeta(v)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("read metadata: %w", err)
	}
	s.readTs.Store(version)
	dir := filepath.Join(s.opts.Dir, "ledger")
	if err := s.repairTail(dir, m); err != nil {
		return fmt.Errorf("repair ledger files: %w", err)
	}
	seg, err := openSegments(dir, m, s.opts.SegmentSize)
	if err != nil {
		return fmt.Errorf("open ledger files: %w", err)
	}
	s.seg = seg
	s.meta = m
	if err := s.view(func(txn *badger.Txn) error {
		s.frontier, err = merkle.FrontierAt(nodeReader{txn}, m.LastSeqno)
		return err
	}); err != nil {
		seg.close()
		return fmt.Errorf("%w: rebuild Merkle tree at seqno %d: %v", ErrCorrupt, m.LastSeqno, err)
	}
	if err := s.syncLocked(); err != nil {
		return err
	}
	if err := s.loadSecrets(); err != nil {
		seg.close()
		return err
	}
	s.publish()
	return nil
}

// Close makes the ledger files durable and closes the store.
func (s *Store) Close() error {
	return errors.Join(s.Sync(), s.seg.close(), s.db.Close())
}

// Sync makes everything applied so far durable: it fsyncs the ledger files,
// drops the copies of their records from Badger, syncs Badger and lets it
// discard row versions older than the applied state. Call it from the apply
// goroutine.
func (s *Store) Sync() error {
	if err := s.syncLocked(); err != nil {
		return err
	}
	s.db.SetDiscardTs(s.readTs.Load())
	return s.db.Sync()
}

func (s *Store) syncLocked() error {
	m := s.meta
	if m.SyncedSeqno >= m.LastSeqno {
		return nil
	}
	if err := s.seg.sync(); err != nil {
		return fmt.Errorf("sync ledger file: %w", err)
	}
	v := syncVersion(m.RaftIndex)
	txn := s.db.NewTransactionAt(s.readTs.Load(), true)
	defer txn.Discard()
	keys, err := pendingKeys(txn)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	m.SyncedSeqno = m.LastSeqno
	if err := txn.Set(keyMeta, m.encode()); err != nil {
		return err
	}
	if err := txn.CommitAt(v, nil); err != nil {
		return fmt.Errorf("record sync: %w", err)
	}
	s.readTs.Store(v)
	s.meta = m
	return nil
}

// repairTail rewrites every record after the last synced one from the
// copies the state holds (see segments.go).
func (s *Store) repairTail(dir string, m meta) error {
	from := max(m.SyncedSeqno+1, m.FirstSeqno)
	if from > m.LastSeqno {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	var recs []positionedRecord
	err := s.view(func(txn *badger.Txn) error {
		copies := map[uint64][]byte{}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixPending}, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			first := binary.BigEndian.Uint64(it.Item().Key()[1:])
			for d := (decoder{b: v}); len(d.b) > 0; first++ {
				copies[first] = d.bytes(MaxBatchSize)
				if d.err != nil {
					return fmt.Errorf("%w: copy of unsynced records from %d: %v", ErrCorrupt, first, d.err)
				}
			}
		}
		for seq := from; seq <= m.LastSeqno; seq++ {
			e, err := getIndex(txn, seq)
			if err != nil {
				return err
			}
			rec, ok := copies[seq]
			if !ok {
				return fmt.Errorf("%w: no copy of unsynced record %d", ErrCorrupt, seq)
			}
			recs = append(recs, positionedRecord{at: position{segment: e.segment, offset: e.offset, length: e.length}, rec: rec})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return rewrite(dir, recs)
}

// pendingKeys lists the keys of record copies (one per applied entry
// since the last sync).
func pendingKeys(txn *badger.Txn) ([][]byte, error) {
	var keys [][]byte
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixPending}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	return keys, nil
}

// view runs fn in a read transaction over the applied state.
func (s *Store) view(fn func(*badger.Txn) error) error {
	return s.viewAt(s.readTs.Load(), fn)
}

func (s *Store) viewAt(ts uint64, fn func(*badger.Txn) error) error {
	txn := s.db.NewTransactionAt(ts, false)
	defer txn.Discard()
	return fn(txn)
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
		c.ID.View = s.viewIn(m, m.LastSeqno)
	}
	if m.LastSignature > 0 {
		c.LastSignature = TxID{View: s.viewIn(m, m.LastSignature), Seqno: m.LastSignature}
	}
	s.keys.mu.Lock()
	s.keys.mu.recovery = Recovery{ImportedThrough: m.ImportedThrough, RestoredThrough: m.RestoredThrough}
	s.keys.mu.Unlock()
	s.mu.Lock()
	s.mu.committed = c
	if s.mu.changed != nil {
		close(s.mu.changed)
		s.mu.changed = nil
	}
	s.mu.Unlock()
}

// viewIn returns the view of a seqno committed in the state m describes.
// Everything from the current view's start on is in that view, which
// saves reading the index after every apply.
func (s *Store) viewIn(m meta, seqno uint64) uint64 {
	if m.ViewStartSeqno > 0 && seqno >= m.ViewStartSeqno && seqno <= m.LastSeqno {
		return m.View
	}
	return s.viewOf(seqno)
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
	r, err := s.getCommitted(table, key)
	if err != nil || r.deleted {
		return nil, r.version, false, err
	}
	return r.value, r.version, true, nil
}

// getCommitted returns a committed row; an absent key is a deleted row of
// version 0. The row's value must not be modified.
func (s *Store) getCommitted(table string, key []byte) (row, error) {
	var kb [128]byte
	if r, ok := s.cache.get(appendStateKey(kb[:0], table, key)); ok {
		return r, nil
	}
	return s.readCommitted(stateKey(table, key))
}

// readCommitted reads the row of state key k from Badger and caches it.
func (s *Store) readCommitted(k []byte) (row, error) {
	gen := s.cache.generation()
	var r row
	err := s.view(func(txn *badger.Txn) error {
		var found bool
		var err error
		r, found, err = getRowKey(txn, k)
		if !found {
			r = row{deleted: true}
		}
		return err
	})
	if err != nil {
		return row{}, err
	}
	s.cache.fill(string(k), r, gen)
	return r, nil
}

func getRow(txn *badger.Txn, table string, key []byte) (row, bool, error) {
	return getRowKey(txn, stateKey(table, key))
}

// getRowKey reads the row of state key k.
func getRowKey(txn *badger.Txn, k []byte) (row, bool, error) {
	it, err := txn.Get(k)
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
	err := s.view(func(txn *badger.Txn) error {
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
	err := s.view(func(txn *badger.Txn) error {
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

// nodeReader reads Merkle nodes inside a Badger transaction. Leaves (level
// 0) are not stored: they are hashed from the transaction's index entry.
type nodeReader struct{ txn *badger.Txn }

func (r nodeReader) Node(level uint8, index uint64) (merkle.Hash, error) {
	if level == 0 {
		e, err := getIndex(r.txn, index+1)
		if err != nil {
			return merkle.Hash{}, err
		}
		return e.leaf.Hash(), nil
	}
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
	err := s.view(func(txn *badger.Txn) error {
		var err error
		f, err = merkle.FrontierAt(nodeReader{txn}, seqno)
		return err
	})
	return f, err
}

// Record returns the stored record of a committed transaction, its
// private writes decrypted (an error wrapping ErrSecretNotHeld if this
// node does not hold their secret).
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
	return s.OpenRecord(b)
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
