package ledger

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
)

// Entry is one committed Raft entry.
type Entry struct {
	Index uint64
	Cmd   []byte
}

// Result is the outcome of applying one entry. A rejected batch changes
// nothing; Reason says why. Applied batches became the transactions First
// to Last.
type Result struct {
	Applied     bool
	Reason      string
	First, Last TxID
}

// Apply applies committed entries in order. Each batch is checked whole
// (view, seqnos, read versions, signatures) and applied whole or rejected.
// The records are appended to the ledger files and fsynced before the state
// that indexes them commits. An error means the node cannot go on (disk
// failure); a bad batch is a rejection, not an error.
func (s *Store) Apply(entries []Entry) ([]Result, error) {
	rtx := s.db.NewTransactionAt(s.readTs.Load(), false)
	defer rtx.Discard()
	a := &applier{s: s, rtx: rtx, m: s.meta, f: s.frontier.Clone()}
	results := make([]Result, len(entries))
	for i, e := range entries {
		results[i] = a.entry(e)
	}
	if err := a.persist(); err != nil {
		// The cache may hold rows of this call; it must not outlive a
		// failed commit.
		s.cache.clear()
		return nil, err
	}
	n := 0
	for _, st := range a.entries {
		n += len(st.rows)
	}
	writes := make([]cachedRow, 0, n)
	for _, st := range a.entries {
		writes = append(writes, st.rows...)
	}
	s.cache.applied(a.reads, writes)
	s.meta, s.frontier = a.m, a.f
	s.publish()
	return results, nil
}

// applier stages one Apply call.
type applier struct {
	s    *Store
	rtx  *badger.Txn
	m    meta
	f    merkle.Frontier
	rows map[string]row // staged rows of this call, by state key

	entries []stagedEntry
	undo    []undoRow   // what the batch being checked replaced in rows
	reads   []cachedRow // rows read from Badger, for the cache
	kb      []byte      // scratch state key
	tables  tableNames
}

// undoRow is a row of applier.rows as it was before a batch staged a write.
type undoRow struct {
	key string
	row row
	had bool
}

type stagedEntry struct {
	m     meta
	recs  []stagedRecord
	rows  []cachedRow // state rows written, by state key
	nodes []merkle.Node
}

type stagedRecord struct {
	enc  []byte
	kind Kind
	leaf receipt.Leaf
	sig  []byte // encoded SignatureInfo for signature transactions
}

// rejection is a deterministic reason to refuse a batch.
type rejection struct{ reason string }

func (r *rejection) Error() string { return r.reason }

func reject(format string, args ...any) error {
	return &rejection{reason: fmt.Sprintf(format, args...)}
}

func (a *applier) entry(e Entry) Result {
	a.undo = a.undo[:0]
	mark := a.m
	f := a.f.Clone()
	st := stagedEntry{}
	res, err := a.batchOf(e.Cmd, &st)
	if err != nil {
		var rj *rejection
		if !errors.As(err, &rj) {
			rj = &rejection{reason: err.Error()}
		}
		a.m, a.f = mark, f
		for i := len(a.undo) - 1; i >= 0; i-- {
			if u := a.undo[i]; u.had {
				a.rows[u.key] = u.row
			} else {
				delete(a.rows, u.key)
			}
		}
		st = stagedEntry{}
		res = Result{Reason: rj.reason}
	}
	a.m.RaftIndex = e.Index
	st.m = a.m
	a.entries = append(a.entries, st)
	return res
}

func (a *applier) batchOf(cmd []byte, st *stagedEntry) (Result, error) {
	if len(cmd) == 0 {
		return Result{Reason: "empty entry"}, nil
	}
	b, err := DecodeBatch(cmd)
	if err != nil {
		return Result{}, reject("malformed batch: %v", err)
	}
	switch b.Kind {
	case BatchViewStart:
		return a.viewStart(b, st)
	case BatchTxs:
		return a.txs(b, st)
	}
	return Result{}, reject("unknown batch kind %d", b.Kind)
}

func (a *applier) viewStart(b *Batch, st *stagedEntry) (Result, error) {
	if b.Term < a.m.ViewTerm {
		return Result{}, reject("view start from node %d in term %d: view %d began in later term %d", b.NodeID, b.Term, a.m.View, a.m.ViewTerm)
	}
	id := TxID{View: a.m.View + 1, Seqno: a.m.LastSeqno + 1}
	v := ViewInfo{View: id.View, Leader: b.NodeID, Term: b.Term, StartSeqno: id.Seqno}
	rec := &Record{Kind: KindViewStart, ID: id, Writes: []Write{{Table: TableViews, Key: viewKey(id.View), Value: v.encode()}}}
	a.m.View, a.m.ViewLeader, a.m.ViewTerm, a.m.ViewStartSeqno = v.View, v.Leader, v.Term, v.StartSeqno
	a.stage(rec, rec.Encode(), st)
	return Result{Applied: true, First: id, Last: id}, nil
}

