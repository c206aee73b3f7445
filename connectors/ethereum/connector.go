package ethereum

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
	"github.com/cocorelay/coco/enclave"
)

// Deps are what a connector needs besides its config.
type Deps struct {
	// Platform unseals the signing key. Required.
	Platform enclave.Platform
	// Logger receives the connector's logs (nil: discarded). Keys and RPC
	// URLs never appear in them.
	Logger *slog.Logger
	// Dial connects to an endpoint (nil: go-ethereum's ethclient).
	Dial DialFunc
}

// Connector is one EVM chain with Coco's bridge contracts, as the relay
// sees it (connectors.Connector). It is safe for concurrent use.
type Connector struct {
	cfg   Config
	log   *slog.Logger
	chain *pool
	txm   *txManager
	key   *Key

	vault, anchor, signers common.Address
	wrapped                map[common.Address]bool
	native                 map[common.Address]bool // empty: every token

	vaultABI   *bindings.BridgeVault
	anchorABI  *bindings.Anchor
	signersABI *bindings.RelaySigners
	tokenABI   *bindings.WrappedToken

	vaultDomain, anchorDomain, signersDomain domain

	checked struct {
		sync.Mutex
		ok bool
	}
}

var _ connectors.Connector = (*Connector)(nil)

// New validates cfg, unseals the signing key and opens the transaction
// journal (resuming every transaction in it). It does not need the chain
// to be reachable: calls that do report connectors.ErrUnavailable until
// it is.
func New(cfg Config, deps Deps) (*Connector, error) {
	cfg.EnsureDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("ethereum connector config:\n%w", err)
	}
	c, err := open(&cfg, deps)
	if err != nil {
		return nil, err
	}
	c.vault = common.HexToAddress(cfg.Contracts.Vault)
	c.anchor = common.HexToAddress(cfg.Contracts.Anchor)
	c.signers = common.HexToAddress(cfg.Contracts.Signers)
	for _, w := range cfg.Contracts.Wrapped {
		c.wrapped[common.HexToAddress(w)] = true
	}
	for _, n := range cfg.Contracts.Native {
		c.native[common.HexToAddress(n)] = true
	}
	c.vaultDomain = newDomain(vaultDomainName, cfg.ChainID, c.vault)
	c.anchorDomain = newDomain(anchorDomainName, cfg.ChainID, c.anchor)
	c.signersDomain = newDomain(signersDomainName, cfg.ChainID, c.signers)
	return c, nil
}

// open is New without the contracts, which deploy does not have yet.
func open(cfg *Config, deps Deps) (*Connector, error) {
	if deps.Platform == nil {
		return nil, errors.New("ethereum connector: no platform to unseal the signing key")
	}
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	log = log.With("ledger", cfg.Name)
	key, err := LoadKey(deps.Platform, cfg.SigningKey)
	if err != nil {
		return nil, fmt.Errorf("signing_key: %w", err)
	}
	chain := newPool(cfg, deps.Dial, log)
	txm, err := newTxManager(cfg, chain, key, log)
	if err != nil {
		chain.Close()
		return nil, fmt.Errorf("journal_dir: %w", err)
	}
	log.Info("ethereum: connector open", "account", key, "chain_id", cfg.ChainID, "endpoints", len(cfg.RPC))
	return &Connector{
		cfg:        *cfg,
		log:        log,
		chain:      chain,
		txm:        txm,
		key:        key,
		wrapped:    map[common.Address]bool{},
		native:     map[common.Address]bool{},
		vaultABI:   bindings.NewBridgeVault(),
		anchorABI:  bindings.NewAnchor(),
		signersABI: bindings.NewRelaySigners(),
		tokenABI:   bindings.NewWrappedToken(),
	}, nil
}

// Name is the configured ledger name.
func (c *Connector) Name() string { return c.cfg.Name }

// Account is the address that sends the connector's transactions.
func (c *Connector) Account() common.Address { return c.key.Address() }

// Close stops the transaction manager (transactions in flight stay in the
// journal and resume at the next start) and closes the endpoints.
func (c *Connector) Close() error {
	c.txm.Close()
	c.chain.Close()
	return nil
}

