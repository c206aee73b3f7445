package itest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric"
)

func fabricCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// fabricDrain reads every deposit after cp.
func fabricDrain(t *testing.T, c connectors.Connector, cp connectors.Checkpoint) ([]connectors.Deposit, connectors.Checkpoint) {
	t.Helper()
	var all []connectors.Deposit
	for {
		ds, next, err := c.Deposits(fabricCtx(t), cp, 100)
		if err != nil {
			t.Fatalf("Deposits: %v", err)
		}
		all = append(all, ds...)
		if len(ds) == 0 {
			return all, next
		}
		cp = next
	}
}

// fabricInvalidLocks: of two locks endorsed on the same balance before
// either is ordered, the second to commit is invalidated by the MVCC check;
// only the valid one is a deposit, a new connector resuming from the
// checkpoint repeats nothing, and the deposit's block hash is the one the
// next block chains to.
func fabricInvalidLocks(t *testing.T, h *fabricHarness) {
	c := h.connector(t)
	_, cp := fabricDrain(t, c, "")
	holder := h.NewHolder(t)
	hc := h.holder(t, holder)
	var commits []*client.Commit
	for _, dest := range []string{"first", "second"} {
		p, err := hc.contract.NewProposal("Lock", client.WithArguments("5", "elsewhere", dest))
		if err != nil {
			t.Fatal(err)
		}
		tx, err := p.Endorse()
		if err != nil {
			t.Fatal(err)
		}
		commit, err := tx.Submit()
		if err != nil {
			t.Fatal(err)
		}
		commits = append(commits, commit)
	}
	var valid string
	for _, commit := range commits {
		st, err := commit.Status()
		if err != nil {
			t.Fatal(err)
		}
		if st.Successful {
			valid = st.TransactionID
		} else {
			t.Logf("transaction %s committed as %s", st.TransactionID, st.Code)
		}
	}
	if valid == "" {
		t.Fatal("neither lock committed")
	}
	h.Advance(t, h.Depth())
	ds, cp2 := fabricDrain(t, c, cp)
	var mine []connectors.Deposit
	for _, d := range ds {
		if d.Holder == holder {
			mine = append(mine, d)
		}
	}
	if len(mine) != 1 || mine[0].At.TxHash != valid || mine[0].Amount.Cmp(big.NewInt(5)) != 0 {
		t.Fatalf("deposits of the holder: %+v, want one, of transaction %s", mine, valid)
	}
	if b, err := c.Balance(fabricCtx(t), fabricOrigin, holder); err != nil || b.Cmp(big.NewInt(1000000-5)) != 0 {
		t.Fatalf("holder's balance %v %v, want 999995: the invalid lock moved nothing", b, err)
	}
	if again, _ := fabricDrain(t, h.connector(t), cp2); len(again) != 0 {
		t.Fatalf("a new connector resuming from the checkpoint repeated %+v", again)
	}
	raw, err := h.admin.gw.GetNetwork(fabricChannel).GetContract("qscc").Evaluate("GetBlockByNumber",
		client.WithArguments(fabricChannel, big.NewInt(int64(mine[0].At.Height)+1).String()))
	if err != nil {
		t.Fatal(err)
	}
	var next common.Block
	if err := proto.Unmarshal(raw, &next); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(next.GetHeader().GetPreviousHash()); got != mine[0].At.BlockHash {
		t.Fatalf("deposit's block hash %s, the next block chains to %s", mine[0].At.BlockHash, got)
	}
}

