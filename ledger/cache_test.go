package ledger

import (
	"testing"
)

func TestRowCacheDropsFillsThatRacedAnApply(t *testing.T) {
	c := newRowCache(1 << 20)
	gen := c.generation()
	c.applied(nil, nil) // an apply commits while the read is under way
	c.fill("k", row{version: 3, value: []byte("old")}, gen)
	if _, ok := c.get([]byte("k")); ok {
		t.Fatal("a fill that raced an apply was cached")
	}
	c.fill("k", row{version: 3, value: []byte("old")}, c.generation())
	if r, ok := c.get([]byte("k")); !ok || string(r.value) != "old" {
		t.Fatalf("fill: %+v, %v", r, ok)
	}
}

func TestRowCacheFollowsWrites(t *testing.T) {
	c := newRowCache(1 << 20)
	c.fill("read", row{version: 2, value: []byte("a")}, c.generation())
	c.fill("absent", row{deleted: true}, c.generation())
	value := []byte("b")
	c.applied(
		[]cachedRow{{key: "checked", row: row{version: 1, value: []byte("c")}}},
		[]cachedRow{
			{key: "read", row: row{version: 5, value: value}},
			{key: "absent", row: row{version: 5, value: []byte("new")}},
			{key: "unread", row: row{version: 5, value: []byte("u")}},
		})
	value[0] = 'x' // the entry's buffer is not the cache's
	if r, ok := c.get([]byte("read")); !ok || r.version != 5 || string(r.value) != "b" {
		t.Fatalf("a cached row was not replaced by its write: %+v, %v", r, ok)
	}
	if r, ok := c.get([]byte("checked")); !ok || r.version != 1 {
		t.Fatalf("a row the apply read was not cached: %+v, %v", r, ok)
	}
	for _, k := range []string{"absent", "unread"} {
		if r, ok := c.get([]byte(k)); ok {
			t.Fatalf("%s: cached %+v", k, r)
		}
	}
	// An older version never replaces a newer one.
	c.fill("read", row{version: 4, value: []byte("stale")}, c.generation())
	if r, _ := c.get([]byte("read")); r.version != 5 {
		t.Fatalf("an older row replaced a newer one: %+v", r)
	}
}

// The store reads its own writes whether or not the cache holds them.
func TestStoreReadsThroughTheCache(t *testing.T) {
	f := newFixture(t)
	f.startView(1)
	f.put("public:t", "k", "1")
	if v, _, ok, _ := f.s.Get("public:t", []byte("k")); !ok || string(v) != "1" {
		t.Fatalf("Get = %q, %v", v, ok)
	}
	f.put("public:t", "k", "2") // cached now: replaced by the write
	if v, version, ok, _ := f.s.Get("public:t", []byte("k")); !ok || string(v) != "2" || version != 3 {
		t.Fatalf("Get = %q, %d, %v", v, version, ok)
	}
	if _, _, ok, _ := f.s.Get("public:t", []byte("new")); ok {
		t.Fatal("absent key found")
	}
	f.put("public:t", "new", "3") // cached as absent: dropped by the write
	if v, _, ok, _ := f.s.Get("public:t", []byte("new")); !ok || string(v) != "3" {
		t.Fatalf("Get = %q, %v", v, ok)
	}
}
