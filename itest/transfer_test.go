package itest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/relay/client"
)

// TestTransfersEthereum runs cross-chain transfers between a real geth
// --dev chain and the native ledger through three `coco node` processes,
// each with its own Ethereum key (the bridge's 2-of-3 signer set) and its
// own connector journal: native → Ethereum (lock USD, mint wUSD),
// Ethereum → native (lock a token, mint it wrapped; burn wUSD, release
// USD), the leader killed with SIGKILL while transfers are in flight, and
// a refund that cancels the id on Ethereum first.
func TestTransfersEthereum(t *testing.T) {
	if testing.Short() {
		t.Skip("starts geth and three coco nodes (-short)")
	}
	count := 100
	if os.Getenv("COCO_ITEST_TRANSFERS") != "" {
		fmt.Sscan(os.Getenv("COCO_ITEST_TRANSFERS"), &count)
	}
	g := startGeth(t, gethBinary(t))
	dir := t.TempDir()
	e := deployForTransfers(t, g, dir, "Wrapped USD:wUSD:2")
	// node3 reads Ethereum only through an endpoint that makes up a
	// Locked event beside every real one.
	liar := startLyingRPC(t, g.http, bindings.NewBridgeVault().GetABI().Events["Locked"].ID.Hex())
	e.setRPC(t, 2, liar.url)
	x := newXferNetwork(t, dir, func(i int) string {
		return fmt.Sprintf("  - {name: gethdev, kind: ethereum, config: %s, poll_interval: 200ms}\n", e.nodeConfigs[i])
	})
	ctx := t.Context()
	x.decide(t,
		act(governance.ActionSetConnector, map[string]any{"name": "coco", "kind": "native", "config": map[string]any{}}),
		act(governance.ActionSetConnector, map[string]any{"name": "gethdev", "kind": "ethereum", "config": map[string]any{
			"chain_id": 1337, "confirmations": ethDepth, "contracts": map[string]string{"vault": e.vault.Hex()}}}),
	)
	x.decide(t,
		act(governance.ActionSetAsset, governance.BridgedAsset{Name: "USD", Decimals: 2,
			Origin: governance.AssetLocation{Ledger: "coco", Asset: "USD"}, Wrapped: []governance.AssetLocation{{Ledger: "gethdev", Asset: e.wrapped.Hex()}}}),
		act(governance.ActionSetAsset, governance.BridgedAsset{Name: "THG", Decimals: 18,
			Origin: governance.AssetLocation{Ledger: "gethdev", Asset: e.origin.Hex()}, Wrapped: []governance.AssetLocation{{Ledger: "coco", Asset: "wTHG"}}}),
	)
	for _, step := range []func() error{
		func() error { _, err := x.c.CreateAsset(ctx, "USD", 2, ""); return err },
		func() error { _, err := x.c.CreateAccount(ctx, "alice", ""); return err },
		func() error { _, err := x.c.CreateAccount(ctx, "bob", ""); return err },
		func() error { _, err := x.c.Mint(ctx, "USD", "alice", "100000000000", ""); return err },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	h := &gethHarness{e: e.ethNet}
	holder := h.NewHolder(t) // holds test tokens; receives wUSD
	send := func(to string, amount string) string {
		tr, _, err := x.c.CreateTransfer(ctx, client.TransferRequest{
			Source:      client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
			Destination: client.Endpoint{Ledger: "gethdev", Account: to},
			Amount:      amount,
		}, "")
		if err != nil {
			t.Fatal(err)
		}
		return tr.ID
	}
	reader := e.reader(t)

	// native → Ethereum, count transfers.
	var ids []string
	for range count {
		ids = append(ids, send(holder, "100"))
	}
	for _, tr := range x.waitTransfers(t, ids, 10*time.Minute) {
		if tr.State != "completed" || tr.DestinationLeg == nil || tr.DestinationLeg.TxHash == "" {
			t.Fatalf("native → Ethereum: %+v", tr)
		}
	}
	wantBalance(t, reader, e.wrapped.Hex(), holder, int64(count)*100)

	// Ethereum → native: locks of the test token, and burns of wUSD.
	var deposits []string
	var mu sync.Mutex
	before := g.head(t)
	var calls []call
	for i := range count {
		calls = append(calls, call{e.vault, bindings.NewBridgeVault().PackLock(e.origin, big.NewInt(1000), "coco", "bob")})
		if i < count/2 {
			calls = append(calls, call{e.wrapped, bindings.NewWrappedToken().PackBurnForTransfer(e.vault, big.NewInt(100), "coco", "bob")})
		}
	}
	sendAll(t, h, holder, calls)
	g.advance(t, ethDepth+1)
	// The deposits' ids are the bridge's: read them as a node would.
	ds := drainDeposits(t, reader, before)
	for _, d := range ds {
		mu.Lock()
		deposits = append(deposits, d.ID.String())
		mu.Unlock()
	}
	if len(deposits) != count+count/2 {
		t.Fatalf("%d deposits on the chain, want %d", len(deposits), count+count/2)
	}
	for _, tr := range x.waitTransfers(t, deposits, 10*time.Minute) {
		if tr.State != "completed" || tr.Origin != "chain" {
			t.Fatalf("Ethereum → native: %+v", tr)
		}
	}
	// What the lying endpoint made up never became a transfer.
	if len(liar.ids()) == 0 {
		t.Fatal("the lying endpoint invented nothing: the check below would prove nothing")
	}
	for _, id := range liar.ids() {
		if _, err := x.gov.GetTransfer(ctx, id); err == nil || !strings.Contains(err.Error(), "not_found") {
			t.Fatalf("invented deposit %s: %v", id, err)
		}
	}
	bob, err := x.c.Account(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if bob.Balances["wTHG"] != fmt.Sprint(count*1000) || bob.Balances["USD"] != fmt.Sprint(count/2*100) {
		t.Fatalf("bob: %+v", bob.Balances)
	}
	wantBalance(t, reader, e.wrapped.Hex(), holder, int64(count)*100-int64(count/2)*100)

	// The command line: a transfer that waits until it is final, and its
	// receipt verified against the root anchored on Ethereum.
	x.decide(t, act(governance.ActionSetAnchorPolicy, governance.AnchorPolicy{Interval: "1s"}))
	conn := []string{"--url", "https://" + x.nodes[0].api, "--service-cert", filepath.Join(dir, "node1", "service_cert.pem"),
		"--key", filepath.Join(dir, "credentials", "user0_key.pem")}
	out := mustCmd(t, append([]string{"transfer", "create", "--from", "coco:alice", "--asset", "USD", "--to", "gethdev:" + holder, "5", "--wait", "2m"}, conn...)...)
	var cli client.Transfer
	if err := json.Unmarshal([]byte(out), &cli); err != nil || cli.State != "completed" {
		t.Fatalf("coco transfer create: %v\n%s", err, out)
	}
	if out := mustCmd(t, append([]string{"transfer", "get", cli.ID}, conn...)...); !strings.Contains(out, cli.DestinationLeg.TxHash) {
		t.Fatalf("coco transfer get: %s", out)
	}
	rc := filepath.Join(dir, "receipt.json")
	mustCmd(t, append([]string{"receipt", "get", cli.TxID(), "-o", rc}, conn...)...)
	cliCfg := e.cfg
	cliCfg.JournalDir = filepath.Join(e.dir, "journal-cli")
	chainCfg := e.writeConfig(t, cliCfg, "cli.yaml")
	verify := append([]string{"receipt", "verify", rc, "--anchored", "--chain-kind", "ethereum", "--chain-config", chainCfg}, conn...)
	waitUntil(t, 2*time.Minute, "coco receipt verify --anchored", func() (bool, string) {
		out, err := cmd(t, verify...)
		return err == nil && strings.Contains(out, "anchored on gethdev"), out
	})
	wantBalance(t, reader, e.wrapped.Hex(), holder, int64(count)*100-int64(count/2)*100+5)

	// The leader is killed (SIGKILL) while transfers are in flight both
	// ways: API transfers to Ethereum and deposits on Ethereum.
	ids = ids[:0]
	seen := len(drainDeposits(t, reader, 0))
	calls = calls[:0]
	for range 10 {
		calls = append(calls, call{e.vault, bindings.NewBridgeVault().PackLock(e.origin, big.NewInt(1000), "coco", "bob")})
	}
	sendAll(t, h, holder, calls)
	for range 20 {
		ids = append(ids, send(holder, "1"))
	}
	l := x.leader(t)
	l.kill()
	startNode(t, l)
	g.advance(t, ethDepth+1)
	all := drainDeposits(t, reader, 0)
	if len(all) != seen+10 {
		t.Fatalf("%d new deposits, want 10", len(all)-seen)
	}
	for _, d := range all[seen:] {
		ids = append(ids, d.ID.String())
	}
	for _, tr := range x.waitTransfers(t, ids, 10*time.Minute) {
		if tr.State != "completed" {
			t.Fatalf("after the leader was killed: %+v", tr)
		}
	}
	wantBalance(t, reader, e.wrapped.Hex(), holder, int64(count)*100-int64(count/2)*100+25)
	if bob, err := x.c.Account(ctx, "bob"); err != nil || bob.Balances["wTHG"] != fmt.Sprint((count+10)*1000) {
		t.Fatalf("bob after the kill: %+v %v", bob, err)
	}

	x.wantSupplyConserved(t, "USD", "THG")

	// coco bench transfers against the real chain.
	bench := mustCmd(t, append([]string{"bench", "transfers", "--from", "coco:alice", "--asset", "USD", "--to", "gethdev:" + holder,
		"--count", fmt.Sprint(count), "--clients", "16"}, conn...)...)
	if !strings.Contains(bench, fmt.Sprintf("%d of %d completed", count, count)) {
		t.Fatalf("coco bench transfers: %s", bench)
	}
	t.Logf("native → Ethereum (geth --dev, 1 s blocks, depth %d): %s", ethDepth, lastLine(bench))

	// A payout the chain refuses (over the wrapped token's daily mint
	// limit) is retried, never refunded for that; after the timeout the id
	// is cancelled on Ethereum and alice is refunded, once.
	x.decide(t, act(governance.ActionSetTransferPolicy, governance.TransferPolicy{Timeout: "10s"}))
	alice, _ := x.c.Account(ctx, "alice")
	id := send(holder, e.overLimit)
	tr := x.waitTransfers(t, []string{id}, 5*time.Minute)[0]
	if tr.State != "refunded" || tr.CancelLeg == nil || tr.CancelLeg.TxHash == "" {
		t.Fatalf("refund: %+v", tr)
	}
	after, _ := x.c.Account(ctx, "alice")
	if after.Balances["USD"] != alice.Balances["USD"] {
		t.Fatalf("alice had %s USD, has %s after the refund", alice.Balances["USD"], after.Balances["USD"])
	}
	cid, _ := connectors.ParseID(id)
	if done, err := reader.Executed(ctx, cid); err != nil || done {
		t.Fatalf("the refunded id executed on Ethereum: %v %v", done, err)
	}
}

// transferChain is the bridge deployed for the relay nodes: their keys are
// its 2-of-3 signer set; each node has its own config and journal.
type transferChain struct {
	*ethNet
	nodeConfigs []string
	nodeKeys    []string
	overLimit   string // a USD amount over wUSD's daily mint limit
	wrappedAll  []common.Address
}

// deployForTransfers deploys the bridge with wrapped tokens
// NAME:SYMBOL:DECIMALS (the first is e.wrapped, with a daily mint limit of
// 10,000,000.00 at 2 decimals); all are in wrappedAll.
func deployForTransfers(t *testing.T, g *devChain, dir string, wrapped ...string) *transferChain {
	t.Helper()
	e := &ethNet{g: g, dir: filepath.Join(dir, "eth")}
	var err error
	if e.platform, err = enclave.Open(enclave.Virtual, enclave.Options{}); err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(e.dir, "keys")
	var addrs, nodeKeys []string
	for i := range 3 {
		path := filepath.Join(keys, fmt.Sprintf("node%d.sealed", i))
		addr := lastLine(mustCmd(t, "ethereum", "key", "new", "--out", path))
		k, err := ethereum.LoadKey(e.platform, path)
		if err != nil {
			t.Fatal(err)
		}
		e.signers = append(e.signers, k)
		addrs, nodeKeys = append(addrs, addr), append(nodeKeys, path)
		g.fund(t, common.HexToAddress(addr), 100)
	}
	deployKey := filepath.Join(keys, "deploy.sealed")
	e.account = common.HexToAddress(lastLine(mustCmd(t, "ethereum", "key", "new", "--out", deployKey)))
	g.fund(t, e.account, 100)
	e.cfg = ethereum.Config{
		Name: "gethdev", ChainID: 1337, Dev: true, RPC: []string{g.http, g.ws}, Confirmations: ethDepth, PollInterval: 100 * time.Millisecond,
		SigningKey: deployKey, JournalDir: filepath.Join(e.dir, "journal-deploy"), Gas: ethereum.GasPolicy{StuckAfter: 20 * time.Second},
	}
	e.config = e.writeConfig(t, e.cfg, "deploy.yaml")
	// wUSD has 2 decimals; the vault may mint 10,000,000.00 wUSD a day.
	const mintLimit = 1_000_000_000
	args := []string{"ethereum", "deploy", "--config", e.config, "--signers", strings.Join(addrs, ","),
		"--threshold", "2", "--mint-limit", fmt.Sprint(mintLimit), "--burn-limit", fmt.Sprint(mintLimit), "--test-token"}
	for _, w := range wrapped {
		args = append(args, "--wrapped", w)
	}
	out := mustCmd(t, args...)
	var dep struct {
		Contracts  ethereum.Contracts `yaml:"contracts"`
		StartBlock uint64             `yaml:"start_block"`
	}
	if err := yaml.Unmarshal([]byte(yamlPart(out)), &dep); err != nil {
		t.Fatalf("deploy printed %q: %v", out, err)
	}
	m := regexp.MustCompile(`test token \(anyone can mint; tests only\): (0x[0-9a-fA-F]{40})`).FindStringSubmatch(out)
	if m == nil || len(dep.Contracts.Wrapped) != len(wrapped) {
		t.Fatalf("deploy printed %q", out)
	}
	e.origin, e.wrapped = common.HexToAddress(m[1]), common.HexToAddress(dep.Contracts.Wrapped[0])
	e.vault = common.HexToAddress(dep.Contracts.Vault)
	e.cfg.Contracts, e.cfg.StartBlock = dep.Contracts, dep.StartBlock
	e.config = e.writeConfig(t, e.cfg, "reader.yaml")
	tc := &transferChain{ethNet: e, overLimit: fmt.Sprint(mintLimit + 1)}
	for _, w := range dep.Contracts.Wrapped {
		tc.wrappedAll = append(tc.wrappedAll, common.HexToAddress(w))
	}
	tc.nodeKeys = nodeKeys
	for i := range nodeKeys {
		tc.nodeConfigs = append(tc.nodeConfigs, "")
		tc.setRPC(t, i)
	}
	return tc
}

// setRPC writes node i's connector file, with rpc as its endpoints (the
// dev chain's when none).
func (e *transferChain) setRPC(t *testing.T, i int, rpc ...string) {
	t.Helper()
	cfg := e.cfg
	cfg.SigningKey, cfg.JournalDir = e.nodeKeys[i], filepath.Join(e.dir, fmt.Sprintf("journal-node%d", i))
	if len(rpc) > 0 {
		cfg.RPC = rpc
	}
	e.nodeConfigs[i] = e.writeConfig(t, cfg, fmt.Sprintf("node%d-gethdev.yaml", i))
}

type call struct {
	to   common.Address
	data []byte
}

// sendAll sends calls from a holder without waiting for each, then waits
// for the last.
func sendAll(t *testing.T, h *gethHarness, who string, calls []call) {
	t.Helper()
	v, ok := h.holders.Load(common.HexToAddress(who))
	if !ok {
		t.Fatalf("unknown holder %s", who)
	}
	ho := v.(*holder)
	ho.mu.Lock()
	defer ho.mu.Unlock()
	var last common.Hash
	for _, c := range calls {
		last = h.e.g.send(t, ho.key, ho.nonce, c.to, c.data)
		ho.nonce++
	}
	h.e.g.wait(t, last)
}

// reader is a connector of the test's own (its own journal) to read the chain.
func (e *transferChain) reader(t *testing.T) *ethereum.Connector {
	t.Helper()
	c, err := ethereum.New(e.cfg, ethereum.Deps{Platform: e.platform})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// wantBalance checks account's balance of asset on the chain c reads.
func wantBalance(t *testing.T, c connectors.Connector, asset, account string, want int64) {
	t.Helper()
	if got := chainBalance(t, c, asset, account); got.Cmp(big.NewInt(want)) != 0 {
		t.Fatalf("%s holds %v of %s on %s, want %d", account, got, asset, c.Name(), want)
	}
}

// chainBalance reads account's balance of asset on the chain c reads.
func chainBalance(t *testing.T, c connectors.Connector, asset, account string) *big.Int {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	v, err := c.Balance(ctx, asset, account)
	if err != nil {
		t.Fatalf("balance of %s on %s: %v", account, c.Name(), err)
	}
	return v
}

// drainDeposits reads every final deposit of the bridge.
func drainDeposits(t *testing.T, c *ethereum.Connector, _ uint64) []connectors.Deposit {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var out []connectors.Deposit
	var cp connectors.Checkpoint
	for {
		ds, next, err := c.Deposits(ctx, cp, 500)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ds...)
		if len(ds) < 500 {
			return out
		}
		cp = next
	}
}
