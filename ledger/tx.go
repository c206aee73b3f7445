package ledger

import (
	"errors"
	"fmt"
	"sort"
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
type Tx struct {
	id     TxID
	now    time.Time
	r      Reader
	reads  map[string]Read
	writes map[string]*Write
	claims merkle.Hash
	err    error
}

// NewTx starts a transaction that will have the given id.
func NewTx(id TxID, now time.Time, r Reader) *Tx {
	return &Tx{id: id, now: now, r: r, reads: map[string]Read{}, writes: map[string]*Write{}}
}

// ID returns the id the transaction commits under if it commits.
func (tx *Tx) ID() TxID { return tx.id }

// Now returns the leader's clock at execution.
func (tx *Tx) Now() time.Time { return tx.now }

func mapKey(table string, key []byte) string { return table + "\x00" + string(key) }

// Get returns the value of key in table as this transaction sees it:
// its own writes first, then the state it executes against.
func (tx *Tx) Get(table string, key []byte) ([]byte, bool, error) {
	k := mapKey(table, key)
	if w, ok := tx.writes[k]; ok {
		if w.Delete {
			return nil, false, nil
		}
		return w.Value, true, nil
	}
	v, version, found, err := tx.r.Get(table, key)
	if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", table, err)
	}
	if _, seen := tx.reads[k]; !seen {
		tx.reads[k] = Read{Table: table, Key: append([]byte(nil), key...), Version: version}
	}
	return v, found, nil
}

// Put sets key in table to value.
func (tx *Tx) Put(table string, key, value []byte) {
	tx.write(Write{Table: table, Key: key, Value: value})
}

// Delete removes key from table.
func (tx *Tx) Delete(table string, key []byte) {
	tx.write(Write{Table: table, Key: key, Delete: true})
}

func (tx *Tx) write(w Write) {
	if tx.err != nil {
		return
	}
	switch {
	case ValidTableName(w.Table) != nil:
		tx.err = ValidTableName(w.Table)
	case strings.HasPrefix(w.Table, internalPrefix):
		tx.err = fmt.Errorf("%w: %s", ErrReservedTable, w.Table)
	case len(w.Key) > MaxKeySize:
		tx.err = fmt.Errorf("key of %d bytes in %s exceeds %d", len(w.Key), w.Table, MaxKeySize)
	case len(w.Value) > MaxValueSize:
		tx.err = fmt.Errorf("value of %d bytes in %s exceeds %d", len(w.Value), w.Table, MaxValueSize)
	case len(tx.writes) >= MaxWrites:
		tx.err = fmt.Errorf("more than %d writes in one transaction", MaxWrites)
	}
	if tx.err != nil {
		return
	}
	w.Key = append([]byte(nil), w.Key...)
	if !w.Delete {
		w.Value = append([]byte{}, w.Value...)
	}
	tx.writes[mapKey(w.Table, w.Key)] = &w
}

// SetClaims records the digest of claims a receipt for this transaction can disclose.
func (tx *Tx) SetClaims(digest merkle.Hash) { tx.claims = digest }

// Empty reports whether the transaction wrote nothing.
func (tx *Tx) Empty() bool { return len(tx.writes) == 0 }

// Reads returns what the transaction read, in canonical order.
func (tx *Tx) Reads() []Read {
	out := make([]Read, 0, len(tx.reads))
	for _, r := range tx.reads {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := Write{Table: out[i].Table, Key: out[i].Key}, Write{Table: out[j].Table, Key: out[j].Key}
		return compareWrite(&a, &b) < 0
	})
	return out
}

// Finish returns the transaction's record and its read set, or the first
// error a write hit.
func (tx *Tx) Finish() (*Record, []Read, error) {
	if tx.err != nil {
		return nil, nil, tx.err
	}
	ws := make([]Write, 0, len(tx.writes))
	for _, w := range tx.writes {
		ws = append(ws, *w)
	}
	sortWrites(ws)
	return &Record{Kind: KindApp, ID: tx.id, Claims: tx.claims, Writes: ws}, tx.Reads(), nil
}
