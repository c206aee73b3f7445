package ledger

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Importing an earlier ledger. A network recovered from the ledger files
// of a lost one (relay/recover.go) starts a new Raft group whose first
// entries are import batches: the old records, verbatim and in order. A
// replica applies them like the original replicas did (views, public
// writes, signatures checked against the old service certificate), so the
// Merkle tree is the old one and old receipts keep their leaves, but it
// keeps the private writes sealed: the new network does not hold the old
// secrets yet. Once the members' shares give them back, a restore batch
// (restore.go) rebuilds the private tables.
//
// Import batches are accepted only before the new group opens its first
// view: each leaves the view term at 0, and a view start of the new group
// has a term of at least 1.

// BatchImport carries records of an earlier ledger (Batch.Records).
const BatchImport BatchKind = 4

// MaxImportBatch bounds the records of one import batch (bytes).
const MaxImportBatch = 4 << 20

func (a *applier) importRecords(b *Batch, st *stagedEntry) (Result, error) {
	if a.m.ViewTerm != 0 {
		return Result{}, reject("import: the network has opened view %d in term %d; records can be imported only before", a.m.View, a.m.ViewTerm)
	}
	if len(b.Records) == 0 {
		return Result{}, reject("import batch holds no records")
	}
	var res Result
	for i, enc := range b.Records {
		rec, err := decodeRecord(enc, &a.tables)
		if err != nil {
			return Result{}, reject("import record %d: %v", i, err)
		}
		if rec.ID.Seqno != a.m.LastSeqno+1 {
			return Result{}, reject("import record %s: the next seqno is %d", rec.ID, a.m.LastSeqno+1)
		}
		var sig []byte
		switch rec.Kind {
		case KindViewStart:
			v, err := importedView(rec)
			if err != nil {
				return Result{}, err
			}
			a.m.View, a.m.ViewLeader, a.m.ViewTerm, a.m.ViewStartSeqno = v.View, v.Leader, v.Term, v.StartSeqno
		case KindApp:
			if rec.ID.View != a.m.View {
				return Result{}, reject("import record %s: view %d is open", rec.ID, a.m.View)
			}
			for _, w := range rec.Writes {
				if strings.HasPrefix(w.Table, internalPrefix) {
					return Result{}, reject("import record %s writes reserved table %s", rec.ID, w.Table)
				}
				if w.Table == TableSecrets {
					if err := a.secretWrite(rec.ID, w); err != nil {
						return Result{}, err
					}
				}
			}
			// Private writes stay sealed in the record (and out of the
			// state) until a restore.
		case KindSignature:
			if rec.ID.View != a.m.View {
				return Result{}, reject("import record %s: view %d is open", rec.ID, a.m.View)
			}
			if sig, err = a.checkSignature(rec); err != nil {
				return Result{}, err
			}
		default:
			return Result{}, reject("import record %s: unknown kind %s", rec.ID, rec.Kind)
		}
		a.stage(rec, enc, st)
		if sig != nil {
			st.recs[len(st.recs)-1].sig = sig
			a.m.LastSignature = rec.ID.Seqno
		}
		if i == 0 {
			res.First = rec.ID
		}
		res.Last = rec.ID
	}
	// The terms were another Raft group's.
	a.m.ViewTerm = 0
	a.m.ImportedThrough = a.m.LastSeqno
	res.Applied = true
	return res, nil
}

// importedView checks a view start record that follows the current view.
func importedView(rec *Record) (ViewInfo, error) {
	if len(rec.Writes) != 1 || rec.Writes[0].Table != TableViews {
		return ViewInfo{}, reject("import record %s: view start does not record its view", rec.ID)
	}
	d := decoder{b: rec.Writes[0].Value}
	v := ViewInfo{View: rec.ID.View, Leader: d.u64(), Term: d.u64(), StartSeqno: rec.ID.Seqno}
	if d.finish() != nil {
		return ViewInfo{}, reject("import record %s: malformed view start", rec.ID)
	}
	return v, nil
}

// ReadRecords calls fn with every record in the ledger files of dir (a
// node's data directory) from seqno 1 through through, in order. The
// files must begin at seqno 1.
func ReadRecords(dir string, through uint64, fn func(enc []byte, rec *Record) error) error {
	ledgerDir := filepath.Join(dir, "ledger")
	firsts, err := listSegments(ledgerDir)
	if err != nil {
		return fmt.Errorf("read ledger files: %w", err)
	}
	if len(firsts) == 0 || firsts[0] != 1 {
		return fmt.Errorf("the ledger files in %s do not begin at seqno 1 (this node joined from a snapshot): use a node that holds the whole ledger", ledgerDir)
	}
	next := uint64(1)
	for _, first := range firsts {
		if next > through {
			return nil
		}
		if first != next {
			return fmt.Errorf("%s: ledger file %s starts at seqno %d, expected %d", ledgerDir, segmentName(first), first, next)
		}
		if next, err = readFileRecords(filepath.Join(ledgerDir, segmentName(first)), next, through, fn); err != nil {
			return err
		}
	}
	if next <= through {
		return fmt.Errorf("%s: the ledger files end at seqno %d, before %d", ledgerDir, next-1, through)
	}
	return nil
}

// readFileRecords reads one ledger file and returns the next seqno.
func readFileRecords(path string, next, through uint64, fn func([]byte, *Record) error) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return next, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	for next <= through {
		var hdr [4]byte
		if _, err := io.ReadFull(r, hdr[:]); errors.Is(err, io.EOF) {
			return next, nil
		} else if err != nil {
			return next, fmt.Errorf("%s: seqno %d: record header is cut short", path, next)
		}
		n := binary.BigEndian.Uint32(hdr[:])
		if n > MaxBatchSize {
			return next, fmt.Errorf("%s: seqno %d: record length %d is impossible", path, next, n)
		}
		enc := make([]byte, n)
		if _, err := io.ReadFull(r, enc); err != nil {
			return next, fmt.Errorf("%s: seqno %d: record is cut short", path, next)
		}
		rec, err := DecodeRecord(enc)
		if err != nil {
			return next, fmt.Errorf("%s: seqno %d: %w", path, next, err)
		}
		if rec.ID.Seqno != next {
			return next, fmt.Errorf("%s: record %s where seqno %d was expected", path, rec.ID, next)
		}
		if err := fn(enc, rec); err != nil {
			return next, err
		}
		next++
	}
	return next, nil
}
