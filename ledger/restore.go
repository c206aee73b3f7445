package ledger

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Restoring private tables. A network recovered from ledger files
// (Import) first has the public tables only: the private writes of the
// imported records are sealed under secrets it does not hold. Once the
// members' shares give it the latest secret back (RecoverSecrets), a
// restore batch, proposed through Raft like any entry, rebuilds every
// private table from the records' private writes. It writes no record: the
// ledger (and its Merkle tree) is unchanged; only the state catches up.
//
// Only a node whose ledger files begin at the first transaction, and that
// holds the recovered secrets, can apply one: a recovered network applies
// it before any other node may join (relay refuses joins while a recovery
// is pending), and nodes that join later start from a snapshot taken after
// it. A node that gets one it cannot apply locks out (lockOut) rather
// than go on with private tables the others do not have.

func isRestore(cmd []byte) bool {
	return len(cmd) >= 2 && cmd[0] == batchVersion && BatchKind(cmd[1]) == BatchRestore
}

// restore applies a restore entry on its own (its writes may be larger
// than one Badger transaction).
func (s *Store) restore(e Entry) (Result, error) {
	b, err := DecodeBatch(e.Cmd)
	if err != nil {
		return s.skipEntry(e, fmt.Sprintf("malformed batch: %v", err))
	}
	m := s.meta
	switch {
	case m.RestoredThrough >= b.Through:
		return s.skipEntry(e, fmt.Sprintf("restore through seqno %d: already restored through %d", b.Through, m.RestoredThrough))
	case b.Through == 0 || b.Through > m.ImportedThrough:
		return s.skipEntry(e, fmt.Sprintf("restore through seqno %d: the import ends at %d", b.Through, m.ImportedThrough))
	case m.FirstSeqno != 1:
		// Every replica must apply a restore alike; one that cannot must
		// not go on with empty private tables.
		return s.lockOut(e, fmt.Errorf("restore through seqno %d: this node's ledger files begin at seqno %d; it cannot rebuild the private tables", b.Through, m.FirstSeqno))
	}
	rows := map[string]row{}
	for seq := uint64(1); seq <= b.Through; seq++ {
		rec, err := s.recordAt(seq)
		if err != nil {
			return Result{}, err
		}
		if rec.Sealed == nil {
			continue
		}
		enc := rec.enc
		private, err := openWrites(&rec.Record, enc, s.keys.get, nil)
		if err != nil {
			// A secret is missing or a record does not decrypt: this
			// node cannot do what the others do. Nothing is written and
			// it applies nothing more.
			return s.lockOut(e, fmt.Errorf("restore through seqno %d: %w", b.Through, err))
		}
		for _, w := range private {
			rows[string(stateKey(w.Table, w.Key))] = row{version: seq, deleted: w.Delete, value: w.Value}
		}
	}
	m.RaftIndex = e.Index
	m.RestoredThrough = max(m.RestoredThrough, b.Through)
	wb := s.db.NewWriteBatchAt(applyVersion(e.Index))
	defer wb.Cancel()
	for k, r := range rows {
		if err := wb.Set([]byte(k), r.encode()); err != nil {
			return Result{}, fmt.Errorf("restore private tables: %w", err)
		}
	}
	if err := wb.Set(keyMeta, m.encode()); err != nil {
		return Result{}, err
	}
	if err := wb.Flush(); err != nil {
		return Result{}, fmt.Errorf("restore private tables: %w", err)
	}
	s.cache.clear()
	s.readTs.Store(applyVersion(e.Index))
	s.meta = m
	s.log.Info("private tables restored from the ledger", "through", b.Through, "rows", len(rows))
	s.publish()
	return Result{Applied: true}, nil
}

// Recovery says where a recovery from an earlier ledger stands.
type Recovery struct {
	// ImportedThrough is the last seqno imported (0: none);
	// RestoredThrough the last whose private writes are restored.
	ImportedThrough uint64 `json:"imported_through"`
	RestoredThrough uint64 `json:"restored_through"`
}

// Pending reports whether private tables still await a restore.
func (r Recovery) Pending() bool { return r.RestoredThrough < r.ImportedThrough }

// Recovery returns where a recovery from an earlier ledger stands.
func (s *Store) Recovery() Recovery {
	s.keys.mu.RLock()
	defer s.keys.mu.RUnlock()
	return s.keys.mu.recovery
}

// lockOut stops this node applying the ledger at entry e, which it
// cannot apply as every other replica does: e and every later entry are
// answered as rejected and change nothing (e is applied again after a
// restart, once the node holds what it lacked), and LockedOut says why.
func (s *Store) lockOut(e Entry, cause error) (Result, error) {
	err := fmt.Errorf("this node stopped applying the ledger at Raft index %d: %w", e.Index, cause)
	s.lockedOut.Store(&err)
	s.log.Error("ledger locked out: an entry cannot be applied on this node as on the others", "err", err)
	return Result{Reason: err.Error()}, nil
}

// skipEntry answers an entry as rejected and records that it was applied.
func (s *Store) skipEntry(e Entry, reason string) (Result, error) {
	m := s.meta
	m.RaftIndex = e.Index
	txn := s.db.NewTransactionAt(s.readTs.Load(), true)
	defer txn.Discard()
	if err := txn.Set(keyMeta, m.encode()); err != nil {
		return Result{}, err
	}
	if err := txn.CommitAt(applyVersion(e.Index), nil); err != nil {
		return Result{}, err
	}
	s.readTs.Store(applyVersion(e.Index))
	s.meta = m
	s.publish()
	return Result{Reason: reason}, nil
}

// encodedRecord is a decoded record and its encoding.
type encodedRecord struct {
	Record
	enc []byte
}

// recordAt reads the record of a seqno from this node's ledger files.
func (s *Store) recordAt(seqno uint64) (*encodedRecord, error) {
	e, err := s.index(seqno)
	if err != nil {
		return nil, err
	}
	b, err := s.seg.read(position{segment: e.segment, offset: e.offset, length: e.length})
	if err != nil {
		return nil, err
	}
	rec, err := DecodeRecord(b)
	if err != nil {
		return nil, fmt.Errorf("%w: seqno %d: %v", ErrCorrupt, seqno, err)
	}
	return &encodedRecord{Record: *rec, enc: b}, nil
}

// PrivateRows calls fn with every live row of every private table, in key
// order. It is how tests and tools check what the private state holds; the
// API never exposes it.
func (s *Store) PrivateRows(fn func(table string, key, value []byte) error) error {
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixState}, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()[1:]
			table, key, ok := cutStateKey(k)
			if !ok || IsPublic(table) {
				continue
			}
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
			if err := fn(table, key, r.value); err != nil {
				return err
			}
		}
		return nil
	})
}

// cutStateKey splits a state key (without its prefix) into table and key.
func cutStateKey(k []byte) (string, []byte, bool) {
	for i, c := range k {
		if c == 0 {
			return string(k[:i]), k[i+1:], true
		}
	}
	return "", nil, false
}