// checkContracts makes sure, once, that the configured addresses hold the
// contracts and that the vault and the anchor use the configured signer
// set.
func (c *Connector) checkContracts(ctx context.Context) error {
	c.checked.Lock()
	defer c.checked.Unlock()
	if c.checked.ok {
		return nil
	}
	code := []struct {
		field string
		addr  common.Address
	}{{"contracts.vault", c.vault}, {"contracts.anchor", c.anchor}, {"contracts.signers", c.signers}}
	for w := range c.wrapped {
		code = append(code, struct {
			field string
			addr  common.Address
		}{"contracts.wrapped", w})
	}
	for _, k := range code {
		b, err := c.chain.CodeAt(ctx, k.addr, nil)
		if err != nil {
			return err
		}
		if len(b) == 0 {
			return refused("%s: no contract at %s on chain %d", k.field, k.addr.Hex(), c.cfg.ChainID)
		}
	}
	for _, k := range []struct {
		field string
		addr  common.Address
		data  []byte
	}{{"contracts.vault", c.vault, c.vaultABI.PackSigners()}, {"contracts.anchor", c.anchor, c.anchorABI.PackSigners()}} {
		got, err := callView(ctx, c, k.addr, k.data, nil, c.vaultABI.UnpackSigners)
		if err != nil {
			return fmt.Errorf("%s: %w", k.field, err)
		}
		if got != c.signers {
			return refused("%s: %s uses signer set %s, contracts.signers is %s", k.field, k.addr.Hex(), got.Hex(), c.signers.Hex())
		}
	}
	c.checked.ok = true
	return nil
}

// callView calls a view function at block (nil: latest) and decodes the
// reply; a reply that does not decode is ErrMalformed, never a panic.
func callView[T any](ctx context.Context, c *Connector, to common.Address, data []byte, block *big.Int, unpack func([]byte) (T, error)) (T, error) {
	return callOn(ctx, c.chain, c.cfg.ChainID, to, data, block, unpack)
}

// callOn is callView through ch. Asked at a given block, a contract that
// had no code yet answers the zero value (nothing recorded yet).
//
// A view call that reverts is ErrRefused. The views called here (status,
// signers, balanceOf, totalSupply...) revert only when the address holds
// another contract than the configuration says, or an asset argument is no
// token: asking again does not change that, and no transaction is
// involved, so the refusal says nothing about whether anything executed.
// Where a read decides an outcome after a transaction was sent
// (settlePayout, settleCancel), any failed read, a revert included, is
// ErrUnavailable instead; and Cancelled and Executed report an error, never
// true, so a revert never makes a relay node sign a refund.
func callOn[T any](ctx context.Context, ch Chain, chainID uint64, to common.Address, data []byte, block *big.Int, unpack func([]byte) (T, error)) (T, error) {
	var zero T
	out, err := ch.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, block)
	if err != nil {
		if reason, ok := revertReason(err); ok {
			return zero, refused("call to %s reverted: %s", to.Hex(), reason)
		}
		return zero, err
	}
	if len(out) == 0 {
		if block != nil {
			code, err := ch.CodeAt(ctx, to, block)
			if err != nil {
				return zero, err
			}
			if len(code) == 0 {
				return zero, nil
			}
		}
		return zero, invalid("call to %s returned nothing: is there a contract at that address on chain %d?", to.Hex(), chainID)
	}
	v, err := safeUnpack(out, unpack)
	if err != nil {
		return zero, malformed("reply of %s does not decode: %v", to.Hex(), err)
	}
	return v, nil
}

func safeUnpack[T any](b []byte, unpack func([]byte) (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("decoder panicked: %v", r)
		}
	}()
	return unpack(b)
}

func parseAddress(field, s string) (common.Address, error) {
	if err := checkAddress(s); err != nil {
		return common.Address{}, invalid("%s: %v", field, err)
	}
	return common.HexToAddress(s), nil
}

// payout is a connectors.Payout parsed for this chain.
type payout struct {
	id     [32]byte
	kind   connectors.PayoutKind
	token  common.Address
	to     common.Address
	amount *big.Int
}

var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

