package ethereum

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// txManager sends the transactions of one account. It owns the account's
// nonce sequence: nonces come from its journal, never from the node's
// pending-nonce guess, and the journal records each signed transaction
// before it is sent. Each nonce in flight has a goroutine (a flight) that
// (re)broadcasts it, replaces it with higher fees when it is stuck, and
// waits for its receipt at the confirmation depth; flights outlive the
// calls that started them (a caller that gives up does not strand a
// nonce) and are resumed from the journal after a restart. Close stops
// them.
type txManager struct {
	log     *slog.Logger
	chain   *pool
	key     *Key
	chainID *big.Int
	signer  types.Signer
	depth   uint64
	poll    time.Duration
	gas     gasPolicy

	// waiting, if set (by tests, before any flight starts), is called
	// when a caller starts to wait for the flight of key.
	waiting func(key string)

	ctx    context.Context // the flights' lifetime
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu struct {
		sync.Mutex
		j       *journal
		synced  bool // the next nonce was reconciled with the chain by this process
		flights map[string]*flight
	}
}

type gasPolicy struct {
	maxFee     *big.Int
	tip        *big.Int // nil: ask the node
	margin     int      // percent
	stuckAfter time.Duration
	bump       int // percent
}

func newGasPolicy(g GasPolicy) (gasPolicy, error) {
	maxFee, err := ParseWei(g.MaxFeePerGas)
	if err != nil {
		return gasPolicy{}, fmt.Errorf("gas.max_fee_per_gas: %w", err)
	}
	p := gasPolicy{maxFee: maxFee, margin: g.GasLimitMargin, stuckAfter: g.StuckAfter, bump: g.BumpPercent}
	if g.TipCap != "" {
		if p.tip, err = ParseWei(g.TipCap); err != nil {
			return gasPolicy{}, fmt.Errorf("gas.tip_cap: %w", err)
		}
	}
	return p, nil
}

// txRequest is a transaction to send. Key names what it does and is unique
// among the account's transactions: a second request with the key of one
// in flight joins that flight.
type txRequest struct {
	Key  string
	To   *common.Address // nil: create a contract
	Data []byte
}

// flight is one nonce on its way to finality.
type flight struct {
	key   string
	nonce uint64
	to    *common.Address // what the transaction calls (nil: a creation)
	data  []byte
	done  chan struct{}
	// waiting is txManager.waiting.
	waiting func(key string)

	// set before done is closed
	receipt *types.Receipt
	err     error

	mu struct {
		sync.Mutex
		hash    common.Hash // newest version
		lastErr error       // what went wrong last while waiting
	}
}

func (f *flight) note(hash common.Hash, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if hash != (common.Hash{}) {
		f.mu.hash = hash
	}
	f.mu.lastErr = err
}

// wait returns the final receipt (reverted or not), or an error wrapping
// connectors.ErrUnavailable if ctx ends first.
func (f *flight) wait(ctx context.Context) (*types.Receipt, error) {
	if f.waiting != nil {
		f.waiting(f.key)
	}
	select {
	case <-f.done:
		return f.receipt, f.err
	case <-ctx.Done():
		f.mu.Lock()
		hash, last := f.mu.hash, f.mu.lastErr
		f.mu.Unlock()
		msg := fmt.Sprintf("transaction %s (nonce %d) not final yet (%v)", hash.Hex(), f.nonce, ctx.Err())
		if last != nil {
			msg += "; last problem: " + last.Error()
		}
		return nil, unavailable("%s", msg)
	}
}

func newTxManager(cfg *Config, chain *pool, key *Key, log *slog.Logger) (*txManager, error) {
	gas, err := newGasPolicy(cfg.Gas)
	if err != nil {
		return nil, err
	}
	j, err := openJournal(cfg.JournalDir, cfg.ChainID, key.Address())
	if err != nil {
		return nil, err
	}
	chainID := new(big.Int).SetUint64(cfg.ChainID)
	m := &txManager{
		log:     log,
		chain:   chain,
		key:     key,
		chainID: chainID,
		signer:  types.LatestSignerForChainID(chainID),
		depth:   cfg.Confirmations,
		poll:    cfg.PollInterval,
		gas:     gas,
	}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	m.mu.j = j
	m.mu.flights = map[string]*flight{}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range j.st.Pending {
		m.log.Info("ethereum: resuming a transaction from the journal", "key", p.Key, "nonce", p.Nonce, "versions", len(p.Txs))
		m.startLocked(p)
	}
	return m, nil
}

