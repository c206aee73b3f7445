package native

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/ledger"
)

// Private tables of the native ledger.
const (
	TableAssets   = "native.assets"   // asset id → Asset (see codec.go)
	TableAccounts = "native.accounts" // account id → Account (see codec.go)
	TableBalances = "native.balances" // asset 0x00 account → 32-byte big-endian amount
	TableHistory  = "native.history"  // account 0x00 seqno (8 bytes) index (1 byte) → Entry (see codec.go)
)

// MaxMemo is the longest memo a transfer may carry, in bytes.
const MaxMemo = 256

// MaxDecimals is the most decimals an asset may declare.
const MaxDecimals = 36

// Asset is a native asset. Only its issuer mints it.
type Asset struct {
	ID       string    `json:"id"`
	Issuer   string    `json:"issuer"`
	Decimals uint8     `json:"decimals"`
	Supply   string    `json:"supply"`
	Created  time.Time `json:"created"`
}

// Account holds balances of any asset. Only its owner moves them.
type Account struct {
	ID      string    `json:"id"`
	Owner   string    `json:"owner"`
	Created time.Time `json:"created"`
}

// Entry kinds in an account's history.
const (
	KindMint        = "mint"
	KindBurn        = "burn"
	KindTransferIn  = "transfer_in"
	KindTransferOut = "transfer_out"
)

// Entry is one movement in an account's history.
type Entry struct {
	TxID         string    `json:"txid"`
	Kind         string    `json:"kind"`
	Asset        string    `json:"asset"`
	Amount       string    `json:"amount"`
	Counterparty string    `json:"counterparty,omitempty"`
	Memo         string    `json:"memo,omitempty"`
	At           time.Time `json:"at"`
}

// ValidName reports why s cannot name an asset or account: 1 to 64
// characters of A-Z a-z 0-9 . _ -, starting with a letter or digit.
func ValidName(field, s string) error {
	if s == "" || len(s) > 64 {
		return fail(ErrInvalid, field, "must be 1 to 64 characters")
	}
	for i, c := range []byte(s) {
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return fail(ErrInvalid, field, "%q: use letters, digits and . _ - (starting with a letter or digit)", s)
		}
	}
	return nil
}

// CreateAsset creates an asset issued by caller.
func CreateAsset(tx *ledger.Tx, caller, id string, decimals uint8) (*Asset, error) {
	if err := ValidName("asset", id); err != nil {
		return nil, err
	}
	if decimals > MaxDecimals {
		return nil, fail(ErrInvalid, "decimals", "must be at most %d", MaxDecimals)
	}
	if _, ok, err := tx.Get(TableAssets, []byte(id)); err != nil {
		return nil, err
	} else if ok {
		return nil, fail(ErrExists, "asset", "asset %q already exists", id)
	}
	a := &Asset{ID: id, Issuer: caller, Decimals: decimals, Supply: "0", Created: tx.Now().UTC()}
	put(tx, TableAssets, []byte(id), a)
	return a, nil
}

// CreateAccount creates an account owned by caller.
func CreateAccount(tx *ledger.Tx, caller, id string) (*Account, error) {
	if err := ValidName("account", id); err != nil {
		return nil, err
	}
	if _, ok, err := tx.Get(TableAccounts, []byte(id)); err != nil {
		return nil, err
	} else if ok {
		return nil, fail(ErrExists, "account", "account %q already exists", id)
	}
	a := &Account{ID: id, Owner: caller, Created: tx.Now().UTC()}
	put(tx, TableAccounts, []byte(id), a)
	return a, nil
}

