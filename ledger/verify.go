package ledger

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/cocorelay/coco/enclave"

	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
)

// VerifyReport summarises a verified ledger.
type VerifyReport struct {
	First, Last  TxID   // first and last transaction checked
	Transactions uint64 // transactions checked
	Signatures   uint64 // signature transactions checked
	Views        uint64 // view starts seen
	LastSigned   TxID   // last signature transaction
	Unsigned     uint64 // transactions after the last signature
	Root         merkle.Hash
}

// VerifyError names the first transaction that does not check.
type VerifyError struct {
	Seqno  uint64
	ID     TxID // zero when the record could not be decoded
	File   string
	Offset int64
	Reason string
}

func (e *VerifyError) Error() string {
	name := fmt.Sprintf("seqno %d", e.Seqno)
	if !e.ID.IsZero() {
		name = "transaction " + e.ID.String()
	}
	return fmt.Sprintf("%s (%s, offset %d): %s", name, e.File, e.Offset, e.Reason)
}

// VerifyDir re-checks a stopped node's ledger in dir end to end: every
// record decodes and follows its predecessor, view starts are in order,
// every signature transaction signs the root of the Merkle tree recomputed
// from the records, by the view's leader, with a certificate the service
// endorses, and (where the node's state is readable) every record matches
// the leaf the state committed for it. It returns a *VerifyError naming
// the first transaction that fails.
//
// The state is encrypted at rest: p unseals its key (dir/keys/state.key).
// With a nil p the state is not read and only the signatures vouch for
// the records.
func VerifyDir(dir string, p enclave.Platform) (*VerifyReport, error) {
	ledgerDir := filepath.Join(dir, "ledger")
	firsts, err := listSegments(ledgerDir)
	if err != nil {
		return nil, fmt.Errorf("read ledger files: %w", err)
	}
	if len(firsts) == 0 {
		return nil, fmt.Errorf("no ledger files in %s", ledgerDir)
	}
	st, err := openStateForVerify(dir, p)
	if err != nil {
		return nil, err
	}
	defer st.close()
	v := &verifier{st: st, rep: &VerifyReport{}}
	start := firsts[0]
	if st != nil {
		start = st.m.FirstSeqno
		if start > 1 {
			// The node joined from a snapshot: its files start after it and
			// the tree up to there comes from the state.
			if err := st.view(func(txn *badger.Txn) error {
				v.tree, err = merkle.FrontierAt(nodeReader{txn}, start-1)
				if err != nil {
					return err
				}
				if v.svc, err = serviceCertIn(txn); err != nil {
					return err
				}
				v.view, err = viewAt(txn, start-1)
				return err
			}); err != nil {
				return nil, fmt.Errorf("read the tree at the snapshot (seqno %d): %w", start-1, err)
			}
		}
	}
	if firsts[0] != start {
		return nil, fmt.Errorf("the first ledger file starts at seqno %d, expected %d", firsts[0], start)
	}
	v.next = start
	for _, f := range firsts {
		if err := v.file(filepath.Join(ledgerDir, segmentName(f)), f); err != nil {
			return v.rep, err
		}
		if v.done {
			break
		}
	}
	if st != nil && v.next <= st.m.LastSeqno {
		return v.rep, &VerifyError{Seqno: v.next, File: "(end of ledger files)", Reason: fmt.Sprintf("missing: the state has committed up to seqno %d", st.m.LastSeqno)}
	}
	v.rep.Root = v.tree.Root()
	return v.rep, nil
}

// viewAt returns the view open at seqno, from the views table: each row's
// version is the seqno of the view start that wrote it.
func viewAt(txn *badger.Txn, seqno uint64) (ViewInfo, error) {
	var out ViewInfo
	prefix := stateKey(TableViews, nil)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		b, err := it.Item().ValueCopy(nil)
		if err != nil {
			return out, err
		}
		r, err := decodeRow(b)
		if err != nil {
			return out, err
		}
		if r.version > seqno {
			continue
		}
		d := decoder{b: r.value}
		v := ViewInfo{View: binary.BigEndian.Uint64(it.Item().Key()[len(prefix):]), Leader: d.u64(), Term: d.u64(), StartSeqno: r.version}
		if err := d.finish(); err != nil {
			return out, fmt.Errorf("%w: view record: %v", ErrCorrupt, err)
		}
		if v.View > out.View {
			out = v
		}
	}
	if out.View == 0 {
		return out, fmt.Errorf("%w: no view open at seqno %d", ErrCorrupt, seqno)
	}
	return out, nil
}

type verifyState struct {
	db *badger.DB
	m  meta
}

// view reads the latest version of every row.
func (s *verifyState) view(fn func(*badger.Txn) error) error {
	txn := s.db.NewTransactionAt(math.MaxUint64, false)
	defer txn.Discard()
	return fn(txn)
}

func (s *verifyState) close() {
	if s != nil {
		s.db.Close()
	}
}

// openStateForVerify opens the node's Badger state if there is one and p
// is given.
func openStateForVerify(dir string, p enclave.Platform) (*verifyState, error) {
	path := filepath.Join(dir, "state")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) || p == nil {
		return nil, nil
	}
	key, err := readStateKey(p, dir)
	if err != nil {
		return nil, err
	}
	db, err := badger.OpenManaged(badger.DefaultOptions(path).WithLogger(nil).WithMetricsEnabled(false).
		WithEncryptionKey(key).WithIndexCacheSize(16 << 20))
	if err != nil {
		return nil, fmt.Errorf("open the node's state (is the node stopped?): %w", err)
	}
	s := &verifyState{db: db, m: meta{FirstSeqno: 1, Segment: 1}}
	err = s.view(func(txn *badger.Txn) error {
		it, err := txn.Get(keyMeta)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return it.Value(func(b []byte) error {
			s.m, err = decodeMeta(b)
			return err
		})
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("read the node's metadata: %w", err)
	}
	return s, nil
}

