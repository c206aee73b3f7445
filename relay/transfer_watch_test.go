package relay

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/relay/client"
)

// TestSupplyMonitorPausesRoutes: wrapped supply nobody locked for (a rogue
// mint on the chain) pauses the asset's routes and raises an alert.
func TestSupplyMonitorPausesRoutes(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	ctx := t.Context()
	tr := x.send(t, "fab-bob", "10", "")
	x.wait(t, tr.ID, 30*time.Second)
	x.fab.rogueMint("wUSD", "mallory", 1000)
	var got struct {
		Alerts []Alert         `json:"alerts"`
		Supply []*SupplyReport `json:"supply"`
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(got.Alerts) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Second)
		if err := x.c.Get(ctx, "/v1/alerts", &got); err != nil {
			t.Fatal(err)
		}
	}
	if len(got.Alerts) == 0 || got.Alerts[0].Kind != "supply_mismatch" || got.Alerts[0].Asset != "USD" {
		t.Fatalf("alerts: %+v", got.Alerts)
	}
	_, _, err := x.c.CreateTransfer(ctx, client.TransferRequest{
		Source: client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"}, Destination: client.Endpoint{Ledger: "fab", Account: "fab-bob"}, Amount: "1",
	}, "")
	wantCode(t, err, http.StatusConflict, CodeRoutePaused)
}

// TestAnchorsCoverReceipts: with an anchoring interval of a second the
// leader anchors the signed root on the chain, and a completed transfer's
// receipt is proven to be under an anchored root.
func TestAnchorsCoverReceipts(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	ctx := t.Context()
	tr := x.send(t, "fab-bob", "10", "")
	done := x.wait(t, tr.ID, 30*time.Second)
	x.decide(t, action("set_anchor_policy", map[string]any{"interval": "1s"}))
	txid, _ := receipt.ParseTxID(done.TxID())
	var a *AnchorRecord
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var list []AnchorRecord
		if err := x.c.Get(ctx, "/v1/anchors?ledger=fab", &list); err != nil {
			t.Fatal(err)
		}
		if len(list) > 0 && list[0].Seqno-1 >= txid.Seqno {
			a = &list[0]
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if a == nil {
		t.Fatal("no anchor covers the transfer")
	}
	on := x.fab.latestAnchor()
	if on == nil || hex.EncodeToString(on.Root[:]) != a.Root {
		t.Fatalf("the chain's anchor %+v differs from the record %+v", on, a)
	}
	rc, err := x.c.Receipt(ctx, done.TxID())
	if err != nil {
		t.Fatal(err)
	}
	v, err := receipt.Verify(rc, x.s.Nodes[0].ServiceCert())
	if err != nil {
		t.Fatal(err)
	}
	var in Inclusion
	if err := x.c.Get(ctx, "/v1/tx/"+done.TxID()+"/inclusion?tree_size="+strconv.FormatUint(on.Seqno-1, 10), &in); err != nil {
		t.Fatal(err)
	}
	if err := VerifyInclusion(&in, v, merkle.Hash(on.Root)); err != nil {
		t.Fatalf("inclusion under the anchored root: %v", err)
	}
	if _, err := AnchoredBy(ctx, v, &fakeConn{c: x.fab}, x.c.Get); err != nil {
		t.Fatalf("AnchoredBy (coco receipt verify --anchored): %v", err)
	}
	bad := on.Root
	bad[0] ^= 1
	if err := VerifyInclusion(&in, v, merkle.Hash(bad)); err == nil {
		t.Fatal("inclusion verified under a wrong root")
	}
	other := in
	other.WriteSetDigest = strings.Repeat("00", 32)
	if err := VerifyInclusion(&other, v, merkle.Hash(on.Root)); err == nil || !strings.Contains(err.Error(), "write-set digest") {
		t.Fatalf("a proof about another write set: %v", err)
	}
}

// TestBenchTransfers: the benchmark `coco bench transfers` runs completes
// every transfer and reports the relay's added latency.
func TestBenchTransfers(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	// Warm up: the nodes register their chain keys and signer sets first.
	if tr := x.wait(t, x.send(t, "fab-bench", "1", "").ID, 30*time.Second); tr.State != StateCompleted {
		t.Fatalf("warm-up transfer: %+v", tr)
	}
	res, err := BenchTransfers(t.Context(), x.c, TransferBenchOptions{
		Source:      client.Endpoint{Ledger: "coco", Asset: "USD", Account: "alice"},
		Destination: client.Endpoint{Ledger: "fab", Account: "fab-bench"},
		Count:       60, Clients: 8, Timeout: time.Minute,
	}, func(s string) { t.Log(s) })
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res.Line())
	if res.Completed != 60 || res.RelayP50 <= 0 || res.RelayP99 < res.RelayP50 || res.Elapsed <= 0 || res.RelayRate <= 0 || res.ChainRate <= 0 {
		t.Fatalf("%+v", res)
	}
	if got := x.fab.balance("wUSD", "fab-bench"); got.Int64() != 61 {
		t.Fatalf("fab-bench holds %v, want 61 (the warm-up and 60)", got)
	}
}
