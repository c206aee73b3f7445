package ethereum

import (
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// A receipt, the head and the header it is checked against come from one
// endpoint. Endpoint A is on a short fork whose block 5 holds the receipt
// (head 6: one block deep); B is on the canonical chain (head 60) without
// it. A fails eth_blockNumber (a rate limit) and B fails
// eth_getBlockByNumber (a lagging backend): mixing them would measure A's
// receipt against B's head and call it final.
func TestFinalReceiptReadsOneEndpoint(t *testing.T) {
	tx := types.NewTx(&types.LegacyTx{Nonce: 1, Gas: 21000, GasPrice: big.NewInt(1)})
	a := newFakeChain(1337, 7)
	b := newFakeChain(1337, 0)
	b.extend(61, 9)
	a.receipts = map[common.Hash]*types.Receipt{
		tx.Hash(): {TxHash: tx.Hash(), BlockNumber: big.NewInt(5), BlockHash: a.hash(5), Status: types.ReceiptStatusSuccessful},
	}
	a.fail = failWith(errors.New("429 too many requests"), "BlockNumber")
	b.fail = failWith(errors.New("header not found"), "HeaderByNumber")
	p, _ := testPool(t, 0, a, b)
	m := &txManager{chain: p, depth: 10}
	r, final, err := m.finalReceipt(t.Context(), []*types.Transaction{tx})
	if final {
		t.Fatalf("a receipt one block deep on a fork reported final at depth 10 (receipt %v, err %v)", r != nil, err)
	}

	// Once A answers, its own view decides: not deep enough, then final.
	a.fail = nil
	if r, final, err := m.finalReceipt(t.Context(), []*types.Transaction{tx}); err != nil || r == nil || final {
		t.Fatalf("on A at head 6: receipt %v final %v err %v, want the receipt, not final", r != nil, final, err)
	}
	a.extend(10, 0)
	if r, final, err := m.finalReceipt(t.Context(), []*types.Transaction{tx}); err != nil || r == nil || !final {
		t.Fatalf("on A at head 16: receipt %v final %v err %v, want it final", r != nil, final, err)
	}
}