// fabricKilledMint: `coco fabric execute` is killed (SIGKILL) right after
// the orderers accepted its mint and before it saw the commit; run again,
// it finishes with that same transaction and the mint happened once.
func fabricKilledMint(t *testing.T, h *fabricHarness) {
	to := h.NewHolder(t)
	c := h.connector(t)
	ctx := fabricCtx(t)
	supply, err := c.Supply(ctx, fabricWrapped)
	if err != nil {
		t.Fatal(err)
	}
	var id connectors.ID
	rand.Read(id[:])
	p := connectors.Payout{ID: id, Kind: connectors.Mint, Asset: fabricWrapped, To: to, Amount: big.NewInt(700)}
	d, err := c.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(fabric.NewSignedPayout(p, h.Sign(t, d, 2)))
	payout := filepath.Join(h.n.dir, "payout.json")
	if err := os.WriteFile(payout, b, 0o600); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(coco, "fabric", "execute", "--config", h.config, "--payout", payout, "--log-level", "info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	txID := fabricSubmitted(t, stderr)
	cmd.Process.Kill()
	cmd.Wait()
	if stdout.Len() != 0 {
		t.Fatalf("the first run reported a result before it was killed: %s", stdout.String())
	}
	done, err := c.Executed(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("killed after submitting %s; committed when the second run starts: %v", txID, done)

	out := mustCmd(t, "fabric", "execute", "--config", h.config, "--payout", payout)
	var res struct {
		TxHash string `json:"tx_hash"`
		Height uint64 `json:"height"`
	}
	if err := json.Unmarshal([]byte(fabricLastLine(out)), &res); err != nil {
		t.Fatalf("execute printed %q: %v", out, err)
	}
	if res.TxHash != txID || res.Height == 0 {
		t.Fatalf("after the restart: %+v, want the mint submitted before the kill, %s", res, txID)
	}
	if b, err := c.Balance(ctx, fabricWrapped, to); err != nil || b.Cmp(big.NewInt(700)) != 0 {
		t.Fatalf("recipient holds %v %v, want 700: minted exactly once", b, err)
	}
	if s, err := c.Supply(ctx, fabricWrapped); err != nil || new(big.Int).Sub(s, supply).Cmp(big.NewInt(700)) != 0 {
		t.Fatalf("supply %v (was %v) %v: want 700 more", s, supply, err)
	}
}

var submittedLine = regexp.MustCompile(`msg=submitted tx=([0-9a-f]{64})`)

// fabricSubmitted reads coco's log until it reports a submitted
// transaction.
func fabricSubmitted(t *testing.T, r io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(r)
		for s.Scan() {
			if m := submittedLine.FindStringSubmatch(s.Text()); m != nil {
				found <- m[1]
				io.Copy(io.Discard, r)
				return
			}
		}
		close(found)
	}()
	select {
	case id, ok := <-found:
		if !ok {
			t.Fatal("coco fabric execute ended without submitting")
		}
		return id
	case <-time.After(time.Minute):
		t.Fatal("coco fabric execute submitted nothing within a minute")
	}
	return ""
}

// fabricOutages: with Org1's peer (the connector's only gateway), Org2's
// peer (needed for endorsement) or the orderer gone, calls fail with
// errors wrapping connectors.ErrUnavailable after their retries, never
// refusals and never a crash; once the process is back, the same payout
// goes through, once.
func fabricOutages(t *testing.T, h *fabricHarness) {
	c := h.connector(t)
	for _, o := range []struct {
		proc      string
		port      int  // offset of its port (network.sh)
		readsWork bool // queries still answer
	}{
		{"peer1", 10, false},
		{"peer2", 20, true},
		{"orderer", 0, true},
	} {
		t.Run(o.proc, func(t *testing.T) {
			to := h.NewHolder(t)
			var id connectors.ID
			rand.Read(id[:])
			p := connectors.Payout{ID: id, Kind: connectors.Mint, Asset: fabricWrapped, To: to, Amount: big.NewInt(42)}
			d, err := c.PayoutDigest(p)
			if err != nil {
				t.Fatal(err)
			}
			sigs := h.Sign(t, d, 2)

			h.n.stop(o.proc)
			started := time.Now()
			_, err = c.Execute(fabricCtx(t), p, sigs)
			t.Logf("Execute with %s down: %v after %v", o.proc, err, time.Since(started).Round(time.Millisecond))
			if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
				t.Fatalf("Execute with %s down: %v, want an error wrapping ErrUnavailable", o.proc, err)
			}
			_, err = c.Balance(fabricCtx(t), fabricWrapped, to)
			if o.readsWork != (err == nil) || err != nil && !errors.Is(err, connectors.ErrUnavailable) {
				t.Fatalf("Balance with %s down: %v", o.proc, err)
			}
			if !o.readsWork {
				if _, _, err := c.Deposits(fabricCtx(t), "", 10); !errors.Is(err, connectors.ErrUnavailable) {
					t.Fatalf("Deposits with %s down: %v, want ErrUnavailable", o.proc, err)
				}
			}

			h.n.start(t, o.proc)
			h.n.waitListening(t, o.port)
			started = time.Now()
			var res *connectors.Result
			for res == nil {
				res, err = c.Execute(fabricCtx(t), p, sigs)
				if err != nil && !errors.Is(err, connectors.ErrUnavailable) {
					t.Fatalf("Execute after %s came back: %v", o.proc, err)
				}
				if err != nil && time.Since(started) > 2*time.Minute {
					t.Fatalf("Execute still fails %v after %s came back: %v\n%s", time.Since(started), o.proc, err, h.n.logs())
				}
			}
			t.Logf("recovered %v after %s came back", time.Since(started).Round(time.Millisecond), o.proc)
			if b, err := c.Balance(fabricCtx(t), fabricWrapped, to); err != nil || b.Cmp(big.NewInt(42)) != 0 {
				t.Fatalf("recipient holds %v %v, want 42 exactly once", b, err)
			}
		})
	}
}

