package simtest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
)

// syncBuffer is a log sink tests read while the connector writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// faultyConnector is a connector whose first endpoint is bad and whose
// second is good, with short timeouts.
func faultyConnector(t *testing.T, c *chain, urls ...string) (*ethereum.Connector, *syncBuffer) {
	t.Helper()
	cfg := c.config(urls...)
	cfg.RPCTimeout = 300 * time.Millisecond
	cfg.Retries = 1
	var logs syncBuffer
	conn, err := ethereum.New(cfg, ethereum.Deps{Platform: c.platform, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, &logs
}

// Every way an endpoint fails sends the connector to the next one, and
// reads and writes go on there.
func TestFailoverToSecondEndpoint(t *testing.T) {
	c := newChain(t)
	c.deploy()
	h := harness{c}
	holder := h.NewHolder(t)
	h.Lock(t, holder, big.NewInt(100), "elsewhere", "alice")
	c.commit(depth)

	for _, tc := range []struct {
		name  string
		fault fault
	}{
		{"HTTP 503", httpError},
		{"timeout", hang},
		{"not JSON", garbage},
		{"JSON cut short", truncated},
		{"connection closed without an answer", hangUp},
		{"wrong chain id", wrongChain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad, good := c.newProxy(), c.newProxy()
			bad.setFault(tc.fault)
			conn, logs := faultyConnector(t, c, bad.URL(), good.URL())
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			ds, _, err := conn.Deposits(ctx, "", 100)
			if err != nil || len(ds) != 1 {
				t.Fatalf("Deposits through a bad first endpoint: %d deposits, %v", len(ds), err)
			}
			if bal, err := conn.Balance(ctx, c.dep.TestToken.Hex(), holder); err != nil || bal.Sign() <= 0 {
				t.Fatalf("Balance: %v %v", bal, err)
			}
			to := c.newHolder()
			p := connectors.Payout{ID: randomID(t), Kind: connectors.Release, Asset: c.dep.TestToken.Hex(), To: to.Hex(), Amount: big.NewInt(1)}
			d, _ := conn.PayoutDigest(p)
			if _, err := conn.Execute(ctx, p, c.sign(d, threshold)); err != nil {
				t.Fatalf("Execute through a bad first endpoint: %v", err)
			}
			if !strings.Contains(logs.String(), "switched RPC endpoint") {
				t.Fatalf("no failover in the logs:\n%s", logs.String())
			}
			if tc.fault == wrongChain {
				for _, m := range []string{"eth_blockNumber", "eth_call", "eth_getLogs", "eth_sendRawTransaction"} {
					if n := bad.callCount(m); n != 0 {
						t.Fatalf("%d %s calls went to the endpoint of another chain", n, m)
					}
				}
			}
		})
	}
}

// When every endpoint fails, calls return an error that wraps
// connectors.ErrUnavailable and says what each endpoint did; after a
// retry round an endpoint that recovered is used again.
func TestAllEndpointsDown(t *testing.T) {
	c := newChain(t)
	c.deploy()
	a, b := c.newProxy(), c.newProxy()
	conn, _ := faultyConnector(t, c, a.URL(), b.URL())
	ctx := context.Background()

	for _, tc := range []struct {
		name   string
		fa, fb fault
		want   []string
		is     error
	}{
		{"both 503", httpError, httpError, []string{"503"}, connectors.ErrUnavailable},
		{"garbage and timeout", garbage, hang, []string{"invalid character", "deadline exceeded"}, connectors.ErrUnavailable},
		{"both on another chain", wrongChain, wrongChain, []string{"chain id 1, the config says 1337"}, ethereum.ErrWrongChain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a.setFault(tc.fa)
			b.setFault(tc.fb)
			_, err := conn.Supply(ctx, c.dep.TestToken.Hex())
			if !errors.Is(err, connectors.ErrUnavailable) || !errors.Is(err, tc.is) {
				t.Fatalf("Supply with every endpoint down: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("error %q does not say %q", err, w)
				}
			}
		})
	}

	// Recovery during the retry rounds: the call succeeds.
	a.setFault(httpError)
	b.setFaultFor(httpError, 1) // fails in the first round only
	if _, err := conn.Supply(ctx, c.dep.TestToken.Hex()); err != nil {
		t.Fatalf("Supply after an endpoint recovered: %v", err)
	}
}

// A reply that is well-formed JSON but nonsense for the call (a log that
// does not decode) is an error, never a panic.
func TestNonsenseLogIsAnError(t *testing.T) {
	c := newChain(t)
	c.deploy()
	h := harness{c}
	holder := h.NewHolder(t)
	h.Lock(t, holder, big.NewInt(100), "elsewhere", "alice")
	c.commit(depth)
	liar := c.newProxy()
	liar.setRewrite(func(method string, result []byte) []byte {
		if method != "eth_getLogs" {
			return result
		}
		// Cut the data of every log short.
		return []byte(strings.ReplaceAll(string(result), `"data":"0x`, `"data":"0x00`))
	})
	conn, _ := faultyConnector(t, c, liar.URL())
	_, _, err := conn.Deposits(context.Background(), "", 10)
	if !errors.Is(err, ethereum.ErrMalformed) || !errors.Is(err, connectors.ErrUnavailable) {
		t.Fatalf("Deposits with a log that does not decode: %v", err)
	}
	t.Logf("Deposits with a log that does not decode: %v", err)
}
