package ethereum

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/cocorelay/coco/connectors"
)

// testPool is a pool over the given fakes, as endpoints http://ep0, ...
func testPool(t *testing.T, retries int, fakes ...*fakeChain) (*pool, *bytes.Buffer) {
	t.Helper()
	cfg := &Config{ChainID: 1337, RPCTimeout: 200 * time.Millisecond, Retries: retries, RetryBackoff: time.Millisecond}
	byURL := map[string]*fakeChain{}
	for i, f := range fakes {
		u := fmt.Sprintf("http://ep%d/v3/SECRET", i)
		cfg.RPC = append(cfg.RPC, u)
		byURL[u] = f
	}
	var logs bytes.Buffer
	p := newPool(cfg, func(ctx context.Context, url string) (Chain, error) { return byURL[url], nil },
		slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(p.Close)
	return p, &logs
}

type codeError struct {
	code int
	msg  string
}

func (e codeError) Error() string  { return e.msg }
func (e codeError) ErrorCode() int { return e.code }

func failWith(err error, methods ...string) func(string) error {
	return func(m string) error {
		if len(methods) == 0 {
			return err
		}
		for _, x := range methods {
			if x == m {
				return err
			}
		}
		return nil
	}
}

func TestPoolFailsOver(t *testing.T) {
	for name, fault := range map[string]func(string) error{
		"connection refused":  failWith(&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}),
		"timeout":             failWith(context.DeadlineExceeded, "BlockNumber"),
		"panic in the client": failWith(panicked("index out of range"), "BlockNumber"),
		"rate limited":        failWith(codeError{-32005, "limit exceeded"}, "BlockNumber"),
		"HTTP 502":            failWith(rpc.HTTPError{StatusCode: 502, Status: "502 Bad Gateway"}, "BlockNumber"),
		"unknown failure":     failWith(errors.New("server returned empty result"), "BlockNumber"),
		"header not found":    failWith(codeError{-32000, "header not found"}, "BlockNumber"),
		"internal error":      failWith(codeError{-32603, "internal error"}, "BlockNumber"),
		"too many requests":   failWith(codeError{429, "Too Many Requests"}, "BlockNumber"),
	} {
		t.Run(name, func(t *testing.T) {
			bad, good := newFakeChain(1337, 5), newFakeChain(1337, 9)
			bad.fail = fault
			p, logs := testPool(t, 0, bad, good)
			n, err := p.BlockNumber(context.Background())
			if err != nil || n != 8 {
				t.Fatalf("BlockNumber: %d, %v; want 8 from the second endpoint", n, err)
			}
			if !strings.Contains(logs.String(), "switched RPC endpoint") || strings.Contains(logs.String(), "SECRET") {
				t.Fatalf("logs:\n%s", logs)
			}
			// It stays on the endpoint that works.
			before := bad.count("BlockNumber")
			p.BlockNumber(context.Background())
			if bad.count("BlockNumber") != before {
				t.Fatal("went back to the failing endpoint at once")
			}
		})
	}
}

func TestPoolSkipsWrongChain(t *testing.T) {
	other, good := newFakeChain(1, 5), newFakeChain(1337, 9)
	p, _ := testPool(t, 0, other, good)
	for range 3 {
		if n, err := p.BlockNumber(context.Background()); err != nil || n != 8 {
			t.Fatalf("BlockNumber: %d %v", n, err)
		}
	}
	if other.count("BlockNumber") != 0 {
		t.Fatal("asked the endpoint of another chain for blocks")
	}
	p, _ = testPool(t, 1, other)
	_, err := p.BlockNumber(context.Background())
	if !errors.Is(err, ErrWrongChain) || !errors.Is(err, connectors.ErrUnavailable) || !strings.Contains(err.Error(), "chain id 1, the config says 1337") {
		t.Fatalf("only an endpoint of another chain: %v", err)
	}
}

// The chain's own answers (a revert, not found) are not endpoint failures.
func TestPoolReturnsChainAnswers(t *testing.T) {
	a, b := newFakeChain(1337, 3), newFakeChain(1337, 3)
	a.fail = failWith(codeError{3, "execution reverted"}, "CallContract")
	p, _ := testPool(t, 2, a, b)
	_, err := p.CallContract(context.Background(), callMsg(), nil)
	var ce codeError
	if !errors.As(err, &ce) || errors.Is(err, connectors.ErrUnavailable) {
		t.Fatalf("revert: %v", err)
	}
	if b.count("CallContract") != 0 || a.count("CallContract") != 1 {
		t.Fatal("a revert was retried")
	}
}

