package chaincode

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// SetupBridge sets the first relay signer set (a JSON array of identity
// strings, see wire.Identity) and how many distinct members must sign. It
// runs once, by the minter organisation; afterwards only UpdateSigners
// changes the set.
func (c *Contract) SetupBridge(ctx contractapi.TransactionContextInterface, signers, threshold string) error {
	s := newState(ctx)
	m, err := s.meta()
	if err != nil {
		return err
	}
	if _, msp, err := caller(ctx); err != nil {
		return err
	} else if msp != m.MinterMSP {
		return refusef("only %s sets the bridge up", m.MinterMSP)
	}
	if b, err := s.get(keySigners); err != nil {
		return err
	} else if b != nil {
		return refusef("the bridge is already set up; the signer set changes only through UpdateSigners")
	}
	set, k, err := parseSignerSet(signers, threshold)
	if err != nil {
		return err
	}
	channel, chaincode, err := invokedAs(ctx)
	if err != nil {
		return err
	}
	txID := ctx.GetStub().GetTxID()
	if err := s.put(keyBridge, []byte(wire.BridgeID(channel, chaincode, txID))); err != nil {
		return err
	}
	if err := s.put(keyName, []byte(chaincode)); err != nil {
		return err
	}
	next := wire.Signers{Set: set, Threshold: k, Nonce: 0, TxID: txID}
	if err := s.putJSON(keySigners, next); err != nil {
		return err
	}
	return s.emit(wire.EventSignersUpdated, next)
}

// BridgeID returns the id SetupBridge gave this bridge, which relay
// signatures are bound to (wire.Domain.Bridge) and the connector's
// configuration names (coco.bridge_id).
func (c *Contract) BridgeID(ctx contractapi.TransactionContextInterface) (string, error) {
	d, err := newState(ctx).domain()
	return d.Bridge, err
}

// Signers returns the signer set as JSON (wire.Signers).
func (c *Contract) Signers(ctx contractapi.TransactionContextInterface) (string, error) {
	set, err := newState(ctx).signers()
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(set)
	return string(b), err
}

// UpdateSigners replaces the signer set by signers (JSON array) with
// threshold, under nonce, which must be the current nonce plus one, with
// signatures of the current set over wire.Domain.SignersDigest.
func (c *Contract) UpdateSigners(ctx contractapi.TransactionContextInterface, signers, threshold, nonce, signatures string) error {
	s := newState(ctx)
	if err := direct(s.ctx); err != nil {
		return err
	}
	cur, err := s.signers()
	if err != nil {
		return err
	}
	n, err := parseUint("nonce", nonce)
	if err != nil {
		return err
	}
	if n != cur.Nonce+1 {
		return refusef("nonce %d: the next change must carry nonce %d", n, cur.Nonce+1)
	}
	set, k, err := parseSignerSet(signers, threshold)
	if err != nil {
		return err
	}
	d, err := s.domain()
	if err != nil {
		return err
	}
	digest, err := d.SignersDigest(set, k, n)
	if err != nil {
		return refusef("%v", err)
	}
	if err := s.authorise(digest, signatures); err != nil {
		return err
	}
	next := wire.Signers{Set: set, Threshold: k, Nonce: n, TxID: ctx.GetStub().GetTxID()}
	if err := s.putJSON(keySigners, next); err != nil {
		return err
	}
	return s.emit(wire.EventSignersUpdated, next)
}

func parseSignerSet(signers, threshold string) ([]string, int, error) {
	var set []string
	if err := json.Unmarshal([]byte(signers), &set); err != nil {
		return nil, 0, refusef("signers: want a JSON array of identities: %v", err)
	}
	k, err := strconv.Atoi(threshold)
	if err != nil {
		return nil, 0, refusef("threshold %.20q: want an integer", threshold)
	}
	if err := wire.CheckSignerSet(set, k); err != nil {
		return nil, 0, refusef("%v", err)
	}
	slices.Sort(set)
	return set, k, nil
}

// Anchor records a signed root of Coco's shared ledger: seqno (decimal),
// root (64 hex characters) and time (Unix nanoseconds), with the relay's
// signatures over wire.Domain.AnchorDigest. Seqnos only grow.
func (c *Contract) Anchor(ctx contractapi.TransactionContextInterface, seqno, root, unixNano, signatures string) error {
	s := newState(ctx)
	if err := direct(s.ctx); err != nil {
		return err
	}
	n, err := parseUint("seqno", seqno)
	if err != nil {
		return err
	}
	rootHex, r, err := parseID(root)
	if err != nil {
		return refusef("root: want 64 lowercase hex characters")
	}
	t, err := strconv.ParseInt(unixNano, 10, 64)
	if err != nil {
		return refusef("time %.40q: want Unix nanoseconds", unixNano)
	}
	var latest wire.Anchor
	if ok, err := s.getJSON(keyLatest, &latest); err != nil {
		return err
	} else if ok && n <= latest.Seqno {
		return refusef("seqno %d: the latest anchor is already at %d", n, latest.Seqno)
	}
	d, err := s.domain()
	if err != nil {
		return err
	}
	if err := s.authorise(d.AnchorDigest(n, r, t), signatures); err != nil {
		return err
	}
	a := wire.Anchor{Seqno: n, Root: rootHex, UnixNano: t, TxID: ctx.GetStub().GetTxID()}
	k, err := s.key(objAnchor, fmt.Sprintf("%020d", n))
	if err != nil {
		return err
	}
	if err := s.putJSON(k, a); err != nil {
		return err
	}
	if err := s.putJSON(keyLatest, a); err != nil {
		return err
	}
	return s.emit(wire.EventAnchored, a)
}

// LatestAnchor returns the anchor with the highest seqno as JSON
// (wire.Anchor), or "" if there is none.
func (c *Contract) LatestAnchor(ctx contractapi.TransactionContextInterface) (string, error) {
	b, err := newState(ctx).get(keyLatest)
	return string(b), err
}

// GetAnchor returns the anchor recorded for seqno as JSON, or "".
func (c *Contract) GetAnchor(ctx contractapi.TransactionContextInterface, seqno string) (string, error) {
	s := newState(ctx)
	n, err := parseUint("seqno", seqno)
	if err != nil {
		return "", err
	}
	k, err := s.key(objAnchor, fmt.Sprintf("%020d", n))
	if err != nil {
		return "", err
	}
	b, err := s.get(k)
	return string(b), err
}
