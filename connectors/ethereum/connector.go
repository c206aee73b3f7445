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
	var zero T
	out, err := c.chain.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, block)
	if err != nil {
		if reason, ok := revertReason(err); ok {
			return zero, refused("call to %s reverted: %s", to.Hex(), reason)
		}
		return zero, err
	}
	if len(out) == 0 {
		return zero, invalid("call to %s returned nothing: is there a contract at that address on chain %d?", to.Hex(), c.cfg.ChainID)
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
// sends nothing and returns that transaction once final.
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
	done, err := c.Executed(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if done {
		return c.earlierPayout(ctx, q.id)
	}
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
		return &connectors.Result{TxHash: r.TxHash.Hex(), Height: r.BlockNumber.Uint64()}, nil
	}
	// Reverted: most likely another node executed the id first.
	if done, err := c.Executed(ctx, q.id); err == nil && done {
		return c.earlierPayout(ctx, q.id)
	}
	return nil, refused("payout %x: transaction %s reverted: %s", q.id, r.TxHash.Hex(), c.replayReason(ctx, r, f))
}

// replayReason re-runs a reverted transaction against the state before
// its block to learn why it reverted.
func (c *Connector) replayReason(ctx context.Context, r *types.Receipt, f *flight) string {
	if f.to == nil || r.BlockNumber.Sign() == 0 {
		return "reason unknown"
	}
	prev := new(big.Int).Sub(r.BlockNumber, big.NewInt(1))
	_, err := c.chain.CallContract(ctx, ethereum.CallMsg{From: c.key.Address(), To: f.to, Data: f.data}, prev)
	if err == nil {
		return "reason unknown (it succeeds against the state before its block)"
	}
	if reason, ok := revertReason(err); ok {
		return reason
	}
	return "reason unknown: " + err.Error()
}

// earlierPayout finds the transaction that executed id and returns it once
// final.
func (c *Connector) earlierPayout(ctx context.Context, id [32]byte) (*connectors.Result, error) {
	abi := c.vaultABI.GetABI()
	topics := [][]common.Hash{{abi.Events["Released"].ID, abi.Events["Minted"].ID}, {common.Hash(id)}}
	return c.earlierEvent(ctx, c.vault, topics, fmt.Sprintf("payout %x", id))
}

// earlierEvent finds the newest log of addr matching topics and waits
// until its block is final. If no log is found between start_block and the
// head (pruned logs, or start_block after it), the Result is empty.
func (c *Connector) earlierEvent(ctx context.Context, addr common.Address, topics [][]common.Hash, what string) (*connectors.Result, error) {
	for {
		head, err := c.chain.BlockNumber(ctx)
		if err != nil {
			return nil, err
		}
		lg, err := c.findLog(ctx, addr, topics, head)
		if err != nil {
			return nil, err
		}
		if lg == nil {
			c.log.Warn("ethereum: executed earlier, but its event was not found", "what", what, "start_block", c.cfg.StartBlock)
			return &connectors.Result{}, nil
		}
		if head >= lg.BlockNumber+c.cfg.Confirmations {
			h, err := c.chain.HeaderByNumber(ctx, new(big.Int).SetUint64(lg.BlockNumber))
			if err != nil {
				return nil, err
			}
			if h.Hash() == lg.BlockHash {
				return &connectors.Result{TxHash: lg.TxHash.Hex(), Height: lg.BlockNumber}, nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, unavailable("%s: executed in %s, not final yet (%v)", what, lg.TxHash.Hex(), ctx.Err())
		case <-time.After(c.cfg.PollInterval):
		}
	}
}

// findLog scans backwards from head to start_block for the newest log.
func (c *Connector) findLog(ctx context.Context, addr common.Address, topics [][]common.Hash, head uint64) (*types.Log, error) {
	to := head
	for {
		from := c.cfg.StartBlock
		if to >= from+c.cfg.LogRange {
			from = to - c.cfg.LogRange + 1
		}
		logs, err := c.chain.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{addr}, Topics: topics,
		})
		if err != nil {
			return nil, err
		}
		var best *types.Log
		for i := range logs {
			l := &logs[i]
			if l.Removed || l.Address != addr {
				continue
			}
			if best == nil || l.BlockNumber > best.BlockNumber || l.BlockNumber == best.BlockNumber && l.Index > best.Index {
				best = l
			}
		}
		if best != nil || from <= c.cfg.StartBlock {
			return best, nil
		}
		to = from - 1
	}
}

// Executed reports whether the vault paid out id (as of the latest block).
func (c *Connector) Executed(ctx context.Context, id connectors.ID) (bool, error) {
	return callView(ctx, c, c.vault, c.vaultABI.PackExecuted(id), nil, c.vaultABI.UnpackExecuted)
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
