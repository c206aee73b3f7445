package fabric

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// SignedPayout is a payout with its signatures as JSON, the input of
// `coco fabric execute` (the same shape as the Ethereum connector's):
//
//	{"id": "<64 hex>", "kind": "mint", "asset": "wETH", "to": "Org1MSP:eDUw…",
//	 "amount": "600", "signatures": [{"signer": "p256:02…", "sig": "3045…"}]}
type SignedPayout struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	Asset      string          `json:"asset"`
	To         string          `json:"to"`
	Amount     string          `json:"amount"` // decimal
	Signatures []SignatureJSON `json:"signatures"`
}

// SignatureJSON is a connectors.Signature as JSON, the signature in hex.
type SignatureJSON struct {
	Signer string `json:"signer"`
	Sig    string `json:"sig"`
}

// NewSignedPayout is the JSON form of p and sigs.
func NewSignedPayout(p connectors.Payout, sigs []connectors.Signature) SignedPayout {
	out := SignedPayout{ID: p.ID.String(), Kind: string(p.Kind), Asset: p.Asset, To: p.To}
	if p.Amount != nil {
		out.Amount = p.Amount.String()
	}
	for _, s := range sigs {
		out.Signatures = append(out.Signatures, SignatureJSON{Signer: s.Signer, Sig: hex.EncodeToString(s.Sig)})
	}
	return out
}

// Parse returns the payout and signatures, reporting every bad field.
func (s SignedPayout) Parse() (connectors.Payout, []connectors.Signature, error) {
	var errs []error
	id, err := connectors.ParseID(s.ID)
	if err != nil {
		errs = append(errs, fmt.Errorf("id: %w", err))
	}
	amount, err := wire.ParsePositive(s.Amount)
	if err != nil {
		errs = append(errs, fmt.Errorf("amount: %w", err))
	}
	kind := connectors.PayoutKind(s.Kind)
	if kind != connectors.Release && kind != connectors.Mint {
		errs = append(errs, fmt.Errorf("kind %q: want %q or %q", s.Kind, connectors.Release, connectors.Mint))
	}
	if s.Asset == "" {
		errs = append(errs, errors.New("asset: required"))
	}
	if s.To == "" {
		errs = append(errs, errors.New("to: required"))
	}
	var sigs []connectors.Signature
	for i, sig := range s.Signatures {
		b, err := hex.DecodeString(strings.TrimPrefix(sig.Sig, "0x"))
		if err != nil || len(b) == 0 {
			errs = append(errs, fmt.Errorf("signatures[%d].sig: want hex", i))
		}
		sigs = append(sigs, connectors.Signature{Signer: sig.Signer, Sig: b})
	}
	if len(sigs) == 0 {
		errs = append(errs, errors.New("signatures: none"))
	}
	p := connectors.Payout{ID: id, Kind: kind, Asset: s.Asset, To: s.To, Amount: amount}
	return p, sigs, errors.Join(errs...)
}