// Close stops every flight (their transactions stay in the journal for the
// next start) and releases the journal.
func (m *txManager) Close() {
	m.cancel()
	m.wg.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mu.j.close()
}

// inFlight returns the flight of key, if there is one.
func (m *txManager) inFlight(key string) *flight {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.mu.flights[key]
}

// submit sends req unless a transaction with its key is in flight, in which
// case it returns that flight. A request the chain would revert is refused
// (a *revertError, with the contract's reason) before anything is signed.
// Every other failure wraps connectors.ErrUnavailable: nothing was sent.
func (m *txManager) submit(ctx context.Context, req txRequest) (*flight, error) {
	if f := m.inFlight(req.Key); f != nil {
		return f, nil
	}
	msg := ethereum.CallMsg{From: m.key.Address(), To: req.To, Data: req.Data}
	gas, err := m.chain.EstimateGas(ctx, msg)
	if err != nil {
		if data, _, revert := revertData(err); revert {
			reason, _ := revertReason(err)
			return nil, &revertError{what: req.Key, reason: reason, data: data}
		}
		// The node refused to estimate for another reason (the account
		// cannot pay for gas, say): an operator can fix it, so retry later.
		return nil, unavailable("%s: estimate gas: %v", req.Key, err)
	}
	gas += gas * uint64(m.gas.margin) / 100
	fees, err := m.fees(ctx)
	if err != nil {
		return nil, unavailable("%s: %v", req.Key, err)
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if f := m.mu.flights[req.Key]; f != nil {
		return f, nil
	}
	f, err := m.sendLocked(ctx, req, gas, fees)
	if err != nil {
		return nil, unavailable("%s: %v", req.Key, err)
	}
	return f, nil
}

// sendLocked signs req with the next nonce, journals it and starts its
// flight.
func (m *txManager) sendLocked(ctx context.Context, req txRequest, gas uint64, fees fees) (*flight, error) {
	nonce, err := m.nextNonceLocked(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := m.sign(nonce, req.To, req.Data, gas, fees)
	if err != nil {
		return nil, err
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("encode transaction: %w", err)
	}
	p := pending{Key: req.Key, Nonce: nonce, Txs: []hexutil.Bytes{raw}}
	if err := m.mu.j.update(func(st *journalState) {
		st.Pending = append(st.Pending, p)
		st.NextNonce, st.Known = nonce+1, true
	}); err != nil {
		return nil, err
	}
	m.log.Info("ethereum: sending", "key", req.Key, "tx", tx.Hash().Hex(), "nonce", nonce, "gas", gas)
	return m.startLocked(p), nil
}

// nextNonceLocked returns the nonce for a new transaction. The first time
// in a process it compares the journal with the chain's confirmed count:
// a journal behind the chain means the account was used elsewhere, and the
// chain wins (with a warning); the node's pending count is never used.
func (m *txManager) nextNonceLocked(ctx context.Context) (uint64, error) {
	j := m.mu.j
	if m.mu.synced {
		return j.st.NextNonce, nil
	}
	onChain, err := m.chain.NonceAt(ctx, m.key.Address(), nil)
	if err != nil {
		return 0, fmt.Errorf("account nonce: %w", err)
	}
	// With nothing in flight every transaction of ours is final, so the
	// chain's count is exact; a journal ahead of it then means the chain
	// lost blocks (a reorganisation deeper than the depth) and a journal
	// behind it that the account was used elsewhere. Either way the chain
	// wins, loudly.
	drift := j.st.Known && (onChain > j.st.NextNonce || len(j.st.Pending) == 0 && onChain < j.st.NextNonce)
	if !j.st.Known || drift {
		if drift {
			m.log.Warn("ethereum: the journal's nonce disagrees with the chain; following the chain",
				"account", m.key, "journal_nonce", j.st.NextNonce, "chain_nonce", onChain)
		}
		if err := j.update(func(st *journalState) { st.NextNonce, st.Known = onChain, true }); err != nil {
			return 0, err
		}
	}
	m.mu.synced = true
	return j.st.NextNonce, nil
}

// fees are what a transaction offers per gas.
type fees struct {
	legacy   bool
	tip, cap *big.Int // cap is the gas price of a legacy transaction
}

func (m *txManager) fees(ctx context.Context) (fees, error) {
	head, err := m.chain.HeaderByNumber(ctx, nil)
	if err != nil {
		return fees{}, fmt.Errorf("fees: %w", err)
	}
	if head.BaseFee == nil {
		price, err := m.chain.SuggestGasPrice(ctx)
		if err != nil {
			return fees{}, fmt.Errorf("fees: %w", err)
		}
		return fees{legacy: true, cap: minBig(price, m.gas.maxFee)}, nil
	}
	tip := m.gas.tip
	if tip == nil {
		if tip, err = m.chain.SuggestGasTipCap(ctx); err != nil {
			if !methodNotFound(err) {
				return fees{}, fmt.Errorf("fees: %w", err)
			}
			// A node without eth_maxPriorityFeePerGas (which gas.tip_cap
			// spares asking): its gas price less the base fee.
			price, perr := m.chain.SuggestGasPrice(ctx)
			if perr != nil {
				return fees{}, fmt.Errorf("fees: %w", perr)
			}
			tip = new(big.Int).Sub(price, head.BaseFee)
			if tip.Sign() < 0 {
				tip.SetInt64(0)
			}
		}
	}
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	feeCap = minBig(feeCap, m.gas.maxFee)
	if feeCap.Cmp(head.BaseFee) < 0 {
		m.log.Warn("ethereum: gas.max_fee_per_gas is below the base fee; the transaction waits until the base fee drops",
			"max_fee_per_gas", m.gas.maxFee, "base_fee", head.BaseFee)
	}
	return fees{tip: minBig(tip, feeCap), cap: feeCap}, nil
}

func minBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) < 0 {
		return new(big.Int).Set(a)
	}
	return new(big.Int).Set(b)
}

func maxBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) > 0 {
		return new(big.Int).Set(a)
	}
	return new(big.Int).Set(b)
}

func (m *txManager) sign(nonce uint64, to *common.Address, data []byte, gas uint64, f fees) (*types.Transaction, error) {
	var inner types.TxData
	if f.legacy {
		inner = &types.LegacyTx{Nonce: nonce, GasPrice: f.cap, Gas: gas, To: to, Data: data}
	} else {
		inner = &types.DynamicFeeTx{ChainID: m.chainID, Nonce: nonce, GasTipCap: f.tip, GasFeeCap: f.cap, Gas: gas, To: to, Data: data}
	}
	tx, err := types.SignNewTx(m.key.priv, m.signer, inner)
	if err != nil {
		return nil, fmt.Errorf("sign transaction: %w", err)
	}
	return tx, nil
}

// startLocked starts the flight of p.
func (m *txManager) startLocked(p pending) *flight {
	f := &flight{key: p.Key, nonce: p.Nonce, done: make(chan struct{}), waiting: m.waiting}
	if txs, err := p.transactions(); err == nil && len(txs) > 0 {
		f.to, f.data = txs[0].To(), txs[0].Data()
	}
	m.mu.flights[p.Key] = f
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		m.fly(f, p)
	}()
	return f
}

// finish ends f: a final receipt removes its journal entry; an error
// leaves the entry for the next start unless forget is set.
func (m *txManager) finish(f *flight, r *types.Receipt, err error, forget bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err == nil || forget {
		if jerr := m.mu.j.update(func(st *journalState) {
			kept := st.Pending[:0]
			for _, p := range st.Pending {
				if p.Key != f.key {
					kept = append(kept, p)
				}
			}
			st.Pending = kept
		}); jerr != nil {
			// The entry stays; the next start finds the receipt again.
			m.log.Error("ethereum: journal", "key", f.key, "err", jerr)
		}
	}
	delete(m.mu.flights, f.key)
	f.receipt, f.err = r, err
	close(f.done)
}

