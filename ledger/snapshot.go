package ledger

import (
	"bufio"
	"bytes"
	"crypto/cipher"
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
//
// Rows of private tables never appear in the clear: each such pair is
// written as key "E" and a value sealed (AES-256-GCM) under the snapshot
// key of the current ledger secret: secret version (uvarint), nonce,
// ciphertext of (key chunk, value chunk), bound to the snapshot's Raft
// index. A node without that secret cannot restore the snapshot.

const (
	snapshotMagic   = "COCOSNAP"
	snapshotVersion = 2
)

// sealedPairKey marks a sealed private pair in a snapshot ('E' is no
// prefix of the key space).
var sealedPairKey = []byte{'E'}

func snapshotAAD(raftIndex uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte("coco/snapshot/v1"), raftIndex)
}

// isPrivateStateKey reports whether a Badger key is a row of a private table.
func isPrivateStateKey(k []byte) bool {
	if len(k) == 0 || k[0] != prefixState {
		return false
	}
	table, _, ok := cutStateKey(k[1:])
	return ok && !IsPublic(table)
}

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
	bw.WriteByte(snapshotVersion)
	writeChunk(bw, ss.m.encode())
	// Each snapshot seals under its own key (derived with its Raft index),
	// so that random nonces stay far from their limit however many
	// snapshots one secret sees.
	var snapKey cipher.AEAD
	aad := snapshotAAD(ss.m.RaftIndex)
	secret, _ := s.keys.get(ss.m.SecretVersion)
	if secret != nil {
		var err error
		if snapKey, err = secret.derive(aad, "coco/ledger/snapshot/v1"); err != nil {
			return err
		}
	}
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
		if isPrivateStateKey(k) {
			if secret == nil {
				return fmt.Errorf("snapshot: a private row but %w (version %d)", ErrSecretNotHeld, ss.m.SecretVersion)
			}
			e := encoder{}
			e.bytes(k)
			e.bytes(v)
			sealed := binary.AppendUvarint(nil, secret.version)
			writeChunk(bw, sealedPairKey)
			writeChunk(bw, append(sealed, sealRandom(snapKey, e.b, aad)...))
			continue
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

// snapshotSecretRow returns the ledger secret record a snapshot pair
// holds, if it is a row of TableSecrets.
func snapshotSecretRow(k, v []byte) *SecretRecord {
	prefix := stateKey(TableSecrets, nil)
	if !bytes.HasPrefix(k, prefix) || len(k) != len(prefix)+8 {
		return nil
	}
	r, err := decodeRow(v)
	if err != nil || r.deleted {
		return nil
	}
	rec, err := decodeSecretRecord(k[len(prefix):], r.value)
	if err != nil {
		return nil
	}
	return rec
}

// snapshotKeys derives, once per secret version, the keys of one
// snapshot's sealed pairs.
type snapshotKeys struct {
	s     *Store
	aad   []byte
	byVer map[uint64]cipher.AEAD
}

func (k *snapshotKeys) get(version uint64) (cipher.AEAD, error) {
	if a := k.byVer[version]; a != nil {
		return a, nil
	}
	secret, err := k.s.keys.get(version)
	if err != nil {
		return nil, err
	}
	a, err := secret.derive(k.aad, "coco/ledger/snapshot/v1")
	if err != nil {
		return nil, err
	}
	k.byVer[version] = a
	return a, nil
}

// openSnapshotPair decrypts a sealed private pair of a snapshot.
func (k *snapshotKeys) openSnapshotPair(b []byte) (key, value []byte, err error) {
	d := decoder{b: b}
	version := d.uvarint()
	if d.err != nil {
		return nil, nil, errors.New("malformed sealed pair")
	}
	snapKey, err := k.get(version)
	if err != nil {
		return nil, nil, err
	}
	plain, err := openRandom(snapKey, d.b, k.aad)
	if err != nil {
		return nil, nil, fmt.Errorf("sealed pair does not decrypt under secret %d: %w", version, err)
	}
	p := decoder{b: plain}
	key, value = p.bytes(MaxTableName+MaxKeySize+16), p.bytes(MaxValueSize+64)
	if err := p.finish(); err != nil {
		return nil, nil, fmt.Errorf("sealed pair: %w", err)
	}
	if !isPrivateStateKey(key) {
		return nil, nil, errors.New("sealed pair is not a private row")
	}
	return key, value, nil
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
	if string(head[:len(snapshotMagic)]) != snapshotMagic || head[len(snapshotMagic)] != snapshotVersion {
		return fmt.Errorf("not a Coco snapshot (version %d)", snapshotVersion)
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
	keys := &snapshotKeys{s: s, aad: snapshotAAD(m.RaftIndex), byVer: map[uint64]cipher.AEAD{}}
	var deferred [][]byte
	var secretRows []*SecretRecord
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
		v, err := hr.chunk(MaxValueSize + MaxKeySize + MaxTableName + 128)
		if err != nil {
			return fmt.Errorf("snapshot pair %d: %w", n, err)
		}
		if bytes.Equal(k, sealedPairKey) {
			sealed := v
			if k, v, err = keys.openSnapshotPair(sealed); errors.Is(err, ErrSecretNotHeld) {
				// Perhaps sealed under a secret this snapshot's own
				// secrets table gives this node: try again at the end.
				deferred = append(deferred, sealed)
				continue
			} else if err != nil {
				return fmt.Errorf("snapshot pair %d: %w", n, err)
			}
		} else if isPrivateStateKey(k) {
			return fmt.Errorf("snapshot pair %d: a private row in the clear", n)
		} else if rec := snapshotSecretRow(k, v); rec != nil {
			secretRows = append(secretRows, rec)
		}
		if err := wb.Set(k, v); err != nil {
			return err
		}
	}
	if len(deferred) > 0 {
		if _, err := s.keys.learnAll(secretRows); err != nil {
			return fmt.Errorf("snapshot: ledger secrets: %w", err)
		}
		for i, sealed := range deferred {
			k, v, err := keys.openSnapshotPair(sealed)
			if err != nil {
				return fmt.Errorf("snapshot sealed pair %d: %w", i, err)
			}
			if err := wb.Set(k, v); err != nil {
				return err
			}
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
