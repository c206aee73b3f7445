package ledger

import (
	"encoding/binary"
	"fmt"

	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
)

// Badger key space. Every key starts with a one-byte prefix:
//
//	s <table> 0x00 <key>   table row: version (8) | deleted (1) | value
//	i <seqno>              index of one transaction (indexEntry)
//	m <level> <index>      Merkle node of a completed perfect subtree
//	g <seqno>              signature transaction content (SignatureInfo)
//	r <seqno>              copy of a record not yet fsynced in its ledger file
//	M                      metadata (meta)
const (
	prefixState   = 's'
	prefixIndex   = 'i'
	prefixMerkle  = 'm'
	prefixSig     = 'g'
	prefixPending = 'r'
)

// Badger versions. The database runs in managed mode: Apply commits the
// state of Raft index i at version 2i, Sync commits its bookkeeping at 2i+1,
// and reads see the last version committed, so they never wait.
func applyVersion(raftIndex uint64) uint64 { return raftIndex << 1 }
func syncVersion(raftIndex uint64) uint64  { return raftIndex<<1 | 1 }

var keyMeta = []byte("M")

func stateKey(table string, key []byte) []byte {
	return appendStateKey(make([]byte, 0, 2+len(table)+len(key)), table, key)
}

func appendStateKey(b []byte, table string, key []byte) []byte {
	b = append(b, prefixState)
	b = append(b, table...)
	b = append(b, 0)
	return append(b, key...)
}

func seqKey(prefix byte, seqno uint64) []byte {
	b := make([]byte, 9)
	b[0] = prefix
	binary.BigEndian.PutUint64(b[1:], seqno)
	return b
}

func merkleKey(level uint8, index uint64) []byte {
	b := make([]byte, 10)
	b[0] = prefixMerkle
	b[1] = level
	binary.BigEndian.PutUint64(b[2:], index)
	return b
}

// row is a table row as stored.
type row struct {
	version uint64
	deleted bool
	value   []byte
}

// rowHeaderSize is the size of a stored row without its value.
const rowHeaderSize = 9

func (r row) encode() []byte {
	return r.appendTo(make([]byte, 0, rowHeaderSize+len(r.value)))
}

