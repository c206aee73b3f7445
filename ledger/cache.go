package ledger

import (
	"sync"
)

// rowCache holds committed table rows, including rows known to be absent
// (version 0) or deleted. Apply writes through it; reads fill it. A row
// only ever replaces a cached row of a lower or equal version, so a read
// that raced with a commit can never put back an older value. Badger is
// not consulted for cached rows: its read transactions wait for commits in
// progress, which would otherwise stall the leader's executor behind its
// own replica's apply.
type rowCache struct {
	mu    sync.RWMutex
	rows  map[string]row
	bytes int64
	max   int64
}

func newRowCache(max int64) *rowCache {
	return &rowCache{rows: map[string]row{}, max: max}
}

func rowSize(k string, r row) int64 { return int64(len(k) + len(r.value) + 48) }

func (c *rowCache) get(k string) (row, bool) {
	c.mu.RLock()
	r, ok := c.rows[k]
	c.mu.RUnlock()
	return r, ok
}

// offer caches r for k unless a newer version is cached. r.value must not
// be modified afterwards.
func (c *rowCache) offer(k string, r row) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
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
	c.mu.Unlock()
}
