package native

import (
	"errors"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/ledger"
)

// The native ledger as an endpoint of cross-chain transfers, inside the
// shared ledger: value leaves it by lock (an asset native here, held in
// escrow) or burn (a wrapped asset), and arrives by release (from escrow)
// or mint (of a wrapped asset). The relay calls these in the same
// transaction that moves the transfer's state, so each happens exactly
// once with it.

// TableEscrow holds, per asset, what is locked for transfers to other
// ledgers: asset id → 32-byte big-endian amount.
const TableEscrow = "native.escrow"

// BridgeIssuer is the issuer of wrapped assets: only the relay mints them.
// It cannot be a user's key id (64 hex characters).
const BridgeIssuer = "coco.bridge"

// History kinds of bridge movements. Their memo is the transfer id.
const (
	KindBridgeLock    = "bridge_lock"
	KindBridgeRelease = "bridge_release"
	KindBridgeMint    = "bridge_mint"
	KindBridgeBurn    = "bridge_burn"
)

// LockForTransfer moves amount of asset from account (owned by caller)
// into escrow for transfer id.
func LockForTransfer(tx *ledger.Tx, caller, asset, account string, amount *uint256.Int, id string) (*Entry, error) {
	if _, err := getAsset(tx, "asset", asset); err != nil {
		return nil, err
	}
	if err := debitOwned(tx, caller, asset, account, amount); err != nil {
		return nil, err
	}
	esc, err := escrowed(tx, asset)
	if err != nil {
		return nil, err
	}
	if _, over := esc.AddOverflow(esc, amount); over {
		return nil, fail(ErrOverflow, "amount", "escrow of %q would exceed 2^256-1", asset)
	}
	putAmount(tx, TableEscrow, []byte(asset), esc)
	return bridgeEntry(tx, account, KindBridgeLock, asset, amount, id), nil
}

// BurnForTransfer destroys amount of a wrapped asset held in account
// (owned by caller) for transfer id.
func BurnForTransfer(tx *ledger.Tx, caller, asset, account string, amount *uint256.Int, id string) (*Entry, error) {
	a, err := getAsset(tx, "asset", asset)
	if err != nil {
		return nil, err
	}
	if a.Issuer != BridgeIssuer {
		return nil, fail(ErrForbidden, "asset", "%q is not a wrapped asset of the bridge", asset)
	}
	if err := debitOwned(tx, caller, asset, account, amount); err != nil {
		return nil, err
	}
	supply := uint256.MustFromDecimal(a.Supply)
	if supply.Lt(amount) {
		panic(fmt.Sprintf("native: supply of %s (%s) is below a balance", asset, supply.Dec()))
	}
	a.Supply = supply.Sub(supply, amount).Dec()
	put(tx, TableAssets, []byte(asset), a)
	return bridgeEntry(tx, account, KindBridgeBurn, asset, amount, id), nil
}

// ReleaseForTransfer pays amount of asset out of escrow into account for
// transfer id.
func ReleaseForTransfer(tx *ledger.Tx, asset, account string, amount *uint256.Int, id string) (*Entry, error) {
	if _, err := getAsset(tx, "asset", asset); err != nil {
		return nil, err
	}
	if _, err := getAccount(tx, "account", account); err != nil {
		return nil, err
	}
	if err := checkPositive("amount", amount); err != nil {
		return nil, err
	}
	esc, err := escrowed(tx, asset)
	if err != nil {
		return nil, err
	}
	if esc.Lt(amount) {
		return nil, fail(ErrInsufficient, "amount", "escrow holds %s of %q, less than %s", esc.Dec(), asset, amount.Dec())
	}
	if err := credit(tx, asset, account, amount); err != nil {
		return nil, err
	}
	putAmount(tx, TableEscrow, []byte(asset), esc.Sub(esc, amount))
	return bridgeEntry(tx, account, KindBridgeRelease, asset, amount, id), nil
}