// An eth_getLogs refused as too large is answered at once (the caller
// halves the range), not tried on every endpoint.
func TestPoolReturnsTooManyLogs(t *testing.T) {
	a, b := newFakeChain(1337, 3), newFakeChain(1337, 3)
	a.fail = failWith(codeError{-32005, "query returned more than 10000 results"}, "FilterLogs")
	p, _ := testPool(t, 2, a, b)
	_, err := p.FilterLogs(context.Background(), ethereum.FilterQuery{FromBlock: big.NewInt(0), ToBlock: big.NewInt(2)})
	if !tooManyLogs(err) || b.count("FilterLogs") != 0 || a.count("FilterLogs") != 1 {
		t.Fatalf("too many logs: %v; calls %d and %d", err, a.count("FilterLogs"), b.count("FilterLogs"))
	}
	for _, msg := range []string{"Log response size exceeded.", "block range too large", "eth_getLogs is limited to a 10,000 range"} {
		if !tooManyLogs(errors.New(msg)) {
			t.Errorf("%q not recognised", msg)
		}
	}
	if tooManyLogs(codeError{429, "Too Many Requests"}) {
		t.Error("a rate limit taken for too many logs")
	}
}

func TestPoolAllDown(t *testing.T) {
	a, b := newFakeChain(1337, 3), newFakeChain(1337, 3)
	a.fail = failWith(errors.New("connection reset by peer"))
	b.fail = failWith(context.DeadlineExceeded)
	p, _ := testPool(t, 2, a, b)
	_, err := p.BlockNumber(context.Background())
	if !errors.Is(err, connectors.ErrUnavailable) {
		t.Fatalf("all endpoints down: %v", err)
	}
	for _, want := range []string{"http://ep0/…", "http://ep1/…", "connection reset", "deadline exceeded"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("error shows an endpoint's secret: %v", err)
	}
	if a.count("ChainID") != 3 || b.count("ChainID") != 3 {
		t.Fatalf("want 3 rounds over both endpoints, got %d and %d", a.count("ChainID"), b.count("ChainID"))
	}

	// A cancelled context ends the rounds at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if _, err := p.BlockNumber(ctx); !errors.Is(err, connectors.ErrUnavailable) || time.Since(start) > time.Second {
		t.Fatalf("cancelled: %v after %v", err, time.Since(start))
	}
}

// pinned runs a whole operation on one endpoint: when that endpoint fails
// halfway, the operation starts again on the next, so that what it reads
// is one node's view.
func TestPinnedRunsAnOperationOnOneEndpoint(t *testing.T) {
	a, b := newFakeChain(1337, 10), newFakeChain(1337, 20)
	a.fail = failWith(&net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset")}, "CodeAt")
	p, _ := testPool(t, 0, a, b)
	var heads []uint64
	err := p.pinned(context.Background(), "op", func(ctx context.Context, c Chain) error {
		head, err := c.BlockNumber(ctx)
		if err != nil {
			return err
		}
		heads = append(heads, head)
		_, err = c.CodeAt(ctx, common.Address{}, new(big.Int).SetUint64(head))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(heads) != 2 || heads[0] != 9 || heads[1] != 19 {
		t.Fatalf("heads read %v, want 9 (first endpoint) then 19 (second, from the start)", heads)
	}
	if a.count("CodeAt") != 1 || b.count("BlockNumber") != 1 || b.count("CodeAt") != 1 {
		t.Fatalf("calls: first %v, second %v", a.calls, b.calls)
	}
	// An answer of the chain (not found) ends it at once, on the first.
	a.fail = nil
	err = p.pinned(context.Background(), "op", func(ctx context.Context, c Chain) error {
		_, err := c.HeaderByNumber(ctx, big.NewInt(100))
		return err
	})
	if !errors.Is(err, ethereum.NotFound) {
		t.Fatalf("not found: %v", err)
	}
	// Every endpoint failing is ErrUnavailable.
	a.fail = failWith(errors.New("eof"))
	b.fail = failWith(errors.New("eof"))
	err = p.pinned(context.Background(), "op", func(ctx context.Context, c Chain) error {
		_, err := c.BlockNumber(ctx)
		return err
	})
	if !errors.Is(err, connectors.ErrUnavailable) {
		t.Fatalf("all endpoints down: %v", err)
	}
}

// A reply longer than rpc_max_response_mib is not read to its end: it is
// the endpoint's failure.
func TestRepliesAreBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		result := `"0x10"`
		if req.Method == "eth_getCode" {
			result = `"0x` + strings.Repeat("00", 3<<20) + `"` // 6 MiB of hex
		}
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"result":%s}`, req.ID, result)
	}))
	defer srv.Close()
	c, err := dialEthclient(1<<20)(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.(interface{ Close() }).Close()
	if n, err := c.BlockNumber(context.Background()); err != nil || n != 16 {
		t.Fatalf("small reply: %d %v", n, err)
	}
	_, err = c.CodeAt(context.Background(), common.Address{}, nil)
	if err == nil || !endpointFailure(err) {
		t.Fatalf("6 MiB reply with a 1 MiB limit: %v, want the endpoint's failure", err)
	}
}
