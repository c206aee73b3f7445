package ethereum

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
)

// txChain is a fakeChain that also estimates gas, takes transactions and
// mines them: estimate is what eth_estimateGas answers, and mined the
// receipt of a sent transaction (nil: not mined yet).
type txChain struct {
	*fakeChain
	estimate func(ethereum.CallMsg) (uint64, error)
	mined    func(*types.Transaction) *types.Receipt

	mu   sync.Mutex
	sent []*types.Transaction
}

func (c *txChain) EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error) {
	if err := c.enter("EstimateGas"); err != nil {
		return 0, err
	}
	return c.estimate(msg)
}

func (c *txChain) SuggestGasTipCap(context.Context) (*big.Int, error) { return big.NewInt(1), nil }
func (c *txChain) SuggestGasPrice(context.Context) (*big.Int, error)  { return big.NewInt(1), nil }

func (c *txChain) NonceAt(context.Context, common.Address, *big.Int) (uint64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return uint64(len(c.sent)), nil
}

func (c *txChain) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.sent {
		if s.Hash() == tx.Hash() {
			return nil
		}
	}
	c.sent = append(c.sent, tx)
	return nil
}

func (c *txChain) sentCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.sent)
}

func (c *txChain) TransactionReceipt(ctx context.Context, h common.Hash) (*types.Receipt, error) {
	if err := c.enter("TransactionReceipt"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, tx := range c.sent {
		if tx.Hash() == h && c.mined != nil {
			if r := c.mined(tx); r != nil {
				r.TxHash = h
				return r, nil
			}
		}
	}
	return nil, ethereum.NotFound
}

// txConnector is fakeConnector on a txChain, with one endpoint and no
// retry rounds, whose contracts answer: the signer set is the connector's
// own key with threshold 1, and status(id) is what status says at a block
// (nil: the latest).
func txConnector(t *testing.T, status func(id [32]byte, block *big.Int) (uint8, error)) (*Connector, *txChain) {
	t.Helper()
	f := newFakeChain(1337, 10)
	tc := &txChain{fakeChain: f}
	c := fakeConnector(t, f)
	c.cfg.Retries = 0
	c.chain = newPool(&c.cfg, func(context.Context, string) (Chain, error) { return tc, nil }, c.log)
	c.txm.chain = c.chain
	vault := bindings.NewBridgeVault().GetABI()
	rs := bindings.NewRelaySigners().GetABI()
	f.callAt = func(msg ethereum.CallMsg, block *big.Int) ([]byte, error) {
		sel := msg.Data[:4]
		switch {
		case *msg.To == fakeVault && bytes.Equal(sel, vault.Methods["status"].ID):
			var id [32]byte
			copy(id[:], msg.Data[4:])
			st, err := status(id, block)
			if err != nil {
				return nil, err
			}
			return common.LeftPadBytes([]byte{st}, 32), nil
		case *msg.To == fakeVault || *msg.To == fakeAnchor:
			if bytes.Equal(sel, vault.Methods["signers"].ID) {
				return common.LeftPadBytes(fakeSigners.Bytes(), 32), nil
			}
		case *msg.To == fakeSigners && bytes.Equal(sel, rs.Methods["signers"].ID):
			return rs.Methods["signers"].Outputs.Pack([]common.Address{c.key.Address()})
		case *msg.To == fakeSigners && bytes.Equal(sel, rs.Methods["threshold"].ID):
			return rs.Methods["threshold"].Outputs.Pack(big.NewInt(1))
		case *msg.To == fakeSigners && bytes.Equal(sel, rs.Methods["nonce"].ID):
			return rs.Methods["nonce"].Outputs.Pack(uint64(0))
		}
		// Anything else (the replay of a payout) reverts without a reason.
		return nil, revertedWith("")
	}
	return c, tc
}

// rpcRevert is how go-ethereum's client reports a reverted call.
type rpcRevert struct{ data string }

func (e rpcRevert) Error() string  { return "execution reverted" }
func (e rpcRevert) ErrorCode() int { return 3 }
func (e rpcRevert) ErrorData() any { return e.data }

// revertedWith is a revert with the contracts' custom error name and args.
func revertedWith(name string, args ...any) error {
	if name == "" {
		return rpcRevert{"0x"}
	}
	e, ok := bindings.NewBridgeVault().GetABI().Errors[name]
	if !ok {
		panic("no error " + name)
	}
	packed, err := e.Inputs.Pack(args...)
	if err != nil {
		panic(err)
	}
	return rpcRevert{hexutil.Encode(append(append([]byte{}, e.ID[:4]...), packed...))}
}

// payoutLog is the vault's Released log of a release of amount to
// fakeHolder, in block.
func payoutLog(t *testing.T, f *fakeChain, id [32]byte, block uint64, amount int64) types.Log {
	t.Helper()
	ev := bindings.NewBridgeVault().GetABI().Events["Released"]
	data, err := ev.Inputs.NonIndexed().Pack(big.NewInt(amount))
	if err != nil {
		t.Fatal(err)
	}
	return types.Log{
		Address: fakeVault, Topics: []common.Hash{ev.ID, id, common.BytesToHash(fakeToken.Bytes()), common.BytesToHash(fakeHolder.Bytes())},
		Data: data, BlockNumber: block, BlockHash: f.hash(block), TxHash: common.Hash{0xab, byte(block)},
	}
}

func signedRelease(t *testing.T, c *Connector, id connectors.ID, amount int64) (connectors.Payout, []connectors.Signature) {
	t.Helper()
	p := connectors.Payout{ID: id, Kind: connectors.Release, Asset: fakeToken.Hex(), To: fakeHolder.Hex(), Amount: big.NewInt(amount)}
	d, err := c.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := c.key.Sign(d)
	if err != nil {
		t.Fatal(err)
	}
	return p, []connectors.Signature{sig}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// Another node's payout of the id lands between Execute's status read and
// its gas estimate: the estimate reverts AlreadyExecuted, and Execute
// returns that payout (the transfer is complete), not ErrRefused; if that
// payout paid other fields, ErrRefused.
func TestExecuteRevertedAsExecutedReturnsTheEarlierPayout(t *testing.T) {
	for name, c := range map[string]struct {
		logAmount int64
		want      error
	}{
		"same fields":  {600, nil},
		"other amount": {601, connectors.ErrRefused},
	} {
		t.Run(name, func(t *testing.T) {
			var estimated atomic.Bool
			conn, tc := txConnector(t, func([32]byte, *big.Int) (uint8, error) {
				if estimated.Load() {
					return uint8(statusExecuted), nil
				}
				return uint8(statusOpen), nil
			})
			id := connectors.ID{0x42}
			tc.logs = []types.Log{payoutLog(t, tc.fakeChain, id, 5, c.logAmount)}
			tc.estimate = func(ethereum.CallMsg) (uint64, error) {
				estimated.Store(true)
				return 0, revertedWith("AlreadyExecuted", id)
			}
			p, sigs := signedRelease(t, conn, id, 600)
			res, err := conn.Execute(testCtx(t), p, sigs)
			if c.want == nil {
				if err != nil || res == nil || res.TxHash != tc.logs[0].TxHash.Hex() || res.Height != 5 {
					t.Fatalf("Execute: %+v %v, want the earlier payout in block 5", res, err)
				}
			} else if !errors.Is(err, c.want) || errors.Is(err, connectors.ErrUnavailable) {
				t.Fatalf("Execute: %+v %v, want %v", res, err, c.want)
			}
			if n := tc.sentCount(); n != 0 {
				t.Fatalf("%d transactions sent", n)
			}
		})
	}
}

// Our payout is mined and reverts; the status read that follows fails at
// the endpoint. Not knowing is ErrUnavailable, never ErrRefused.
func TestExecuteRevertThenUnreadableStatusIsUnavailable(t *testing.T) {
	var mined atomic.Bool
	conn, tc := txConnector(t, func([32]byte, *big.Int) (uint8, error) {
		if mined.Load() {
			return 0, &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
		}
		return uint8(statusOpen), nil
	})
	tc.estimate = func(ethereum.CallMsg) (uint64, error) { return 100_000, nil }
	tc.mined = func(*types.Transaction) *types.Receipt {
		mined.Store(true)
		return &types.Receipt{Status: types.ReceiptStatusFailed, BlockNumber: big.NewInt(5), BlockHash: tc.hash(5)}
	}
	p, sigs := signedRelease(t, conn, connectors.ID{0x43}, 600)
	res, err := conn.Execute(testCtx(t), p, sigs)
	if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("Execute: %+v %v, want ErrUnavailable only", res, err)
	}
}

// The status says executed at the latest block, but the payout's event
// is gone and the newest final block says open: a reorganisation took the
// payout away (or the endpoint lags). That is ErrUnavailable, not a result
// and not a refusal.
func TestPayoutThatVanishedIsUnavailable(t *testing.T) {
	conn, tc := txConnector(t, func(_ [32]byte, block *big.Int) (uint8, error) {
		if block == nil {
			return uint8(statusExecuted), nil
		}
		return uint8(statusOpen), nil
	})
	p, sigs := signedRelease(t, conn, connectors.ID{0x44}, 600)
	res, err := conn.Execute(testCtx(t), p, sigs)
	if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) || res != nil {
		t.Fatalf("Execute: %+v %v, want ErrUnavailable", res, err)
	}
	// The same for a cancellation whose payout vanished.
	if _, err := conn.Cancel(testCtx(t), p.ID, nil); !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrAlreadyExecuted) {
		t.Fatalf("Cancel: %v, want ErrUnavailable", err)
	}
	// Once the payout is final, Cancel reports it.
	tc.logs = []types.Log{payoutLog(t, tc.fakeChain, p.ID, 5, 600)}
	if _, err := conn.Cancel(testCtx(t), p.ID, nil); !errors.Is(err, connectors.ErrAlreadyExecuted) {
		t.Fatalf("Cancel after a final payout: %v, want ErrAlreadyExecuted", err)
	}
	if tc.sentCount() != 0 {
		t.Fatal("a transaction was sent")
	}
}

