package ethereum

import (
	"context"
	"errors"
	"math/big"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// fakeChain is an in-memory Chain for tests of the pool and the watcher:
// a chain of headers, a list of logs, code at some addresses and a call
// handler. fail, if set, makes a method fail (or panic) instead.
type fakeChain struct {
	mu       sync.Mutex
	id       uint64
	headers  []*types.Header
	logs     []types.Log
	code     map[common.Address]bool
	call     func(ethereum.CallMsg) ([]byte, error)
	callAt   func(ethereum.CallMsg, *big.Int) ([]byte, error) // if set, instead of call
	fail     func(method string) error                        // nil error: answer normally
	receipts map[common.Hash]*types.Receipt
	calls    map[string]int
}

func newFakeChain(id uint64, blocks int) *fakeChain {
	f := &fakeChain{id: id, code: map[common.Address]bool{}, calls: map[string]int{}}
	f.extend(blocks, 0)
	return f
}

// extend adds n blocks; salt makes a branch's hashes its own.
func (f *fakeChain) extend(n int, salt byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		h := &types.Header{Number: big.NewInt(int64(len(f.headers))), Extra: []byte{salt}, Difficulty: big.NewInt(0)}
		if len(f.headers) > 0 {
			h.ParentHash = f.headers[len(f.headers)-1].Hash()
		}
		f.headers = append(f.headers, h)
	}
}

func (f *fakeChain) hash(n uint64) common.Hash {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.headers[n].Hash()
}

// panicked, returned by fail, makes the method panic instead.
type panicked string

func (p panicked) Error() string { return string(p) }

func callMsg() ethereum.CallMsg { return ethereum.CallMsg{} }

func (f *fakeChain) enter(method string) error {
	f.mu.Lock()
	f.calls[method]++
	fail := f.fail
	f.mu.Unlock()
	if fail == nil {
		return nil
	}
	err := fail(method)
	if p, ok := err.(panicked); ok {
		panic(string(p))
	}
	return err
}

func (f *fakeChain) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

func (f *fakeChain) ChainID(ctx context.Context) (*big.Int, error) {
	if err := f.enter("ChainID"); err != nil {
		return nil, err
	}
	return new(big.Int).SetUint64(f.id), nil
}

func (f *fakeChain) BlockNumber(ctx context.Context) (uint64, error) {
	if err := f.enter("BlockNumber"); err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return uint64(len(f.headers) - 1), nil
}

func (f *fakeChain) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	if err := f.enter("HeaderByNumber"); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if n == nil {
		return f.headers[len(f.headers)-1], nil
	}
	if n.Uint64() >= uint64(len(f.headers)) {
		return nil, ethereum.NotFound
	}
	return f.headers[n.Uint64()], nil
}

func (f *fakeChain) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if err := f.enter("FilterLogs"); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []types.Log
	for _, l := range f.logs {
		if l.BlockNumber >= q.FromBlock.Uint64() && l.BlockNumber <= q.ToBlock.Uint64() && matches(l, q) {
			out = append(out, l)
		}
	}
	return out, nil
}

// matches applies a filter's addresses and topics as a node does.
func matches(l types.Log, q ethereum.FilterQuery) bool {
	if len(q.Addresses) > 0 && !slices.Contains(q.Addresses, l.Address) {
		return false
	}
	for i, want := range q.Topics {
		if len(want) == 0 {
			continue
		}
		if i >= len(l.Topics) || !slices.Contains(want, l.Topics[i]) {
			return false
		}
	}
	return true
}

func (f *fakeChain) CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error) {
	if err := f.enter("CallContract"); err != nil {
		return nil, err
	}
	if f.callAt != nil {
		return f.callAt(msg, block)
	}
	if f.call == nil {
		return nil, errors.New("no contracts here")
	}
	return f.call(msg)
}

func (f *fakeChain) CodeAt(ctx context.Context, a common.Address, block *big.Int) ([]byte, error) {
	if err := f.enter("CodeAt"); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.code[a] {
		return []byte{0x60, 0x00}, nil
	}
	return nil, nil
}

func (f *fakeChain) EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error) {
	return 0, f.unsupported("EstimateGas")
}

func (f *fakeChain) SuggestGasTipCap(ctx context.Context) (*big.Int, error) {
	return nil, f.unsupported("SuggestGasTipCap")
}

func (f *fakeChain) SuggestGasPrice(ctx context.Context) (*big.Int, error) {
	return nil, f.unsupported("SuggestGasPrice")
}

func (f *fakeChain) NonceAt(ctx context.Context, a common.Address, block *big.Int) (uint64, error) {
	return 0, f.unsupported("NonceAt")
}

func (f *fakeChain) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	return f.unsupported("SendTransaction")
}

func (f *fakeChain) TransactionReceipt(ctx context.Context, h common.Hash) (*types.Receipt, error) {
	if err := f.enter("TransactionReceipt"); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.receipts[h]; ok {
		return r, nil
	}
	return nil, ethereum.NotFound
}

func (f *fakeChain) unsupported(method string) error {
	if err := f.enter(method); err != nil {
		return err
	}
	return errors.New(method + ": not in the fake")
}
