package ledger

import (
	"sort"
	"strings"
)

// MapState is table state held in memory. It is the reference model of
// what applying records does, used to replay a ledger and in tests.
type MapState struct {
	rows map[string]mapRow
}

type mapRow struct {
	value   []byte
	version uint64
	deleted bool
}

// NewMapState returns empty state.
func NewMapState() *MapState { return &MapState{rows: map[string]mapRow{}} }

// Get implements Reader.
func (m *MapState) Get(table string, key []byte) ([]byte, uint64, bool, error) {
	r, ok := m.rows[mapKey(table, key)]
	if !ok {
		return nil, 0, false, nil
	}
	if r.deleted {
		return nil, r.version, false, nil
	}
	return r.value, r.version, true, nil
}

// Apply writes a record's write set at its seqno.
func (m *MapState) Apply(r *Record) {
	for _, w := range r.Writes {
		m.rows[mapKey(w.Table, w.Key)] = mapRow{value: append([]byte(nil), w.Value...), version: r.ID.Seqno, deleted: w.Delete}
	}
}

// Len returns the number of live keys.
func (m *MapState) Len() int {
	n := 0
	for _, r := range m.rows {
		if !r.deleted {
			n++
		}
	}
	return n
}

// Scan returns up to limit live rows of table whose keys start with prefix
// and sort after after, in key order, like Store.Scan.
func (m *MapState) Scan(table string, prefix, after []byte, limit int) ([]KV, error) {
	var keys []string
	base := table + "\x00"
	for k, r := range m.rows {
		if r.deleted || !strings.HasPrefix(k, base+string(prefix)) {
			continue
		}
		if after != nil && k[len(base):] <= string(after) {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > limit {
		keys = keys[:limit]
	}
	out := make([]KV, len(keys))
	for i, k := range keys {
		r := m.rows[k]
		out[i] = KV{Key: []byte(k[len(base):]), Value: r.value, Version: r.version}
	}
	return out, nil
}
