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
//
// An entry that needs a ledger secret this node does not hold (it was
// removed from the network before the secret was made) locks the store
// out: that entry and every later one are answered as rejected and change
// nothing, and LockedOut says why. The node takes no further part.
func (s *Store) Apply(entries []Entry) ([]Result, error) {
	results := make([]Result, 0, len(entries))
	for len(entries) > 0 {
		if err := s.LockedOut(); err != nil {
			for range entries {
				results = append(results, Result{Reason: err.Error()})
			}
			break
		}
		if isRestore(entries[0].Cmd) {
			r, err := s.restore(entries[0])
			if err != nil {
				return nil, err
			}
			results, entries = append(results, r), entries[1:]
			continue
		}
		n := 1
		for n < len(entries) && !isRestore(entries[n].Cmd) {
			n++
		}
		rs, err := s.applyRun(entries[:n])
		if err != nil {
			return nil, err
		}
		results, entries = append(results, rs...), entries[n:]
	}
	return results, nil
}

func (s *Store) applyRun(entries []Entry) ([]Result, error) {
	rtx := s.db.NewTransactionAt(s.readTs.Load(), false)
	defer rtx.Discard()
	a := &applier{s: s, rtx: rtx, m: s.meta, f: s.frontier.Clone(), learned: map[uint64]*Secret{}}
	results := make([]Result, len(entries))
	for i, e := range entries {
		if a.lockout != nil {
			results[i] = Result{Reason: a.lockout.Error()}
			continue
		}
		results[i] = a.entry(e)
	}
	// The secrets these entries give this node are kept before their state
	// is visible: a reader that sees a secret's row (a join reply exports
	// the secrets of the node it answers) must find the secret held.
	var learned []*Secret
	for _, st := range a.entries {
		learned = append(learned, st.secrets...)
	}
	if err := s.keys.add(learned...); err != nil {
		return nil, err
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
	s.keys.setCurrent(a.m.SecretVersion)
	if a.lockout != nil {
		err := fmt.Errorf("this node stopped applying the ledger at Raft index %d: %w", a.m.RaftIndex+1, a.lockout)
		s.lockedOut.Store(&err)
		if errors.Is(a.lockout, ErrUndecryptable) {
			s.log.Error("LEDGER LOCKED OUT: an entry's sealed data does not decrypt under a secret this node holds (tampered entry or wrong secret); this node applies nothing more", "err", a.lockout)
		} else {
			s.log.Error("ledger locked out: an entry needs a ledger secret this node does not hold (was it removed from the network?)", "err", a.lockout)
		}
	}
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

	// learned are the ledger secrets entries of this call gave this node,
	// by version; entryLearned those of the entry being checked.
	learned      map[uint64]*Secret
	entryLearned []*Secret
	// lockout is set when an entry needs a secret this node lacks.
	lockout error
}

// undoRow is a row of applier.rows as it was before a batch staged a write.
type undoRow struct {
	key string
	row row
	had bool
}

type stagedEntry struct {
	m       meta
	recs    []stagedRecord
	rows    []cachedRow // state rows written, by state key
	nodes   []merkle.Node
	secrets []*Secret // ledger secrets learned
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
	a.entryLearned = a.entryLearned[:0]
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
		for _, s := range a.entryLearned {
			delete(a.learned, s.version)
		}
		if errors.Is(err, ErrSecretNotHeld) || errors.Is(err, ErrUndecryptable) {
			// Not a verdict on the batch: this node cannot read it (it
			// lacks the secret, or what it holds does not open the data:
			// tampering or a wrong secret, never to be skipped). It
			// stays unapplied (and is applied again after a restart).
			a.lockout = err
			return Result{Reason: err.Error()}
		}
		st = stagedEntry{}
		res = Result{Reason: rj.reason}
	} else {
		st.secrets = append(st.secrets, a.entryLearned...)
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
	case BatchImport:
		return a.importRecords(b, st)
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
		if rec.Sealed != nil {
			private, err := openWrites(rec, ptx.Record, a.currentSecret, &a.tables)
			if errors.Is(err, ErrSecretNotHeld) || errors.Is(err, ErrUndecryptable) {
				return Result{}, err
			}
			if err != nil {
				return Result{}, reject("%v", err)
			}
			rec.Writes = mergeWrites(rec.Writes, private)
		}
		if err := a.checkReads(want, ptx.Reads, true); err != nil {
			return Result{}, err
		}
		if ptx.SealedReads != nil {
			reads, err := openReads(want, ptx.SealedReads, a.currentSecret)
			if errors.Is(err, ErrSecretNotHeld) || errors.Is(err, ErrUndecryptable) {
				return Result{}, err
			}
			if err != nil {
				return Result{}, reject("transaction %s: %v", want, err)
			}
			if err := a.checkReads(want, reads, false); err != nil {
				return Result{}, err
			}
		}
		var sig []byte
		switch rec.Kind {
		case KindApp:
			for _, w := range rec.Writes {
				if strings.HasPrefix(w.Table, internalPrefix) {
					return Result{}, reject("transaction %s writes reserved table %s", want, w.Table)
				}
				if w.Table == TableSecrets {
					if err := a.secretWrite(want, w); err != nil {
						return Result{}, err
					}
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

// checkReads checks that what a transaction read is still current. Reads
// sent in the clear must all be of public tables. A refusal names no
// private key.
func (a *applier) checkReads(id TxID, reads []Read, public bool) error {
	for _, r := range reads {
		if IsPublic(r.Table) != public {
			return reject("transaction %s: its read of %s travelled in the wrong part of the batch", id, r.Table)
		}
		cur, _, err := a.get(r.Table, r.Key)
		if err != nil {
			return err
		}
		if cur.version != r.Version {
			key := fmt.Sprintf("%x", r.Key)
			if !public {
				key = "(private key)"
			}
			return reject("transaction %s read %s/%s at version %d, now %d", id, r.Table, key, r.Version, cur.version)
		}
	}
	return nil
}

// secret returns a ledger secret this node holds, or one an earlier entry
// of this call gave it.
func (a *applier) secret(version uint64) (*Secret, error) {
	if s := a.learned[version]; s != nil {
		return s, nil
	}
	return a.s.keys.get(version)
}

// currentSecret is secret for a transaction's private writes and reads,
// which must be sealed under the current secret: what was sealed under an
// earlier one (executed before a rekey committed) must not enter the
// ledger after it, since a node the rekey removed holds the earlier one.
// The refusal is deterministic: it depends on the ledger only.
func (a *applier) currentSecret(version uint64) (*Secret, error) {
	if version != a.m.SecretVersion {
		return nil, fmt.Errorf("sealed under ledger secret %d, not the current %d (executed before a change of the secret committed)", version, a.m.SecretVersion)
	}
	return a.secret(version)
}

// secretWrite checks a write to the secrets table (each version follows
// the last, "latest" names it) and learns what it gives this node.
func (a *applier) secretWrite(id TxID, w Write) error {
	if string(w.Key) == string(latestSecretKey) {
		if w.Delete || len(w.Value) != 8 || binary.BigEndian.Uint64(w.Value) != a.m.SecretVersion {
			return reject("transaction %s: the latest ledger secret must name version %d", id, a.m.SecretVersion)
		}
		return nil
	}
	if w.Delete {
		return reject("transaction %s deletes a ledger secret", id)
	}
	rec, err := decodeSecretRecord(w.Key, w.Value)
	if err != nil {
		return reject("transaction %s: %v", id, err)
	}
	if rec.Version != a.m.SecretVersion+1 {
		return reject("transaction %s records ledger secret %d after %d", id, rec.Version, a.m.SecretVersion)
	}
	a.m.SecretVersion = rec.Version
	learned, err := a.s.keys.learn(rec, func(v uint64) *Secret { s, _ := a.secret(v); return s })
	if err != nil {
		// Deterministic for the network, but this node's own copy is
		// bad: it cannot read what follows.
		return fmt.Errorf("%w: %v", ErrSecretNotHeld, err)
	}
	for _, s := range learned {
		a.learned[s.version] = s
		a.entryLearned = append(a.entryLearned, s)
	}
	return nil
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
