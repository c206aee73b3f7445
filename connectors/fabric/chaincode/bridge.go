package chaincode

import (
	"encoding/hex"
	"errors"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// Limits of the text a deposit carries.
const (
	maxLedgerName = wire.MaxLedgerName
	maxAccount    = wire.MaxAccount
)

// Lock moves amount of the caller's native tokens into the bridge's
// escrow for a transfer to destinationAccount on destinationLedger, and
// emits the Locked event. It returns the transfer id.
func (c *Contract) Lock(ctx contractapi.TransactionContextInterface, amount, destinationLedger, destinationAccount string) (string, error) {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return "", err
	}
	holder, _, err := caller(ctx)
	if err != nil {
		return "", err
	}
	v, err := parsePositive("amount", amount)
	if err != nil {
		return "", err
	}
	if err := s.move(m.Symbol, holder, Escrow, v); err != nil {
		return "", err
	}
	return s.deposit(wire.KindLock, m.Symbol, holder, v.String(), destinationLedger, destinationAccount)
}

// BurnForTransfer destroys amount of the caller's wrapped asset for a
// transfer back to destinationAccount on destinationLedger, and emits the
// Burned event. It returns the transfer id.
func (c *Contract) BurnForTransfer(ctx contractapi.TransactionContextInterface, asset, amount, destinationLedger, destinationAccount string) (string, error) {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return "", err
	}
	if err := checkWrapped(m, asset); err != nil {
		return "", err
	}
	holder, _, err := caller(ctx)
	if err != nil {
		return "", err
	}
	v, err := parsePositive("amount", amount)
	if err != nil {
		return "", err
	}
	if err := s.debit(asset, holder, v, true); err != nil {
		return "", err
	}
	return s.deposit(wire.KindBurn, asset, holder, v.String(), destinationLedger, destinationAccount)
}

// deposit records a lock or burn under a fresh transfer id and emits it.
func (s *state) deposit(kind, asset, holder, amount, destLedger, destAccount string) (string, error) {
	d, err := s.domain()
	if err != nil {
		return "", err
	}
	txID := s.ctx.GetStub().GetTxID()
	id := d.TransferID(txID)
	rec := wire.Deposit{
		ID: hex.EncodeToString(id[:]), Kind: kind, Asset: asset, Holder: holder, Amount: amount,
		DestinationLedger: destLedger, DestinationAccount: destAccount, TxID: txID,
	}
	if err := s.recordDeposit(rec); err != nil {
		return "", err
	}
	return rec.ID, nil
}

// recordDeposit checks rec's destination, records it under rec.ID (which
// must be unused) and emits it as Locked or Burned.
func (s *state) recordDeposit(rec wire.Deposit) error {
	if err := checkText("destinationLedger", rec.DestinationLedger, maxLedgerName); err != nil {
		return err
	}
	if err := checkText("destinationAccount", rec.DestinationAccount, maxAccount); err != nil {
		return err
	}
	if _, err := s.signers(); err != nil {
		return err // no relay would ever pay it out
	}
	k, err := s.key(objDeposit, rec.ID)
	if err != nil {
		return err
	}
	if b, err := s.get(k); err != nil {
		return err
	} else if b != nil {
		if rec.Pulled() {
			return errors.New(wire.Refusal(wire.CodeExecuted, "transfer "+rec.ID+" was already deposited"))
		}
		return errInvariant("transfer id " + rec.ID + " derived twice")
	}
	if err := s.putJSON(k, rec); err != nil {
		return err
	}
	event := wire.EventLocked
	if rec.Kind == wire.KindBurn {
		event = wire.EventBurned
	}
	return s.emit(event, rec)
}

// GetDeposit returns the deposit with transferID as JSON (wire.Deposit),
// or "" if there is none.
func (c *Contract) GetDeposit(ctx contractapi.TransactionContextInterface, transferID string) (string, error) {
	return getRecord(newState(ctx), objDeposit, transferID)
}

// Release pays amount of locked native tokens to recipient for the
// transfer transferID, once, with the relay's signatures (a JSON array of
// wire.Signature) over wire.Domain.PayoutDigest.
func (c *Contract) Release(ctx contractapi.TransactionContextInterface, transferID, asset, recipient, amount, signatures string) error {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return err
	}
	if asset != m.Symbol {
		return refusef("asset %q: only the native token %s is released; wrapped assets are minted", asset, m.Symbol)
	}
	return s.payout(wire.KindRelease, transferID, asset, recipient, amount, signatures)
}

// MintForTransfer creates amount of the wrapped asset for recipient for
// the transfer transferID, once, with the relay's signatures over
// wire.Domain.PayoutDigest. (Mint is the ERC-20 minter's own.)
func (c *Contract) MintForTransfer(ctx contractapi.TransactionContextInterface, transferID, asset, recipient, amount, signatures string) error {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return err
	}
	if err := checkWrapped(m, asset); err != nil {
		return err
	}
	return s.payout(wire.KindMint, transferID, asset, recipient, amount, signatures)
}

