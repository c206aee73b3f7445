package ledger

import (
	"fmt"
)

// A Batch is what the leader proposes to Raft: either the start of a new
// view, or transactions it executed in its current view with the versions
// they read. Replicas apply a batch whole or not at all.
type Batch struct {
	Kind BatchKind

	// For BatchViewStart: who leads the new view, in which Raft term.
	NodeID uint64
	Term   uint64

	// For BatchTxs: the view they were executed in and the seqno the first
	// one was given; the rest follow without gaps.
	View       uint64
	FirstSeqno uint64
	Txs        []ProposedTx

	// For BatchRestore: restore private tables from the ledger's records
	// up to this seqno (see restore.go).
	Through uint64
	// For BatchImport: records of an earlier ledger (see import.go).
	Records [][]byte
}

// BatchKind says what a batch holds.
type BatchKind uint8

const (
	BatchTxs       BatchKind = 1
	BatchViewStart BatchKind = 2
	BatchRestore   BatchKind = 3
)

// ProposedTx is one executed transaction: the encoded record and the
// versions of everything it read. Reads of private tables travel sealed
// (Store.SealTx): Reads holds the public ones.
type ProposedTx struct {
	Reads       []Read
	SealedReads []byte
	Record      []byte
}

// Read is a key a transaction read and the version it saw: the seqno of the
// transaction that last wrote it, or 0 if it was never written.
type Read struct {
	Table   string
	Key     []byte
	Version uint64
}

// batchVersion 2 added sealed reads and restore batches.
const batchVersion = 2

// MaxBatchSize bounds an encoded batch (one Raft entry).
const MaxBatchSize = 8 << 20

// Encode returns the binary form of b.
func (b *Batch) Encode() []byte {
	e := encoder{}
	e.u8(batchVersion)
	e.u8(uint8(b.Kind))
	switch b.Kind {
	case BatchViewStart:
		e.u64(b.NodeID)
		e.u64(b.Term)
	case BatchTxs:
		e.u64(b.View)
		e.u64(b.FirstSeqno)
		e.uvarint(uint64(len(b.Txs)))
		for _, tx := range b.Txs {
			e.uvarint(uint64(len(tx.Reads)))
			for _, r := range tx.Reads {
				e.str(r.Table)
				e.bytes(r.Key)
				e.u64(r.Version)
			}
			e.bytes(tx.SealedReads)
			e.bytes(tx.Record)
		}
	case BatchRestore:
		e.u64(b.Through)
	case BatchImport:
		e.uvarint(uint64(len(b.Records)))
		for _, r := range b.Records {
			e.bytes(r)
		}
	}
	return e.b
}

// DecodeBatch parses a batch. The result aliases p.
func DecodeBatch(p []byte) (*Batch, error) {
	d := decoder{b: p}
	if v := d.u8(); d.err == nil && v != batchVersion {
		return nil, fmt.Errorf("batch version %d is not supported", v)
	}
	b := &Batch{Kind: BatchKind(d.u8())}
	switch b.Kind {
	case BatchViewStart:
		b.NodeID = d.u64()
		b.Term = d.u64()
	case BatchTxs:
		b.View = d.u64()
		b.FirstSeqno = d.u64()
		n := d.uvarint()
		if d.err == nil && n > uint64(len(d.b)) {
			d.fail(errShort)
		}
		for i := uint64(0); i < n && d.err == nil; i++ {
			var tx ProposedTx
			nr := d.uvarint()
			if d.err == nil && nr > MaxWrites {
				d.fail(fmt.Errorf("transaction %d reads %d keys, more than %d", i, nr, MaxWrites))
			}
			for j := uint64(0); j < nr && d.err == nil; j++ {
				tx.Reads = append(tx.Reads, Read{Table: string(d.bytes(MaxTableName)), Key: d.bytes(MaxKeySize), Version: d.u64()})
			}
			if sr := d.bytes(MaxBatchSize); len(sr) > 0 {
				tx.SealedReads = sr
			}
			tx.Record = d.bytes(MaxBatchSize)
			b.Txs = append(b.Txs, tx)
		}
	case BatchRestore:
		b.Through = d.u64()
	case BatchImport:
		n := d.uvarint()
		if d.err == nil && n > MaxWrites {
			return nil, fmt.Errorf("import batch of %d records", n)
		}
		for i := uint64(0); i < n && d.err == nil; i++ {
			b.Records = append(b.Records, d.bytes(MaxBatchSize))
		}
	default:
		if d.err == nil {
			return nil, fmt.Errorf("unknown batch kind %d", b.Kind)
		}
	}
	if err := d.finish(); err != nil {
		return nil, fmt.Errorf("decode batch: %w", err)
	}
	return b, nil
}
