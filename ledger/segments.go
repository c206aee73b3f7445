package ledger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Ledger files hold the records in seqno order, each framed as a 4-byte
// big-endian length and the encoded record. A file is named after the seqno
// of its first record: ledger_<seqno, 20 digits>.log.
//
// Durability: a committed transaction is durable in a quorum's Raft log
// (Dragonboat fsyncs it), so Apply appends records without fsync. Until
// the files are fsynced (Store.Sync, which Dragonboat calls before it
// compacts its log), Badger holds a copy of each such record, committed
// atomically with the state that indexes it. On open, every record after
// the last synced one is rewritten in place from its copy and any tail the
// state does not know about (written before a crash) is cut off, so a
// power loss can leave neither a short file nor a hole.

const segmentPrefix, segmentSuffix = "ledger_", ".log"

// ErrCorrupt reports stored data that contradicts itself.
var ErrCorrupt = errors.New("ledger is corrupt")

func segmentName(first uint64) string {
	return fmt.Sprintf("%s%020d%s", segmentPrefix, first, segmentSuffix)
}

// listSegments returns the first seqnos of the ledger files in dir, ascending.
func listSegments(dir string) ([]uint64, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []uint64
	for _, e := range ents {
		name := e.Name()
		if !strings.HasPrefix(name, segmentPrefix) || !strings.HasSuffix(name, segmentSuffix) {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(name, segmentPrefix), segmentSuffix), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("ledger file %s: bad name", name)
		}
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// segments appends to the open ledger file and reads any file.
type segments struct {
	dir     string
	maxSize int64

	// Owned by the apply goroutine.
	cur      *os.File
	curFirst uint64
	curSize  int64

	mu      sync.Mutex // guards readers
	readers map[uint64]*os.File
}

// openSegments prepares dir for appending after m: later files are removed
// and the open file is cut to its committed length.
func openSegments(dir string, m meta, maxSize int64) (*segments, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	s := &segments{dir: dir, maxSize: maxSize, readers: map[uint64]*os.File{}}
	firsts, err := listSegments(dir)
	if err != nil {
		return nil, err
	}
	for _, f := range firsts {
		if f > m.Segment {
			if err := os.Remove(filepath.Join(dir, segmentName(f))); err != nil {
				return nil, err
			}
		}
	}
	path := filepath.Join(dir, segmentName(m.Segment))
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.Size() < m.SegmentEnd {
		f.Close()
		return nil, fmt.Errorf("%w: %s holds %d bytes but the state has committed %d", ErrCorrupt, path, st.Size(), m.SegmentEnd)
	}
	if st.Size() > m.SegmentEnd {
		if err := f.Truncate(m.SegmentEnd); err != nil {
			f.Close()
			return nil, err
		}
	}
	if _, err := f.Seek(m.SegmentEnd, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	s.cur, s.curFirst, s.curSize = f, m.Segment, m.SegmentEnd
	return s, syncDir(dir)
}

// position is where append put a record.
type position struct {
	segment uint64
	offset  int64
	length  uint32
}

// append writes encoded records whose seqnos start at first, rotating to a
// new file at a record boundary when the open one is full, and fsyncs.
func (s *segments) append(first uint64, recs [][]byte) ([]position, error) {
	out := make([]position, len(recs))
	var buf []byte
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		_, err := s.cur.Write(buf)
		buf = buf[:0]
		return err
	}
	for i, rec := range recs {
		if s.curSize >= s.maxSize {
			if err := flush(); err != nil {
				return nil, err
			}
			if err := s.rotate(first + uint64(i)); err != nil {
				return nil, err
			}
		}
		out[i] = position{segment: s.curFirst, offset: s.curSize + 4, length: uint32(len(rec))}
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(rec)))
		buf = append(buf, rec...)
		s.curSize += 4 + int64(len(rec))
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// sync fsyncs the open file (rotated files were fsynced when rotated).
func (s *segments) sync() error { return s.cur.Sync() }

func (s *segments) rotate(first uint64) error {
	if err := s.cur.Sync(); err != nil {
		return err
	}
	if err := s.cur.Close(); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(s.dir, segmentName(first)), os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	s.cur, s.curFirst, s.curSize = f, first, 0
	return syncDir(s.dir)
}

// rewrite puts records back at their positions (from the state's copies)
// and fsyncs the files it touched.
func rewrite(dir string, recs []positionedRecord) error {
	files := map[uint64]*os.File{}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, r := range recs {
		f, ok := files[r.at.segment]
		if !ok {
			var err error
			if f, err = os.OpenFile(filepath.Join(dir, segmentName(r.at.segment)), os.O_RDWR|os.O_CREATE, 0o600); err != nil {
				return err
			}
			files[r.at.segment] = f
		}
		frame := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(r.rec)), uint32(len(r.rec)))
		if _, err := f.WriteAt(append(frame, r.rec...), r.at.offset-4); err != nil {
			return err
		}
	}
	for _, f := range files {
		if err := f.Sync(); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

type positionedRecord struct {
	at  position
	rec []byte
}

// removeSegments deletes every ledger file in dir.
func removeSegments(dir string) error {
	firsts, err := listSegments(dir)
	if err != nil {
		return err
	}
	for _, f := range firsts {
		if err := os.Remove(filepath.Join(dir, segmentName(f))); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

// read returns the record at p.
func (s *segments) read(p position) ([]byte, error) {
	s.mu.Lock()
	f, ok := s.readers[p.segment]
	if !ok {
		var err error
		f, err = os.Open(filepath.Join(s.dir, segmentName(p.segment)))
		if err != nil {
			s.mu.Unlock()
			return nil, err
		}
		s.readers[p.segment] = f
	}
	s.mu.Unlock()
	b := make([]byte, p.length)
	if _, err := f.ReadAt(b, p.offset); err != nil {
		return nil, fmt.Errorf("read ledger file %s at %d: %w", segmentName(p.segment), p.offset, err)
	}
	return b, nil
}

func (s *segments) closeReaders() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, f := range s.readers {
		f.Close()
		delete(s.readers, k)
	}
}

func (s *segments) close() error {
	s.closeReaders()
	if s.cur == nil {
		return nil
	}
	err := s.cur.Close()
	s.cur = nil
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