// MintForTransfer creates amount of the wrapped asset in account for
// transfer id. The asset is created (issued by the bridge, with decimals)
// on its first mint; an asset of that name issued by anyone else is
// refused.
func MintForTransfer(tx *ledger.Tx, asset string, decimals uint8, account string, amount *uint256.Int, id string) (*Entry, error) {
	if err := ValidName("asset", asset); err != nil {
		return nil, err
	}
	if _, err := getAccount(tx, "account", account); err != nil {
		return nil, err
	}
	if err := checkPositive("amount", amount); err != nil {
		return nil, err
	}
	a, err := getAsset(tx, "asset", asset)
	switch {
	case err == nil && a.Issuer != BridgeIssuer:
		return nil, fail(ErrForbidden, "asset", "asset %q exists and is not the bridge's", asset)
	case err != nil && !isNotFound(err):
		return nil, err
	case err != nil:
		a = &Asset{ID: asset, Issuer: BridgeIssuer, Decimals: decimals, Supply: "0", Created: tx.Now().UTC()}
	}
	supply := uint256.MustFromDecimal(a.Supply)
	if _, over := supply.AddOverflow(supply, amount); over {
		return nil, fail(ErrOverflow, "amount", "total supply of %q would exceed 2^256-1", asset)
	}
	if err := credit(tx, asset, account, amount); err != nil {
		return nil, err
	}
	a.Supply = supply.Dec()
	put(tx, TableAssets, []byte(asset), a)
	return bridgeEntry(tx, account, KindBridgeMint, asset, amount, id), nil
}

// Escrowed returns what is locked of asset for transfers.
func Escrowed(s State, asset string) (*uint256.Int, error) { return escrowed(stateGetter{s}, asset) }

func escrowed(g getter, asset string) (*uint256.Int, error) {
	b, ok, err := g.Get(TableEscrow, []byte(asset))
	if err != nil || !ok {
		return new(uint256.Int), err
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("native: corrupt escrow of %s", asset)
	}
	return decodeAmount(b), nil
}

// Supply returns the total supply of an asset (zero if it does not exist).
func Supply(s State, asset string) (*uint256.Int, error) {
	a, err := GetAsset(s, asset)
	if isNotFound(err) {
		return new(uint256.Int), nil
	}
	if err != nil {
		return nil, err
	}
	return uint256.FromDecimal(a.Supply)
}

// debitOwned takes amount out of account, which caller must own.
func debitOwned(tx *ledger.Tx, caller, asset, account string, amount *uint256.Int) error {
	acct, err := getAccount(tx, "account", account)
	if err != nil {
		return err
	}
	if acct.Owner != caller {
		return fail(ErrForbidden, "account", "only the owner of account %q moves its balance", account)
	}
	if err := checkPositive("amount", amount); err != nil {
		return err
	}
	bal, err := balance(tx, asset, account)
	if err != nil {
		return err
	}
	if bal.Lt(amount) {
		return fail(ErrInsufficient, "amount", "account %q holds %s of %q, less than %s", account, bal.Dec(), asset, amount.Dec())
	}
	putBalance(tx, asset, account, bal.Sub(bal, amount))
	return nil
}

func credit(tx *ledger.Tx, asset, account string, amount *uint256.Int) error {
	bal, err := balance(tx, asset, account)
	if err != nil {
		return err
	}
	if _, over := bal.AddOverflow(bal, amount); over {
		return fail(ErrOverflow, "amount", "balance of %q would exceed 2^256-1", account)
	}
	putBalance(tx, asset, account, bal)
	return nil
}

func putAmount(tx *ledger.Tx, table string, key []byte, v *uint256.Int) {
	b := v.Bytes32()
	tx.Put(table, key, b[:])
}

func bridgeEntry(tx *ledger.Tx, account, kind, asset string, amount *uint256.Int, id string) *Entry {
	e := &Entry{TxID: tx.ID().String(), Kind: kind, Asset: asset, Amount: amount.Dec(), Memo: id, At: tx.Now().UTC()}
	putEntry(tx, account, e)
	return e
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
