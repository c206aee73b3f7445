package chaincode

import (
	"crypto/ecdsa"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

const (
	apiUser   = "aa00000000000000000000000000000000000000000000000000000000000001"
	otherUser = "bb00000000000000000000000000000000000000000000000000000000000002"
)

// pull is one PullDeposit's arguments.
type pull struct {
	id                   [32]byte
	kind, asset, holder  string
	user                 string
	amount               int64
	destLedger, destAcct string
	signers              []*ecdsa.PrivateKey
	digestFor            *pull // if set, the signatures are over this pull instead
}

func (e *env) pullArgs(p pull) []string {
	e.t.Helper()
	over := p
	if p.digestFor != nil {
		over = *p.digestFor
	}
	digest, err := e.dom.PullDigest(over.kind, over.id, over.asset, over.holder, over.user, big.NewInt(over.amount), over.destLedger, over.destAcct)
	if err != nil {
		e.t.Fatal(err)
	}
	return []string{hexID(p.id), p.kind, p.asset, p.holder, p.user, big.NewInt(p.amount).String(), p.destLedger, p.destAcct,
		sign(e.t, digest, p.signers...)}
}

func (e *env) bridgeAllowance(holder, user, asset string) int64 {
	e.t.Helper()
	v := e.must(e.minter, "BridgeAllowance", holder, user, asset)
	n, ok := new(big.Int).SetString(v, 10)
	if !ok {
		e.t.Fatalf("BridgeAllowance %q", v)
	}
	return n.Int64()
}

// lastDeposit returns the last event, which must be a deposit named name.
func (e *env) lastDeposit(name string) wire.Deposit {
	e.t.Helper()
	ev := e.l.events[len(e.l.events)-1]
	var d wire.Deposit
	if err := json.Unmarshal(ev.Payload, &d); err != nil || ev.EventName != name {
		e.t.Fatalf("event %s %s: %v, want %s", ev.EventName, ev.Payload, err, name)
	}
	return d
}

// A pull locks the holder's native tokens or burns its wrapped asset under
// the relay's transfer id, within the bridge allowance the holder gave
// for the user, and records and emits it like the holder's own deposit.
func TestPullLockAndBurn(t *testing.T) {
	e := newEnv(t)
	alice := e.user(e.org2, "alice")
	e.must(e.minter, "Transfer", alice.account, "1000")
	mid, midHex := newID()
	e.must(alice, "MintForTransfer", midHex, wrapped, alice.account, "300",
		sign(t, payoutDigest(t, e.dom, wire.KindMint, mid, wrapped, alice.account, 300), e.relays...))

	e.must(alice, "ApproveBridge", apiUser, native, "500")
	if ev := e.l.events[len(e.l.events)-1]; ev.EventName != wire.EventBridgeApproval ||
		string(ev.Payload) != `{"holder":"`+alice.account+`","user":"`+apiUser+`","asset":"COCO","value":"500"}` {
		t.Fatalf("approval event %s %s", ev.EventName, ev.Payload)
	}
	e.must(alice, "ApproveBridge", apiUser, wrapped, "200")
	if e.bridgeAllowance(alice.account, apiUser, native) != 500 || e.bridgeAllowance(alice.account, otherUser, native) != 0 {
		t.Fatal("allowance not recorded for exactly that user")
	}
	if got := e.must(alice, "Allowance", alice.account, Escrow); got != "0" {
		t.Fatalf("the bridge allowance changed the ERC-20 allowance: %s", got)
	}

	lockID, lockHex := newID()
	lock := pull{id: lockID, kind: wire.KindLock, asset: native, holder: alice.account, user: apiUser, amount: 400,
		destLedger: "ethereum", destAcct: "0xalice", signers: e.relays[1:]}
	bob := e.user(e.org1, "bob") // anyone may submit a signed pull
	s, _, err := e.simulate(bob, "PullDeposit", e.pullArgs(lock)...)
	if err != nil || !e.l.commit(s) {
		t.Fatalf("PullDeposit lock: %v", err)
	}
	d := e.lastDeposit(wire.EventLocked)
	want := wire.Deposit{ID: lockHex, Kind: wire.KindLock, Asset: native, Holder: alice.account, Amount: "400",
		DestinationLedger: "ethereum", DestinationAccount: "0xalice", TxID: s.txID, User: apiUser}
	if d != want || !d.Pulled() {
		t.Fatalf("deposit %+v, want %+v", d, want)
	}
	if got := e.must(bob, "GetDeposit", lockHex); got != string(e.l.events[len(e.l.events)-1].Payload) {
		t.Fatalf("GetDeposit %s", got)
	}
	if e.balance(native, alice.account) != 600 || e.balance(native, Escrow) != 400 {
		t.Fatal("the pull did not move 400 into escrow")
	}
	if e.bridgeAllowance(alice.account, apiUser, native) != 100 {
		t.Fatal("the allowance was not spent")
	}

	burnID, burnHex := newID()
	burn := pull{id: burnID, kind: wire.KindBurn, asset: wrapped, holder: alice.account, user: apiUser, amount: 120,
		destLedger: "ethereum", destAcct: "0xalice", signers: e.relays}
	e.must(bob, "PullDeposit", e.pullArgs(burn)...)
	d = e.lastDeposit(wire.EventBurned)
	if d.ID != burnHex || d.Kind != wire.KindBurn || d.Asset != wrapped || d.Holder != alice.account || d.Amount != "120" || d.User != apiUser {
		t.Fatalf("burn deposit %+v", d)
	}
	if e.balance(wrapped, alice.account) != 180 || e.must(bob, "AssetTotalSupply", wrapped) != "180" {
		t.Fatal("the pull did not burn 120")
	}
	if e.bridgeAllowance(alice.account, apiUser, wrapped) != 80 {
		t.Fatal("the wrapped allowance was not spent")
	}
	// A second pull of either id is refused, even correctly signed.
	if code := e.refusalCode(bob, "PullDeposit", e.pullArgs(burn)...); code != wire.CodeExecuted {
		t.Fatalf("second pull refused with code %q", code)
	}
	lock.amount = 50
	if code := e.refusalCode(bob, "PullDeposit", e.pullArgs(lock)...); code != wire.CodeExecuted {
		t.Fatalf("second pull of the id, other amount, refused with code %q", code)
	}
	e.conserved()

	// A pulled id still takes one payout: the refund to its holder (a
	// release of the lock, a mint of the burnt amount), and no other.
	e.must(bob, "Release", lockHex, native, alice.account, "400",
		sign(t, payoutDigest(t, e.dom, wire.KindRelease, lockID, native, alice.account, 400), e.relays...))
	e.must(bob, "MintForTransfer", burnHex, wrapped, alice.account, "120",
		sign(t, payoutDigest(t, e.dom, wire.KindMint, burnID, wrapped, alice.account, 120), e.relays...))
	if e.balance(native, alice.account) != 1000 || e.balance(native, Escrow) != 0 || e.balance(wrapped, alice.account) != 300 {
		t.Fatal("the refunds of the pulls did not make alice whole")
	}
	e.refused(bob, "Release", lockHex, native, bob.account, "400",
		sign(t, payoutDigest(t, e.dom, wire.KindRelease, lockID, native, bob.account, 400), e.relays...))
	e.conserved()
}

// A pull that the allowance, the balance, the signatures or the transfer
// id does not allow is refused and moves nothing.
func TestPullRefusals(t *testing.T) {
	e := newEnv(t)
	alice := e.user(e.org2, "alice")
	e.must(e.minter, "Transfer", alice.account, "1000")
	e.must(alice, "ApproveBridge", apiUser, native, "500")
	e.must(alice, "ApproveBridge", otherUser, native, "5000")

	cancelled, cancelledHex := newID()
	e.must(alice, "CancelPayout", cancelledHex, sign(t, e.dom.CancelDigest(cancelled), e.relays...))
	ordinary := e.must(alice, "Lock", "2", "ethereum", "0x1")
	var ordinaryID [32]byte
	copy(ordinaryID[:], mustHex(t, ordinary))
	paid, paidHex := newID()
	e.must(alice, "Release", paidHex, native, alice.account, "1", sign(t, payoutDigest(t, e.dom, wire.KindRelease, paid, native, alice.account, 1), e.relays...))

	id, idHex := newID()
	ok := pull{id: id, kind: wire.KindLock, asset: native, holder: alice.account, user: apiUser, amount: 300,
		destLedger: "ethereum", destAcct: "0xalice", signers: e.relays[:2]}
	with := func(f func(p *pull)) pull { p := ok; f(&p); return p }
	mallory := e.user(e.org1, "mallory")
	for name, p := range map[string]pull{
		"above the allowance":      with(func(p *pull) { p.amount = 501 }),
		"above the balance":        with(func(p *pull) { p.user = otherUser; p.amount = 1200 }),
		"another user's allowance": with(func(p *pull) { p.user = "cc" + apiUser[2:] }),
		"another holder":           with(func(p *pull) { p.holder = mallory.account }),
		"fewer than k signatures":  with(func(p *pull) { p.signers = e.relays[:1] }),
		"strangers' signatures":    with(func(p *pull) { p.signers = e.strange }),
		"signed for another amount": with(func(p *pull) {
			p.digestFor = &pull{id: id, kind: wire.KindLock, asset: native, holder: alice.account, user: apiUser, amount: 299, destLedger: "ethereum", destAcct: "0xalice"}
		}),
		"signed for another user": with(func(p *pull) {
			p.digestFor = &pull{id: id, kind: wire.KindLock, asset: native, holder: alice.account, user: otherUser, amount: 300, destLedger: "ethereum", destAcct: "0xalice"}
		}),
		"signed for another account": with(func(p *pull) {
			p.digestFor = &pull{id: id, kind: wire.KindLock, asset: native, holder: alice.account, user: apiUser, amount: 300, destLedger: "ethereum", destAcct: "0xmallory"}
		}),
		"a cancelled id":           with(func(p *pull) { p.id = cancelled }),
		"a paid out id":            with(func(p *pull) { p.id = paid }),
		"an ordinary deposit's id": with(func(p *pull) { p.id = ordinaryID }),
		"a wrapped asset locked":   with(func(p *pull) { p.asset = wrapped }),
		"the native token burned":  with(func(p *pull) { p.kind = wire.KindBurn }),
	} {
		t.Run(name, func(t *testing.T) {
			e.t = t
			e.refused(mallory, "PullDeposit", e.pullArgs(p)...)
		})
	}
	e.t = t
	for _, args := range map[string][]string{
		"bad kind":  {idHex, "mint", native, alice.account, apiUser, "1", "ethereum", "0x1", "[]"},
		"bad user":  {idHex, wire.KindLock, native, alice.account, strings.ToUpper(apiUser), "1", "ethereum", "0x1", "[]"},
		"no holder": {idHex, wire.KindLock, native, "", apiUser, "1", "ethereum", "0x1", "[]"},
		"escrow":    {idHex, wire.KindLock, native, Escrow, apiUser, "1", "ethereum", "0x1", "[]"},
		"zero":      {idHex, wire.KindLock, native, alice.account, apiUser, "0", "ethereum", "0x1", "[]"},
		"bad id":    {"xyz", wire.KindLock, native, alice.account, apiUser, "1", "ethereum", "0x1", "[]"},
	} {
		e.refused(mallory, "PullDeposit", args...)
	}
	if code := e.refusalCode(mallory, "PullDeposit", e.pullArgs(with(func(p *pull) { p.id = cancelled }))...); code != wire.CodeCancelled {
		t.Fatalf("pull of a cancelled id refused with code %q", code)
	}
	if e.balance(native, alice.account) != 999 || e.bridgeAllowance(alice.account, apiUser, native) != 500 ||
		e.must(alice, "GetDeposit", idHex) != "" {
		t.Fatal("a refused pull moved something")
	}
	e.refused(alice, "ApproveBridge", "xyz", native, "1")
	e.refused(alice, "ApproveBridge", apiUser, "", "1")
	e.refused(alice, "ApproveBridge", apiUser, native, "-1")
	// The allowance can be revoked.
	e.must(alice, "ApproveBridge", apiUser, native, "0")
	e.refused(mallory, "PullDeposit", e.pullArgs(with(func(p *pull) { p.amount = 1 }))...)
	e.must(alice, "ApproveBridge", apiUser, native, "300")
	e.must(mallory, "PullDeposit", e.pullArgs(ok)...)
	e.conserved()
}

// The relay cannot cancel a pulled id (its Cancel then reports the
// transfer executed), nor pull a cancelled one; a pull and a cancellation
// endorsed on the same state do not both commit.
func TestPullAndCancel(t *testing.T) {
	e := newEnv(t)
	alice := e.user(e.org2, "alice")
	e.must(e.minter, "Transfer", alice.account, "1000")
	e.must(alice, "ApproveBridge", apiUser, native, "1000")
	id, idHex := newID()
	p := pull{id: id, kind: wire.KindLock, asset: native, holder: alice.account, user: apiUser, amount: 10,
		destLedger: "ethereum", destAcct: "0xalice", signers: e.relays}
	e.must(alice, "PullDeposit", e.pullArgs(p)...)
	if code := e.refusalCode(alice, "CancelPayout", idHex, sign(t, e.dom.CancelDigest(id), e.relays...)); code != wire.CodeExecuted {
		t.Fatalf("cancellation of a pulled id refused with code %q", code)
	}
	if e.must(alice, "GetCancel", idHex) != "" {
		t.Fatal("a pulled id was cancelled")
	}
	// An ordinary deposit's id stays cancellable as before.
	ordinary := e.must(alice, "Lock", "1", "ethereum", "0x1")
	var oid [32]byte
	copy(oid[:], mustHex(t, ordinary))
	e.must(alice, "CancelPayout", ordinary, sign(t, e.dom.CancelDigest(oid), e.relays...))

	id2, _ := newID()
	p.id = id2
	sp, _, err1 := e.simulate(alice, "PullDeposit", e.pullArgs(p)...)
	sc, _, err2 := e.simulate(alice, "CancelPayout", hexID(id2), sign(t, e.dom.CancelDigest(id2), e.relays...))
	if err1 != nil || err2 != nil {
		t.Fatalf("endorsements: %v, %v", err1, err2)
	}
	if !e.l.commit(sc) {
		t.Fatal("the cancellation was invalidated")
	}
	if e.l.commit(sp) {
		t.Fatal("the pull endorsed before the cancellation committed after it")
	}
	if e.balance(native, alice.account) != 989 {
		t.Fatal("a cancelled pull moved tokens")
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	_, id, err := parseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id[:]
}
