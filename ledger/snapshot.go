package ledger

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/dgraph-io/badger/v4"
)

// A snapshot is the whole Badger state (tables, index, Merkle nodes,
// signatures) at one applied Raft index, streamed as:
//
//	"COCOSNAP" | version (1) | meta (uvarint length + bytes)
//	{ key (uvarint length + bytes) | value (uvarint length + bytes) }*
//	0 (an empty key ends the pairs) | SHA-256 of everything before
//
// A replica that recovers from it holds no ledger files before the
// snapshot's seqno; its ledger files start right after.

const snapshotMagic = "COCOSNAP"

// SnapshotState is a point-in-time view of the store for SaveSnapshot.
type SnapshotState struct {
	txn *badger.Txn
	m   meta
}

// PrepareSnapshot captures the current state. Call from the apply goroutine.
func (s *Store) PrepareSnapshot() *SnapshotState {
	return &SnapshotState{txn: s.db.NewTransactionAt(s.readTs.Load(), false), m: s.meta}
}

// SaveSnapshot writes the captured state to w and releases it. It may run
// concurrently with Apply. stop aborts it.
func (s *Store) SaveSnapshot(ss *SnapshotState, w io.Writer, stop <-chan struct{}) error {
	defer ss.txn.Discard()
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(w, h), 256<<10)
	bw.WriteString(snapshotMagic)
	bw.WriteByte(1)
	writeChunk(bw, ss.m.encode())
	it := ss.txn.NewIterator(badger.DefaultIteratorOptions)
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if bytes.Equal(k, keyMeta) || k[0] == prefixPending {
			continue // metadata goes first; record copies belong to this node's files
		}
		if n++; n%4096 == 0 {
			select {
			case <-stop:
				return ErrSnapshotStopped
			default:
			}
		}
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		writeChunk(bw, k)
		writeChunk(bw, v)
	}
	writeChunk(bw, nil)
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(h.Sum(nil))
	return err
}

// ErrSnapshotStopped is returned when a snapshot is aborted by its stop channel.
var ErrSnapshotStopped = errors.New("snapshot stopped")

func writeChunk(w *bufio.Writer, b []byte) {
	var n [binary.MaxVarintLen64]byte
	w.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))])
	w.Write(b)
}

// hashingReader reads and hashes what it read.
type hashingReader struct {
	r *bufio.Reader
	h hash.Hash
}

func (hr *hashingReader) ReadByte() (byte, error) {
	b, err := hr.r.ReadByte()
	if err == nil {
		hr.h.Write([]byte{b})
	}
	return b, err
}

func (hr *hashingReader) Read(p []byte) (int, error) {
	n, err := hr.r.Read(p)
	hr.h.Write(p[:n])
	return n, err
}

func (hr *hashingReader) chunk(max uint64) ([]byte, error) {
	n, err := binary.ReadUvarint(hr)
	if err != nil {
		return nil, err
	}
	if n > max {
		return nil, fmt.Errorf("chunk of %d bytes exceeds %d", n, max)
	}
	b := make([]byte, n)
	_, err = io.ReadFull(hr, b)
	return b, err
}

// RecoverFromSnapshot replaces the store's state with a snapshot's. Call
// from the apply goroutine.
func (s *Store) RecoverFromSnapshot(r io.Reader, stop <-chan struct{}) error {
	hr := &hashingReader{r: bufio.NewReaderSize(r, 256<<10), h: sha256.New()}
	head := make([]byte, len(snapshotMagic)+1)
	if _, err := io.ReadFull(hr, head); err != nil {
		return fmt.Errorf("snapshot header: %w", err)
	}
	if string(head[:len(snapshotMagic)]) != snapshotMagic || head[len(snapshotMagic)] != 1 {
		return errors.New("not a Coco snapshot (version 1)")
	}
	mb, err := hr.chunk(1 << 10)
	if err != nil {
		return fmt.Errorf("snapshot metadata: %w", err)
	}
	m, err := decodeMeta(mb)
	if err != nil {
		return err
	}
	s.cache.clear()
	if err := s.db.DropAll(); err != nil {
		return fmt.Errorf("clear state: %w", err)
	}
	wb := s.db.NewWriteBatchAt(applyVersion(m.RaftIndex))
	defer wb.Cancel()
	for n := 0; ; n++ {
		if n%4096 == 0 {
			select {
			case <-stop:
				return ErrSnapshotStopped
			default:
			}
		}
		k, err := hr.chunk(MaxTableName + MaxKeySize + 16)
		if err != nil {
			return fmt.Errorf("snapshot pair %d: %w", n, err)
		}
		if len(k) == 0 {
			break
		}
		v, err := hr.chunk(MaxValueSize + 64)
		if err != nil {
			return fmt.Errorf("snapshot pair %d: %w", n, err)
		}
		if err := wb.Set(k, v); err != nil {
			return err
		}
	}
	sum := hr.h.Sum(nil)
	want := make([]byte, sha256.Size)
	if _, err := io.ReadFull(hr.r, want); err != nil || !bytes.Equal(sum, want) {
		return errors.New("snapshot checksum does not match its content")
	}
	m.FirstSeqno, m.Segment, m.SegmentEnd, m.SyncedSeqno = m.LastSeqno+1, m.LastSeqno+1, 0, m.LastSeqno
	if err := wb.Set(keyMeta, m.encode()); err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("write snapshot state: %w", err)
	}
	// The ledger files of the old state are of no use: drop them and let
	// load start a new file right after the snapshot.
	if err := s.seg.close(); err != nil {
		return err
	}
	if err := removeSegments(s.seg.dir); err != nil {
		return fmt.Errorf("reset ledger files: %w", err)
	}
	s.certs = map[[32]byte]*ecdsa.PublicKey{}
	return s.load()
}
