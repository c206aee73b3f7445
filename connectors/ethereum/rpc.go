package ethereum

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
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

// dialEthclient returns a DialFunc for go-ethereum's client whose replies
// may be at most maxResponse bytes (HTTP bodies and WebSocket messages).
func dialEthclient(maxResponse int64) DialFunc {
	httpClient := &http.Client{Transport: limitTransport{next: http.DefaultTransport, max: maxResponse}}
	return func(ctx context.Context, url string) (Chain, error) {
		c, err := rpc.DialOptions(ctx, url, rpc.WithHTTPClient(httpClient), rpc.WithWebsocketMessageSizeLimit(maxResponse))
		if err != nil {
			return nil, err
		}
		return ethclient.NewClient(c), nil
	}
}

// limitTransport fails the reading of a response body longer than max
// bytes, so that an endpoint cannot make the node read without end.
type limitTransport struct {
	next http.RoundTripper
	max  int64
}

// errResponseTooLarge ends the reading of a reply longer than the limit.
var errResponseTooLarge = errors.New("reply larger than rpc_max_response_mib")

func (t limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > t.max {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: %d bytes", errResponseTooLarge, resp.ContentLength)
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.max}
	return resp, nil
}

type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, errResponseTooLarge
		}
		return b.rc.Read(p)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

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
// out, answers garbage, answers with a JSON-RPC error other than a revert,
// or serves another chain) the call moves on to the next, and after a
// round over all of them it pauses and tries again, up to the configured
// number of rounds. What the chain itself answers (a revert, "not found")
// is returned at once. When every endpoint failed the error wraps
// connectors.ErrUnavailable and names each endpoint's failure.
//
// pinned runs a logical operation of several calls against one endpoint,
// so that what it reads is one node's view of the chain.
type pool struct {
	log     *slog.Logger
	chainID *big.Int
	timeout time.Duration
	retries int
	backoff time.Duration
	dial    DialFunc
	// pin, set in the views pinned makes, is the one endpoint a view
	// calls (once, with no retry rounds).
	pin *endpoint

	mu *poolState // shared by the pool and its views
}

type poolState struct {
	sync.Mutex
	eps      []*endpoint
	cur      int
	switched time.Time
}

func newPool(cfg *Config, dial DialFunc, log *slog.Logger) *pool {
	if dial == nil {
		dial = dialEthclient(int64(cfg.RPCMaxResponseMiB) << 20)
	}
	p := &pool{
		log:     log,
		chainID: new(big.Int).SetUint64(cfg.ChainID),
		timeout: cfg.RPCTimeout,
		retries: cfg.Retries,
		backoff: cfg.RetryBackoff,
		dial:    dial,
		mu:      &poolState{},
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
	if p.pin != nil {
		return []*endpoint{p.pin}
	}
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

// errEndpoint marks the errors of do that say every endpoint it tried
// failed, which pinned answers by moving to the next endpoint.
var errEndpoint = errors.New("endpoint failed")

func (p *pool) gaveUp(op string, errs []error) error {
	return fmt.Errorf("%s: %w: %w", op, connectors.ErrUnavailable, &endpointError{errors.Join(errs...)})
}

// endpointError is what every endpoint tried said; it is errEndpoint.
type endpointError struct{ err error }

func (e *endpointError) Error() string        { return e.err.Error() }
func (e *endpointError) Unwrap() error        { return e.err }
func (e *endpointError) Is(target error) bool { return target == errEndpoint }

// pinned runs fn with a Chain whose every call goes to one endpoint, the
// one in use, with the pool's timeout per call; fn reads one node's view
// of the chain (one head, one block number for all its calls). If that
// endpoint fails, fn runs again from the start on the next one, in rounds
// like a single call; fn must therefore only read. Errors fn returns that
// are not an endpoint's failure end it at once.
func (p *pool) pinned(ctx context.Context, op string, fn func(ctx context.Context, c Chain) error) error {
	var errs []error
	for round := 0; round <= p.retries; round++ {
		if round > 0 {
			select {
			case <-ctx.Done():
				return p.gaveUp(op, append(errs, ctx.Err()))
			case <-time.After(p.backoff << (round - 1)):
			}
		}
		for _, ep := range p.order() {
			view := *p
			view.pin, view.retries = ep, 0
			err := fn(ctx, &view)
			if err == nil || !errors.Is(err, errEndpoint) {
				return err
			}
			errs = append(errs, err)
			if ctx.Err() != nil {
				return p.gaveUp(op, append(errs, ctx.Err()))
			}
		}
	}
	return p.gaveUp(op, errs)
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
// with a revert (JSON-RPC error code 3, or "execution reverted") and with
// "not found"; every other error is the endpoint's failure: transport
// errors (refused, reset, EOF, an HTTP status), timeouts, replies that do
// not decode or are too large, another chain, and every other JSON-RPC
// error object ("header not found" from a node that lags or prunes, a rate
// limit, an internal error).
//
// An eth_getLogs refused as too large (tooManyLogs) is not a failure
// either: the caller asks again for a smaller range.
func endpointFailure(err error) bool {
	if errors.Is(err, ethereum.NotFound) {
		return false
	}
	if tooManyLogs(err) && !errors.Is(err, errResponseTooLarge) {
		return false
	}
	_, revert := revertReason(err)
	return !revert
}

// tooManyLogs reports whether err is an endpoint's refusal of an
// eth_getLogs call as too large (too many results, too long a block range,
// too large a reply), which a smaller block range may pass. Providers say
// so in their own words; these are the ones of geth, Infura, Alchemy,
// QuickNode, Erigon and Nethermind, and this connector's own reply limit.
func tooManyLogs(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, errResponseTooLarge) {
		return true
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{
		"returned more than", "too many results", "too many logs", "block range", "range too large",
		"range is too large", "response size", "response is too large", "exceed maximum block range",
		"exceeds max results", "getlogs is limited to", "rpc_max_response_mib",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
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
