package relay

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger"
)

// openTestSealer opens a real ledger store in dir to seal local state.
func openTestSealer(t *testing.T, dir string) *ledger.Store {
	t.Helper()
	p, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := ledger.Open(ledger.Options{Dir: dir, Platform: p})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestLocalStateSurvivesRestart: observations, checkpoints and votes are
// there after a reopen, forgetting sticks, a last line cut short by a
// crash is dropped, and nothing observed is on disk in the clear.
func TestLocalStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	seal := openTestSealer(t, filepath.Join(dir, "store"))
	s, err := openLocalState(dir, seal)
	if err != nil {
		t.Fatal(err)
	}
	id1, id2 := "01", "02"
	o1 := &observation{Ledger: "eth", ID: id1, Amount: "5", Holder: "holder-xyzzy", DestinationAccount: "account-plugh"}
	o2 := &observation{Ledger: "eth", ID: id2, Amount: "7"}
	if err := s.observed("eth", []*observation{o1, o2}, "cp-9"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.castVotes(map[string]string{id1: voteDestination, id2: voteDestination}, nil); err != nil || got[id1] != voteDestination {
		t.Fatalf("votes %v %v", got, err)
	}
	// A second, different vote is refused without an override, taken with one.
	if got, _ := s.castVotes(map[string]string{id1: voteRefund}, nil); got[id1] != voteDestination {
		t.Fatalf("vote changed without an override: %v", got)
	}
	if got, _ := s.castVotes(map[string]string{id2: voteRefund}, map[string]bool{id2: true}); got[id2] != voteRefund {
		t.Fatalf("override ignored: %v", got)
	}
	if err := s.forget([]*observation{o1}); err != nil {
		t.Fatal(err)
	}
	if err := s.forgetVotes([]string{id1}); err != nil {
		t.Fatal(err)
	}
	s.close()
	raw, err := os.ReadFile(filepath.Join(dir, "local.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, needle := range []string{"holder-xyzzy", "account-plugh", `"amount"`} {
		if bytes.Contains(raw, []byte(needle)) {
			t.Fatalf("%s is in the local state file in the clear", needle)
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, "local.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"t":"vote","id":"03","v":"dest`) // cut short by a crash
	f.Close()

	s, err = openLocalState(dir, seal)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if s.checkpoint("eth") != "cp-9" || s.observation("eth", id1) != nil || s.observation("eth", id2) == nil {
		t.Fatalf("after reopen: cp %q, o1 %v, o2 %v", s.checkpoint("eth"), s.observation("eth", id1), s.observation("eth", id2))
	}
	if s.vote(id1) != "" || s.vote(id2) != voteRefund || s.vote("03") != "" {
		t.Fatalf("votes after reopen: %q %q %q", s.vote(id1), s.vote(id2), s.vote("03"))
	}
}
