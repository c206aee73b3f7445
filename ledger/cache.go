package ledger

import (
	"sync"
)

// rowCache holds committed table rows that were read, including rows known
// to be absent (version 0) or deleted. Badger is not consulted for cached
// rows: its read transactions wait for commits in progress, which would
// otherwise stall the leader's executor behind its own replica's apply.
//
// Rows enter the cache when they are read (fill) and are kept current by
// every apply (applied), which replaces the cached rows it writes. Rows
// that are written but not read (history, idempotency records) are never
// cached, and a row cached as absent is dropped rather than replaced when
// it is first written: such keys are mostly written once and not read
// again, and a later read fills them back.
//
// A row only ever replaces a cached row of a lower or equal version, and a
// fill is dropped if an apply (or clear) came between the read and the
// fill: the rows it read may be older than what that apply wrote, which
// the apply did not put in the cache if it was not cached yet.
type rowCache struct {
	mu    sync.RWMutex
	rows  map[string]row
	bytes int64
	max   int64
	gen   uint64 // counts applies and clears
}

func newRowCache(max int64) *rowCache {
	return &rowCache{rows: map[string]row{}, max: max}
}

func rowSize(k string, r row) int64 { return int64(len(k) + len(r.value) + 48) }

// get returns the cached row of state key k.
func (c *rowCache) get(k []byte) (row, bool) {
	c.mu.RLock()
	r, ok := c.rows[string(k)]
	c.mu.RUnlock()
	return r, ok
}

// generation returns the value to pass to fill for a read that starts now.
func (c *rowCache) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// fill caches r, read from committed state after generation returned gen.
// r.value must not be modified afterwards.
func (c *rowCache) fill(k string, r row, gen uint64) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		c.putLocked(k, r)
	}
}

// cachedRow is a row an apply read or wrote, by state key.
type cachedRow struct {
	key string
	row row
}

// applied brings the cache up to date with a committed apply: reads are
// rows it read from Badger (before its writes), writes the rows it wrote,
// in order. Written values are copied if they are cached.
func (c *rowCache) applied(reads, writes []cachedRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if c.max <= 0 {
		return
	}
	for _, r := range reads {
		c.putLocked(r.key, r.row)
	}
	for _, w := range writes {
		old, ok := c.rows[w.key]
		switch {
		case !ok || old.version > w.row.version:
		case old.version == 0:
			delete(c.rows, w.key)
			c.bytes -= rowSize(w.key, old)
		default:
			r := w.row
			r.value = append([]byte(nil), r.value...)
			c.putLocked(w.key, r)
		}
	}
}

func (c *rowCache) putLocked(k string, r row) {
	if old, ok := c.rows[k]; ok {
		if old.version > r.version {
			return
		}
		c.bytes -= rowSize(k, old)
	}
	c.rows[k] = r
	c.bytes += rowSize(k, r)
	if c.bytes > c.max {
		// Drop about a fifth of the rows; map order is random enough.
		target := c.max * 4 / 5
		for key, old := range c.rows {
			if c.bytes <= target {
				break
			}
			delete(c.rows, key)
			c.bytes -= rowSize(key, old)
		}
	}
}

func (c *rowCache) clear() {
	c.mu.Lock()
	c.rows, c.bytes = map[string]row{}, 0
	c.gen++
	c.mu.Unlock()
}