func (a *applier) txs(b *Batch, st *stagedEntry) (Result, error) {
	if b.View != a.m.View {
		return Result{}, reject("batch of view %d: the current view is %d", b.View, a.m.View)
	}
	if b.FirstSeqno != a.m.LastSeqno+1 {
		return Result{}, reject("batch starts at seqno %d: the next seqno is %d", b.FirstSeqno, a.m.LastSeqno+1)
	}
	if len(b.Txs) == 0 {
		return Result{}, reject("batch holds no transactions")
	}
	if a.rows == nil {
		a.rows = make(map[string]row, 6*len(b.Txs))
	}
	st.recs = make([]stagedRecord, 0, len(b.Txs))
	st.nodes = make([]merkle.Node, 0, len(b.Txs)+8)
	st.rows = make([]cachedRow, 0, 6*len(b.Txs))
	var res Result
	for i, ptx := range b.Txs {
		want := TxID{View: b.View, Seqno: b.FirstSeqno + uint64(i)}
		rec, err := decodeRecord(ptx.Record, &a.tables)
		if err != nil {
			return Result{}, reject("transaction %s: %v", want, err)
		}
		if rec.ID != want {
			return Result{}, reject("transaction %d of the batch is %s, want %s", i, rec.ID, want)
		}
		for _, r := range ptx.Reads {
			cur, _, err := a.get(r.Table, r.Key)
			if err != nil {
				return Result{}, err
			}
			if cur.version != r.Version {
				return Result{}, reject("transaction %s read %s/%x at version %d, now %d", want, r.Table, r.Key, r.Version, cur.version)
			}
		}
		var sig []byte
		switch rec.Kind {
		case KindApp:
			for _, w := range rec.Writes {
				if strings.HasPrefix(w.Table, internalPrefix) {
					return Result{}, reject("transaction %s writes reserved table %s", want, w.Table)
				}
			}
		case KindSignature:
			if sig, err = a.checkSignature(rec); err != nil {
				return Result{}, err
			}
		default:
			return Result{}, reject("transaction %s: %s records cannot be proposed", want, rec.Kind)
		}
		a.stage(rec, ptx.Record, st)
		if sig != nil {
			st.recs[len(st.recs)-1].sig = sig
			a.m.LastSignature = want.Seqno
		}
		if i == 0 {
			res.First = want
		}
		res.Last = want
	}
	res.Applied = true
	return res, nil
}

// stage adds a record: its rows, leaf and the Merkle nodes it completes.
func (a *applier) stage(rec *Record, enc []byte, st *stagedEntry) {
	for _, w := range rec.Writes {
		a.kb = appendStateKey(a.kb[:0], w.Table, w.Key)
		k := string(a.kb)
		r := row{version: rec.ID.Seqno, deleted: w.Delete, value: w.Value}
		if a.rows == nil {
			a.rows = map[string]row{}
		}
		old, had := a.rows[k]
		a.undo = append(a.undo, undoRow{key: k, row: old, had: had})
		a.rows[k] = r
		st.rows = append(st.rows, cachedRow{key: k, row: r})
	}
	leaf := receipt.LeafOf(rec.ID, enc, rec.Claims)
	st.nodes = append(st.nodes, a.f.Append(leaf.Hash())...)
	st.recs = append(st.recs, stagedRecord{enc: enc, kind: rec.Kind, leaf: leaf})
	a.m.LastSeqno = rec.ID.Seqno
}

// get reads a row as of the transactions staged so far.
func (a *applier) get(table string, key []byte) (row, bool, error) {
	a.kb = appendStateKey(a.kb[:0], table, key)
	if r, ok := a.rows[string(a.kb)]; ok {
		return r, true, nil
	}
	if r, ok := a.s.cache.get(a.kb); ok {
		return r, r.version != 0, nil
	}
	r, found, err := getRowKey(a.rtx, a.kb)
	if err == nil {
		c := r
		if !found {
			c = row{deleted: true}
		}
		a.reads = append(a.reads, cachedRow{key: string(a.kb), row: c})
	}
	return r, found, err
}

