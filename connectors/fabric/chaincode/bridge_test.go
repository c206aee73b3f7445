package chaincode

import (
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"testing"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

func TestLockEmitsAUniqueTransfer(t *testing.T) {
	e := newEnv(t)
	alice := e.user(e.org2, "alice")
	e.must(e.minter, "Transfer", alice.account, "1000")

	s, id, err := e.simulate(alice, "Lock", "400", "ethereum", "0xabc")
	if err != nil || !e.l.commit(s) {
		t.Fatalf("Lock: %v", err)
	}
	want := e.dom.TransferID(s.txID)
	if id != hexID(want) {
		t.Fatalf("Lock returned %s, want the id derived from its transaction, %x", id, want)
	}
	ev := e.l.events[len(e.l.events)-1]
	var d wire.Deposit
	if err := json.Unmarshal(ev.Payload, &d); err != nil || ev.EventName != wire.EventLocked {
		t.Fatalf("event %s %s: %v", ev.EventName, ev.Payload, err)
	}
	if (d != wire.Deposit{ID: id, Kind: wire.KindLock, Asset: native, Holder: alice.account, Amount: "400",
		DestinationLedger: "ethereum", DestinationAccount: "0xabc", TxID: s.txID}) {
		t.Fatalf("deposit %+v", d)
	}
	if got := e.must(alice, "GetDeposit", id); got != string(ev.Payload) {
		t.Fatalf("GetDeposit %s, want %s", got, ev.Payload)
	}
	if e.balance(native, alice.account) != 600 || e.balance(native, Escrow) != 400 {
		t.Fatal("the lock did not move 400 into escrow")
	}
	second := e.must(alice, "Lock", "1", "ethereum", "0xabc")
	if second == id {
		t.Fatal("two locks share a transfer id")
	}
	e.refused(alice, "Lock", "1000", "ethereum", "0xabc") // more than alice holds
	e.refused(alice, "Lock", "1", "", "0xabc")
	e.refused(alice, "Lock", "1", "ethereum", "")
	e.refused(alice, "Lock", "1", "ethereum", "a\x00b")
	e.conserved()
}

// Payouts need signatures of at least k distinct members of the signer
// set over exactly this payout on exactly this channel and chaincode.
func TestPayoutAuthorisation(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	e.must(e.minter, "Lock", "5000", "ethereum", "0xabc")
	id, idHex := newID()
	digest := payoutDigest(t, e.dom, wire.KindRelease, id, native, bob.account, 700)
	r := e.relays
	bad := map[string]string{
		"no signatures":              "[]",
		"fewer than k":               sign(t, digest, r[0]),
		"one signer, repeated":       sign(t, digest, r[0], r[0], r[0]),
		"strangers":                  sign(t, digest, e.strange...),
		"k-1 members and a stranger": sign(t, digest, r[0], e.strange[0]),
		"another amount":             sign(t, payoutDigest(t, e.dom, wire.KindRelease, id, native, bob.account, 701), r...),
		"another recipient":          sign(t, payoutDigest(t, e.dom, wire.KindRelease, id, native, e.minter.account, 700), r...),
		"another transfer id":        sign(t, payoutDigest(t, e.dom, wire.KindRelease, [32]byte{1}, native, bob.account, 700), r...),
		"a mint, not a release":      sign(t, payoutDigest(t, e.dom, wire.KindMint, id, native, bob.account, 700), r...),
		"another channel":            sign(t, payoutDigest(t, wire.Domain{Channel: "other", Chaincode: testChaincode, Bridge: e.dom.Bridge}, wire.KindRelease, id, native, bob.account, 700), r...),
		"another chaincode":          sign(t, payoutDigest(t, wire.Domain{Channel: testChannel, Chaincode: "other", Bridge: e.dom.Bridge}, wire.KindRelease, id, native, bob.account, 700), r...),
		"not JSON":                   "sig",
		"a member's key claimed by a stranger": func() string {
			// A stranger's signature presented under a member's identity.
			var sigs []wire.Signature
			json.Unmarshal([]byte(sign(t, digest, e.strange[0], e.strange[1])), &sigs)
			sigs[0].Signer, sigs[1].Signer = identity(t, r[0]), identity(t, r[1])
			b, _ := json.Marshal(sigs)
			return string(b)
		}(),
	}
	for name, sigs := range bad {
		t.Run(name, func(t *testing.T) {
			e.t = t
			e.refused(bob, "Release", idHex, native, bob.account, "700", sigs)
			if got := e.must(bob, "GetPayout", idHex); got != "" {
				t.Fatalf("refused payout recorded: %s", got)
			}
		})
	}
	e.t = t
	e.must(bob, "Release", idHex, native, bob.account, "700", sign(t, digest, r[2], r[0]))
	if e.balance(native, bob.account) != 700 || e.balance(native, Escrow) != 4300 {
		t.Fatal("release did not move 700 from escrow to bob")
	}
	var rec wire.Payout
	if err := json.Unmarshal([]byte(e.must(bob, "GetPayout", idHex)), &rec); err != nil ||
		rec.Kind != wire.KindRelease || rec.To != bob.account || rec.Amount != "700" || rec.TxID == "" {
		t.Fatalf("payout record %+v %v", rec, err)
	}
	e.conserved()
}

// A transfer id executes once: again later, and when two executions are
// endorsed on the same state before either commits.
func TestTransferIDExecutesOnce(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	e.must(e.minter, "Lock", "5000", "ethereum", "0xabc")

	id, idHex := newID()
	sigs := sign(t, payoutDigest(t, e.dom, wire.KindRelease, id, native, bob.account, 100), e.relays...)
	e.must(bob, "Release", idHex, native, bob.account, "100", sigs)
	e.refused(bob, "Release", idHex, native, bob.account, "100", sigs)
	// The same id as a mint is the same transfer.
	mintSigs := sign(t, payoutDigest(t, e.dom, wire.KindMint, id, wrapped, bob.account, 100), e.relays...)
	e.refused(bob, "MintForTransfer", idHex, wrapped, bob.account, "100", mintSigs)

	id2, id2Hex := newID()
	sigs2 := sign(t, payoutDigest(t, e.dom, wire.KindRelease, id2, native, bob.account, 250), e.relays...)
	s1, _, err1 := e.simulate(bob, "Release", id2Hex, native, bob.account, "250", sigs2)
	s2, _, err2 := e.simulate(e.minter, "Release", id2Hex, native, bob.account, "250", sigs2)
	if err1 != nil || err2 != nil {
		t.Fatalf("endorsements: %v, %v", err1, err2)
	}
	if !e.l.commit(s1) {
		t.Fatal("the first execution was invalidated")
	}
	if e.l.commit(s2) {
		t.Fatal("the second execution, endorsed on the same state, committed too")
	}
	if got := e.balance(native, bob.account); got != 350 {
		t.Fatalf("bob holds %d, want 100 + 250, each once", got)
	}
	e.conserved()
}

func TestMintAndBurnForTransfer(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	id, idHex := newID()
	digest := payoutDigest(t, e.dom, wire.KindMint, id, wrapped, bob.account, 900)
	e.refused(bob, "MintForTransfer", idHex, wrapped, bob.account, "900", sign(t, digest, e.relays[1]))
	e.must(bob, "MintForTransfer", idHex, wrapped, bob.account, "900", sign(t, digest, e.relays[1], e.relays[2]))
	if got := e.must(bob, "AssetTotalSupply", wrapped); got != "900" {
		t.Fatalf("wrapped supply %s", got)
	}
	if ev := e.l.events[len(e.l.events)-1]; ev.EventName != wire.EventMinted {
		t.Fatalf("event %s", ev.EventName)
	}

	// The native token is released, never minted by the bridge; wrapped
	// assets are minted, never released; and back again.
	nid, nidHex := newID()
	e.refused(bob, "MintForTransfer", nidHex, native, bob.account, "1",
		sign(t, payoutDigest(t, e.dom, wire.KindMint, nid, native, bob.account, 1), e.relays...))
	e.refused(bob, "Release", nidHex, wrapped, bob.account, "1",
		sign(t, payoutDigest(t, e.dom, wire.KindRelease, nid, wrapped, bob.account, 1), e.relays...))
	e.refused(bob, "BurnForTransfer", native, "1", "ethereum", "0xabc")

	e.refused(bob, "BurnForTransfer", wrapped, "901", "ethereum", "0xabc")
	burnID := e.must(bob, "BurnForTransfer", wrapped, "300", "ethereum", "0xdef")
	ev := e.l.events[len(e.l.events)-1]
	var d wire.Deposit
	if err := json.Unmarshal(ev.Payload, &d); err != nil || ev.EventName != wire.EventBurned || d.ID != burnID ||
		d.Kind != wire.KindBurn || d.Asset != wrapped || d.Amount != "300" || d.Holder != bob.account {
		t.Fatalf("burn event %s %s", ev.EventName, ev.Payload)
	}
	if got := e.must(bob, "AssetTotalSupply", wrapped); got != "600" {
		t.Fatalf("wrapped supply after burn %s", got)
	}
	e.conserved()
}

func TestSignerSetChangesOnlyWithTheCurrentSet(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	e.refused(e.minter, "SetupBridge", `["`+identity(t, e.strange[0])+`"]`, "1") // once only

	var cur wire.Signers
	json.Unmarshal([]byte(e.must(bob, "Signers")), &cur)
	if cur.Threshold != 2 || len(cur.Set) != 3 || cur.Nonce != 0 {
		t.Fatalf("signers %+v", cur)
	}
	// Next: the strangers, 2 of 3.
	next := []string{identity(t, e.strange[0]), identity(t, e.strange[1]), identity(t, e.strange[2])}
	set, _ := json.Marshal(next)
	digest, err := e.dom.SignersDigest(next, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	e.refused(bob, "UpdateSigners", string(set), "2", "1", sign(t, digest, e.strange...)) // the next set cannot appoint itself
	e.refused(bob, "UpdateSigners", string(set), "2", "1", sign(t, digest, e.relays[0]))
	wrongNonce, _ := e.dom.SignersDigest(next, 2, 2)
	e.refused(bob, "UpdateSigners", string(set), "2", "2", sign(t, wrongNonce, e.relays...))
	e.refused(bob, "UpdateSigners", string(set), "4", "1", sign(t, digest, e.relays...)) // threshold above the set
	e.must(bob, "UpdateSigners", string(set), "2", "1", sign(t, digest, e.relays[0], e.relays[1]))
	e.refused(bob, "UpdateSigners", string(set), "2", "1", sign(t, digest, e.relays...)) // replay

	// The old set no longer authorises anything; the new one does.
	id, idHex := newID()
	d := payoutDigest(t, e.dom, wire.KindMint, id, wrapped, bob.account, 5)
	e.refused(bob, "MintForTransfer", idHex, wrapped, bob.account, "5", sign(t, d, e.relays...))
	e.must(bob, "MintForTransfer", idHex, wrapped, bob.account, "5", sign(t, d, e.strange[2], e.strange[0]))
}

func TestAnchors(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	if got := e.must(bob, "LatestAnchor"); got != "" {
		t.Fatalf("latest anchor before any: %q", got)
	}
	anchor := func(seqno uint64, root byte, keys ...*ecdsa.PrivateKey) []string {
		var r [32]byte
		r[0] = root
		digest := e.dom.AnchorDigest(seqno, r, int64(seqno)*1e9)
		return []string{strconv.FormatUint(seqno, 10), hexID(r), strconv.FormatUint(seqno*1e9, 10), sign(t, digest, keys...)}
	}
	e.refused(bob, "Anchor", anchor(10, 1, e.strange...)...)
	e.refused(bob, "Anchor", anchor(10, 1, e.relays[0])...)
	e.must(bob, "Anchor", anchor(10, 1, e.relays...)...)
	e.refused(bob, "Anchor", anchor(10, 2, e.relays...)...) // seqnos only grow
	e.refused(bob, "Anchor", anchor(9, 2, e.relays...)...)
	e.must(bob, "Anchor", anchor(11, 3, e.relays...)...)
	var a wire.Anchor
	if err := json.Unmarshal([]byte(e.must(bob, "LatestAnchor")), &a); err != nil || a.Seqno != 11 || a.Root[:2] != "03" || a.UnixNano != 11e9 {
		t.Fatalf("latest anchor %+v %v", a, err)
	}
	if err := json.Unmarshal([]byte(e.must(bob, "GetAnchor", "10")), &a); err != nil || a.Seqno != 10 || a.Root[:2] != "01" {
		t.Fatalf("anchor 10: %+v %v", a, err)
	}
}

// Random operations, each checked against a model of the balances: the
// supply of every asset stays the sum of its balances, what is in escrow
// is what was locked and not released, and refusals change nothing.
func TestBalancesAndSupplyStayConsistent(t *testing.T) {
	e := newEnv(t)
	users := []*user{e.minter, e.user(e.org1, "u1"), e.user(e.org2, "u2"), e.user(e.org2, "u3")}
	model := map[string]map[string]int64{native: {e.minter.account: 1000000}, wrapped: {}}
	rnd := newRand(1)
	for i := range 400 {
		u := users[rnd.IntN(len(users))]
		v := users[rnd.IntN(len(users))]
		amt := int64(1 + rnd.IntN(3000))
		var fn string
		var args []string
		var apply func()
		ok := true
		switch rnd.IntN(5) {
		case 0:
			fn, args = "Transfer", []string{v.account, fmt.Sprint(amt)}
			ok = u != v && model[native][u.account] >= amt
			apply = func() { model[native][u.account] -= amt; model[native][v.account] += amt }
		case 1:
			fn, args = "Lock", []string{fmt.Sprint(amt), "ethereum", "0x1"}
			ok = model[native][u.account] >= amt
			apply = func() { model[native][u.account] -= amt; model[native][Escrow] += amt }
		case 2:
			id, idHex := newID()
			fn, args = "Release", []string{idHex, native, v.account, fmt.Sprint(amt),
				sign(t, payoutDigest(t, e.dom, wire.KindRelease, id, native, v.account, amt), e.relays[:2]...)}
			ok = model[native][Escrow] >= amt
			apply = func() { model[native][Escrow] -= amt; model[native][v.account] += amt }
		case 3:
			id, idHex := newID()
			fn, args = "MintForTransfer", []string{idHex, wrapped, v.account, fmt.Sprint(amt),
				sign(t, payoutDigest(t, e.dom, wire.KindMint, id, wrapped, v.account, amt), e.relays[1:]...)}
			apply = func() { model[wrapped][v.account] += amt }
		case 4:
			fn, args = "BurnForTransfer", []string{wrapped, fmt.Sprint(amt), "ethereum", "0x1"}
			ok = model[wrapped][u.account] >= amt
			apply = func() { model[wrapped][u.account] -= amt }
		}
		if ok {
			e.must(u, fn, args...)
			apply()
		} else {
			e.refused(u, fn, args...)
		}
		e.conserved()
		for asset, accounts := range model {
			for acct, want := range accounts {
				if got := e.balance(asset, acct); got != want {
					t.Fatalf("op %d (%s): %s of %s is %d, want %d", i, fn, asset, acct, got, want)
				}
			}
		}
	}
	balances, _ := e.amounts()
	if balances[native].Cmp(big.NewInt(1000000)) != 0 {
		t.Fatalf("native balances sum to %s, want the 1000000 minted", balances[native])
	}
}