func (c *Connector) parsePayout(p connectors.Payout) (payout, error) {
	out := payout{id: p.ID, kind: p.Kind}
	var err error
	if p.Kind != connectors.Release && p.Kind != connectors.Mint {
		return out, invalid("payout kind %q: want %q or %q", p.Kind, connectors.Release, connectors.Mint)
	}
	if out.token, err = parseAddress("payout asset", p.Asset); err != nil {
		return out, err
	}
	if out.to, err = parseAddress("payout recipient", p.To); err != nil {
		return out, err
	}
	if p.Amount == nil || p.Amount.Sign() <= 0 || p.Amount.Cmp(maxUint256) > 0 {
		return out, invalid("payout amount %v: want 1..2^256-1", p.Amount)
	}
	out.amount = new(big.Int).Set(p.Amount)
	if p.Kind == connectors.Mint && !c.wrapped[out.token] {
		return out, invalid("mint of %s: not one of contracts.wrapped", out.token.Hex())
	}
	return out, nil
}

// PayoutDigest is the EIP-712 digest of a Release or Mint message of the
// vault: chain id and vault address (the domain), transfer id, token,
// recipient and amount.
func (c *Connector) PayoutDigest(p connectors.Payout) ([]byte, error) {
	q, err := c.parsePayout(p)
	if err != nil {
		return nil, err
	}
	return c.payoutDigest(q), nil
}

func (c *Connector) payoutDigest(q payout) []byte {
	typ := releaseType
	if q.kind == connectors.Mint {
		typ = mintType
	}
	return c.vaultDomain.digest(typ, q.id[:], addrWord(q.token), addrWord(q.to), word(q.amount))
}

// Execute pays p out with the signatures of at least k distinct members
// of the on-chain signer set (others are dropped; fewer than k valid is
// ErrRefused before anything is sent). If p.ID was executed already, or a
// transaction for it is in flight (also one from before a restart), it
// sends nothing and returns that transaction once final; an execution of
// p.ID with other fields is ErrRefused, and so is a cancelled p.ID. A
// revert (when estimating or on chain) is reported only after the id's
// status was read again: another node's payout of the same id makes it the
// result, and a status that cannot be read makes it ErrUnavailable. A
// transaction of its own is reported only once the id's status at the
// newest final block, read in one endpoint's view together with the
// receipt (confirmFinal), is executed.
func (c *Connector) Execute(ctx context.Context, p connectors.Payout, sigs []connectors.Signature) (*connectors.Result, error) {
	q, err := c.parsePayout(p)
	if err != nil {
		return nil, err
	}
	if err := c.checkContracts(ctx); err != nil {
		return nil, err
	}
	key := "payout:" + p.ID.String()
	if f := c.txm.inFlight(key); f != nil {
		return c.payoutOutcome(ctx, q, f)
	}
	st, err := c.status(ctx, q.id)
	if err != nil {
		return nil, err
	}
	switch st {
	case statusExecuted:
		return c.earlierPayout(ctx, q)
	case statusCancelled:
		return nil, refused("payout %x: the transfer id is cancelled", q.id)
	}
	// A pulled id is open for one payout: the refund to its holder.
	set, err := c.Signers(ctx)
	if err != nil {
		return nil, err
	}
	packed, err := prepareSignatures(c.payoutDigest(q), sigs, set)
	if err != nil {
		return nil, err
	}
	var data []byte
	if q.kind == connectors.Mint {
		data, err = c.vaultABI.TryPackMint(q.id, q.token, q.to, q.amount, packed)
	} else {
		data, err = c.vaultABI.TryPackRelease(q.id, q.token, q.to, q.amount, packed)
	}
	if err != nil {
		return nil, invalid("encode payout: %v", err)
	}
	f, err := c.txm.submit(ctx, txRequest{Key: key, To: &c.vault, Data: data})
	var rev *revertError
	if errors.As(err, &rev) {
		return c.settlePayout(ctx, q, rev, rev.outcome())
	}
	if err != nil {
		return nil, err
	}
	return c.payoutOutcome(ctx, q, f)
}