// checkSignature verifies a signature transaction against the tree so far.
func (a *applier) checkSignature(rec *Record) ([]byte, error) {
	if len(rec.Writes) != 1 || rec.Writes[0].Table != TableSignatures || string(rec.Writes[0].Key) != string(SignatureKey) || rec.Writes[0].Delete {
		return nil, reject("signature %s: must write exactly %s/%s", rec.ID, TableSignatures, SignatureKey)
	}
	enc := rec.Writes[0].Value
	info, err := decodeSignatureInfo(enc)
	if err != nil {
		return nil, reject("signature %s: %v", rec.ID, err)
	}
	if info.NodeID != a.m.ViewLeader {
		return nil, reject("signature %s by node %d: view %d is led by node %d", rec.ID, info.NodeID, a.m.View, a.m.ViewLeader)
	}
	if a.f.Size() != rec.ID.Seqno-1 {
		panic(fmt.Sprintf("ledger: tree has %d leaves before seqno %d", a.f.Size(), rec.ID.Seqno))
	}
	if root := a.f.Root(); info.Root != root {
		return nil, reject("signature %s signs root %s, the ledger's root is %s", rec.ID, info.Root, root)
	}
	svc, err := a.serviceCert()
	if err != nil {
		return nil, reject("signature %s: %v", rec.ID, err)
	}
	pub, err := a.s.nodeKey(info, svc)
	if err != nil {
		return nil, reject("signature %s: %v", rec.ID, err)
	}
	if err := verifyRoot(pub, rec.ID, info); err != nil {
		return nil, reject("signature %s: %v", rec.ID, err)
	}
	return enc, nil
}

func (a *applier) serviceCert() (*x509.Certificate, error) {
	r, ok, err := a.get(TableService, ServiceCertKey)
	if err != nil {
		return nil, err
	}
	if !ok || r.deleted {
		return nil, errors.New("the service has no certificate yet")
	}
	return x509.ParseCertificate(r.value)
}

// nodeKey returns the public key of a signature's node certificate after
// checking it is endorsed by the service and names the node.
func (s *Store) nodeKey(info SignatureInfo, svc *x509.Certificate) (*ecdsa.PublicKey, error) {
	h := sha256.Sum256(append(append([]byte(nil), svc.Raw...), info.NodeCert...))
	if pub, ok := s.certs[h]; ok {
		return pub, nil
	}
	ci, err := enclave.VerifyNodeCert(info.NodeCert, svc)
	if err != nil {
		return nil, err
	}
	if ci.NodeID != info.NodeID {
		return nil, fmt.Errorf("certificate is for node %d, not %d", ci.NodeID, info.NodeID)
	}
	pub, ok := ci.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return nil, errors.New("node certificate key is not ECDSA")
	}
	s.certs[h] = pub
	return pub, nil
}

func verifyRoot(pub *ecdsa.PublicKey, id TxID, info SignatureInfo) error {
	digest := sha256.Sum256(receipt.SignedRootMessage(id, info.Root))
	if !ecdsa.VerifyASN1(pub, digest[:], info.Signature) {
		return errors.New("root signature does not verify with the node's key")
	}
	return nil
}

