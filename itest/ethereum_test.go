package itest

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/connectortest"
	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
	"github.com/cocorelay/coco/enclave"
)

const ethDepth = 2

// TestEthereum runs the Ethereum connector against a real geth --dev node:
// `coco ethereum key new` and `coco ethereum deploy`, the conformance suite
// (lock, observe, release, mint, burn, anchor, signer change), and a
// `coco ethereum execute` process killed between sending a release and
// seeing its receipt.
func TestEthereum(t *testing.T) {
	if testing.Short() {
		t.Skip("starts geth (-short)")
	}
	g := startGeth(t, gethBinary(t))
	e := newEthNet(t, g)
	t.Run("conformance", func(t *testing.T) {
		connectortest.Run(t, &gethHarness{e: e})
	})
	t.Run("killed between sending a release and its receipt", func(t *testing.T) {
		killedRelease(t, e)
	})
	t.Run("a dead first endpoint; the WebSocket one takes over", func(t *testing.T) {
		cfg := e.cfg
		cfg.RPC = []string{"http://" + freeAddr(t), e.g.ws} // nothing listens on the first
		cfg.RPCTimeout, cfg.Retries = time.Second, 1
		c, err := ethereum.New(cfg, ethereum.Deps{Platform: e.platform})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		ds, _, err := c.Deposits(ctx, "", 1000)
		if err != nil || len(ds) == 0 {
			t.Fatalf("Deposits over WebSocket: %d, %v", len(ds), err)
		}
		if s, err := c.Supply(ctx, e.origin.Hex()); err != nil || s.Sign() <= 0 {
			t.Fatalf("Supply over WebSocket: %v %v", s, err)
		}
	})
}

// ethNet is the deployed bridge on the dev chain and the keys around it.
type ethNet struct {
	g        *devChain
	dir      string
	platform enclave.Platform
	signers  []*ethereum.Key
	account  common.Address // the connector's
	cfg      ethereum.Config
	config   string // cfg as a file
	vault    common.Address
	origin   common.Address
	wrapped  common.Address
}

func newEthNet(t *testing.T, g *devChain) *ethNet {
	t.Helper()
	e := &ethNet{g: g, dir: t.TempDir()}
	var err error
	if e.platform, err = enclave.Open(enclave.Virtual, enclave.Options{}); err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(e.dir, "keys")
	var addrs []string
	for i := range 3 {
		path := filepath.Join(keys, fmt.Sprintf("signer%d.sealed", i))
		addr := lastLine(mustCmd(t, "ethereum", "key", "new", "--out", path))
		k, err := ethereum.LoadKey(e.platform, path)
		if err != nil {
			t.Fatal(err)
		}
		if k.Address().Hex() != addr {
			t.Fatalf("key new printed %s, the key is %s", addr, k.Address().Hex())
		}
		e.signers = append(e.signers, k)
		addrs = append(addrs, addr)
	}
	txKey := filepath.Join(keys, "tx.sealed")
	e.account = common.HexToAddress(lastLine(mustCmd(t, "ethereum", "key", "new", "--out", txKey)))
	g.fund(t, e.account, 100)

	e.cfg = ethereum.Config{
		Name: "gethdev", ChainID: 1337, Dev: true, // --test-token, and the deployer owns the wrapped token
		RPC:           []string{g.http, g.ws},
		Confirmations: ethDepth, PollInterval: 100 * time.Millisecond,
		SigningKey: txKey, JournalDir: filepath.Join(e.dir, "journal"),
		Gas: ethereum.GasPolicy{StuckAfter: 20 * time.Second},
	}
	e.config = e.writeConfig(t, e.cfg, "ethereum.yaml")
	out := mustCmd(t, "ethereum", "deploy", "--config", e.config, "--signers", strings.Join(addrs, ","),
		"--threshold", "2", "--wrapped", "Wrapped Thing:wTHG:18", "--mint-limit", "1000000000000000000000000",
		"--burn-limit", "1000000000000000000000000", "--test-token")
	var dep struct {
		Contracts  ethereum.Contracts `yaml:"contracts"`
		StartBlock uint64             `yaml:"start_block"`
	}
	if err := yaml.Unmarshal([]byte(yamlPart(out)), &dep); err != nil {
		t.Fatalf("deploy printed %q: %v", out, err)
	}
	m := regexp.MustCompile(`test token \(anyone can mint; tests only\): (0x[0-9a-fA-F]{40})`).FindStringSubmatch(out)
	if m == nil || len(dep.Contracts.Wrapped) != 1 {
		t.Fatalf("deploy printed %q", out)
	}
	e.origin, e.wrapped = common.HexToAddress(m[1]), common.HexToAddress(dep.Contracts.Wrapped[0])
	e.vault = common.HexToAddress(dep.Contracts.Vault)
	e.cfg.Contracts, e.cfg.StartBlock = dep.Contracts, dep.StartBlock
	e.config = e.writeConfig(t, e.cfg, "ethereum.yaml")
	return e
}

