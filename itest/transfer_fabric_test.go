package itest

import (
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	fclient "github.com/hyperledger/fabric-gateway/pkg/client"

	"github.com/cocorelay/coco/connectors/ethereum/bindings"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/relay/client"
)

// TestTransfersEthereumFabric runs transfers in every direction between a
// real geth --dev chain, a real two-organisation Fabric network and the
// native ledger, through three `coco node` processes (each with its own
// Ethereum key and its own Fabric relay key: both bridges require 2 of the
// 3): Ethereum → Fabric, Fabric → Ethereum, native → Fabric and back.
// Every transfer completes once and the supply of every asset is
// conserved.
func TestTransfersEthereumFabric(t *testing.T) {
	if testing.Short() {
		t.Skip("starts geth, a Fabric network and three coco nodes (-short)")
	}
	count := 100
	if s := os.Getenv("COCO_ITEST_TRANSFERS"); s != "" {
		fmt.Sscan(s, &count)
	}
	g := startGeth(t, gethBinary(t))
	fn := startFabric(t)
	fh := newFabricHarness(t, fn)
	dir := t.TempDir()
	e := deployForTransfers(t, g, dir, "Wrapped USD:wUSD:2", "Wrapped COCO:wCOCO:0")
	wCOCO := e.wrappedAll[1]
	const fab = "fabric-itest"
	x := newXferNetwork(t, dir, func(i int) string {
		return fmt.Sprintf("  - {name: gethdev, kind: ethereum, config: %s, poll_interval: 200ms}\n", e.nodeConfigs[i]) +
			fmt.Sprintf("  - {name: %s, kind: fabric, config: %s, relay_key: %s/relay/signer%d.sealed, poll_interval: 200ms}\n", fab, fh.config, fn.dir, i)
	})
	ctx := t.Context()
	x.decide(t,
		act(governance.ActionSetConnector, map[string]any{"name": "coco", "kind": "native", "config": map[string]any{}}),
		act(governance.ActionSetConnector, map[string]any{"name": "gethdev", "kind": "ethereum", "config": map[string]any{
			"chain_id": 1337, "confirmations": ethDepth, "contracts": map[string]string{"vault": e.vault.Hex()}}}),
		act(governance.ActionSetConnector, map[string]any{"name": fab, "kind": "fabric", "config": map[string]any{
			"channel": fabricChannel, "chaincode": fabricChaincode}}),
	)
	x.decide(t,
		act(governance.ActionSetAsset, governance.BridgedAsset{Name: "USD", Decimals: 2,
			Origin:  governance.AssetLocation{Ledger: "coco", Asset: "USD"},
			Wrapped: []governance.AssetLocation{{Ledger: "gethdev", Asset: e.wrapped.Hex()}, {Ledger: fab, Asset: "wUSD"}}}),
		act(governance.ActionSetAsset, governance.BridgedAsset{Name: "THG", Decimals: 18,
			Origin:  governance.AssetLocation{Ledger: "gethdev", Asset: e.origin.Hex()},
			Wrapped: []governance.AssetLocation{{Ledger: "coco", Asset: "wTHG"}, {Ledger: fab, Asset: "wTHG"}}}),
		act(governance.ActionSetAsset, governance.BridgedAsset{Name: "COCO", Decimals: 0,
			Origin:  governance.AssetLocation{Ledger: fab, Asset: fabricOrigin},
			Wrapped: []governance.AssetLocation{{Ledger: "gethdev", Asset: wCOCO.Hex()}, {Ledger: "coco", Asset: "wCOCO"}}}),
	)
	for _, step := range []func() error{
		func() error { _, err := x.c.CreateAsset(ctx, "USD", 2, ""); return err },
		func() error { _, err := x.c.CreateAccount(ctx, "alice", ""); return err },
		func() error { _, err := x.c.CreateAccount(ctx, "bob", ""); return err },
		func() error { _, err := x.c.Mint(ctx, "USD", "alice", "100000000", ""); return err },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	eh := &gethHarness{e: e.ethNet}
	ethHolder := eh.NewHolder(t)
	fabHolder := fh.NewHolder(t)
	reader := e.reader(t)
	fabReader := fh.connector(t)

	// Ethereum → Fabric: lock the test token, mint wTHG on Fabric.
	// Fabric → Ethereum: lock COCO, mint wCOCO on Ethereum.
	// native → Fabric: lock USD, mint wUSD on Fabric.
	var calls []call
	for range count {
		calls = append(calls, call{e.vault, bindingsLock(e, 1000, fab, fabHolder)})
	}
	sendAll(t, eh, ethHolder, calls)
	var apiIDs []string
	for range count {
		fabricSubmit(t, fh, fabHolder, "Lock", "10", "gethdev", ethHolder)
		tr, _, err := x.c.CreateTransfer(ctx, client.TransferRequest{
			Source:      client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
			Destination: client.Endpoint{Ledger: fab, Account: fabHolder}, Amount: "100",
		}, "")
		if err != nil {
			t.Fatal(err)
		}
		apiIDs = append(apiIDs, tr.ID)
	}
	fh.Advance(t, fabricDepth+1)
	x.waitTransfers(t, apiIDs, 10*time.Minute)
	waitUntil(t, 5*time.Minute, "every deposit completed", func() (bool, string) {
		list, _, err := x.gov.ListTransfers(ctx, client.TransferFilter{State: "completed", Limit: 1000}) // members read every transfer
		if err != nil {
			return false, err.Error()
		}
		return len(list) == 3*count, fmt.Sprintf("%d of %d completed", len(list), 3*count)
	})
	wantBalance(t, fabReader, "wTHG", fabHolder, int64(count)*1000)
	wantBalance(t, fabReader, "wUSD", fabHolder, int64(count)*100)
	wantBalance(t, reader, wCOCO.Hex(), ethHolder, int64(count)*10)
	wantBalance(t, fabReader, fabricOrigin, "coco.bridge.escrow", int64(count)*10)

	// Fabric → native: burn wUSD on Fabric, release USD to bob.
	for range count {
		fabricSubmit(t, fh, fabHolder, "BurnForTransfer", "wUSD", "100", "coco", "bob")
	}
	fh.Advance(t, fabricDepth+1)
	waitUntil(t, 5*time.Minute, "bob's USD", func() (bool, string) {
		a, err := x.c.Account(ctx, "bob")
		if err != nil {
			return false, err.Error()
		}
		return a.Balances["USD"] == fmt.Sprint(count*100), fmt.Sprintf("bob: %v", a.Balances)
	})
	wantBalance(t, fabReader, "wUSD", fabHolder, 0)
	alice, err := x.c.Account(ctx, "alice")
	if err != nil || alice.Balances["USD"] != fmt.Sprint(100000000-count*100) {
		t.Fatalf("alice: %+v %v", alice, err)
	}
	x.wantSupplyConserved(t, "USD", "THG", "COCO")

	// A receipt of a completed transfer verified against the root
	// anchored on Fabric, read from Fabric.
	x.decide(t, act(governance.ActionSetAnchorPolicy, governance.AnchorPolicy{Interval: "1s"}))
	conn := []string{"--url", "https://" + x.nodes[0].api, "--service-cert", filepath.Join(dir, "node1", "service_cert.pem"),
		"--key", filepath.Join(dir, "credentials", "user0_key.pem")}
	done, err := x.c.GetTransfer(ctx, apiIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(dir, "receipt.json")
	mustCmd(t, append([]string{"receipt", "get", done.TxID(), "-o", rc}, conn...)...)
	verify := append([]string{"receipt", "verify", rc, "--anchored", "--chain-kind", "fabric", "--chain-config", fh.config}, conn...)
	waitUntil(t, 2*time.Minute, "coco receipt verify --anchored (Fabric)", func() (bool, string) {
		out, err := cmd(t, verify...)
		return err == nil && strings.Contains(out, "anchored on "+fab), out
	})

	// Fabric is the slow end (concurrent mints conflict on the wrapped
	// supply and are retried): a smaller run says as much.
	n := min(count, 30)
	bench := mustCmd(t, append([]string{"bench", "transfers", "--from", "coco:alice", "--asset", "USD", "--to", fab + ":" + fabHolder,
		"--count", fmt.Sprint(n), "--clients", "16"}, conn...)...)
	if !strings.Contains(bench, fmt.Sprintf("%d of %d completed", n, n)) {
		t.Fatalf("coco bench transfers: %s", bench)
	}
	t.Logf("native → Fabric (etcdraft, 2 organisations): %s", lastLine(bench))

	// A transfer over the route's cap waits for the members; they decide to
	// refund it: the id is cancelled on Fabric first, then alice is
	// refunded, once.
	route := governance.Route{SourceLedger: "coco", DestinationLedger: fab, Asset: "USD"}
	x.decide(t, act(governance.ActionSetRouteLimits, map[string]any{"route": route, "max_per_transfer": "50", "rate_per_second": "1000", "burst": "100000"}))
	before, _ := x.c.Account(ctx, "alice")
	held, _, err := x.c.CreateTransfer(ctx, client.TransferRequest{
		Source:      client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
		Destination: client.Endpoint{Ledger: fab, Account: fabHolder}, Amount: "60",
	}, "")
	if err != nil || held.Hold != "over_cap" {
		t.Fatalf("over the cap: %+v %v", held, err)
	}
	x.decide(t, act(governance.ActionDecideTransfer, governance.TransferDecision{TransferID: held.ID, Decision: governance.DecisionRefund, Reason: "itest"}))
	refunded := x.waitTransfers(t, []string{held.ID}, 2*time.Minute)[0]
	if refunded.State != "refunded" || refunded.CancelLeg == nil || refunded.CancelLeg.TxHash == "" {
		t.Fatalf("refund over the cap: %+v", refunded)
	}
	if after, _ := x.c.Account(ctx, "alice"); after.Balances["USD"] != before.Balances["USD"] {
		t.Fatalf("alice had %s USD, has %s after the refund", before.Balances["USD"], after.Balances["USD"])
	}
	x.decide(t, act(governance.ActionSetRouteLimits, map[string]any{"route": route, "max_per_transfer": "1000000", "rate_per_second": "1000000", "burst": "1000000"}))

	// Nothing else is unfinished or failed.
	for _, state := range []string{"refunding", "failed", "source_confirmed", "destination_submitted", "requested"} {
		if list, _, err := x.gov.ListTransfers(ctx, client.TransferFilter{State: state}); err != nil || len(list) > 0 {
			t.Fatalf("%d transfers %s (%v)", len(list), state, err)
		}
	}

	// From chain accounts, through allowances for the API user
	// (transfer_pull_test.go).
	testPulls(t, &pullChains{x: x, e: e, eh: eh, fh: fh, ethHolder: ethHolder, fabHolder: fabHolder, fab: fab, reader: reader, fabReader: fabReader}, 5)
}

func bindingsLock(e *transferChain, amount int64, destLedger, destAccount string) []byte {
	return bindings.NewBridgeVault().PackLock(e.origin, big.NewInt(amount), destLedger, destAccount)
}

// waitUntil polls cond until it holds or d passes.
func waitUntil(t *testing.T, d time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %v (%s)", what, d, state)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// fabricSubmit submits as a holder, trying again while the gateway cannot
// endorse (its discovery briefly misses a peer on a loaded machine):
// nothing was submitted then, so a second try cannot apply twice.
func fabricSubmit(t *testing.T, h *fabricHarness, holder, fn string, args ...string) {
	t.Helper()
	c := h.holder(t, holder)
	deadline := time.Now().Add(time.Minute)
	for {
		_, err := c.contract.Submit(fn, fclient.WithArguments(args...))
		var ee *fclient.EndorseError
		switch {
		case err == nil:
			return
		case errors.As(err, &ee) && time.Now().Before(deadline):
			time.Sleep(500 * time.Millisecond)
		default:
			t.Fatalf("%s%q: %v", fn, args, err)
		}
	}
}
