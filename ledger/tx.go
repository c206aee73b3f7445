package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cocorelay/coco/ledger/merkle"
)

// Reader reads table state. version is the seqno of the transaction that
// last wrote the key (including a delete), or 0 if it was never written.
type Reader interface {
	Get(table string, key []byte) (value []byte, version uint64, found bool, err error)
}

// ErrReservedTable is returned when a transaction writes a table only the
// ledger itself may write.
var ErrReservedTable = errors.New("table is reserved for the ledger")

// Tx is a transaction being executed by the leader. It reads through a
// Reader, remembers the version of everything it read, and collects writes;
// Finish turns it into a record and its read set. Application code uses it
// from one goroutine. The leader may read the clock or randomness while
// executing (Now): replicas apply the resulting writes, not the code.
//
// Reads and writes are kept in slices: a transaction touches few keys, and
// scanning a handful of entries is cheaper than hashing a composite key for
// every access. Past indexAfter keys a map index takes over so that large
// transactions (genesis, imports) stay linear.
type Tx struct {
	id     TxID
	now    time.Time
	r      Reader
	reads  []Read
	writes []Write
	// readIdx and writeIdx index reads and writes by mapKey once there are
	// more than indexAfter of them.
	readIdx  map[string]int
	writeIdx map[string]int
	// arena holds copies of the keys and values the transaction was given,
	// so that each costs no allocation of its own. Slices handed out are
	// never written again, so growing the arena leaves them valid.
	arena  []byte
	claims merkle.Hash
	err    error

	// Room for the reads and writes of a typical transaction, allocated
	// with the Tx itself.
	readBuf  [8]Read
	writeBuf [8]Write
}

// indexAfter is how many reads or writes a Tx scans before it indexes them.
const indexAfter = 16

// NewTx starts a transaction that will have the given id.
func NewTx(id TxID, now time.Time, r Reader) *Tx {
	tx := &Tx{id: id, now: now, r: r}
	tx.reads, tx.writes = tx.readBuf[:0], tx.writeBuf[:0]
	return tx
}

// ID returns the id the transaction commits under if it commits.
func (tx *Tx) ID() TxID { return tx.id }

// Now returns the leader's clock at execution.
func (tx *Tx) Now() time.Time { return tx.now }

func mapKey(table string, key []byte) string { return table + "\x00" + string(key) }

// keep copies b into the arena and returns the copy (never nil).
func (tx *Tx) keep(b []byte) []byte {
	if len(b) == 0 {
		return []byte{}
	}
	if cap(tx.arena)-len(tx.arena) < len(b) {
		tx.arena = make([]byte, 0, max(1024, 2*cap(tx.arena), len(b)))
	}
	n := len(tx.arena)
	tx.arena = append(tx.arena, b...)
	return tx.arena[n:len(tx.arena):len(tx.arena)]
}

func (tx *Tx) findWrite(table string, key []byte) int {
	if tx.writeIdx != nil {
		if i, ok := tx.writeIdx[mapKey(table, key)]; ok {
			return i
		}
		return -1
	}
	for i := range tx.writes {
		if w := &tx.writes[i]; w.Table == table && string(w.Key) == string(key) {
			return i
		}
	}
	return -1
}

func (tx *Tx) findRead(table string, key []byte) bool {
	if tx.readIdx != nil {
		_, ok := tx.readIdx[mapKey(table, key)]
		return ok
	}
	for i := range tx.reads {
		if r := &tx.reads[i]; r.Table == table && string(r.Key) == string(key) {
			return true
		}
	}
	return false
}

// Get returns the value of key in table as this transaction sees it:
// its own writes first, then the state it executes against.
func (tx *Tx) Get(table string, key []byte) ([]byte, bool, error) {
	if i := tx.findWrite(table, key); i >= 0 {
		w := &tx.writes[i]
		if w.Delete {
			return nil, false, nil
		}
		return w.Value, true, nil
	}
	v, version, found, err := tx.r.Get(table, key)
	if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", table, err)
	}
	if !tx.findRead(table, key) {
		tx.reads = append(tx.reads, Read{Table: table, Key: tx.keep(key), Version: version})
		switch n := len(tx.reads); {
		case n > indexAfter && tx.readIdx == nil:
			tx.readIdx = make(map[string]int, 2*n)
			for i, r := range tx.reads {
				tx.readIdx[mapKey(r.Table, r.Key)] = i
			}
		case tx.readIdx != nil:
			tx.readIdx[mapKey(table, key)] = n - 1
		}
	}
	return v, found, nil
}

// Put sets key in table to value.
func (tx *Tx) Put(table string, key, value []byte) { tx.write(table, key, value, false) }

// Delete removes key from table.
func (tx *Tx) Delete(table string, key []byte) { tx.write(table, key, nil, true) }

// write records a write. key and value are only read, never kept, so
// callers may pass buffers they reuse.
func (tx *Tx) write(table string, key, value []byte, del bool) {
	if tx.err != nil {
		return
	}
	switch {
	case ValidTableName(table) != nil:
		tx.err = ValidTableName(table)
	case strings.HasPrefix(table, internalPrefix):
		tx.err = fmt.Errorf("%w: %s", ErrReservedTable, table)
	case len(key) > MaxKeySize:
		tx.err = fmt.Errorf("key of %d bytes in %s exceeds %d", len(key), table, MaxKeySize)
	case len(value) > MaxValueSize:
		tx.err = fmt.Errorf("value of %d bytes in %s exceeds %d", len(value), table, MaxValueSize)
	case len(tx.writes) >= MaxWrites:
		tx.err = fmt.Errorf("more than %d writes in one transaction", MaxWrites)
	}
	if tx.err != nil {
		return
	}
	w := Write{Table: table, Delete: del}
	if !del {
		w.Value = tx.keep(value)
	}
	if i := tx.findWrite(table, key); i >= 0 {
		w.Key = tx.writes[i].Key
		tx.writes[i] = w
		return
	}
	w.Key = tx.keep(key)
	tx.writes = append(tx.writes, w)
	switch n := len(tx.writes); {
	case n > indexAfter && tx.writeIdx == nil:
		tx.writeIdx = make(map[string]int, 2*n)
		for i, w := range tx.writes {
			tx.writeIdx[mapKey(w.Table, w.Key)] = i
		}
	case tx.writeIdx != nil:
		tx.writeIdx[mapKey(w.Table, w.Key)] = n - 1
	}
}

// SetClaims records the digest of claims a receipt for this transaction can disclose.
func (tx *Tx) SetClaims(digest merkle.Hash) { tx.claims = digest }

// Empty reports whether the transaction wrote nothing.
func (tx *Tx) Empty() bool { return len(tx.writes) == 0 }

// Reads returns what the transaction read, in canonical order.
func (tx *Tx) Reads() []Read {
	out := slices.Clone(tx.reads)
	slices.SortFunc(out, compareRead)
	return out
}

func compareRead(a, b Read) int {
	if c := strings.Compare(a.Table, b.Table); c != 0 {
		return c
	}
	return bytes.Compare(a.Key, b.Key)
}

// Finish returns the transaction's record and its read set, or the first
// error a write hit.
func (tx *Tx) Finish() (*Record, []Read, error) {
	if tx.err != nil {
		return nil, nil, tx.err
	}
	ws := slices.Clone(tx.writes)
	sortWrites(ws)
	return &Record{Kind: KindApp, ID: tx.id, Claims: tx.claims, Writes: ws}, tx.Reads(), nil
}
