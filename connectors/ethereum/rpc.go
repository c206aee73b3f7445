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
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/cocorelay/coco/connectors"
)

// Chain is what the connector asks of one JSON-RPC endpoint.
// *ethclient.Client implements it; so does the pool of endpoints below,
// which adds timeouts, retries and failover.
type Chain interface {
	ChainID(ctx context.Context) (*big.Int, error)
	BlockNumber(ctx context.Context) (uint64, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	CodeAt(ctx context.Context, account common.Address, block *big.Int) ([]byte, error)
	EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	SuggestGasPrice(ctx context.Context) (*big.Int, error)
	NonceAt(ctx context.Context, account common.Address, block *big.Int) (uint64, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
}

// DialFunc connects to one endpoint. Dialing an http URL sends nothing;
// dialing a ws URL connects.
type DialFunc func(ctx context.Context, url string) (Chain, error)

func dialEthclient(ctx context.Context, url string) (Chain, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// chainIDRecheck is how long an endpoint's chain id, once checked, is
// trusted before it is asked again.
const chainIDRecheck = time.Minute

// failback is how long the pool stays on a later endpoint before it tries
// the first ones again.
const failback = time.Minute

type endpoint struct {
	url  string // secret: providers put API keys in it
	name string // redacted, for logs and errors

	// guarded by pool.mu
	client   Chain
	verified time.Time // when its chain id was last found right
}

// pool is a Chain over several endpoints. Each call goes to the current
// endpoint with a timeout; if that endpoint fails (cannot be reached, times
// out, answers garbage or serves another chain) the call moves on to the
// next, and after a round over all of them it pauses and tries again, up to
// the configured number of rounds. Errors the chain itself returns (a
// revert, "not found") are not failures of the endpoint and are returned
// at once. When every endpoint failed the error wraps
// connectors.ErrUnavailable and names each endpoint's failure.
type pool struct {
	log     *slog.Logger
	chainID *big.Int
	timeout time.Duration
	retries int
	backoff time.Duration
	dial    DialFunc

	mu struct {
		sync.Mutex
		eps      []*endpoint
		cur      int
		switched time.Time
	}
}

func newPool(cfg *Config, dial DialFunc, log *slog.Logger) *pool {
	if dial == nil {
		dial = dialEthclient
	}
	p := &pool{
		log:     log,
		chainID: new(big.Int).SetUint64(cfg.ChainID),
		timeout: cfg.RPCTimeout,
		retries: cfg.Retries,
		backoff: cfg.RetryBackoff,
		dial:    dial,
	}
	for _, u := range cfg.RPC {
		p.mu.eps = append(p.mu.eps, &endpoint{url: u, name: redactURL(u)})
	}
	return p
}

// Close closes every connection the pool opened.
func (p *pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, ep := range p.mu.eps {
		if c, ok := ep.client.(interface{ Close() }); ok {
			c.Close()
		}
		ep.client = nil
	}
}

// order returns the endpoints in the order to try them now.
func (p *pool) order() []*endpoint {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mu.cur != 0 && time.Since(p.mu.switched) > failback {
		p.mu.cur = 0
	}
	n := len(p.mu.eps)
	out := make([]*endpoint, n)
	for i := range n {
		out[i] = p.mu.eps[(p.mu.cur+i)%n]
	}
	return out
}

func (p *pool) succeeded(ep *endpoint) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mu.eps[p.mu.cur] == ep {
		return
	}
	for i, e := range p.mu.eps {
		if e == ep {
			p.log.Warn("ethereum: switched RPC endpoint", "endpoint", ep.name)
			p.mu.cur, p.mu.switched = i, time.Now()
		}
	}
}

// failed forgets what the pool knew about ep: the next call re-checks its
// chain id (and re-dials a websocket).
func (p *pool) failed(ep *endpoint, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ep.verified = time.Time{}
	if strings.HasPrefix(ep.url, "ws") && ep.client != nil {
		if c, ok := ep.client.(interface{ Close() }); ok {
			c.Close()
		}
		ep.client = nil
	}
	p.log.Warn("ethereum: RPC endpoint failed", "endpoint", ep.name, "err", err)
}

// conn returns ep's client, dialing it and checking its chain id if needed.
func (p *pool) conn(ctx context.Context, ep *endpoint) (Chain, error) {
	p.mu.Lock()
	c, verified := ep.client, ep.verified
	p.mu.Unlock()
	if c == nil {
		dctx, cancel := context.WithTimeout(ctx, p.timeout)
		var err error
		c, err = p.dial(dctx, ep.url)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("dial: %w", err)
		}
		p.mu.Lock()
		if ep.client == nil {
			ep.client = c
		} else if cl, ok := c.(interface{ Close() }); ok {
			cl.Close()
			c = ep.client
		}
		p.mu.Unlock()
	}
	if !verified.IsZero() && time.Since(verified) < chainIDRecheck {
		return c, nil
	}
	cctx, cancel := context.WithTimeout(ctx, p.timeout)
	id, err := c.ChainID(cctx)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("eth_chainId: %w", err)
	}
	if id == nil || id.Cmp(p.chainID) != 0 {
		return nil, fmt.Errorf("%w: chain id %v, the config says %v", ErrWrongChain, id, p.chainID)
	}
	p.mu.Lock()
	ep.verified = time.Now()
	p.mu.Unlock()
	return c, nil
}

