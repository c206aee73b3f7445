package chaincode

import (
	"errors"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// Pulls: a holder lets the bridge take an asset from its account for one
// API user (ApproveBridge); the relay then locks or burns it under the
// relay's transfer id with its signatures (PullDeposit). The allowance is
// the bridge's own, apart from the ERC-20 allowances of Approve: only a
// pull the relay signed for that user spends it.

// ApproveBridge sets to amount (a decimal, 0 to revoke) what the bridge
// may take of the caller's asset (the native token for a lock, a wrapped
// asset for a burn) in pulls for the API user user (64 lowercase hex
// characters, the user's key id). It emits wire.EventBridgeApproval.
func (c *Contract) ApproveBridge(ctx contractapi.TransactionContextInterface, user, asset, amount string) error {
	s := newState(ctx)
	if _, err := s.meta(); err != nil {
		return err
	}
	holder, _, err := caller(ctx)
	if err != nil {
		return err
	}
	if err := checkUser(user); err != nil {
		return err
	}
	if err := checkAssetName("asset", asset); err != nil {
		return err
	}
	v, err := wire.ParseAmount(amount)
	if err != nil {
		return refusef("amount: %v", err)
	}
	if err := s.setAmount(v, objBridgeAllowance, holder, user, asset); err != nil {
		return err
	}
	return s.emit(wire.EventBridgeApproval, wire.BridgeApproval{Holder: holder, User: user, Asset: asset, Value: v.String()})
}

// BridgeAllowance returns what the bridge may still take of holder's
// asset in pulls for user.
func (c *Contract) BridgeAllowance(ctx contractapi.TransactionContextInterface, holder, user, asset string) (string, error) {
	if err := checkUser(user); err != nil {
		return "", err
	}
	if err := checkAssetName("asset", asset); err != nil {
		return "", err
	}
	if err := checkAccount("holder", holder); err != nil {
		return "", err
	}
	v, err := newState(ctx).amount(objBridgeAllowance, holder, user, asset)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// PullDeposit takes amount of asset from holder within the allowance
// holder gave the bridge for user, with the relay's signatures (a JSON
// array of wire.Signature) over wire.Domain.PullDigest, and deposits it
// for destinationAccount on destinationLedger under the relay's transfer
// id transferID: kind "lock" moves the native token into escrow like
// Lock, kind "burn" destroys a wrapped asset like BurnForTransfer. The
// deposit is recorded (wire.Deposit with User set) and emitted as Locked
// or Burned like the holder's own. transferID must be open: a transfer id
// deposited, pulled or paid out already is refused with the code
// wire.CodeExecuted, a cancelled one with wire.CodeCancelled. Anyone may
// submit it; the signatures and the allowance authorise it.
func (c *Contract) PullDeposit(ctx contractapi.TransactionContextInterface, transferID, kind, asset, holder, user, amount, destinationLedger, destinationAccount, signatures string) error {
	s := newState(ctx)
	if err := direct(s.ctx); err != nil {
		return err
	}
	m, err := s.meta()
	if err != nil {
		return err
	}
	idHex, id, err := parseID(transferID)
	if err != nil {
		return err
	}
	switch kind {
	case wire.KindLock:
		if asset != m.Symbol {
			return refusef("asset %.70q: only the native token %s is locked; wrapped assets are burned", asset, m.Symbol)
		}
	case wire.KindBurn:
		if err := checkWrapped(m, asset); err != nil {
			return err
		}
	default:
		return refusef("kind %.20q: want %q or %q", kind, wire.KindLock, wire.KindBurn)
	}
	if err := wire.CheckHolder(holder); err != nil {
		return refusef("holder: %v", err)
	}
	if err := checkUser(user); err != nil {
		return err
	}
	v, err := parsePositive("amount", amount)
	if err != nil {
		return err
	}
	if err := s.requirePullable(idHex); err != nil {
		return err
	}
	d, err := s.domain()
	if err != nil {
		return err
	}
	digest, err := d.PullDigest(kind, id, asset, holder, user, v, destinationLedger, destinationAccount)
	if err != nil {
		return refusef("%v", err)
	}
	if err := s.authorise(digest, signatures); err != nil {
		return err
	}
	allowed, err := s.amount(objBridgeAllowance, holder, user, asset)
	if err != nil {
		return err
	}
	if allowed.Cmp(v) < 0 {
		return refusef("the bridge allowance of %s for user %s is %s %s, less than %s", holder, user, allowed, asset, v)
	}
	if err := s.setAmount(allowed.Sub(allowed, v), objBridgeAllowance, holder, user, asset); err != nil {
		return err
	}
	if kind == wire.KindLock {
		err = s.move(asset, holder, Escrow, v)
	} else {
		err = s.debit(asset, holder, v, true)
	}
	if err != nil {
		return err
	}
	return s.recordDeposit(wire.Deposit{
		ID: idHex, Kind: kind, Asset: asset, Holder: holder, Amount: v.String(),
		DestinationLedger: destinationLedger, DestinationAccount: destinationAccount,
		TxID: s.ctx.GetStub().GetTxID(), User: user,
	})
}

// requirePullable refuses a transfer id that is not open for a pull: one
// with a deposit (pulled or not), a payout or a cancellation.
func (s *state) requirePullable(idHex string) error {
	k, err := s.key(objDeposit, idHex)
	if err != nil {
		return err
	}
	if b, err := s.get(k); err != nil {
		return err
	} else if b != nil {
		return errors.New(wire.Refusal(wire.CodeExecuted, "transfer "+idHex+" was already deposited"))
	}
	pk, err := s.key(objPayout, idHex)
	if err != nil {
		return err
	}
	return s.requireOpen(idHex, pk)
}

// pulled returns the pull recorded under idHex, or nil (also for a
// deposit the holder made).
func (s *state) pulled(idHex string) (*wire.Deposit, error) {
	k, err := s.key(objDeposit, idHex)
	if err != nil {
		return nil, err
	}
	var rec wire.Deposit
	ok, err := s.getJSON(k, &rec)
	if err != nil || !ok || !rec.Pulled() {
		return nil, err
	}
	return &rec, nil
}

func checkUser(user string) error {
	if err := wire.CheckUser(user); err != nil {
		return refusef("user: %v", err)
	}
	return nil
}
