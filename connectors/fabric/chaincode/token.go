package chaincode

import (
	"encoding/json"
	"math/big"
	"strconv"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// The ERC-20 interface of the Fabric samples, on the native token. Events
// are the sample's: Transfer {from, to, value} and Approval {owner,
// spender, value}, with "0x0" standing for nobody.

type transferEvent struct {
	From  string      `json:"from"`
	To    string      `json:"to"`
	Value json.Number `json:"value"`
}

type approvalEvent struct {
	Owner   string      `json:"owner"`
	Spender string      `json:"spender"`
	Value   json.Number `json:"value"`
}

// Initialize names the native token. It runs once; the caller's
// organisation becomes the minter.
func (c *Contract) Initialize(ctx contractapi.TransactionContextInterface, name, symbol, decimals string) (bool, error) {
	s := newState(ctx)
	if b, err := s.get(keyMeta); err != nil {
		return false, err
	} else if b != nil {
		return false, refusef("the token is already initialized")
	}
	if err := checkText("name", name, 128); err != nil {
		return false, err
	}
	if err := checkAssetName("symbol", symbol); err != nil {
		return false, err
	}
	d, err := strconv.Atoi(decimals)
	if err != nil || d < 0 || d > MaxDecimals {
		return false, refusef("decimals %.20q: want 0 to %d", decimals, MaxDecimals)
	}
	_, msp, err := caller(ctx)
	if err != nil {
		return false, err
	}
	return true, s.putJSON(keyMeta, meta{Name: name, Symbol: symbol, Decimals: d, MinterMSP: msp})
}

// Mint creates amount native tokens in the caller's account. Only the
// minter organisation mints.
func (c *Contract) Mint(ctx contractapi.TransactionContextInterface, amount string) error {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return err
	}
	acct, msp, err := caller(ctx)
	if err != nil {
		return err
	}
	if msp != m.MinterMSP {
		return refusef("only %s mints %s", m.MinterMSP, m.Symbol)
	}
	v, err := parsePositive("amount", amount)
	if err != nil {
		return err
	}
	if err := s.credit(m.Symbol, acct, v, true); err != nil {
		return err
	}
	return s.emit("Transfer", transferEvent{From: "0x0", To: acct, Value: json.Number(v.String())})
}

// Burn destroys amount native tokens of the caller's. Only the minter
// organisation burns.
func (c *Contract) Burn(ctx contractapi.TransactionContextInterface, amount string) error {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return err
	}
	acct, msp, err := caller(ctx)
	if err != nil {
		return err
	}
	if msp != m.MinterMSP {
		return refusef("only %s burns %s", m.MinterMSP, m.Symbol)
	}
	v, err := parsePositive("amount", amount)
	if err != nil {
		return err
	}
	if err := s.debit(m.Symbol, acct, v, true); err != nil {
		return err
	}
	return s.emit("Transfer", transferEvent{From: acct, To: "0x0", Value: json.Number(v.String())})
}

// Transfer moves amount native tokens from the caller to recipient.
func (c *Contract) Transfer(ctx contractapi.TransactionContextInterface, recipient, amount string) error {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return err
	}
	from, _, err := caller(ctx)
	if err != nil {
		return err
	}
	v, err := parsePositive("amount", amount)
	if err != nil {
		return err
	}
	if recipient == Escrow {
		return refusef("recipient: the bridge's escrow takes tokens only through Lock")
	}
	if err := s.move(m.Symbol, from, recipient, v); err != nil {
		return err
	}
	return s.emit("Transfer", transferEvent{From: from, To: recipient, Value: json.Number(v.String())})
}

// BalanceOf returns account's native balance.
func (c *Contract) BalanceOf(ctx contractapi.TransactionContextInterface, account string) (string, error) {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return "", err
	}
	v, err := s.amount(objBalance, m.Symbol, account)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// ClientAccountBalance returns the caller's native balance.
func (c *Contract) ClientAccountBalance(ctx contractapi.TransactionContextInterface) (string, error) {
	acct, _, err := caller(ctx)
	if err != nil {
		return "", err
	}
	return c.BalanceOf(ctx, acct)
}

// ClientAccountID returns the caller's account.
func (c *Contract) ClientAccountID(ctx contractapi.TransactionContextInterface) (string, error) {
	acct, _, err := caller(ctx)
	return acct, err
}

// TotalSupply returns the native token's supply.
func (c *Contract) TotalSupply(ctx contractapi.TransactionContextInterface) (string, error) {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return "", err
	}
	v, err := s.amount(objSupply, m.Symbol)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// Approve lets spender move up to value of the caller's native tokens.
func (c *Contract) Approve(ctx contractapi.TransactionContextInterface, spender, value string) error {
	s := newState(ctx)
	if _, err := s.meta(); err != nil {
		return err
	}
	owner, _, err := caller(ctx)
	if err != nil {
		return err
	}
	if err := checkAccount("spender", spender); err != nil {
		return err
	}
	v, err := wire.ParseAmount(value)
	if err != nil {
		return refusef("value: %v", err)
	}
	if err := s.setAmount(v, objAllowance, owner, spender); err != nil {
		return err
	}
	return s.emit("Approval", approvalEvent{Owner: owner, Spender: spender, Value: json.Number(v.String())})
}