// fly drives one nonce to finality.
func (m *txManager) fly(f *flight, p pending) {
	ctx := m.ctx
	txs, err := p.transactions()
	if err != nil { // checked when the journal was opened
		m.finish(f, nil, unavailable("%v", err), false)
		return
	}
	// Send (again, after a restart: the node may have forgotten it) before
	// anything else; a transaction mined already is refused harmlessly.
	newest := txs[len(txs)-1]
	err = m.broadcast(ctx, newest)
	f.note(newest.Hash(), err)
	if err != nil {
		m.log.Warn("ethereum: send", "key", f.key, "tx", newest.Hash().Hex(), "err", err)
	}
	lastSent := time.Now()
	nonceUsedPolls := uint64(0)
	for {
		if ctx.Err() != nil {
			m.finish(f, nil, unavailable("connector closed; transaction %s stays in the journal", txs[len(txs)-1].Hash().Hex()), false)
			return
		}
		r, final, err := m.finalReceipt(ctx, txs)
		switch {
		case err != nil:
			f.note(common.Hash{}, err)
		case r != nil:
			if final {
				m.log.Info("ethereum: final", "key", f.key, "tx", r.TxHash.Hex(), "block", r.BlockNumber, "status", r.Status)
				m.finish(f, r, nil, false)
				return
			}
		default:
			onChain, err := m.chain.NonceAt(ctx, m.key.Address(), nil)
			if err != nil {
				f.note(common.Hash{}, err)
				break
			}
			if onChain > p.Nonce {
				// Our nonce is used, yet none of our versions has a receipt:
				// one may still show up (a lagging endpoint), or another
				// transaction took the nonce.
				nonceUsedPolls++
				if nonceUsedPolls > m.depth+10 {
					// Whether ours executed is for the caller to read on
					// chain: not knowing is never a refusal.
					err := unavailable("nonce %d was used, but no version of %s has a receipt: the account was used elsewhere, or the endpoint lags", p.Nonce, f.key)
					m.log.Error("ethereum: transaction lost", "key", f.key, "err", err)
					m.finish(f, nil, err, true)
					return
				}
				break
			}
			nonceUsedPolls = 0
			if time.Since(lastSent) < m.gas.stuckAfter {
				break
			}
			if next, err := m.bump(ctx, f, &p, txs[len(txs)-1]); err != nil {
				f.note(common.Hash{}, err)
				m.log.Warn("ethereum: fee bump", "key", f.key, "err", err)
			} else if next != nil {
				txs = append(txs, next)
			}
			newest := txs[len(txs)-1]
			if err := m.broadcast(ctx, newest); err != nil {
				f.note(newest.Hash(), err)
				m.log.Warn("ethereum: send", "key", f.key, "tx", newest.Hash().Hex(), "err", err)
			} else {
				f.note(newest.Hash(), nil)
			}
			lastSent = time.Now()
		}
		select {
		case <-ctx.Done():
		case <-time.After(m.poll):
		}
	}
}

// finalReceipt returns the receipt of whichever version of the
// transaction was mined, or nil, and whether it is final: at the
// confirmation depth and in the canonical chain. Receipt, head and header
// come from one endpoint (one view of the chain), so that a receipt on
// one endpoint's short fork is never measured against another's head.
func (m *txManager) finalReceipt(ctx context.Context, txs []*types.Transaction) (r *types.Receipt, final bool, err error) {
	err = m.chain.pinned(ctx, "receipt", func(ctx context.Context, ch Chain) error {
		r, final = nil, false
		var err error
		if r, err = receiptOf(ctx, ch, txs); err != nil || r == nil {
			return err
		}
		final, err = isFinal(ctx, ch, r, m.depth)
		return err
	})
	return r, final, err
}