func (r row) appendTo(b []byte) []byte {
	b = binary.BigEndian.AppendUint64(b, r.version)
	if r.deleted {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return append(b, r.value...)
}

func decodeRow(b []byte) (row, error) {
	if len(b) < 9 || b[8] > 1 {
		return row{}, fmt.Errorf("corrupt table row of %d bytes", len(b))
	}
	return row{version: binary.BigEndian.Uint64(b), deleted: b[8] == 1, value: b[9:]}, nil
}

// indexEntry locates one transaction and holds its leaf.
type indexEntry struct {
	kind    Kind
	leaf    receipt.Leaf
	segment uint64 // first seqno of the ledger file holding it
	offset  int64
	length  uint32
}

// indexEntrySize is the size of an encoded indexEntry.
const indexEntrySize = 1 + 4*8 + 2*merkle.HashSize

func (e indexEntry) encode() []byte { return e.appendTo(make([]byte, 0, indexEntrySize)) }

func (e indexEntry) appendTo(b []byte) []byte {
	en := encoder{b: b}
	en.u8(uint8(e.kind))
	en.u64(e.leaf.ID.View)
	en.u64(e.segment)
	en.u64(uint64(e.offset))
	en.u64(uint64(e.length))
	en.raw(e.leaf.WriteSetDigest[:])
	en.raw(e.leaf.Claims[:])
	return en.b
}

func decodeIndexEntry(seqno uint64, b []byte) (indexEntry, error) {
	d := decoder{b: b}
	e := indexEntry{kind: Kind(d.u8())}
	e.leaf.ID = TxID{View: d.u64(), Seqno: seqno}
	e.segment = d.u64()
	e.offset = int64(d.u64())
	e.length = uint32(d.u64())
	copy(e.leaf.WriteSetDigest[:], d.raw(merkle.HashSize))
	copy(e.leaf.Claims[:], d.raw(merkle.HashSize))
	if err := d.finish(); err != nil {
		return indexEntry{}, fmt.Errorf("index of seqno %d: %w", seqno, err)
	}
	return e, nil
}

// meta is the store's persisted position. It is written in the same Badger
// transaction as the state it describes.
type meta struct {
	RaftIndex      uint64 // last applied Raft log index
	LastSeqno      uint64 // last transaction in the ledger
	View           uint64 // current view
	ViewLeader     uint64 // node leading the current view
	ViewTerm       uint64 // Raft term the current view was started in
	ViewStartSeqno uint64 // seqno of the current view's view-start transaction
	FirstSeqno     uint64 // first seqno held in this node's ledger files
	Segment        uint64 // first seqno of the open ledger file
	SegmentEnd     int64  // committed length of the open ledger file
	LastSignature  uint64 // seqno of the latest signature transaction
	SyncedSeqno    uint64 // records up to here are fsynced in the ledger files
	SecretVersion  uint64 // latest ledger secret the ledger records (TableSecrets)
	// ImportedThrough is the last seqno imported from an earlier ledger
	// (import.go), RestoredThrough the last whose private writes a restore
	// brought back (restore.go).
	ImportedThrough uint64
	RestoredThrough uint64
}

// metaVersion 3 added SecretVersion, ImportedThrough and RestoredThrough.
const metaVersion = 3

func (m meta) encode() []byte {
	e := encoder{}
	e.u8(metaVersion)
	for _, v := range []uint64{m.RaftIndex, m.LastSeqno, m.View, m.ViewLeader, m.ViewTerm, m.ViewStartSeqno, m.FirstSeqno, m.Segment, uint64(m.SegmentEnd), m.LastSignature, m.SyncedSeqno, m.SecretVersion, m.ImportedThrough, m.RestoredThrough} {
		e.u64(v)
	}
	return e.b
}

func decodeMeta(b []byte) (meta, error) {
	d := decoder{b: b}
	if v := d.u8(); d.err == nil && v != metaVersion {
		return meta{}, fmt.Errorf("metadata version %d is not supported (want %d)", v, metaVersion)
	}
	var m meta
	var end uint64
	for _, p := range []*uint64{&m.RaftIndex, &m.LastSeqno, &m.View, &m.ViewLeader, &m.ViewTerm, &m.ViewStartSeqno, &m.FirstSeqno, &m.Segment, &end, &m.LastSignature, &m.SyncedSeqno, &m.SecretVersion, &m.ImportedThrough, &m.RestoredThrough} {
		*p = d.u64()
	}
	m.SegmentEnd = int64(end)
	if err := d.finish(); err != nil {
		return meta{}, fmt.Errorf("metadata: %w", err)
	}
	return m, nil
}

// SignatureInfo is the content of a signature transaction: the node that
// signed, the root it signed and its certificate (endorsed by the service).
type SignatureInfo struct {
	NodeID    uint64
	Root      merkle.Hash
	Signature []byte // ASN.1 ECDSA over SHA-256(receipt.SignedRootMessage)
	NodeCert  []byte // DER
}

// SignatureKey is the key signature transactions write in TableSignatures.
var SignatureKey = []byte("latest")

func (s SignatureInfo) encode() []byte {
	e := encoder{}
	e.u8(1)
	e.u64(s.NodeID)
	e.raw(s.Root[:])
	e.bytes(s.Signature)
	e.bytes(s.NodeCert)
	return e.b
}

func decodeSignatureInfo(b []byte) (SignatureInfo, error) {
	d := decoder{b: b}
	if v := d.u8(); d.err == nil && v != 1 {
		return SignatureInfo{}, fmt.Errorf("signature version %d is not supported", v)
	}
	s := SignatureInfo{NodeID: d.u64()}
	copy(s.Root[:], d.raw(merkle.HashSize))
	s.Signature = d.bytes(256)
	s.NodeCert = d.bytes(16 << 10)
	if err := d.finish(); err != nil {
		return SignatureInfo{}, fmt.Errorf("signature: %w", err)
	}
	return s, nil
}

// ViewInfo is what a view-start transaction records in TableViews.
type ViewInfo struct {
	View       uint64
	Leader     uint64
	Term       uint64
	StartSeqno uint64
}

func (v ViewInfo) encode() []byte {
	e := encoder{}
	e.u64(v.Leader)
	e.u64(v.Term)
	return e.b
}

func viewKey(view uint64) []byte { return binary.BigEndian.AppendUint64(nil, view) }
