package itest

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
	"github.com/cocorelay/coco/connectors/fabric"
	"github.com/cocorelay/coco/relay/client"
)

// pullChains is the network and its two chains, as pulls need them.
type pullChains struct {
	x                    *xferNetwork
	e                    *transferChain
	eh                   *gethHarness
	fh                   *fabricHarness
	ethHolder, fabHolder string
	fab                  string
	reader               *ethereum.Connector
	fabReader            *fabric.Connector
}

// testPulls: the API user starts transfers from an Ethereum and a Fabric
// account, through the allowances their holders gave each bridge for that
// user: a lock and a burn on each chain, n of each. Every one is taken
// once, counted once k nodes observed it, and completes; the allowances
// are used up exactly. A pull above what is left takes nothing: its id is
// cancelled on the chain and the transfer fails with the chain's reason.
func testPulls(t *testing.T, p *pullChains, n int) {
	ctx := t.Context()
	user := p.x.c.KeyID()
	var u [32]byte
	copy(u[:], common.FromHex(user))
	vault := bindings.NewBridgeVault()
	wCOCO := p.e.wrappedAll[1]
	// Ethereum: THG is locked (the holder approved the vault at its
	// creation), wCOCO burnt (the token's allowance to the vault is given
	// here); both need the vault's allowance for the user.
	p.eh.do(t, p.ethHolder, p.e.vault, vault.PackApproveUser(u, p.e.origin, big.NewInt(int64(n)*700)))
	p.eh.do(t, p.ethHolder, wCOCO, bindings.NewTestToken().PackApprove(p.e.vault, big.NewInt(int64(n)*3)))
	p.eh.do(t, p.ethHolder, p.e.vault, vault.PackApproveUser(u, wCOCO, big.NewInt(int64(n)*3)))
	// Fabric: COCO is locked, wTHG burnt.
	fabricSubmit(t, p.fh, p.fabHolder, "ApproveBridge", user, fabricOrigin, fmt.Sprint(n*4))
	fabricSubmit(t, p.fh, p.fabHolder, "ApproveBridge", user, "wTHG", fmt.Sprint(n*500))

	thg := chainBalance(t, p.reader, p.e.origin.Hex(), p.ethHolder)
	coco := chainBalance(t, p.fabReader, fabricOrigin, p.fabHolder)
	from := func(ledger, asset, account, toLedger, to, amount string) string {
		t.Helper()
		tr, _, err := p.x.c.CreateTransfer(ctx, client.TransferRequest{
			Source:      client.Endpoint{Ledger: ledger, Asset: asset, Account: account},
			Destination: client.Endpoint{Ledger: toLedger, Account: to}, Amount: amount,
		}, "")
		if err != nil {
			t.Fatalf("%s %s from %s:%s: %v", amount, asset, ledger, account, err)
		}
		if tr.State != "requested" || tr.Origin != "api" {
			t.Fatalf("a pull starts requested: %+v", tr)
		}
		return tr.ID
	}
	var ids []string
	for range n {
		ids = append(ids,
			from("gethdev", p.e.origin.Hex(), p.ethHolder, p.fab, p.fabHolder, "700"),
			from("gethdev", strings.ToLower(wCOCO.Hex()), p.ethHolder, p.fab, p.fabHolder, "3"),
			from(p.fab, fabricOrigin, p.fabHolder, "gethdev", p.ethHolder, "4"),
			from(p.fab, "wTHG", p.fabHolder, "coco", "bob", "500"))
	}
	final := p.waitWithBlocks(t, ids, 5*time.Minute)
	for _, tr := range final {
		if tr.State != "completed" || tr.SourceLeg.TxHash == "" || tr.DestinationLeg == nil {
			t.Fatalf("pull %s: %+v", tr.ID, tr)
		}
	}
	if got := thg.Sub(thg, chainBalance(t, p.reader, p.e.origin.Hex(), p.ethHolder)); got.Cmp(big.NewInt(int64(n)*700)) != 0 {
		t.Fatalf("the Ethereum holder's THG went down by %v, want %d", got, n*700)
	}
	if got := coco.Sub(coco, chainBalance(t, p.fabReader, fabricOrigin, p.fabHolder)); got.Cmp(big.NewInt(int64(n)*(4-3))) != 0 {
		t.Fatalf("the Fabric holder's COCO went down by %v, want %d (pulled %d, released %d)", got, n, n*4, n*3)
	}
	for _, a := range []struct {
		c                    connectors.Puller
		asset, holder, which string
	}{
		{p.reader, p.e.origin.Hex(), p.ethHolder, "THG on Ethereum"},
		{p.reader, wCOCO.Hex(), p.ethHolder, "wCOCO on Ethereum"},
		{p.fabReader, fabricOrigin, p.fabHolder, "COCO on Fabric"},
		{p.fabReader, "wTHG", p.fabHolder, "wTHG on Fabric"},
	} {
		if left, err := a.c.PullAllowance(ctx, a.asset, a.holder, user); err != nil || left.Sign() != 0 {
			t.Fatalf("allowance left for %s: %v (%v), want 0", a.which, left, err)
		}
	}

	// Above the (used up) allowances: nothing is taken.
	thgLeft := chainBalance(t, p.reader, p.e.origin.Hex(), p.ethHolder)
	over := []string{
		from("gethdev", p.e.origin.Hex(), p.ethHolder, p.fab, p.fabHolder, "1"),
		from(p.fab, fabricOrigin, p.fabHolder, "gethdev", p.ethHolder, "1"),
	}
	for _, tr := range p.waitWithBlocks(t, over, 3*time.Minute) {
		if tr.State != "failed" || tr.CancelLeg == nil || tr.CancelLeg.TxHash == "" || !strings.Contains(strings.ToLower(tr.Reason), "allowance") {
			t.Fatalf("a pull above the allowance: %+v", tr)
		}
	}
	if got := chainBalance(t, p.reader, p.e.origin.Hex(), p.ethHolder); got.Cmp(thgLeft) != 0 {
		t.Fatalf("a refused pull moved THG: %v, was %v", got, thgLeft)
	}
	p.x.wantSupplyConserved(t, "THG", "COCO")
}

// waitWithBlocks waits for transfers to be final, making Fabric blocks
// meanwhile so that pulls there reach the confirmation depth.
func (p *pullChains) waitWithBlocks(t *testing.T, ids []string, d time.Duration) []*client.Transfer {
	t.Helper()
	ctx := t.Context()
	out := make([]*client.Transfer, len(ids))
	waitUntil(t, d, "pulls final", func() (bool, string) {
		open := 0
		for i, id := range ids {
			if out[i] != nil && (out[i].State == "completed" || out[i].State == "refunded" || out[i].State == "failed") {
				continue
			}
			tr, err := p.x.c.GetTransfer(ctx, id)
			if err != nil {
				return false, err.Error()
			}
			out[i] = tr
			if tr.State != "completed" && tr.State != "refunded" && tr.State != "failed" {
				open++
			}
		}
		if open > 0 {
			p.fh.Advance(t, 1)
		}
		return open == 0, fmt.Sprintf("%d of %d open", open, len(ids))
	})
	return out
}