type verifier struct {
	st   *verifyState
	rep  *VerifyReport
	tree merkle.Frontier
	svc  *x509.Certificate
	next uint64
	view ViewInfo
	done bool
}

func (v *verifier) file(path string, first uint64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	name := filepath.Base(path)
	if first != v.next {
		return &VerifyError{Seqno: v.next, File: name, Reason: fmt.Sprintf("the file starts at seqno %d", first)}
	}
	r := bufio.NewReaderSize(f, 1<<20)
	var off int64
	for {
		if v.st != nil && v.next > v.st.m.LastSeqno {
			// A tail written before a crash and never committed; the node
			// cuts it off when it starts.
			v.done = true
			return nil
		}
		var hdr [4]byte
		if _, err := io.ReadFull(r, hdr[:]); err == io.EOF {
			return nil
		} else if err != nil {
			return &VerifyError{Seqno: v.next, File: name, Offset: off, Reason: "record header is cut short"}
		}
		n := binary.BigEndian.Uint32(hdr[:])
		if n > MaxBatchSize {
			return &VerifyError{Seqno: v.next, File: name, Offset: off, Reason: fmt.Sprintf("record length %d is impossible", n)}
		}
		enc := make([]byte, n)
		if _, err := io.ReadFull(r, enc); err != nil {
			return &VerifyError{Seqno: v.next, File: name, Offset: off, Reason: "record is cut short"}
		}
		if err := v.record(enc); err != nil {
			err.File, err.Offset = name, off
			return err
		}
		off += 4 + int64(n)
	}
}

func (v *verifier) record(enc []byte) *VerifyError {
	seqno := v.next
	fail := func(id TxID, format string, args ...any) *VerifyError {
		return &VerifyError{Seqno: seqno, ID: id, Reason: fmt.Sprintf(format, args...)}
	}
	rec, err := DecodeRecord(enc)
	if err != nil {
		return fail(TxID{}, "%v", err)
	}
	id := rec.ID
	if id.Seqno != seqno {
		return fail(id, "out of order: expected seqno %d", seqno)
	}
	leaf := receipt.LeafOf(id, enc, rec.Claims)
	if v.st != nil {
		var e indexEntry
		err := v.st.view(func(txn *badger.Txn) error {
			e, err = getIndex(txn, seqno)
			return err
		})
		if err != nil {
			return fail(id, "the node's state has no index for it: %v", err)
		}
		if e.leaf != leaf {
			return fail(id, "the record differs from what the node committed (write set digest %s, committed %s)", leaf.WriteSetDigest, e.leaf.WriteSetDigest)
		}
	}
	switch rec.Kind {
	case KindViewStart:
		if id.View != v.view.View+1 {
			return fail(id, "view start of view %d after view %d", id.View, v.view.View)
		}
		if len(rec.Writes) != 1 || rec.Writes[0].Table != TableViews {
			return fail(id, "view start does not record its view")
		}
		d := decoder{b: rec.Writes[0].Value}
		v.view = ViewInfo{View: id.View, Leader: d.u64(), Term: d.u64(), StartSeqno: seqno}
		if d.finish() != nil {
			return fail(id, "view start record is malformed")
		}
		v.rep.Views++
	case KindApp:
		if v.view.View != 0 && id.View != v.view.View {
			return fail(id, "belongs to view %d but view %d is open", id.View, v.view.View)
		}
		for _, w := range rec.Writes {
			if strings.HasPrefix(w.Table, internalPrefix) {
				return fail(id, "writes reserved table %s", w.Table)
			}
			if w.Table == TableService && string(w.Key) == string(ServiceCertKey) && !w.Delete {
				c, err := x509.ParseCertificate(w.Value)
				if err != nil {
					return fail(id, "service certificate: %v", err)
				}
				v.svc = c
			}
		}
	case KindSignature:
		if err := v.signature(rec); err != nil {
			return fail(id, "%v", err)
		}
		v.rep.Signatures++
		v.rep.LastSigned = id
	}
	v.tree.Append(leaf.Hash())
	if v.rep.Transactions == 0 {
		v.rep.First = id
	}
	v.rep.Transactions++
	v.rep.Last = id
	v.rep.Unsigned = id.Seqno - v.rep.LastSigned.Seqno
	v.next++
	return nil
}

func (v *verifier) signature(rec *Record) error {
	if len(rec.Writes) != 1 || rec.Writes[0].Table != TableSignatures {
		return errors.New("signature transaction does not hold a signature")
	}
	info, err := decodeSignatureInfo(rec.Writes[0].Value)
	if err != nil {
		return err
	}
	if root := v.tree.Root(); info.Root != root {
		return fmt.Errorf("signed root %s differs from the root %s recomputed from the ledger: a transaction since %s was changed", info.Root, root, v.rep.LastSigned)
	}
	if info.NodeID != v.view.Leader {
		return fmt.Errorf("signed by node %d, but view %d is led by node %d", info.NodeID, v.view.View, v.view.Leader)
	}
	if v.svc == nil {
		return errors.New("signature before the service certificate was recorded")
	}
	s := &Store{certs: map[[32]byte]*ecdsa.PublicKey{}}
	pub, err := s.nodeKey(info, v.svc)
	if err != nil {
		return err
	}
	return verifyRoot(pub, rec.ID, info)
}
