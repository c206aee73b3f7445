package ethereum

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// journal is the transaction manager's memory across restarts: the next
// nonce of its account and every transaction it signed that is not final
// yet. It is one small JSON file per (chain, account), replaced atomically
// (temporary file, fsync, rename, fsync of the directory) on every change,
// and always written before the transaction it records is sent. An
// exclusive lock on a sibling file keeps a second process from using the
// same account.
//
// The journal is not safe for concurrent use; the transaction manager
// guards it.
type journal struct {
	path string
	lock *os.File
	st   journalState
}

type journalState struct {
	Version int    `json:"version"`
	ChainID uint64 `json:"chain_id"`
	Account string `json:"account"`
	// NextNonce is the nonce the next new transaction gets. Known is false
	// until it was read from the chain once (a new journal).
	NextNonce uint64    `json:"next_nonce"`
	Known     bool      `json:"known"`
	Pending   []pending `json:"pending"`
}

// pending is one nonce in flight: every version of its transaction, oldest
// first (a version replaces the one before with higher fees).
type pending struct {
	Key   string          `json:"key"` // what it does, unique: "payout:<id>", "anchor:<seqno>", ...
	Nonce uint64          `json:"nonce"`
	Txs   []hexutil.Bytes `json:"txs"` // signed, RLP/typed-envelope encoded
}

func (p *pending) transactions() ([]*types.Transaction, error) {
	out := make([]*types.Transaction, 0, len(p.Txs))
	for _, raw := range p.Txs {
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("journal entry %s: %w", p.Key, err)
		}
		out = append(out, tx)
	}
	return out, nil
}

const journalVersion = 1

// openJournal opens (or creates) the journal of account on chainID in dir
// and takes its lock.
func openJournal(dir string, chainID uint64, account common.Address) (*journal, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	base := fmt.Sprintf("%d-%s", chainID, strings.ToLower(account.Hex()))
	lock, err := os.OpenFile(filepath.Join(dir, base+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("journal %s: in use by another process (%v): one account, one connector", dir, err)
	}
	j := &journal{path: filepath.Join(dir, base+".json"), lock: lock}
	b, err := os.ReadFile(j.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		j.st = journalState{Version: journalVersion, ChainID: chainID, Account: account.Hex()}
		return j, nil
	case err != nil:
		j.close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	if err := json.Unmarshal(b, &j.st); err != nil {
		j.close()
		return nil, fmt.Errorf("journal %s: corrupt (%v); it is never discarded automatically", j.path, err)
	}
	if j.st.Version != journalVersion || j.st.ChainID != chainID || !strings.EqualFold(j.st.Account, account.Hex()) {
		j.close()
		return nil, fmt.Errorf("journal %s: version %d, chain %d, account %s; want %d, %d, %s",
			j.path, j.st.Version, j.st.ChainID, j.st.Account, journalVersion, chainID, account.Hex())
	}
	for i := range j.st.Pending {
		if _, err := j.st.Pending[i].transactions(); err != nil {
			j.close()
			return nil, fmt.Errorf("journal %s: %w", j.path, err)
		}
	}
	return j, nil
}

func (j *journal) close() {
	if j.lock != nil {
		j.lock.Close() // releases the flock
		j.lock = nil
	}
}

// find returns the pending entry with key, or nil.
func (j *journal) find(key string) *pending {
	for i := range j.st.Pending {
		if j.st.Pending[i].Key == key {
			return &j.st.Pending[i]
		}
	}
	return nil
}

// save writes the state durably. On error the file on disk is unchanged.
func (j *journal) save() error {
	b, err := json.MarshalIndent(j.st, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(j.path), ".journal-*")
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("journal: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("journal: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := os.Rename(tmp.Name(), j.path); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	d, err := os.Open(filepath.Dir(j.path))
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// update applies fn to a copy of the state and saves it; the in-memory
// state changes only if the save succeeded.
func (j *journal) update(fn func(st *journalState)) error {
	old := j.st
	next := j.st
	next.Pending = make([]pending, len(old.Pending))
	for i, p := range old.Pending {
		next.Pending[i] = pending{Key: p.Key, Nonce: p.Nonce, Txs: append([]hexutil.Bytes(nil), p.Txs...)}
	}
	fn(&next)
	j.st = next
	if err := j.save(); err != nil {
		j.st = old
		return err
	}
	return nil
}