// do runs fn against the endpoints until one answers.
func (p *pool) do(ctx context.Context, op string, fn func(ctx context.Context, c Chain) error) error {
	var errs []error
	for round := 0; round <= p.retries; round++ {
		if round > 0 {
			pause := p.backoff << (round - 1)
			select {
			case <-ctx.Done():
				return p.gaveUp(op, append(errs, ctx.Err()))
			case <-time.After(pause):
			}
		}
		for _, ep := range p.order() {
			c, err := p.conn(ctx, ep)
			if err == nil {
				cctx, cancel := context.WithTimeout(ctx, p.timeout)
				err = safeCall(cctx, c, fn)
				cancel()
				if err == nil {
					p.succeeded(ep)
					return nil
				}
				if !endpointFailure(err) {
					return err
				}
			}
			if ctx.Err() != nil {
				return p.gaveUp(op, append(errs, fmt.Errorf("%s: %w", ep.name, err), ctx.Err()))
			}
			p.failed(ep, err)
			errs = append(errs, fmt.Errorf("%s: %w", ep.name, err))
		}
	}
	return p.gaveUp(op, errs)
}

func (p *pool) gaveUp(op string, errs []error) error {
	return fmt.Errorf("%s: %w: %w", op, connectors.ErrUnavailable, errors.Join(errs...))
}

// safeCall runs fn and turns a panic in a client library on a malformed
// reply into an error: a bad chain must never crash the node.
func safeCall(ctx context.Context, c Chain, fn func(context.Context, Chain) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = malformed("the client library panicked on the reply: %v", r)
		}
	}()
	return fn(ctx, c)
}

// endpointFailure reports whether err says the endpoint failed (so another
// may do better) rather than that the chain answered. The chain answers
// with JSON-RPC error objects (a revert, "nonce too low") and with "not
// found"; everything else is the endpoint's failure: transport errors
// (refused, reset, EOF, an HTTP status), timeouts, replies that do not
// decode (JSON syntax, "missing required field", a panic in the client
// library), another chain, and errors we do not know.
func endpointFailure(err error) bool {
	if errors.Is(err, ethereum.NotFound) {
		return false
	}
	var rpcErr rpc.Error
	if errors.As(err, &rpcErr) {
		switch rpcErr.ErrorCode() {
		case -32005, -32603, 429: // limit exceeded, internal error, too many requests
			return true
		}
		return false
	}
	return true
}

// The Chain methods of the pool.