// Mint creates amount of asset in account. Only the asset's issuer mints.
func Mint(tx *ledger.Tx, caller, asset, account string, amount *uint256.Int) (*Entry, error) {
	a, err := getAsset(tx, "asset", asset)
	if err != nil {
		return nil, err
	}
	if a.Issuer != caller {
		return nil, fail(ErrForbidden, "asset", "only the issuer of %q mints it", asset)
	}
	if _, err := getAccount(tx, "account", account); err != nil {
		return nil, err
	}
	if err := checkPositive("amount", amount); err != nil {
		return nil, err
	}
	supply := uint256.MustFromDecimal(a.Supply)
	if _, over := supply.AddOverflow(supply, amount); over {
		return nil, fail(ErrOverflow, "amount", "total supply of %q would exceed 2^256-1", asset)
	}
	bal, err := balance(tx, asset, account)
	if err != nil {
		return nil, err
	}
	if _, over := bal.AddOverflow(bal, amount); over {
		// Cannot happen while supply does not overflow; checked anyway.
		return nil, fail(ErrOverflow, "amount", "balance would exceed 2^256-1")
	}
	a.Supply = supply.Dec()
	put(tx, TableAssets, []byte(asset), a)
	putBalance(tx, asset, account, bal)
	e := &Entry{TxID: tx.ID().String(), Kind: KindMint, Asset: asset, Amount: amount.Dec(), At: tx.Now().UTC()}
	putEntry(tx, account, e)
	return e, nil
}

// Transfer moves amount of asset from one account to another. Only the
// owner of from moves its balance.
func Transfer(tx *ledger.Tx, caller, asset, from, to string, amount *uint256.Int, memo string) (*Entry, error) {
	if _, err := getAsset(tx, "asset", asset); err != nil {
		return nil, err
	}
	// Someone else's account and a missing one get the same answer, so
	// that transfers are no oracle for which accounts exist.
	if src, err := getAccount(tx, "from", from); err != nil || src.Owner != caller {
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return nil, fail(ErrNotFound, "from", "you own no account %q", from)
	}
	if _, err := getAccount(tx, "to", to); err != nil {
		return nil, err
	}
	if from == to {
		return nil, fail(ErrInvalid, "to", "must differ from from")
	}
	if err := checkPositive("amount", amount); err != nil {
		return nil, err
	}
	if len(memo) > MaxMemo || !utf8.ValidString(memo) {
		return nil, fail(ErrInvalid, "memo", "must be valid UTF-8 of at most %d bytes", MaxMemo)
	}
	sb, err := balance(tx, asset, from)
	if err != nil {
		return nil, err
	}
	if sb.Lt(amount) {
		return nil, fail(ErrInsufficient, "amount", "account %q holds %s of %q, less than %s", from, sb.Dec(), asset, amount.Dec())
	}
	db, err := balance(tx, asset, to)
	if err != nil {
		return nil, err
	}
	if _, over := db.AddOverflow(db, amount); over {
		return nil, fail(ErrOverflow, "amount", "balance of %q would exceed 2^256-1", to)
	}
	sb.Sub(sb, amount)
	putBalance(tx, asset, from, sb)
	putBalance(tx, asset, to, db)
	now := tx.Now().UTC()
	out := &Entry{TxID: tx.ID().String(), Kind: KindTransferOut, Asset: asset, Amount: amount.Dec(), Counterparty: to, Memo: memo, At: now}
	in := &Entry{TxID: out.TxID, Kind: KindTransferIn, Asset: asset, Amount: out.Amount, Counterparty: from, Memo: memo, At: now}
	putEntry(tx, from, out)
	putEntry(tx, to, in)
	return out, nil
}

