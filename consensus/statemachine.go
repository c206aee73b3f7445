package consensus

import (
	"encoding/binary"
	"errors"
	"io"

	sm "github.com/lni/dragonboat/v4/statemachine"

	"github.com/cocorelay/coco/ledger"
)

// Result values of applied entries, as Dragonboat carries them.
const (
	resultApplied  = 1
	resultRejected = 2
)

// stateMachine adapts a ledger.Store to Dragonboat's on-disk state machine.
// The store is owned by whoever opened it; Close here does not close it.
type stateMachine struct {
	store *ledger.Store
}

var _ sm.IOnDiskStateMachine = (*stateMachine)(nil)

func (s *stateMachine) Open(<-chan struct{}) (uint64, error) { return s.store.LastApplied(), nil }

func (s *stateMachine) Update(entries []sm.Entry) ([]sm.Entry, error) {
	in := make([]ledger.Entry, len(entries))
	for i, e := range entries {
		in[i] = ledger.Entry{Index: e.Index, Cmd: e.Cmd}
	}
	res, err := s.store.Apply(in)
	if err != nil {
		return nil, err
	}
	for i, r := range res {
		entries[i].Result = encodeResult(r)
	}
	return entries, nil
}

func (s *stateMachine) Lookup(any) (any, error) {
	return nil, errors.New("consensus: read the ledger store directly")
}

func (s *stateMachine) Sync() error { return s.store.Sync() }

func (s *stateMachine) PrepareSnapshot() (any, error) { return s.store.PrepareSnapshot(), nil }

func (s *stateMachine) SaveSnapshot(st any, w io.Writer, stop <-chan struct{}) error {
	err := s.store.SaveSnapshot(st.(*ledger.SnapshotState), w, stop)
	if errors.Is(err, ledger.ErrSnapshotStopped) {
		return sm.ErrSnapshotStopped
	}
	return err
}

func (s *stateMachine) RecoverFromSnapshot(r io.Reader, stop <-chan struct{}) error {
	err := s.store.RecoverFromSnapshot(r, stop)
	if errors.Is(err, ledger.ErrSnapshotStopped) {
		return sm.ErrSnapshotStopped
	}
	return err
}

func (s *stateMachine) Close() error { return nil }

// encodeResult packs a ledger.Result: Value says applied or rejected, Data
// holds the first and last transaction ids (4 x 8 bytes) or the reason.
func encodeResult(r ledger.Result) sm.Result {
	if !r.Applied {
		return sm.Result{Value: resultRejected, Data: []byte(r.Reason)}
	}
	b := make([]byte, 32)
	binary.BigEndian.PutUint64(b[0:], r.First.View)
	binary.BigEndian.PutUint64(b[8:], r.First.Seqno)
	binary.BigEndian.PutUint64(b[16:], r.Last.View)
	binary.BigEndian.PutUint64(b[24:], r.Last.Seqno)
	return sm.Result{Value: resultApplied, Data: b}
}

func decodeResult(r sm.Result) ledger.Result {
	if r.Value != resultApplied || len(r.Data) != 32 {
		reason := string(r.Data)
		if reason == "" {
			reason = "entry was not applied"
		}
		return ledger.Result{Reason: reason}
	}
	d := r.Data
	return ledger.Result{
		Applied: true,
		First:   ledger.TxID{View: binary.BigEndian.Uint64(d[0:]), Seqno: binary.BigEndian.Uint64(d[8:])},
		Last:    ledger.TxID{View: binary.BigEndian.Uint64(d[16:]), Seqno: binary.BigEndian.Uint64(d[24:])},
	}
}