// Executed reads the status at the newest final block, not the latest.
func TestExecutedReadsAFinalBlock(t *testing.T) {
	var asked []*big.Int
	conn, _ := txConnector(t, func(_ [32]byte, block *big.Int) (uint8, error) {
		asked = append(asked, block)
		return uint8(statusExecuted), nil
	})
	done, err := conn.Executed(testCtx(t), connectors.ID{1})
	if err != nil || !done {
		t.Fatalf("Executed: %v %v", done, err)
	}
	// 10 blocks (head 9), confirmations 2.
	if len(asked) != 1 || asked[0] == nil || asked[0].Uint64() != 7 {
		t.Fatalf("status read at %v, want block 7", asked)
	}
}

// A JSON-RPC error that is not a revert ("header not found" from a node
// that lags) is the endpoint's failure: ErrUnavailable, never a refusal.
func TestNonRevertRPCErrorIsUnavailable(t *testing.T) {
	conn, _ := txConnector(t, func([32]byte, *big.Int) (uint8, error) {
		return 0, codeError{-32000, "header not found"}
	})
	done, err := conn.Executed(testCtx(t), connectors.ID{1})
	if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("Executed: %v %v, want ErrUnavailable", done, err)
	}
}

// A cancellation whose estimate reverts TransferCancelled (another node
// cancelled first) returns that cancellation.
func TestCancelRevertedAsCancelledReturnsTheEarlierCancel(t *testing.T) {
	var estimated atomic.Bool
	conn, tc := txConnector(t, func([32]byte, *big.Int) (uint8, error) {
		if estimated.Load() {
			return uint8(statusCancelled), nil
		}
		return uint8(statusOpen), nil
	})
	id := connectors.ID{0x45}
	ev := bindings.NewBridgeVault().GetABI().Events["Cancelled"]
	tc.logs = []types.Log{{Address: fakeVault, Topics: []common.Hash{ev.ID, common.Hash(id)}, BlockNumber: 6, BlockHash: tc.hash(6), TxHash: common.Hash{0xcc}}}
	tc.estimate = func(ethereum.CallMsg) (uint64, error) {
		estimated.Store(true)
		return 0, revertedWith("TransferCancelled", id)
	}
	d, _ := conn.CancelDigest(id)
	sig, _ := conn.key.Sign(d)
	res, err := conn.Cancel(testCtx(t), id, []connectors.Signature{sig})
	if err != nil || res == nil || res.TxHash != tc.logs[0].TxHash.Hex() || res.Height != 6 {
		t.Fatalf("Cancel: %+v %v, want the earlier cancellation", res, err)
	}
}

