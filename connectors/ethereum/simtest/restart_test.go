package simtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	geth "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"go.uber.org/goleak"
	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/enclave"
)

// The test binary doubles as the connector's process: with these variables
// set, TestMain executes one payout and exits.
const (
	childConfig = "COCO_SIMTEST_CHILD_CONFIG"
	childPayout = "COCO_SIMTEST_CHILD_PAYOUT"
)

func TestMain(m *testing.M) {
	if os.Getenv(childConfig) != "" {
		os.Exit(child())
	}
	// Every goroutine of the connector ends with Close. (go-ethereum's
	// node keeps a few of its own after Backend.Close.)
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("github.com/syndtr/goleveldb/leveldb.(*DB).mpoolDrain"),
		goleak.IgnoreTopFunction("github.com/ethereum/go-ethereum/core.(*txSenderCacher).cache"))
}

// child executes the payout in $COCO_SIMTEST_CHILD_PAYOUT with the config
// in $COCO_SIMTEST_CHILD_CONFIG and prints the result as JSON.
func child() int {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	fail := func(err error) int {
		log.Error("child", "err", err)
		return 1
	}
	cfg, err := ethereum.LoadConfig(os.Getenv(childConfig))
	if err != nil {
		return fail(err)
	}
	b, err := os.ReadFile(os.Getenv(childPayout))
	if err != nil {
		return fail(err)
	}
	var sp ethereum.SignedPayout
	if err := json.Unmarshal(b, &sp); err != nil {
		return fail(err)
	}
	p, sigs, err := sp.Parse()
	if err != nil {
		return fail(err)
	}
	platform, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		return fail(err)
	}
	conn, err := ethereum.New(*cfg, ethereum.Deps{Platform: platform, Logger: log})
	if err != nil {
		return fail(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := conn.Execute(ctx, p, sigs)
	if err != nil {
		return fail(err)
	}
	json.NewEncoder(os.Stdout).Encode(res)
	return 0
}

func writeFile(t *testing.T, path string, v any, marshal func(any) ([]byte, error)) string {
	t.Helper()
	b, err := marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type childProc struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
}

func startChild(t *testing.T, config, payout string) *childProc {
	t.Helper()
	p := &childProc{cmd: exec.Command(os.Args[0], "-test.run=^$")}
	p.cmd.Env = append(os.Environ(), childConfig+"="+config, childPayout+"="+payout)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	return p
}

func (p *childProc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
}

func (p *childProc) result(t *testing.T) connectors.Result {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("connector process: %v\n%s", err, p.stderr.String())
		}
	case <-time.After(90 * time.Second):
		p.cmd.Process.Kill()
		t.Fatalf("connector process did not finish\n%s", p.stderr.String())
	}
	var r connectors.Result
	if err := json.Unmarshal(p.stdout.Bytes(), &r); err != nil {
		t.Fatalf("result %q: %v", p.stdout.String(), err)
	}
	return r
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func txHash(t *testing.T, raw string) common.Hash {
	t.Helper()
	b, err := hexutil.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	return tx.Hash()
}