func (c *Connector) payoutOutcome(ctx context.Context, q payout, f *flight) (*connectors.Result, error) {
	r, err := f.wait(ctx)
	if err != nil {
		return nil, err
	}
	if r.Status == types.ReceiptStatusSuccessful {
		// The flight may be an earlier call's (one in flight, or from
		// before a restart) for the same id with other fields.
		for _, lg := range r.Logs {
			if lg.Address != c.vault || len(lg.Topics) != 4 || lg.Topics[1] != common.Hash(q.id) {
				continue
			}
			if got, err := c.decodePayout(lg); err == nil && !got.same(q) {
				return nil, refused("payout %x: executed in %s with other fields (%s of %s %s to %s)",
					q.id, r.TxHash.Hex(), got.kind, got.amount, got.token.Hex(), got.to.Hex())
			}
		}
		if err := c.confirmFinal(ctx, r, q.id, statusExecuted, fmt.Sprintf("payout %x", q.id)); err != nil {
			return nil, err
		}
		return &connectors.Result{TxHash: r.TxHash.Hex(), Height: r.BlockNumber.Uint64()}, nil
	}
	reason, outcome := c.replayReason(ctx, r, f)
	return c.settlePayout(ctx, q, refused("payout %x: transaction %s reverted: %s", q.id, r.TxHash.Hex(), reason), outcome)
}

// settlePayout says what a payout of q that reverted (cause, classified as
// outcome) means, from the id's status read again: paid out (most likely
// by another node first) is that payout, cancelled is ErrRefused, still
// open is cause unless the revert said the id was executed or cancelled
// (then the endpoint lags or the chain reorganised: ErrUnavailable). A
// status that cannot be read is ErrUnavailable, never a refusal.
func (c *Connector) settlePayout(ctx context.Context, q payout, cause error, outcome revertOutcome) (*connectors.Result, error) {
	st, err := c.status(ctx, q.id)
	if err != nil {
		return nil, unavailable("payout %x: %v; its status could not be read after that: %v", q.id, cause, err)
	}
	switch st {
	case statusExecuted:
		return c.earlierPayout(ctx, q)
	case statusCancelled:
		return nil, refused("payout %x: the transfer id is cancelled (%v)", q.id, cause)
	}
	if outcome != outcomeRefused {
		return nil, unavailable("payout %x: %v, but the id is open (or pulled) as of the latest block", q.id, cause)
	}
	return nil, cause
}

// replayReason re-runs a reverted transaction against the state before
// its block to learn why it reverted.
func (c *Connector) replayReason(ctx context.Context, r *types.Receipt, f *flight) (string, revertOutcome) {
	if f.to == nil || r.BlockNumber.Sign() == 0 {
		return "reason unknown", outcomeRefused
	}
	prev := new(big.Int).Sub(r.BlockNumber, big.NewInt(1))
	_, err := c.chain.CallContract(ctx, ethereum.CallMsg{From: c.key.Address(), To: f.to, Data: f.data}, prev)
	if err == nil {
		// Out of gas, or the state it read changed within its block:
		// nothing says a new try would fail.
		return fmt.Sprintf("reason unknown (it used %d gas, and succeeds against the state before its block)", r.GasUsed), outcomeRetry
	}
	if data, ok, revert := revertData(err); revert {
		reason, _ := revertReason(err)
		if !ok {
			return reason, outcomeRefused
		}
		return reason, outcomeOf(data)
	}
	return "reason unknown (its replay failed: " + err.Error() + ")", outcomeRetry
}

// payoutTopics select the Released and Minted events of id.
func (c *Connector) payoutTopics(id [32]byte) [][]common.Hash {
	abi := c.vaultABI.GetABI()
	return [][]common.Hash{{abi.Events["Released"].ID, abi.Events["Minted"].ID}, {common.Hash(id)}}
}

// earlierPayout finds the transaction that paid out q.id and returns it
// once final, or ErrRefused if it paid out other fields than q's. A final
// payout whose event is not found is ErrUnavailable: its fields cannot be
// compared.
func (c *Connector) earlierPayout(ctx context.Context, q payout) (*connectors.Result, error) {
	what := fmt.Sprintf("payout %x", q.id)
	lg, err := c.earlierEvent(ctx, c.vault, c.payoutTopics(q.id), what, c.settledAs(q.id, statusExecuted))
	if err != nil {
		return nil, err
	}
	if lg == nil {
		// Final, but without its event (logs pruned, start_block after
		// it, or beyond the lookback): whether it paid q's fields cannot
		// be told, and the vault keeps no record of them. Not a result.
		return nil, unavailable("%s: executed as of a final block, but its event is not within the blocks searched "+
			"(from start_block %d, at most %d back): its fields cannot be compared with these", what, c.cfg.StartBlock, c.cfg.MaxLogLookback)
	}
	got, err := c.decodePayout(lg)
	if err != nil {
		return nil, err
	}
	if !got.same(q) {
		return nil, refused("%s: executed earlier in %s with other fields (%s of %s %s to %s)",
			what, lg.TxHash.Hex(), got.kind, got.amount, got.token.Hex(), got.to.Hex())
	}
	return &connectors.Result{TxHash: lg.TxHash.Hex(), Height: lg.BlockNumber}, nil
}

