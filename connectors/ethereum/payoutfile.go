package ethereum

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/cocorelay/coco/connectors"
)

// SignedPayout is a payout with its signatures as JSON, the input of
// `coco ethereum execute`:
//
//	{"id": "<64 hex>", "kind": "release", "asset": "0x…", "to": "0x…",
//	 "amount": "600", "signatures": [{"signer": "0x…", "sig": "0x…"}]}
type SignedPayout struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	Asset      string          `json:"asset"`
	To         string          `json:"to"`
	Amount     string          `json:"amount"` // decimal
	Signatures []SignatureJSON `json:"signatures"`
}

// SignatureJSON is a connectors.Signature as JSON.
type SignatureJSON struct {
	Signer string        `json:"signer"`
	Sig    hexutil.Bytes `json:"sig"`
}

// NewSignedPayout is the JSON form of p and sigs.
func NewSignedPayout(p connectors.Payout, sigs []connectors.Signature) SignedPayout {
	out := SignedPayout{ID: p.ID.String(), Kind: string(p.Kind), Asset: p.Asset, To: p.To}
	if p.Amount != nil {
		out.Amount = p.Amount.String()
	}
	for _, s := range sigs {
		out.Signatures = append(out.Signatures, SignatureJSON{Signer: s.Signer, Sig: s.Sig})
	}
	return out
}

// Parse returns the payout and signatures.
func (s SignedPayout) Parse() (connectors.Payout, []connectors.Signature, error) {
	id, err := connectors.ParseID(s.ID)
	if err != nil {
		return connectors.Payout{}, nil, invalid("%v", err)
	}
	amount, ok := new(big.Int).SetString(s.Amount, 10)
	if !ok {
		return connectors.Payout{}, nil, invalid("amount %q: not a decimal integer", s.Amount)
	}
	p := connectors.Payout{ID: id, Kind: connectors.PayoutKind(s.Kind), Asset: s.Asset, To: s.To, Amount: amount}
	var sigs []connectors.Signature
	for i, sig := range s.Signatures {
		if len(sig.Sig) == 0 {
			return p, nil, invalid("signatures[%d]: empty", i)
		}
		sigs = append(sigs, connectors.Signature{Signer: sig.Signer, Sig: sig.Sig})
	}
	if len(sigs) == 0 {
		return p, nil, fmt.Errorf("%w: no signatures", ErrInvalid)
	}
	return p, sigs, nil
}