// Every custom error of the contracts has an explicit outcome.
func TestEveryContractErrorIsClassified(t *testing.T) {
	for _, e := range knownErrors() {
		if _, ok := revertOutcomes[e.Name]; !ok {
			t.Errorf("custom error %s has no entry in revertOutcomes", e.Name)
		}
	}
	if outcomeOf(mustRevertData(t, revertedWith("AlreadyExecuted", [32]byte{}))) != outcomeExecuted ||
		outcomeOf(mustRevertData(t, revertedWith("TransferCancelled", [32]byte{}))) != outcomeCancelled ||
		outcomeOf(mustRevertData(t, revertedWith("ZeroAmount"))) != outcomeRefused ||
		outcomeOf(nil) != outcomeRefused {
		t.Error("outcomeOf misreads the table")
	}
}

func mustRevertData(t *testing.T, err error) []byte {
	t.Helper()
	data, ok, revert := revertData(err)
	if !ok || !revert {
		t.Fatalf("%v is no revert with data", err)
	}
	return data
}

// rangeLimited refuses eth_getLogs over more than max blocks, in the words
// of geth and most providers.
type rangeLimited struct {
	*fakeChain
	max     uint64
	refused atomic.Int32
}

func (r *rangeLimited) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if q.ToBlock.Uint64()-q.FromBlock.Uint64()+1 > r.max {
		r.refused.Add(1)
		return nil, codeError{-32005, "query returned more than 10000 results. Try with this block range [0x1, 0x2]."}
	}
	return r.fakeChain.FilterLogs(ctx, q)
}