// same reports whether p and q pay out the same: kind, token, recipient
// and amount (the id aside).
func (p payout) same(q payout) bool {
	return p.kind == q.kind && p.token == q.token && p.to == q.to && p.amount.Cmp(q.amount) == 0
}

// decodePayout reads a Released or Minted log.
func (c *Connector) decodePayout(lg *types.Log) (out payout, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = malformed("payout log %s/%d: decoder panicked: %v", lg.TxHash.Hex(), lg.Index, r)
		}
	}()
	if len(lg.Topics) != 4 {
		return out, malformed("payout log %s/%d has %d topics, want 4", lg.TxHash.Hex(), lg.Index, len(lg.Topics))
	}
	events := c.vaultABI.GetABI().Events
	if lg.Topics[0] != events["Minted"].ID && lg.Topics[0] != events["Released"].ID {
		return out, malformed("log %s/%d is no payout", lg.TxHash.Hex(), lg.Index)
	}
	if lg.Topics[0] == events["Minted"].ID {
		ev, err := c.vaultABI.UnpackMintedEvent(lg)
		if err != nil {
			return out, malformed("Minted log %s/%d: %v", lg.TxHash.Hex(), lg.Index, err)
		}
		return payout{id: ev.Id, kind: connectors.Mint, token: ev.Token, to: ev.To, amount: ev.Amount}, nil
	}
	ev, err := c.vaultABI.UnpackReleasedEvent(lg)
	if err != nil {
		return out, malformed("Released log %s/%d: %v", lg.TxHash.Hex(), lg.Index, err)
	}
	return payout{id: ev.Id, kind: connectors.Release, token: ev.Token, to: ev.To, amount: ev.Amount}, nil
}

// settledAs returns a check of whether id has status want at a block.
func (c *Connector) settledAs(id [32]byte, want idStatus) func(context.Context, Chain, *big.Int) (bool, error) {
	return func(ctx context.Context, ch Chain, at *big.Int) (bool, error) {
		st, err := c.statusOn(ctx, ch, id, at)
		return st == want, err
	}
}

// earlierEvent finds the newest log of addr matching topics and returns it
// once its block is final, all read from one endpoint at a time. It looks
// back at most max_log_lookback blocks. If no such log is there (any
// more), settled decides, at the newest final block: if the state there
// records the outcome, the log was not found (pruned logs, start_block
// after it, or older than the lookback) and earlierEvent returns nil;
// otherwise the outcome is not final (a reorganisation took it away, or
// the endpoint lags) and the error wraps ErrUnavailable.
func (c *Connector) earlierEvent(ctx context.Context, addr common.Address, topics [][]common.Hash, what string,
	settled func(context.Context, Chain, *big.Int) (bool, error)) (*types.Log, error) {
	for {
		var found *types.Log
		var final bool
		err := c.chain.pinned(ctx, what, func(ctx context.Context, ch Chain) error {
			found, final = nil, false
			head, err := ch.BlockNumber(ctx)
			if err != nil {
				return err
			}
			lg, err := c.findLog(ctx, ch, addr, topics, head)
			if errors.Is(err, errBeyondLookback) {
				lg, err = nil, nil // as if pruned: the state decides
			}
			if err != nil {
				return err
			}
			if lg == nil {
				at, err := c.finalBlock(ctx, ch)
				if err != nil {
					return err
				}
				ok := false
				if at != nil {
					if ok, err = settled(ctx, ch, at); err != nil {
						return err
					}
				}
				if !ok {
					return unavailable("%s: no event of it between start_block %d and head %d, and it is not final: "+
						"it was reorganised away or the endpoint lags", what, c.cfg.StartBlock, head)
				}
				final = true
				return nil
			}
			found = lg
			if head < lg.BlockNumber+c.cfg.Confirmations {
				return nil
			}
			h, err := ch.HeaderByNumber(ctx, new(big.Int).SetUint64(lg.BlockNumber))
			if err != nil {
				return err
			}
			final = h.Hash() == lg.BlockHash
			return nil
		})
		if err != nil {
			return nil, err
		}
		if final {
			return found, nil
		}
		select {
		case <-ctx.Done():
			return nil, unavailable("%s: done in %s, not final yet (%v)", what, found.TxHash.Hex(), ctx.Err())
		case <-time.After(c.cfg.PollInterval):
		}
	}
}

