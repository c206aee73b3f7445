package ledger

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"
)

// fixture drives a real store the way a leader and Raft would: it builds
// batches and applies them as committed entries.
type fixture struct {
	t     *testing.T
	dir   string
	plat  enclave.Platform
	s     *Store
	svc   *enclave.ServiceIdentity
	key   *ecdsa.PrivateKey
	cert  []byte
	node  uint64
	index uint64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	svc, err := enclave.NewServiceIdentity("test service", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	plat, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, dir: t.TempDir(), svc: svc, node: 1, plat: plat}
	f.key, f.cert = f.nodeCert(1)
	f.open()
	t.Cleanup(func() {
		if f.s != nil {
			f.s.Close()
		}
	})
	return f
}

func (f *fixture) nodeCert(id uint64) (*ecdsa.PrivateKey, []byte) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		f.t.Fatal(err)
	}
	cert, err := f.svc.EndorseNode(enclave.NodeCertRequest{NodeID: id, PublicKey: &key.PublicKey, Platform: enclave.Virtual, Measurement: []byte("m")})
	if err != nil {
		f.t.Fatal(err)
	}
	return key, cert
}

func (f *fixture) open() {
	s, err := Open(Options{Dir: f.dir, SegmentSize: 4 << 10, Platform: f.plat, NodeKey: f.key})
	if err != nil {
		f.t.Fatal(err)
	}
	f.s = s
	f.index = s.LastApplied()
}

func (f *fixture) reopen() {
	if err := f.s.Close(); err != nil {
		f.t.Fatal(err)
	}
	f.open()
}

func (f *fixture) apply(bs ...*Batch) []Result {
	f.t.Helper()
	var es []Entry
	for _, b := range bs {
		f.index++
		es = append(es, Entry{Index: f.index, Cmd: b.Encode()})
	}
	res, err := f.s.Apply(es)
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

func (f *fixture) mustApply(b *Batch) Result {
	f.t.Helper()
	r := f.apply(b)[0]
	if !r.Applied {
		f.t.Fatalf("batch rejected: %s", r.Reason)
	}
	return r
}

func (f *fixture) startView(term uint64) TxID {
	f.t.Helper()
	return f.mustApply(&Batch{Kind: BatchViewStart, NodeID: f.node, Term: term}).First
}

// next returns the id the next transaction gets.
func (f *fixture) next() TxID {
	c := f.s.Committed()
	return TxID{View: c.View.View, Seqno: c.ID.Seqno + 1}
}

// exec runs fn as one transaction against committed state and returns the batch.
func (f *fixture) exec(fn func(tx *Tx)) *Batch {
	f.t.Helper()
	id := f.next()
	tx := NewTx(id, time.Now(), f.s)
	fn(tx)
	rec, reads, err := tx.Finish()
	if err != nil {
		f.t.Fatal(err)
	}
	ptx, err := f.s.SealTx(rec, reads)
	if err != nil {
		f.t.Fatal(err)
	}
	return &Batch{Kind: BatchTxs, View: id.View, FirstSeqno: id.Seqno, Txs: []ProposedTx{ptx}}
}

// genesis records the service certificate and the first ledger secret,
// sealed to this fixture's node key.
func (f *fixture) genesis() TxID {
	return f.mustApply(f.exec(func(tx *Tx) {
		tx.Put(TableService, ServiceCertKey, f.svc.CertDER)
		if _, err := f.s.NextSecret(tx, []*ecdsa.PublicKey{&f.key.PublicKey}, "genesis"); err != nil {
			f.t.Fatal(err)
		}
	})).First
}

func (f *fixture) put(table, key, value string) TxID {
	return f.mustApply(f.exec(func(tx *Tx) { tx.Put(table, []byte(key), []byte(value)) })).First
}

// signBatch builds a signature transaction over everything committed.
func (f *fixture) signBatch(key *ecdsa.PrivateKey, node uint64, cert []byte) *Batch {
	f.t.Helper()
	id := f.next()
	root := f.s.frontier.Root()
	rec, err := SignatureRecord(key, node, cert, id, root)
	if err != nil {
		f.t.Fatal(err)
	}
	return &Batch{Kind: BatchTxs, View: id.View, FirstSeqno: id.Seqno, Txs: []ProposedTx{{Record: rec.Encode()}}}
}

func (f *fixture) sign() TxID {
	return f.mustApply(f.signBatch(f.key, f.node, f.cert)).First
}

// populated returns a fixture with a genesis, n puts and a signature.
func populated(t *testing.T, n int) *fixture {
	f := newFixture(t)
	f.startView(1)
	f.genesis()
	for i := range n {
		f.put("accounts", fmt.Sprintf("acct-%03d", i), fmt.Sprintf("balance %d", i*7))
	}
	f.sign()
	return f
}
