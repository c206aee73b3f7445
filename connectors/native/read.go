package native

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/ledger"
)

// State is committed state as the relay reads it.
type State interface {
	Get(table string, key []byte) ([]byte, uint64, bool, error)
	Scan(table string, prefix, after []byte, limit int) ([]ledger.KV, error)
}

type stateGetter struct{ s State }

func (g stateGetter) Get(table string, key []byte) ([]byte, bool, error) {
	v, _, ok, err := g.s.Get(table, key)
	return v, ok, err
}

// GetAsset returns a committed asset.
func GetAsset(s State, id string) (*Asset, error) { return getAsset(stateGetter{s}, "asset", id) }

// GetAccount returns a committed account.
func GetAccount(s State, id string) (*Account, error) {
	return getAccount(stateGetter{s}, "account", id)
}

// Balances returns the committed balances of an account by asset (assets
// it never held are absent).
func Balances(s State, account string) (map[string]string, error) {
	if _, err := GetAccount(s, account); err != nil {
		return nil, err
	}
	out := map[string]string{}
	var after []byte
	for {
		// Balances are keyed by asset first: scan every asset's row for
		// this account by walking assets.
		kvs, err := s.Scan(TableAssets, nil, after, 256)
		if err != nil {
			return nil, err
		}
		for _, kv := range kvs {
			b, _, ok, err := s.Get(TableBalances, balanceKey(string(kv.Key), account))
			if err != nil {
				return nil, err
			}
			if ok && len(b) == 32 {
				out[string(kv.Key)] = decodeAmount(b).Dec()
			}
		}
		if len(kvs) < 256 {
			return out, nil
		}
		after = kvs[len(kvs)-1].Key
	}
}

// Balance returns the committed balance of one asset in one account.
func Balance(s State, asset, account string) (*uint256.Int, error) {
	if _, err := GetAsset(s, asset); err != nil {
		return nil, err
	}
	if _, err := GetAccount(s, account); err != nil {
		return nil, err
	}
	return balance(stateGetter{s}, asset, account)
}

// HistoryPage is part of an account's history, oldest first.
type HistoryPage struct {
	Entries []Entry `json:"entries"`
	// Next is the cursor for the following page, empty at the end.
	Next string `json:"next,omitempty"`
}

// History returns up to limit entries of an account's history after cursor
// (empty: from the start).
func History(s State, account, cursor string, limit int) (*HistoryPage, error) {
	if _, err := GetAccount(s, account); err != nil {
		return nil, err
	}
	if limit < 1 || limit > 1000 {
		return nil, fail(ErrInvalid, "limit", "must be 1 to 1000")
	}
	prefix := append([]byte(account), 0)
	var after []byte
	if cursor != "" {
		id, err := ledger.ParseTxID(cursor)
		if err != nil {
			return nil, fail(ErrInvalid, "after", "%v", err)
		}
		after = historyKey(account, id.Seqno, 0xff)
	}
	kvs, err := s.Scan(TableHistory, prefix, after, limit)
	if err != nil {
		return nil, err
	}
	page := &HistoryPage{Entries: make([]Entry, len(kvs))}
	for i, kv := range kvs {
		if err := page.Entries[i].decode(kv.Value); err != nil {
			return nil, fmt.Errorf("native: corrupt history entry: %w", err)
		}
	}
	if len(kvs) == limit {
		page.Next = page.Entries[len(kvs)-1].TxID
	}
	return page, nil
}