// errBeyondLookback: findLog reached max_log_lookback blocks below the
// head, above start_block, without finding the log.
var errBeyondLookback = errors.New("not within max_log_lookback blocks of the head")

// findLog scans backwards from head for the newest log, through ch, down
// to start_block but at most max_log_lookback blocks: nil if there is none
// down to start_block, errBeyondLookback if the bound stopped it first.
func (c *Connector) findLog(ctx context.Context, ch Chain, addr common.Address, topics [][]common.Hash, head uint64) (*types.Log, error) {
	lowest, bounded := c.cfg.StartBlock, false
	if head+1 > c.cfg.MaxLogLookback && head+1-c.cfg.MaxLogLookback > lowest {
		lowest, bounded = head+1-c.cfg.MaxLogLookback, true
	}
	to := head
	span := c.cfg.LogRange
	for {
		from := lowest
		if to >= from+span {
			from = to - span + 1
		}
		logs, err := ch.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{addr}, Topics: topics,
		})
		if tooManyLogs(err) && to > from {
			span = max(1, (to-from+1)/2)
			continue
		}
		if err != nil {
			return nil, err
		}
		var best *types.Log
		for i := range logs {
			l := &logs[i]
			if l.Removed || l.Address != addr || l.BlockNumber < from || l.BlockNumber > to {
				continue
			}
			if best == nil || l.BlockNumber > best.BlockNumber || l.BlockNumber == best.BlockNumber && l.Index > best.Index {
				best = l
			}
		}
		if best != nil {
			return best, nil
		}
		if from <= lowest {
			if bounded {
				return nil, errBeyondLookback
			}
			return nil, nil
		}
		to = from - 1
	}
}

// Executed reports whether the vault paid out id, as of the newest final
// block (Confirmations below the head); a cancelled id is not executed.
func (c *Connector) Executed(ctx context.Context, id connectors.ID) (bool, error) {
	st, err := c.finalStatus(ctx, "executed", id)
	return err == nil && st == statusExecuted, err
}

// finalStatus is id's status on the vault at the newest final block, read
// through one endpoint (op names the read in errors); open before any
// block after start_block is final.
func (c *Connector) finalStatus(ctx context.Context, op string, id connectors.ID) (idStatus, error) {
	st := statusOpen
	err := c.chain.pinned(ctx, op, func(ctx context.Context, ch Chain) error {
		at, err := c.finalBlock(ctx, ch)
		if err != nil || at == nil {
			st = statusOpen
			return err
		}
		st, err = c.statusOn(ctx, ch, id, at)
		return err
	})
	return st, err
}

// Balance is account's balance of the ERC-20 asset, as of the latest block.
func (c *Connector) Balance(ctx context.Context, asset, account string) (*big.Int, error) {
	token, err := parseAddress("asset", asset)
	if err != nil {
		return nil, err
	}
	who, err := parseAddress("account", account)
	if err != nil {
		return nil, err
	}
	return callView(ctx, c, token, c.tokenABI.PackBalanceOf(who), nil, c.tokenABI.UnpackBalanceOf)
}

// Supply is the ERC-20 asset's total supply, as of the latest block.
func (c *Connector) Supply(ctx context.Context, asset string) (*big.Int, error) {
	token, err := parseAddress("asset", asset)
	if err != nil {
		return nil, err
	}
	return callView(ctx, c, token, c.tokenABI.PackTotalSupply(), nil, c.tokenABI.UnpackTotalSupply)
}