// fabricConcurrentMints: mints of one asset endorsed at the same time
// conflict on its supply (MVCC); the connector retries the losers, and
// every mint lands exactly once.
func fabricConcurrentMints(t *testing.T, h *fabricHarness) {
	cfg, err := fabric.LoadConfig(h.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Coco.Retry.Attempts = 12
	var logs syncBuffer
	c, err := fabric.New(cfg, fabric.Options{Platform: h.platform, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const n = 4
	var recipients []string
	for range n {
		recipients = append(recipients, h.NewHolder(t))
	}
	payouts := make([]connectors.Payout, n)
	sigs := make([][]connectors.Signature, n)
	for i := range n {
		var id connectors.ID
		rand.Read(id[:])
		payouts[i] = connectors.Payout{ID: id, Kind: connectors.Mint, Asset: fabricWrapped, To: recipients[i], Amount: big.NewInt(int64(10 + i))}
		d, err := c.PayoutDigest(payouts[i])
		if err != nil {
			t.Fatal(err)
		}
		sigs[i] = h.Sign(t, d, 2)
	}
	ctx := fabricCtx(t)
	start := make(chan struct{})
	errs := make(chan error, n)
	for i := range n {
		go func() {
			<-start
			_, err := c.Execute(ctx, payouts[i], sigs[i])
			errs <- err
		}()
	}
	close(start)
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("concurrent mint: %v", err)
		}
	}
	for i, to := range recipients {
		if b, err := c.Balance(fabricCtx(t), fabricWrapped, to); err != nil || b.Int64() != int64(10+i) {
			t.Errorf("recipient %d holds %v %v, want %d", i, b, err, 10+i)
		}
	}
	if !strings.Contains(logs.String(), "MVCC_READ_CONFLICT") {
		t.Errorf("no MVCC conflict among %d concurrent mints of one asset; the retry path was not exercised:\n%s", n, logs.String())
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fabricOtherBridge: a connector configured with another bridge id (the
// same channel and chaincode names on another network) gets signatures
// the chaincode refuses, and Verify names the mismatch.
func fabricOtherBridge(t *testing.T, h *fabricHarness) {
	good := h.connector(t)
	if err := good.Verify(fabricCtx(t)); err != nil {
		t.Fatal(err)
	}
	cfg, err := fabric.LoadConfig(h.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Coco.BridgeID = strings.Repeat("ab", 32)
	c := h.connectorOf(t, cfg)
	if err := c.Verify(fabricCtx(t)); err == nil || !strings.Contains(err.Error(), "bridge id") {
		t.Fatalf("Verify with another bridge id: %v", err)
	}
	to := h.NewHolder(t)
	var id connectors.ID
	rand.Read(id[:])
	p := connectors.Payout{ID: id, Kind: connectors.Mint, Asset: fabricWrapped, To: to, Amount: big.NewInt(1)}
	d, err := c.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Execute(fabricCtx(t), p, h.Sign(t, d, 3)); !errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("a payout signed for another bridge: %v, want ErrRefused", err)
	}
}