func (p *pool) ChainID(ctx context.Context) (*big.Int, error) {
	return new(big.Int).Set(p.chainID), nil
}

func (p *pool) BlockNumber(ctx context.Context) (n uint64, err error) {
	err = p.do(ctx, "eth_blockNumber", func(ctx context.Context, c Chain) (err error) {
		n, err = c.BlockNumber(ctx)
		return err
	})
	return n, err
}

func (p *pool) HeaderByNumber(ctx context.Context, number *big.Int) (h *types.Header, err error) {
	err = p.do(ctx, "eth_getBlockByNumber", func(ctx context.Context, c Chain) (err error) {
		h, err = c.HeaderByNumber(ctx, number)
		if err == nil && (h == nil || h.Number == nil) {
			return malformed("no header in the reply")
		}
		if err == nil && number != nil && h.Number.Cmp(number) != 0 {
			return malformed("asked for block %v, got %v", number, h.Number)
		}
		return err
	})
	return h, err
}

func (p *pool) FilterLogs(ctx context.Context, q ethereum.FilterQuery) (logs []types.Log, err error) {
	err = p.do(ctx, "eth_getLogs", func(ctx context.Context, c Chain) (err error) {
		logs, err = c.FilterLogs(ctx, q)
		return err
	})
	return logs, err
}

func (p *pool) CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) (out []byte, err error) {
	err = p.do(ctx, "eth_call", func(ctx context.Context, c Chain) (err error) {
		out, err = c.CallContract(ctx, msg, block)
		return err
	})
	return out, err
}

func (p *pool) CodeAt(ctx context.Context, account common.Address, block *big.Int) (code []byte, err error) {
	err = p.do(ctx, "eth_getCode", func(ctx context.Context, c Chain) (err error) {
		code, err = c.CodeAt(ctx, account, block)
		return err
	})
	return code, err
}

func (p *pool) EstimateGas(ctx context.Context, msg ethereum.CallMsg) (gas uint64, err error) {
	err = p.do(ctx, "eth_estimateGas", func(ctx context.Context, c Chain) (err error) {
		gas, err = c.EstimateGas(ctx, msg)
		return err
	})
	return gas, err
}

func (p *pool) SuggestGasTipCap(ctx context.Context) (tip *big.Int, err error) {
	err = p.do(ctx, "eth_maxPriorityFeePerGas", func(ctx context.Context, c Chain) (err error) {
		tip, err = c.SuggestGasTipCap(ctx)
		if err == nil && (tip == nil || tip.Sign() < 0) {
			return malformed("tip %v", tip)
		}
		return err
	})
	return tip, err
}

func (p *pool) SuggestGasPrice(ctx context.Context) (price *big.Int, err error) {
	err = p.do(ctx, "eth_gasPrice", func(ctx context.Context, c Chain) (err error) {
		price, err = c.SuggestGasPrice(ctx)
		if err == nil && (price == nil || price.Sign() < 0) {
			return malformed("gas price %v", price)
		}
		return err
	})
	return price, err
}

func (p *pool) NonceAt(ctx context.Context, account common.Address, block *big.Int) (n uint64, err error) {
	err = p.do(ctx, "eth_getTransactionCount", func(ctx context.Context, c Chain) (err error) {
		n, err = c.NonceAt(ctx, account, block)
		return err
	})
	return n, err
}

func (p *pool) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	return p.do(ctx, "eth_sendRawTransaction", func(ctx context.Context, c Chain) error {
		return c.SendTransaction(ctx, tx)
	})
}

func (p *pool) TransactionReceipt(ctx context.Context, hash common.Hash) (r *types.Receipt, err error) {
	err = p.do(ctx, "eth_getTransactionReceipt", func(ctx context.Context, c Chain) (err error) {
		r, err = c.TransactionReceipt(ctx, hash)
		if err == nil && (r == nil || r.BlockNumber == nil || r.TxHash != hash) {
			return malformed("receipt of %s does not match the request", hash)
		}
		return err
	})
	return r, err
}
