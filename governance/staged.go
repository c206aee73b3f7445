package governance

import "sort"

// staged buffers writes over a parent so that a proposal's actions apply
// all together or not at all.
type staged struct {
	parent Writer
	writes map[string]stagedWrite
}

type stagedWrite struct {
	table   string
	key     []byte
	value   []byte
	deleted bool
}

func newStaged(parent Writer) *staged {
	return &staged{parent: parent, writes: map[string]stagedWrite{}}
}

func (s *staged) Get(table string, key []byte) ([]byte, bool, error) {
	if w, ok := s.writes[table+"\x00"+string(key)]; ok {
		return w.value, !w.deleted, nil
	}
	return s.parent.Get(table, key)
}

func (s *staged) Put(table string, key, value []byte) {
	s.writes[table+"\x00"+string(key)] = stagedWrite{table: table, key: append([]byte(nil), key...), value: append([]byte(nil), value...)}
}

func (s *staged) Delete(table string, key []byte) {
	s.writes[table+"\x00"+string(key)] = stagedWrite{table: table, key: append([]byte(nil), key...), deleted: true}
}

// commit writes everything staged to the parent, in a fixed order.
func (s *staged) commit() {
	keys := make([]string, 0, len(s.writes))
	for k := range s.writes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w := s.writes[k]
		if w.deleted {
			s.parent.Delete(w.table, w.key)
		} else {
			s.parent.Put(w.table, w.key, w.value)
		}
	}
}