func (s *state) payout(kind, transferID, asset, recipient, amount, signatures string) error {
	if err := direct(s.ctx); err != nil {
		return err
	}
	idHex, id, err := parseID(transferID)
	if err != nil {
		return err
	}
	if err := checkAccount("recipient", recipient); err != nil {
		return err
	}
	if recipient == Escrow {
		return refusef("recipient: cannot be the bridge's escrow")
	}
	v, err := parsePositive("amount", amount)
	if err != nil {
		return err
	}
	k, err := s.key(objPayout, idHex)
	if err != nil {
		return err
	}
	if err := s.requireOpen(idHex, k); err != nil {
		return err
	}
	d, err := s.domain()
	if err != nil {
		return err
	}
	digest, err := d.PayoutDigest(kind, id, asset, recipient, v)
	if err != nil {
		return refusef("%v", err)
	}
	if err := s.authorise(digest, signatures); err != nil {
		return err
	}
	if kind == wire.KindRelease {
		err = s.move(asset, Escrow, recipient, v)
	} else {
		err = s.credit(asset, recipient, v, true)
	}
	if err != nil {
		return err
	}
	rec := wire.Payout{ID: idHex, Kind: kind, Asset: asset, To: recipient, Amount: v.String(), TxID: s.ctx.GetStub().GetTxID()}
	if err := s.putJSON(k, rec); err != nil {
		return err
	}
	event := wire.EventReleased
	if kind == wire.KindMint {
		event = wire.EventMinted
	}
	return s.emit(event, rec)
}

// requireOpen refuses, with a code (wire.Refusal), a transfer id that was
// paid out (payout record at payoutKey) or cancelled.
func (s *state) requireOpen(idHex, payoutKey string) error {
	if b, err := s.get(payoutKey); err != nil {
		return err
	} else if b != nil {
		return errors.New(wire.Refusal(wire.CodeExecuted, "transfer "+idHex+" was already executed"))
	}
	k, err := s.key(objCancel, idHex)
	if err != nil {
		return err
	}
	if b, err := s.get(k); err != nil {
		return err
	} else if b != nil {
		return errors.New(wire.Refusal(wire.CodeCancelled, "transfer "+idHex+" is cancelled"))
	}
	return nil
}

// CancelPayout cancels the transfer transferID with the relay's
// signatures over wire.Domain.CancelDigest: no payout or pull of it
// executes afterwards. A transfer id that was paid out, pulled
// (PullDeposit) or cancelled already is refused, with the code
// wire.CodeExecuted (paid out or pulled) or wire.CodeCancelled.
func (c *Contract) CancelPayout(ctx contractapi.TransactionContextInterface, transferID, signatures string) error {
	s := newState(ctx)
	if err := direct(s.ctx); err != nil {
		return err
	}
	idHex, id, err := parseID(transferID)
	if err != nil {
		return err
	}
	pk, err := s.key(objPayout, idHex)
	if err != nil {
		return err
	}
	if err := s.requireOpen(idHex, pk); err != nil {
		return err
	}
	if pulled, err := s.pulled(idHex); err != nil {
		return err
	} else if pulled != nil {
		return errors.New(wire.Refusal(wire.CodeExecuted, "transfer "+idHex+" was already executed as a pull"))
	}
	d, err := s.domain()
	if err != nil {
		return err
	}
	if err := s.authorise(d.CancelDigest(id), signatures); err != nil {
		return err
	}
	k, err := s.key(objCancel, idHex)
	if err != nil {
		return err
	}
	rec := wire.Cancel{ID: idHex, TxID: s.ctx.GetStub().GetTxID()}
	if err := s.putJSON(k, rec); err != nil {
		return err
	}
	return s.emit(wire.EventCancelled, rec)
}

// GetCancel returns the cancellation of transferID as JSON (wire.Cancel),
// or "" if there is none.
func (c *Contract) GetCancel(ctx contractapi.TransactionContextInterface, transferID string) (string, error) {
	return getRecord(newState(ctx), objCancel, transferID)
}

// GetPayout returns the payout executed for transferID as JSON
// (wire.Payout), or "" if there is none.
func (c *Contract) GetPayout(ctx contractapi.TransactionContextInterface, transferID string) (string, error) {
	return getRecord(newState(ctx), objPayout, transferID)
}

func getRecord(s *state, obj, transferID string) (string, error) {
	idHex, _, err := parseID(transferID)
	if err != nil {
		return "", err
	}
	k, err := s.key(obj, idHex)
	if err != nil {
		return "", err
	}
	b, err := s.get(k)
	return string(b), err
}

func checkWrapped(m *meta, asset string) error {
	if err := checkAssetName("asset", asset); err != nil {
		return err
	}
	if asset == m.Symbol {
		return refusef("asset %s is the native token: it is locked and released, not minted or burned by the bridge", asset)
	}
	return nil
}