// The connector's process is killed after it sent a release and before it
// saw the release's final receipt. Restarted, it sends no second
// transaction (the account's nonce moves by one) and does not lose the
// first, even when the node forgot it meanwhile.
func TestKilledBetweenSendAndReceipt(t *testing.T) {
	c := newChain(t)
	c.deploy()
	h := harness{c}
	holder := h.NewHolder(t)
	h.Lock(t, holder, big.NewInt(1000), "elsewhere", "alice")
	cfg := c.config()
	dir := t.TempDir()
	config := writeFile(t, filepath.Join(dir, "ethereum.yaml"), cfg, yaml.Marshal)

	conn, err := ethereum.New(cfg, c.deps())
	if err != nil {
		t.Fatal(err)
	}
	payoutFile := func(name string, amount int64) (string, common.Address) {
		to := c.newHolder()
		p := connectors.Payout{ID: randomID(t), Kind: connectors.Release, Asset: c.dep.TestToken.Hex(), To: to.Hex(), Amount: big.NewInt(amount)}
		d, err := conn.PayoutDigest(p)
		if err != nil {
			t.Fatal(err)
		}
		return writeFile(t, filepath.Join(dir, name), ethereum.NewSignedPayout(p, c.sign(d, threshold)), json.Marshal), to
	}
	first, to1 := payoutFile("first.json", 300)
	second, to2 := payoutFile("second.json", 200)
	conn.Close() // one process per account: the journal is locked while open
	ctx := context.Background()

	check := func(t *testing.T, res connectors.Result, sentFrom int, nonceBefore uint64, to common.Address, amount int64, tokensBefore *big.Int) {
		t.Helper()
		sent := c.proxy.sentTxs()[sentFrom:]
		want := txHash(t, sent[0])
		for _, raw := range sent {
			if h := txHash(t, raw); h != want {
				t.Fatalf("a second transaction %s was sent besides %s", h.Hex(), want.Hex())
			}
		}
		if res.TxHash != want.Hex() {
			t.Fatalf("result %s, want the transaction sent before the kill %s", res.TxHash, want.Hex())
		}
		if n, _ := c.client.NonceAt(ctx, c.account, nil); n != nonceBefore+1 {
			t.Fatalf("account nonce %d, want %d: one transaction", n, nonceBefore+1)
		}
		got := new(big.Int).Sub(c.balance(c.dep.TestToken, to), tokensBefore)
		if got.Int64() != amount {
			t.Fatalf("recipient received %s, want %d", got, amount)
		}
	}

	t.Run("killed before the release was mined; the node forgot it", func(t *testing.T) {
		nonceBefore, _ := c.client.NonceAt(ctx, c.account, nil)
		tokensBefore := c.balance(c.dep.TestToken, to1)
		sentFrom := len(c.proxy.sentTxs())
		c.automine.Store(0)
		p := startChild(t, config, first)
		waitFor(t, "the release to be sent", func() bool { return len(c.proxy.sentTxs()) > sentFrom })
		p.kill(t)
		c.sim.Rollback() // the node drops its pending transactions
		hash := txHash(t, c.proxy.sentTxs()[sentFrom])
		if _, err := c.client.TransactionReceipt(ctx, hash); !errors.Is(err, geth.NotFound) {
			t.Fatalf("the release was mined before the kill: %v", err)
		}
		c.automine.Store(1 + depth)
		res := startChild(t, config, first).result(t)
		check(t, res, sentFrom, nonceBefore, to1, 300, tokensBefore)
	})

	t.Run("killed after the release was mined, before it was final", func(t *testing.T) {
		nonceBefore, _ := c.client.NonceAt(ctx, c.account, nil)
		tokensBefore := c.balance(c.dep.TestToken, to2)
		sentFrom := len(c.proxy.sentTxs())
		c.automine.Store(1) // mined, then no more blocks: never final
		p := startChild(t, config, second)
		waitFor(t, "the release to be mined", func() bool {
			sent := c.proxy.sentTxs()
			if len(sent) == sentFrom {
				return false
			}
			_, err := c.client.TransactionReceipt(ctx, txHash(t, sent[sentFrom]))
			return err == nil
		})
		time.Sleep(100 * time.Millisecond) // let it poll the receipt once
		p.kill(t)
		c.automine.Store(1 + depth)
		p = startChild(t, config, second)
		c.commit(depth) // the chain moves on
		check(t, p.result(t), sentFrom, nonceBefore, to2, 200, tokensBefore)
	})

	var st struct {
		Pending []json.RawMessage `json:"pending"`
	}
	b, err := os.ReadFile(filepath.Join(cfg.JournalDir, fmt.Sprintf("1337-%s.json", bytesLower(c.account.Hex()))))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &st); err != nil || len(st.Pending) != 0 {
		t.Fatalf("journal after both payouts are final: %v %s", err, b)
	}
}

func bytesLower(s string) string { return string(bytes.ToLower([]byte(s))) }