// Allowance returns what spender may still move of owner's native tokens.
func (c *Contract) Allowance(ctx contractapi.TransactionContextInterface, owner, spender string) (string, error) {
	s := newState(ctx)
	v, err := s.amount(objAllowance, owner, spender)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// TransferFrom moves value of from's native tokens to to, within the
// allowance from gave the caller.
func (c *Contract) TransferFrom(ctx contractapi.TransactionContextInterface, from, to, value string) error {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return err
	}
	spender, _, err := caller(ctx)
	if err != nil {
		return err
	}
	v, err := parsePositive("value", value)
	if err != nil {
		return err
	}
	allowed, err := s.amount(objAllowance, from, spender)
	if err != nil {
		return err
	}
	if to == Escrow {
		return refusef("to: the bridge's escrow takes tokens only through Lock")
	}
	if allowed.Cmp(v) < 0 {
		return refusef("allowance of %s is %s, less than %s", spender, allowed, v)
	}
	if err := s.move(m.Symbol, from, to, v); err != nil {
		return err
	}
	if err := s.setAmount(allowed.Sub(allowed, v), objAllowance, from, spender); err != nil {
		return err
	}
	return s.emit("Transfer", transferEvent{From: from, To: to, Value: json.Number(v.String())})
}

// Name returns the native token's name.
func (c *Contract) Name(ctx contractapi.TransactionContextInterface) (string, error) {
	m, err := newState(ctx).meta()
	if err != nil {
		return "", err
	}
	return m.Name, nil
}

// Symbol returns the native token's symbol, which is also its asset name.
func (c *Contract) Symbol(ctx contractapi.TransactionContextInterface) (string, error) {
	m, err := newState(ctx).meta()
	if err != nil {
		return "", err
	}
	return m.Symbol, nil
}

// Decimals returns the native token's decimals.
func (c *Contract) Decimals(ctx contractapi.TransactionContextInterface) (int, error) {
	m, err := newState(ctx).meta()
	if err != nil {
		return 0, err
	}
	return m.Decimals, nil
}

// AssetBalanceOf returns account's balance of asset, native or wrapped.
func (c *Contract) AssetBalanceOf(ctx contractapi.TransactionContextInterface, asset, account string) (string, error) {
	v, err := newState(ctx).amount(objBalance, asset, account)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// AssetTotalSupply returns the supply of asset, native or wrapped.
func (c *Contract) AssetTotalSupply(ctx contractapi.TransactionContextInterface, asset string) (string, error) {
	v, err := newState(ctx).amount(objSupply, asset)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// Balance movements. Each keeps the supply equal to the sum of balances.

// credit adds v to account's balance of asset; with supply, it is new
// value and the supply grows too.
func (s *state) credit(asset, account string, v *big.Int, supply bool) error {
	if err := checkAccount("account", account); err != nil {
		return err
	}
	if supply {
		total, err := s.amount(objSupply, asset)
		if err != nil {
			return err
		}
		if total.Add(total, v).Cmp(wire.MaxAmount()) > 0 {
			return refusef("the supply of %s would exceed 2^256-1", asset)
		}
		if err := s.setAmount(total, objSupply, asset); err != nil {
			return err
		}
	}
	bal, err := s.amount(objBalance, asset, account)
	if err != nil {
		return err
	}
	if bal.Add(bal, v).Cmp(wire.MaxAmount()) > 0 {
		return refusef("the balance would exceed 2^256-1")
	}
	return s.setAmount(bal, objBalance, asset, account)
}

// debit takes v from account's balance of asset; with supply, the value
// is destroyed and the supply shrinks too.
func (s *state) debit(asset, account string, v *big.Int, supply bool) error {
	bal, err := s.amount(objBalance, asset, account)
	if err != nil {
		return err
	}
	if bal.Cmp(v) < 0 {
		return refusef("%s holds %s %s, less than %s", account, bal, asset, v)
	}
	if err := s.setAmount(bal.Sub(bal, v), objBalance, asset, account); err != nil {
		return err
	}
	if !supply {
		return nil
	}
	total, err := s.amount(objSupply, asset)
	if err != nil {
		return err
	}
	if total.Cmp(v) < 0 {
		return errInvariant("supply of " + asset + " below a balance")
	}
	return s.setAmount(total.Sub(total, v), objSupply, asset)
}

// move transfers v of asset from one account to another.
func (s *state) move(asset, from, to string, v *big.Int) error {
	if err := checkAccount("recipient", to); err != nil {
		return err
	}
	if from == to {
		return refusef("cannot transfer to and from the same account")
	}
	if err := s.debit(asset, from, v, false); err != nil {
		return err
	}
	return s.credit(asset, to, v, false)
}
