package relay

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"
)

func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("COCO_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func startSandbox(t *testing.T, dir string) *Sandbox {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := StartSandbox(ctx, SandboxOptions{Dir: dir, Logger: testLogger(t), Tune: func(c *Config) {
		c.Raft.RTT = 20 * time.Millisecond
		c.Raft.ElectionRTT = 10
		c.Raft.HeartbeatRTT = 2
		c.Ledger.SignatureInterval = 20 * time.Millisecond
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	return s
}

func TestSandboxSmoke(t *testing.T) {
	dir := t.TempDir()
	s := startSandbox(t, dir)
	c, err := SandboxClient(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := c.CreateAsset(ctx, "USD", 2, ""); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"alice", "bob"} {
		if _, err := c.CreateAccount(ctx, a, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Mint(ctx, "USD", "alice", "1000", ""); err != nil {
		t.Fatal(err)
	}
	w, err := c.Transfer(ctx, "USD", "alice", "bob", "250", "rent", "")
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Account(ctx, "bob")
	if err != nil || a.Balances["USD"] != "250" {
		t.Fatalf("bob: %+v, %v", a, err)
	}
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	r, err := c.Receipt(rctx, w.TxID)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("receipt of %s: %d bytes", w.TxID, len(r))
	_ = s
}