// persist appends the staged records to the ledger files (not fsynced:
// see segments.go) and commits the state, with a copy of each record, in
// Badger transactions that each end on an entry boundary with the metadata
// of that entry.
func (a *applier) persist() error {
	var encs [][]byte
	var first uint64
	for _, st := range a.entries {
		for _, r := range st.recs {
			if first == 0 {
				first = r.leaf.ID.Seqno
			}
			encs = append(encs, r.enc)
		}
	}
	var pos []position
	if len(encs) > 0 {
		var err error
		if pos, err = a.s.seg.append(first, encs); err != nil {
			return fmt.Errorf("append ledger: %w", err)
		}
	}
	segment, end := a.s.meta.Segment, a.s.meta.SegmentEnd
	readTs := a.s.readTs.Load()
	txn := a.s.db.NewTransactionAt(readTs, true)
	defer func() { txn.Discard() }()
	var size, count int64
	maxSize, maxCount := a.s.db.MaxBatchSize()*8/10, a.s.db.MaxBatchCount()*8/10
	// Keys and values handed to Badger are carved from one slab: they only
	// need to live until the commits below.
	sl := slab{buf: make([]byte, 0, a.persistSize())}
	var sets []kv
	p := 0
	for i := range a.entries {
		st := &a.entries[i]
		sets = sets[:0]
		copiesSize := 0
		for _, r := range st.recs {
			copiesSize += binary.MaxVarintLen32 + len(r.enc)
		}
		copies := encoder{b: sl.take(copiesSize)[:0]} // this entry's records until the files are synced
		for _, r := range st.recs {
			at := pos[p]
			p++
			e := indexEntry{kind: r.kind, leaf: r.leaf, segment: at.segment, offset: at.offset, length: at.length}
			sets = append(sets, kv{key: sl.seqKey(prefixIndex, r.leaf.ID.Seqno), value: e.appendTo(sl.take(indexEntrySize)[:0])})
			copies.bytes(r.enc)
			if r.sig != nil {
				sets = append(sets, kv{key: sl.seqKey(prefixSig, r.leaf.ID.Seqno), value: r.sig})
			}
			segment, end = at.segment, at.offset+int64(at.length)
		}
		if len(st.recs) > 0 {
			sets = append(sets, kv{key: sl.seqKey(prefixPending, st.recs[0].leaf.ID.Seqno), value: copies.b})
		}
		for _, n := range st.nodes {
			if n.Level == 0 {
				continue // leaves are hashed from the index entries
			}
			h := sl.take(len(n.Hash))
			copy(h, n.Hash[:])
			sets = append(sets, kv{key: sl.merkleKey(n.Level, n.Index), value: h})
		}
		st.m.Segment, st.m.SegmentEnd = segment, end
		var esize int64
		for _, r := range st.rows {
			esize += int64(len(r.key) + len(r.row.value) + 32)
		}
		for _, r := range sets {
			esize += int64(len(r.key) + len(r.value) + 32)
		}
		ecount := int64(len(st.rows) + len(sets) + 1)
		if count > 0 && (size+esize > maxSize || count+ecount > maxCount) {
			// Commit what came before this entry at its Raft index.
			v := applyVersion(a.entries[i-1].m.RaftIndex)
			if err := txn.CommitAt(v, nil); err != nil {
				return fmt.Errorf("commit state: %w", err)
			}
			a.s.readTs.Store(v)
			txn = a.s.db.NewTransactionAt(v, true)
			size, count = 0, 0
		}
		for _, r := range st.rows {
			k := sl.take(len(r.key))
			copy(k, r.key)
			if err := txn.Set(k, r.row.appendTo(sl.take(rowHeaderSize + len(r.row.value))[:0])); err != nil {
				return fmt.Errorf("stage state of entry %d: %w", st.m.RaftIndex, err)
			}
		}
		for _, r := range sets {
			if err := txn.Set(r.key, r.value); err != nil {
				return fmt.Errorf("stage index of entry %d: %w", st.m.RaftIndex, err)
			}
		}
		if err := txn.Set(keyMeta, st.m.encode()); err != nil {
			return fmt.Errorf("stage metadata of entry %d: %w", st.m.RaftIndex, err)
		}
		size, count = size+esize, count+ecount
	}
	a.m.Segment, a.m.SegmentEnd = segment, end
	v := applyVersion(a.m.RaftIndex)
	if err := txn.CommitAt(v, nil); err != nil {
		return fmt.Errorf("commit state: %w", err)
	}
	a.s.readTs.Store(v)
	return nil
}

// persistSize is how many bytes persist takes from its slab.
func (a *applier) persistSize() int {
	n := 0
	for _, st := range a.entries {
		for _, r := range st.recs {
			n += 2*9 + indexEntrySize + binary.MaxVarintLen32 + len(r.enc)
		}
		n += 9 // pending copy key
		n += len(st.nodes) * (10 + merkle.HashSize)
		for _, r := range st.rows {
			n += 2*len(r.key) + rowHeaderSize + len(r.row.value)
		}
	}
	return n
}

// kv is a Badger key and value.
type kv struct{ key, value []byte }

// slab hands out byte slices carved from large chunks, so that the many
// small keys and values of one apply cost few allocations. Slices are
// never reused; a chunk lives as long as any slice of it.
type slab struct{ buf []byte }

func (s *slab) take(n int) []byte {
	if cap(s.buf)-len(s.buf) < n {
		s.buf = make([]byte, 0, max(n, 64<<10))
	}
	l := len(s.buf)
	s.buf = s.buf[:l+n]
	return s.buf[l : l+n : l+n]
}

func (s *slab) seqKey(prefix byte, seqno uint64) []byte {
	b := s.take(9)
	b[0] = prefix
	binary.BigEndian.PutUint64(b[1:], seqno)
	return b
}

func (s *slab) merkleKey(level uint8, index uint64) []byte {
	b := s.take(10)
	b[0] = prefixMerkle
	b[1] = level
	binary.BigEndian.PutUint64(b[2:], index)
	return b
}