// An endpoint that refuses a block range as too large is asked again for
// halves of it, at once (not as a failed endpoint), and nothing is lost.
func TestDepositsHalveARangeTheEndpointRefuses(t *testing.T) {
	f := newFakeChain(1337, 40)
	rl := &rangeLimited{fakeChain: f, max: 5}
	c := fakeConnector(t, f)
	c.chain = newPool(&c.cfg, func(context.Context, string) (Chain, error) { return rl, nil }, c.log)
	f.logs = []types.Log{lockedLog(t, f, 3, 0, 1, "a"), lockedLog(t, f, 17, 1, 2, "b"), lockedLog(t, f, 30, 0, 3, "c")}
	start := time.Now()
	ds, _, err := c.Deposits(testCtx(t), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 || ds[0].DestinationAccount != "a" || ds[1].DestinationAccount != "b" || ds[2].DestinationAccount != "c" {
		t.Fatalf("deposits %+v", ds)
	}
	if rl.refused.Load() == 0 || time.Since(start) > 5*time.Second {
		t.Fatalf("refused %d times in %v", rl.refused.Load(), time.Since(start))
	}
	// findLog, which looks for earlier payouts, halves too.
	id := [32]byte{9}
	f.logs = append(f.logs, payoutLog(t, f, id, 12, 1))
	lg, err := c.findLog(testCtx(t), c.chain, fakeVault, c.payoutTopics(id), 39)
	if err != nil || lg == nil || lg.BlockNumber != 12 {
		t.Fatalf("findLog: %+v %v", lg, err)
	}
}

// A payout of an id whose transaction is in flight with other fields (an
// earlier call's) is not that transaction's result: ErrRefused.
func TestExecuteInFlightWithOtherFieldsIsRefused(t *testing.T) {
	var mine atomic.Bool
	conn, tc := txConnector(t, func([32]byte, *big.Int) (uint8, error) {
		if mine.Load() {
			return uint8(statusExecuted), nil
		}
		return uint8(statusOpen), nil
	})
	id := connectors.ID{0x46}
	// Once mined, also as another call would find it later.
	tc.logs = []types.Log{payoutLog(t, tc.fakeChain, id, 5, 600)}
	tc.estimate = func(ethereum.CallMsg) (uint64, error) { return 100_000, nil }
	tc.mined = func(*types.Transaction) *types.Receipt {
		if !mine.Load() {
			return nil
		}
		lg := payoutLog(t, tc.fakeChain, id, 5, 600)
		return &types.Receipt{Status: types.ReceiptStatusSuccessful, BlockNumber: big.NewInt(5), BlockHash: tc.hash(5), Logs: []*types.Log{&lg}}
	}
	// Both calls wait for the one flight before it is mined: no timing.
	waiting := make(chan string, 2)
	conn.txm.waiting = func(key string) { waiting <- key }
	first := make(chan error, 1)
	go func() {
		p, sigs := signedRelease(t, conn, id, 600)
		_, err := conn.Execute(testCtx(t), p, sigs)
		first <- err
	}()
	<-waiting
	second := make(chan error, 1)
	go func() {
		p, sigs := signedRelease(t, conn, id, 601)
		_, err := conn.Execute(testCtx(t), p, sigs)
		second <- err
	}()
	<-waiting
	mine.Store(true)
	if err := <-first; err != nil {
		t.Fatalf("the payout in flight: %v", err)
	}
	if err := <-second; !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("the same id with another amount: %v, want ErrRefused", err)
	}
	if n := tc.sentCount(); n != 1 {
		t.Fatalf("%d transactions sent, want 1", n)
	}
}