// Burn destroys amount of asset held in account. Only the account's owner burns.
func Burn(tx *ledger.Tx, caller, asset, account string, amount *uint256.Int) (*Entry, error) {
	a, err := getAsset(tx, "asset", asset)
	if err != nil {
		return nil, err
	}
	if acct, err := getAccount(tx, "account", account); err != nil || acct.Owner != caller {
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return nil, fail(ErrNotFound, "account", "you own no account %q", account)
	}
	if err := checkPositive("amount", amount); err != nil {
		return nil, err
	}
	bal, err := balance(tx, asset, account)
	if err != nil {
		return nil, err
	}
	if bal.Lt(amount) {
		return nil, fail(ErrInsufficient, "amount", "account %q holds %s of %q, less than %s", account, bal.Dec(), asset, amount.Dec())
	}
	supply := uint256.MustFromDecimal(a.Supply)
	if supply.Lt(amount) {
		panic(fmt.Sprintf("native: supply of %s (%s) is below a balance (%s)", asset, supply.Dec(), bal.Dec()))
	}
	bal.Sub(bal, amount)
	supply.Sub(supply, amount)
	a.Supply = supply.Dec()
	put(tx, TableAssets, []byte(asset), a)
	putBalance(tx, asset, account, bal)
	e := &Entry{TxID: tx.ID().String(), Kind: KindBurn, Asset: asset, Amount: amount.Dec(), At: tx.Now().UTC()}
	putEntry(tx, account, e)
	return e, nil
}

func checkPositive(field string, v *uint256.Int) error {
	if v == nil || v.IsZero() {
		return fail(ErrInvalid, field, "must be greater than zero")
	}
	return nil
}

// getter is what reads need: a transaction or committed state.
type getter interface {
	Get(table string, key []byte) ([]byte, bool, error)
}

func getAsset(g getter, field, id string) (*Asset, error) {
	var a Asset
	if err := getRecord(g, TableAssets, field, id, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

func getAccount(g getter, field, id string) (*Account, error) {
	var a Account
	if err := getRecord(g, TableAccounts, field, id, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// record is a stored native record.
type record interface {
	encode() []byte
	decode([]byte) error
}

func getRecord(g getter, table, field, id string, v record) error {
	if err := ValidName(field, id); err != nil {
		return err
	}
	b, ok, err := g.Get(table, []byte(id))
	if err != nil {
		return err
	}
	if !ok {
		what := "account"
		if table == TableAssets {
			what = "asset"
		}
		return fail(ErrNotFound, field, "%s %q does not exist", what, id)
	}
	if err := v.decode(b); err != nil {
		return fmt.Errorf("native: corrupt %s record %q: %w", table, id, err)
	}
	return nil
}

func balance(g getter, asset, account string) (*uint256.Int, error) {
	b, ok, err := g.Get(TableBalances, balanceKey(asset, account))
	if err != nil || !ok {
		return new(uint256.Int), err
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("native: corrupt balance of %s in %s", asset, account)
	}
	return decodeAmount(b), nil
}

func put(tx *ledger.Tx, table string, key []byte, v record) {
	tx.Put(table, key, v.encode())
}

// putBalance writes a balance. The key and amount are built on the stack:
// the transaction copies what it is given.
func putBalance(tx *ledger.Tx, asset, account string, v *uint256.Int) {
	var kb [2*64 + 1]byte
	amount := v.Bytes32()
	tx.Put(TableBalances, appendBalanceKey(kb[:0], asset, account), amount[:])
}

// putEntry writes a history entry of account for this transaction.
func putEntry(tx *ledger.Tx, account string, e *Entry) {
	var kb [64 + 10]byte
	var vb [512]byte
	tx.Put(TableHistory, appendHistoryKey(kb[:0], account, tx.ID().Seqno, 0), e.appendTo(vb[:0]))
}

func balanceKey(asset, account string) []byte {
	return appendBalanceKey(make([]byte, 0, len(asset)+1+len(account)), asset, account)
}

func appendBalanceKey(b []byte, asset, account string) []byte {
	b = append(b, asset...)
	b = append(b, 0)
	return append(b, account...)
}

func historyKey(account string, seqno uint64, index byte) []byte {
	return appendHistoryKey(make([]byte, 0, len(account)+10), account, seqno, index)
}

func appendHistoryKey(b []byte, account string, seqno uint64, index byte) []byte {
	b = append(b, account...)
	b = append(b, 0)
	b = binary.BigEndian.AppendUint64(b, seqno)
	return append(b, index)
}
