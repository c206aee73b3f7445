package chaincode

import (
	"encoding/json"
	"strings"
	"testing"
)

// The Fabric samples' ERC-20 token interface, on the native token.
func TestERC20Interface(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user(e.org1, "alice"), e.user(e.org2, "bob")

	e.refused(e.minter, "Initialize", "Again", "AGN", "0")
	for fn, want := range map[string]string{"Name": "Coco Token", "Symbol": native, "Decimals": "2", "TotalSupply": "1000000"} {
		if got := e.must(bob, fn); got != want {
			t.Fatalf("%s = %q, want %q", fn, got, want)
		}
	}
	if got := e.must(e.minter, "ClientAccountBalance"); got != "1000000" {
		t.Fatalf("ClientAccountBalance %q", got)
	}

	e.must(e.minter, "Transfer", bob.account, "300")
	checkTransferEvent(t, e, e.minter.account, bob.account, "300")
	if got := e.must(alice, "BalanceOf", bob.account); got != "300" {
		t.Fatalf("BalanceOf(bob) %q", got)
	}
	e.refused(bob, "Transfer", alice.account, "301")         // more than bob holds
	e.refused(bob, "Transfer", bob.account, "1")             // to itself
	e.refused(bob, "Transfer", alice.account, "0")           // nothing
	e.refused(bob, "Transfer", alice.account, "-1")          // negative
	e.refused(bob, "Transfer", alice.account, "1e3")         // not an integer
	e.refused(bob, "Transfer", Escrow, "1")                  // the escrow takes only locks
	e.refused(bob, "Transfer", alice.account, "1"+zeros(78)) // over 2^256-1

	e.must(bob, "Approve", alice.account, "100")
	if got := e.must(bob, "Allowance", bob.account, alice.account); got != "100" {
		t.Fatalf("Allowance %q", got)
	}
	e.refused(alice, "TransferFrom", bob.account, alice.account, "101")
	e.must(alice, "TransferFrom", bob.account, alice.account, "60")
	if got := e.must(bob, "Allowance", bob.account, alice.account); got != "40" {
		t.Fatalf("Allowance after TransferFrom %q", got)
	}
	if got := e.must(alice, "ClientAccountBalance"); got != "60" {
		t.Fatalf("alice %q", got)
	}

	// Minting and burning belong to the minter's organisation.
	e.refused(bob, "Mint", "5")
	e.refused(bob, "Burn", "1")
	e.must(alice, "Mint", "5") // Org1, like the minter
	e.must(alice, "Burn", "15")
	if got := e.must(bob, "TotalSupply"); got != "999990" {
		t.Fatalf("TotalSupply %q", got)
	}
	e.conserved()
}

func checkTransferEvent(t *testing.T, e *env, from, to, value string) {
	t.Helper()
	ev := e.l.events[len(e.l.events)-1]
	var got struct {
		From  string      `json:"from"`
		To    string      `json:"to"`
		Value json.Number `json:"value"`
	}
	if err := json.Unmarshal(ev.Payload, &got); err != nil || ev.EventName != "Transfer" ||
		got.From != from || got.To != to || got.Value.String() != value {
		t.Fatalf("event %s %s, want Transfer %s → %s of %s", ev.EventName, ev.Payload, from, to, value)
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// Accounts carry the MSP: an organisation whose CA copies another's names
// cannot spend the other's balances.
func TestAccountsAreBoundToTheirOrganisation(t *testing.T) {
	e := newEnv(t)
	// Org2's CA takes Org1's CA name and issues a certificate with the
	// minter's subject: the sample's client id would be the same.
	impostorOrg := newOrg(t, "Org2MSP", "ca.org1.example.com")
	impostor := e.user(impostorOrg, "minter")
	_, sampleID, _ := strings.Cut(impostor.account, ":")
	_, minterID, _ := strings.Cut(e.minter.account, ":")
	if sampleID != minterID {
		t.Fatalf("the test is void: client ids %s and %s differ", sampleID, minterID)
	}
	if impostor.account == e.minter.account {
		t.Fatalf("two organisations share account %s", impostor.account)
	}
	if got := e.must(impostor, "ClientAccountBalance"); got != "0" {
		t.Fatalf("the impostor sees a balance of %s", got)
	}
	e.refused(impostor, "Transfer", impostor.account+"x", "1")
}