// yamlPart drops the lines coco prints on stderr (the virtual platform's
// warning), which CombinedOutput mixes in.
func yamlPart(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "coco:") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func (e *ethNet) writeConfig(t *testing.T, cfg ethereum.Config, name string) string {
	t.Helper()
	b, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(e.dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (e *ethNet) sign(t *testing.T, digest []byte, n int) []connectors.Signature {
	t.Helper()
	var out []connectors.Signature
	for _, k := range e.signers[:n] {
		s, err := k.Sign(digest)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// gethHarness is connectortest.Harness on the dev chain.
type gethHarness struct {
	e       *ethNet
	holders sync.Map // address -> *holder
}

type holder struct {
	key   *ecdsa.PrivateKey
	mu    sync.Mutex
	nonce uint64
}

func (h *gethHarness) Connector(t *testing.T) connectors.Connector {
	cfg, err := ethereum.LoadConfig(h.e.config)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ethereum.New(*cfg, ethereum.Deps{Platform: h.e.platform})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (h *gethHarness) Depth() int                  { return ethDepth }
func (h *gethHarness) Origin() string              { return h.e.origin.Hex() }
func (h *gethHarness) Wrapped() string             { return h.e.wrapped.Hex() }
func (h *gethHarness) Threshold() int              { return 2 }
func (h *gethHarness) Advance(t *testing.T, n int) { h.e.g.advance(t, n) }

func (h *gethHarness) NewHolder(t *testing.T) string { return h.e.newHolder(t, &h.holders).Hex() }

func (e *ethNet) newHolder(t *testing.T, holders *sync.Map) common.Address {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	addr := crypto.PubkeyToAddress(key.PublicKey)
	e.g.fund(t, addr, 1)
	million := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))
	test := bindings.NewTestToken()
	e.g.send(t, key, 0, e.origin, test.PackMint(addr, million))
	e.g.wait(t, e.g.send(t, key, 1, e.origin, test.PackApprove(e.vault, million)))
	holders.Store(addr, &holder{key: key, nonce: 2})
	return addr
}

func (h *gethHarness) do(t *testing.T, who string, to common.Address, data []byte) {
	t.Helper()
	v, ok := h.holders.Load(common.HexToAddress(who))
	if !ok {
		t.Fatalf("unknown holder %s", who)
	}
	ho := v.(*holder)
	ho.mu.Lock()
	defer ho.mu.Unlock()
	h.e.g.wait(t, h.e.g.send(t, ho.key, ho.nonce, to, data))
	ho.nonce++
}

func (h *gethHarness) Lock(t *testing.T, who string, amount *big.Int, destLedger, destAccount string) {
	h.do(t, who, h.e.vault, bindings.NewBridgeVault().PackLock(h.e.origin, amount, destLedger, destAccount))
}

func (h *gethHarness) Burn(t *testing.T, who string, amount *big.Int, destLedger, destAccount string) {
	h.do(t, who, h.e.wrapped, bindings.NewWrappedToken().PackBurnForTransfer(h.e.vault, amount, destLedger, destAccount))
}

func (h *gethHarness) Sign(t *testing.T, digest []byte, n int) []connectors.Signature {
	return h.e.sign(t, digest, n)
}

func (h *gethHarness) Foreign(t *testing.T, digest []byte, n int) []connectors.Signature {
	var out []connectors.Signature
	for range n {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		sig, err := crypto.Sign(digest, k)
		if err != nil {
			t.Fatal(err)
		}
		sig[64] += 27
		out = append(out, connectors.Signature{Signer: crypto.PubkeyToAddress(k.PublicKey).Hex(), Sig: sig})
	}
	return out
}

// killedRelease: `coco ethereum execute` is killed (SIGKILL) as soon as its
// release is on the node, before the receipt is final. Run again, it sends
// no second transaction and reports the first.
func killedRelease(t *testing.T, e *ethNet) {
	h := &gethHarness{e: e}
	who := e.newHolder(t, &h.holders)
	h.Lock(t, who.Hex(), big.NewInt(1000), "elsewhere", "alice")
	to := e.newHolder(t, &sync.Map{})

	// A connector of its own for the digest; closed before coco runs (one
	// process per account journal).
	conn := h.Connector(t).(*ethereum.Connector)
	var id connectors.ID
	rand.Read(id[:])
	p := connectors.Payout{ID: id, Kind: connectors.Release, Asset: e.origin.Hex(), To: to.Hex(), Amount: big.NewInt(700)}
	d, err := conn.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before, err := conn.Balance(ctx, e.origin.Hex(), to.Hex())
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	b, _ := json.Marshal(ethereum.NewSignedPayout(p, e.sign(t, d, 2)))
	payout := filepath.Join(e.dir, "payout.json")
	if err := os.WriteFile(payout, b, 0o600); err != nil {
		t.Fatal(err)
	}
	nonceBefore := e.g.nonce(t, e.account)

	// First run: read its log until it sends, wait until the node has the
	// transaction, kill it.
	cmd := exec.Command(coco, "ethereum", "execute", "--config", e.config, "--payout", payout, "--log-level", "info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	hash := sentHash(t, stderr)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, _, err := e.g.client.TransactionByHash(ctx, hash); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("transaction %s never reached the node", hash.Hex())
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if r, err := e.g.client.TransactionReceipt(ctx, hash); err == nil && e.g.head(t) >= r.BlockNumber.Uint64()+ethDepth {
		t.Logf("note: the release was final before the kill landed")
	}

	// Second run: finishes with the same transaction.
	out := mustCmd(t, "ethereum", "execute", "--config", e.config, "--payout", payout)
	var res struct {
		TxHash string `json:"tx_hash"`
	}
	if err := json.Unmarshal([]byte(lastLine(out)), &res); err != nil {
		t.Fatalf("execute printed %q: %v", out, err)
	}
	if res.TxHash != hash.Hex() {
		t.Fatalf("after the restart: %s, want the release sent before the kill, %s", res.TxHash, hash.Hex())
	}
	if n := e.g.nonce(t, e.account); n != nonceBefore+1 {
		t.Fatalf("account nonce %d, want %d: one transaction", n, nonceBefore+1)
	}
	cfg, _ := ethereum.LoadConfig(e.config)
	conn, err = ethereum.New(*cfg, ethereum.Deps{Platform: e.platform})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	after, err := conn.Balance(ctx, e.origin.Hex(), to.Hex())
	if err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(after, before); got.Int64() != 700 {
		t.Fatalf("recipient received %s, want 700 once", got)
	}
}

var sendingLine = regexp.MustCompile(`msg="ethereum: sending".* tx=(0x[0-9a-f]{64})`)

// sentHash reads the connector's log until it sends a transaction.
func sentHash(t *testing.T, r io.Reader) common.Hash {
	t.Helper()
	found := make(chan common.Hash, 1)
	go func() {
		s := bufio.NewScanner(r)
		for s.Scan() {
			if m := sendingLine.FindStringSubmatch(s.Text()); m != nil {
				found <- common.HexToHash(m[1])
				io.Copy(io.Discard, r)
				return
			}
		}
		close(found)
	}()
	select {
	case h, ok := <-found:
		if !ok {
			t.Fatal("coco ethereum execute ended without sending")
		}
		return h
	case <-time.After(60 * time.Second):
		t.Fatal("coco ethereum execute sent nothing within 60s")
	}
	return common.Hash{}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