// Our payout is mined and reverts, yet its replay against the state
// before its block succeeds (it ran out of gas, or a transaction before it
// in the block changed what it read) and the id is still open: a new try
// may execute, so that is ErrUnavailable, not ErrRefused.
func TestRevertWhoseReplaySucceedsIsUnavailable(t *testing.T) {
	conn, tc := txConnector(t, func([32]byte, *big.Int) (uint8, error) { return uint8(statusOpen), nil })
	release := bindings.NewBridgeVault().GetABI().Methods["release"].ID
	contracts := tc.callAt
	tc.callAt = func(msg ethereum.CallMsg, block *big.Int) ([]byte, error) {
		if *msg.To == fakeVault && bytes.Equal(msg.Data[:4], release) {
			return nil, nil // the replay succeeds
		}
		return contracts(msg, block)
	}
	tc.estimate = func(ethereum.CallMsg) (uint64, error) { return 100_000, nil }
	tc.mined = func(tx *types.Transaction) *types.Receipt {
		return &types.Receipt{Status: types.ReceiptStatusFailed, GasUsed: tx.Gas(), BlockNumber: big.NewInt(5), BlockHash: tc.hash(5)}
	}
	p, sigs := signedRelease(t, conn, connectors.ID{0x47}, 600)
	res, err := conn.Execute(testCtx(t), p, sigs)
	if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("Execute: %+v %v, want ErrUnavailable only", res, err)
	}
}

// A payout of the id is final, but its event is not found: not in the
// logs at all (pruned, or start_block after it), or older than
// max_log_lookback. Its fields cannot be compared with the request, so
// that is ErrUnavailable, never a result; within the lookback it is found.
func TestEarlierPayoutWithoutItsEventIsUnavailable(t *testing.T) {
	id := connectors.ID{0x48}
	for name, c := range map[string]struct {
		logs     bool
		lookback uint64
		found    bool
	}{
		"no event at all":           {logs: false, lookback: 100},
		"event beyond the lookback": {logs: true, lookback: 3},
		"event within the lookback": {logs: true, lookback: 5, found: true},
	} {
		t.Run(name, func(t *testing.T) {
			conn, tc := txConnector(t, func([32]byte, *big.Int) (uint8, error) { return uint8(statusExecuted), nil })
			conn.cfg.MaxLogLookback = c.lookback
			if c.logs {
				tc.logs = []types.Log{payoutLog(t, tc.fakeChain, id, 5, 600)} // head is 9
			}
			p, sigs := signedRelease(t, conn, id, 600)
			res, err := conn.Execute(testCtx(t), p, sigs)
			if c.found {
				if err != nil || res == nil || res.Height != 5 {
					t.Fatalf("Execute: %+v %v, want the payout in block 5", res, err)
				}
				return
			}
			if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) || res != nil {
				t.Fatalf("Execute: %+v %v, want ErrUnavailable only", res, err)
			}
		})
	}
}

// A successful receipt is not enough: Cancel and Execute report success
// only once the id's status at the newest final block, read in the same
// endpoint's view as the receipt, says cancelled or executed. An endpoint
// whose state disagrees with its receipt (a fork, a lagging backend behind
// a load balancer, a liar) makes it ErrUnavailable.
func TestSuccessNeedsTheStatusAtAFinalBlock(t *testing.T) {
	for name, call := range map[string]func(*Connector) (*connectors.Result, error){
		"cancel": func(conn *Connector) (*connectors.Result, error) {
			id := connectors.ID{0x49}
			d, _ := conn.CancelDigest(id)
			sig, err := conn.key.Sign(d)
			if err != nil {
				t.Fatal(err)
			}
			return conn.Cancel(testCtx(t), id, []connectors.Signature{sig})
		},
		"execute": func(conn *Connector) (*connectors.Result, error) {
			p, sigs := signedRelease(t, conn, connectors.ID{0x4a}, 600)
			return conn.Execute(testCtx(t), p, sigs)
		},
	} {
		t.Run(name, func(t *testing.T) {
			conn, tc := txConnector(t, func([32]byte, *big.Int) (uint8, error) { return uint8(statusOpen), nil })
			tc.estimate = func(ethereum.CallMsg) (uint64, error) { return 100_000, nil }
			tc.mined = func(*types.Transaction) *types.Receipt {
				return &types.Receipt{Status: types.ReceiptStatusSuccessful, BlockNumber: big.NewInt(5), BlockHash: tc.hash(5)}
			}
			res, err := call(conn)
			if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) || res != nil {
				t.Fatalf("%+v %v, want ErrUnavailable only", res, err)
			}
		})
	}
}
