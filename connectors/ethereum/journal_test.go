package ethereum

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

func TestJournal(t *testing.T) {
	dir := t.TempDir()
	acct := common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")
	j, err := openJournal(dir, 1337, acct)
	if err != nil {
		t.Fatal(err)
	}
	// One process per account: a second open is refused while it is held.
	if _, err := openJournal(dir, 1337, acct); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second open: %v", err)
	}
	if err := j.update(func(st *journalState) {
		st.NextNonce, st.Known = 5, true
		st.Pending = append(st.Pending, pending{Key: "payout:1", Nonce: 4, Txs: []hexutil.Bytes{{0x01}}})
	}); err != nil {
		t.Fatal(err)
	}
	j.close()
	// A journal holding a transaction that does not decode is refused, not
	// discarded.
	if _, err := openJournal(dir, 1337, acct); err == nil || !strings.Contains(err.Error(), "payout:1") {
		t.Fatalf("journal with an undecodable transaction: %v", err)
	}

	path := filepath.Join(dir, "1337-"+strings.ToLower(acct.Hex())+".json")
	os.WriteFile(path, []byte(`{"version":1,"chain_id":1337,"account":"`+acct.Hex()+`","next_nonce":9,"known":true,"pending":[]}`), 0o600)
	j, err = openJournal(dir, 1337, acct)
	if err != nil || j.st.NextNonce != 9 || !j.st.Known {
		t.Fatalf("reopen: %+v %v", j, err)
	}
	j.close()

	os.WriteFile(path, []byte(`{"version":1,`), 0o600)
	if _, err := openJournal(dir, 1337, acct); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("corrupt journal: %v", err)
	}
	// Another chain or account has a journal of its own.
	j, err = openJournal(dir, 1, acct)
	if err != nil {
		t.Fatal(err)
	}
	j.close()
}

// A failed save leaves the state as it was.
func TestJournalUpdateIsAtomic(t *testing.T) {
	dir := t.TempDir()
	j, err := openJournal(dir, 1, common.Address{1})
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	if err := j.update(func(st *journalState) { st.NextNonce = 3 }); err != nil {
		t.Fatal(err)
	}
	// Make the rename fail (even for root): a non-empty directory where
	// the journal file was.
	os.Remove(j.path)
	os.MkdirAll(filepath.Join(j.path, "x"), 0o700)
	if err := j.update(func(st *journalState) { st.NextNonce = 4 }); err == nil {
		t.Fatal("save into a read-only directory succeeded")
	}
	if j.st.NextNonce != 3 {
		t.Fatalf("state after a failed save: next nonce %d, want 3", j.st.NextNonce)
	}
}