// receiptOf returns the receipt of whichever version of the transaction
// was mined, or nil, through ch.
func receiptOf(ctx context.Context, ch Chain, txs []*types.Transaction) (*types.Receipt, error) {
	for i := len(txs) - 1; i >= 0; i-- {
		r, err := ch.TransactionReceipt(ctx, txs[i].Hash())
		if errors.Is(err, ethereum.NotFound) || err != nil && strings.Contains(err.Error(), "indexing is in progress") {
			// Not mined (or the node is still indexing: it cannot tell).
			continue
		}
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	return nil, nil
}

// isFinal reports whether r is depth blocks deep and still in the
// canonical chain, as ch sees it. Call it with the one endpoint r came
// from (a pinned view).
func isFinal(ctx context.Context, ch Chain, r *types.Receipt, depth uint64) (bool, error) {
	head, err := ch.BlockNumber(ctx)
	if err != nil {
		return false, err
	}
	if head < r.BlockNumber.Uint64()+depth {
		return false, nil
	}
	h, err := ch.HeaderByNumber(ctx, r.BlockNumber)
	if err != nil {
		return false, err
	}
	if h.Hash() != r.BlockHash {
		return false, nil // reorganised out; the receipt will move or vanish
	}
	return true, nil
}

// broadcast sends tx; the node already knowing it, or its nonce being used
// already (by this very transaction, mined meanwhile), is not an error.
func (m *txManager) broadcast(ctx context.Context, tx *types.Transaction) error {
	err := m.chain.SendTransaction(ctx, tx)
	if err == nil {
		return nil
	}
	msg := strings.ToLower(err.Error())
	for _, benign := range []string{"already known", "known transaction", "nonce too low", "already imported"} {
		if strings.Contains(msg, benign) {
			return nil
		}
	}
	return err
}

// bump signs and journals a replacement of last with fees raised by the
// policy's percentage (and at least to what the chain asks now), within
// gas.max_fee_per_gas. It returns nil when the cap leaves no room for a
// replacement the node would accept.
func (m *txManager) bump(ctx context.Context, f *flight, p *pending, last *types.Transaction) (*types.Transaction, error) {
	now, err := m.fees(ctx)
	if err != nil {
		return nil, err
	}
	raise := func(v *big.Int) *big.Int {
		r := new(big.Int).Mul(v, big.NewInt(int64(100+m.gas.bump)))
		return r.Div(r, big.NewInt(100))
	}
	var next fees
	if last.Type() == types.LegacyTxType {
		next = fees{legacy: true, cap: minBig(maxBig(raise(last.GasPrice()), now.cap), m.gas.maxFee)}
		if !enoughBump(last.GasPrice(), next.cap) {
			return nil, nil
		}
	} else {
		nowTip := now.tip
		if nowTip == nil {
			nowTip = new(big.Int)
		}
		next.cap = minBig(maxBig(raise(last.GasFeeCap()), now.cap), m.gas.maxFee)
		next.tip = minBig(maxBig(raise(last.GasTipCap()), nowTip), next.cap)
		if !enoughBump(last.GasFeeCap(), next.cap) || !enoughBump(last.GasTipCap(), next.tip) {
			return nil, nil
		}
	}
	tx, err := m.sign(last.Nonce(), last.To(), last.Data(), last.Gas(), next)
	if err != nil {
		return nil, err
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	err = m.mu.j.update(func(st *journalState) {
		for i := range st.Pending {
			if st.Pending[i].Key == p.Key {
				st.Pending[i].Txs = append(st.Pending[i].Txs, raw)
			}
		}
	})
	m.mu.Unlock()
	if err != nil {
		return nil, err
	}
	p.Txs = append(p.Txs, raw)
	m.log.Info("ethereum: replacing a stuck transaction with higher fees", "key", f.key, "nonce", last.Nonce(),
		"old", last.Hash().Hex(), "new", tx.Hash().Hex(), "fee_cap", tx.GasFeeCap(), "tip", tx.GasTipCap())
	return tx, nil
}

// methodNotFound reports whether an endpoint answered that it does not
// know the method (JSON-RPC error -32601).
func methodNotFound(err error) bool {
	var rpcErr rpc.Error
	return errors.As(err, &rpcErr) && rpcErr.ErrorCode() == -32601
}

// enoughBump reports whether next is at least 10% above prev, which nodes
// require of a replacement.
func enoughBump(prev, next *big.Int) bool {
	min := new(big.Int).Mul(prev, big.NewInt(110))
	min.Div(min, big.NewInt(100))
	return next.Cmp(min) >= 0
}
