package ethereum

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

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
