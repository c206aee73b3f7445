package chaincode

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// A cancelled transfer id never pays out; a paid out one is never
// cancelled; both refusals carry their code; only the relay's signatures
// over the cancel digest cancel.
func TestCancelPayout(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	r := e.relays
	id, idHex := newID()
	digest := e.dom.CancelDigest(id)
	other, _ := newID()
	for name, sigs := range map[string]string{
		"fewer than k":         sign(t, digest, r[0]),
		"one signer, repeated": sign(t, digest, r[1], r[1]),
		"strangers":            sign(t, digest, e.strange...),
		"another id":           sign(t, e.dom.CancelDigest(other), r...),
		"the payout digest":    sign(t, payoutDigest(t, e.dom, wire.KindMint, id, wrapped, bob.account, 5), r...),
		"another chaincode":    sign(t, wire.Domain{Channel: testChannel, Chaincode: "other", Bridge: e.dom.Bridge}.CancelDigest(id), r...),
	} {
		t.Run(name, func(t *testing.T) {
			e.t = t
			e.refused(bob, "CancelPayout", idHex, sigs)
			if got := e.must(bob, "GetCancel", idHex); got != "" {
				t.Fatalf("refused cancellation recorded: %s", got)
			}
		})
	}
	e.t = t
	s, _, err := e.simulate(bob, "CancelPayout", idHex, sign(t, digest, r[2], r[0]))
	if err != nil || !e.l.commit(s) {
		t.Fatalf("CancelPayout: %v", err)
	}
	var rec wire.Cancel
	if err := json.Unmarshal([]byte(e.must(bob, "GetCancel", idHex)), &rec); err != nil || rec.ID != idHex || rec.TxID != s.txID {
		t.Fatalf("cancel record %+v %v", rec, err)
	}
	if ev := e.l.events[len(e.l.events)-1]; ev.EventName != wire.EventCancelled {
		t.Fatalf("event %s", ev.EventName)
	}
	mint := sign(t, payoutDigest(t, e.dom, wire.KindMint, id, wrapped, bob.account, 5), r...)
	if code := e.refusalCode(bob, "MintForTransfer", idHex, wrapped, bob.account, "5", mint); code != wire.CodeCancelled {
		t.Fatalf("payout of a cancelled id refused with code %q", code)
	}
	if code := e.refusalCode(bob, "CancelPayout", idHex, sign(t, digest, r...)); code != wire.CodeCancelled {
		t.Fatalf("second cancellation refused with code %q", code)
	}
	if e.must(bob, "GetPayout", idHex) != "" || e.balance(wrapped, bob.account) != 0 {
		t.Fatal("a cancelled id paid out")
	}

	paid, paidHex := newID()
	e.must(bob, "MintForTransfer", paidHex, wrapped, bob.account, "7", sign(t, payoutDigest(t, e.dom, wire.KindMint, paid, wrapped, bob.account, 7), r...))
	if code := e.refusalCode(bob, "CancelPayout", paidHex, sign(t, e.dom.CancelDigest(paid), r...)); code != wire.CodeExecuted {
		t.Fatalf("cancellation of a paid out id refused with code %q", code)
	}
	if code := e.refusalCode(bob, "MintForTransfer", paidHex, wrapped, bob.account, "7", sign(t, payoutDigest(t, e.dom, wire.KindMint, paid, wrapped, bob.account, 7), r...)); code != wire.CodeExecuted {
		t.Fatalf("second payout refused with code %q", code)
	}
	if e.must(bob, "GetCancel", paidHex) != "" {
		t.Fatal("a paid out id was cancelled")
	}
	e.conserved()
}

// A payout and a cancellation of one id endorsed on the same state: only
// the first to commit takes effect.
func TestCancelRacesPayout(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	id, idHex := newID()
	sp, _, err1 := e.simulate(bob, "MintForTransfer", idHex, wrapped, bob.account, "9",
		sign(t, payoutDigest(t, e.dom, wire.KindMint, id, wrapped, bob.account, 9), e.relays...))
	sc, _, err2 := e.simulate(bob, "CancelPayout", idHex, sign(t, e.dom.CancelDigest(id), e.relays...))
	if err1 != nil || err2 != nil {
		t.Fatalf("endorsements: %v, %v", err1, err2)
	}
	if !e.l.commit(sc) {
		t.Fatal("the cancellation was invalidated")
	}
	if e.l.commit(sp) {
		t.Fatal("the payout endorsed before the cancellation committed after it")
	}
	if e.balance(wrapped, bob.account) != 0 {
		t.Fatal("cancelled mint paid out")
	}
}

// refusalCode runs fn and returns the code of its refusal (failing the
// test if it was not refused).
func (e *env) refusalCode(u *user, fn string, args ...string) string {
	e.t.Helper()
	e.refused(u, fn, args...)
	_, err := e.call(u, fn, args...)
	return wire.RefusalCode(err.Error())
}

// Another chaincode that a client invokes sees the client's identity when
// it calls the bridge; it must not lock, burn or move the client's tokens.
func TestCrossChaincodeCallsAreRefused(t *testing.T) {
	e := newEnv(t)
	alice := e.user(e.org2, "alice")
	e.must(e.minter, "Transfer", alice.account, "1000")
	id, idHex := newID()
	e.must(alice, "MintForTransfer", idHex, wrapped, alice.account, "50",
		sign(t, payoutDigest(t, e.dom, wire.KindMint, id, wrapped, alice.account, 50), e.relays...))
	mallory := e.user(e.org1, "mallory")
	for name, call := range map[string][]string{
		"Lock":            {"Lock", "400", "ethereum", "0xmallory"},
		"BurnForTransfer": {"BurnForTransfer", wrapped, "50", "ethereum", "0xmallory"},
		"Transfer":        {"Transfer", mallory.account, "400"},
		"Approve":         {"Approve", mallory.account, "400"},
		"Burn":            {"Burn", "1"},
		"ApproveBridge":   {"ApproveBridge", "aa" + strings.Repeat("0", 62), native, "400"},
	} {
		before := e.l.version
		err := e.via("evil", alice, call[0], call[1:]...)
		if err == nil || !strings.HasPrefix(err.Error(), wire.RefusedPrefix) {
			t.Errorf("%s through another chaincode: %v, want a refusal", name, err)
		}
		if e.l.version != before {
			t.Errorf("%s through another chaincode committed", name)
		}
	}
	if e.balance(native, alice.account) != 1000 || e.balance(wrapped, alice.account) != 50 {
		t.Fatal("another chaincode moved alice's tokens")
	}
	// Her own proposals still act.
	e.must(alice, "Lock", "400", "ethereum", "0xalice")
	e.must(alice, "BurnForTransfer", wrapped, "50", "ethereum", "0xalice")
	e.conserved()
}

func (e *env) via(invoked string, u *user, fn string, args ...string) error {
	s := e.l.newStubVia(invoked, u.creator, fn, args...)
	resp := e.cc.Invoke(s)
	if resp.GetStatus() != 200 {
		return errors.New(resp.GetMessage())
	}
	if !e.l.commit(s) {
		return errors.New("MVCC conflict")
	}
	return nil
}

// The other order of TestCancelRacesPayout: a payout that commits first
// leaves the cancellation endorsed beside it invalid.
func TestPayoutFirstThenCancel(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	id, idHex := newID()
	sp, _, err1 := e.simulate(bob, "MintForTransfer", idHex, wrapped, bob.account, "9",
		sign(t, payoutDigest(t, e.dom, wire.KindMint, id, wrapped, bob.account, 9), e.relays...))
	sc, _, err2 := e.simulate(bob, "CancelPayout", idHex, sign(t, e.dom.CancelDigest(id), e.relays...))
	if err1 != nil || err2 != nil {
		t.Fatalf("endorsements: %v, %v", err1, err2)
	}
	if !e.l.commit(sp) {
		t.Fatal("the payout was invalidated")
	}
	if e.l.commit(sc) {
		t.Fatal("the cancellation endorsed before the payout committed after it")
	}
	if e.must(bob, "GetCancel", idHex) != "" || e.balance(wrapped, bob.account) != 9 {
		t.Fatal("a paid out id was cancelled")
	}
}

// Every function that acts on relay signatures refuses an invocation
// through another chaincode, whichever chaincode name the signatures'
// domain holds: the domain is the name SetupBridge recorded, never the
// invocation's.
func TestSignedFunctionsThroughAnotherChaincodeAreRefused(t *testing.T) {
	e := newEnv(t)
	bob := e.user(e.org2, "bob")
	id, idHex := newID()
	evil := wire.Domain{Channel: e.dom.Channel, Chaincode: "evil", Bridge: e.dom.Bridge}
	root := [32]byte{7}
	set, _ := json.Marshal([]string{identity(t, e.strange[0])})
	for _, dom := range map[string]wire.Domain{"evil": evil, "own": e.dom} {
		signersDigest, err := dom.SignersDigest([]string{identity(t, e.strange[0])}, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		for name, call := range map[string][]string{
			"MintForTransfer": {"MintForTransfer", idHex, wrapped, bob.account, "9", sign(t, payoutDigest(t, dom, wire.KindMint, id, wrapped, bob.account, 9), e.relays...)},
			"Release":         {"Release", idHex, native, bob.account, "9", sign(t, payoutDigest(t, dom, wire.KindRelease, id, native, bob.account, 9), e.relays...)},
			"CancelPayout":    {"CancelPayout", idHex, sign(t, dom.CancelDigest(id), e.relays...)},
			"Anchor":          {"Anchor", "5", hexOf(root), "5000000000", sign(t, dom.AnchorDigest(5, root, 5e9), e.relays...)},
			"UpdateSigners":   {"UpdateSigners", string(set), "1", "1", sign(t, signersDigest, e.relays...)},
			"PullDeposit":     pullVia(t, e, dom, id, bob),
		} {
			before := e.l.version
			err := e.via("evil", bob, call[0], call[1:]...)
			if err == nil || !strings.HasPrefix(err.Error(), wire.RefusedPrefix) {
				t.Errorf("%s through another chaincode, signed for the %s domain: %v, want a refusal", name, dom.Chaincode, err)
			}
			if e.l.version != before {
				t.Errorf("%s through another chaincode committed", name)
			}
		}
	}
	if e.balance(wrapped, bob.account) != 0 || e.must(bob, "GetCancel", idHex) != "" || e.must(bob, "LatestAnchor") != "" ||
		e.must(bob, "GetDeposit", idHex) != "" || e.balance(native, bob.account) != 9 {
		t.Fatal("a call through another chaincode acted")
	}
}

// pullVia is a pull of 9 of bob's native tokens, which bob allowed, with
// the relay's signatures for dom.
func pullVia(t *testing.T, e *env, dom wire.Domain, id [32]byte, bob *user) []string {
	t.Helper()
	user := "aa" + strings.Repeat("0", 62)
	if e.must(bob, "BridgeAllowance", bob.account, user, native) == "0" {
		e.must(e.minter, "Transfer", bob.account, "9")
		e.must(bob, "ApproveBridge", user, native, "9")
	}
	digest, err := dom.PullDigest(wire.KindLock, id, native, bob.account, user, big.NewInt(9), "ethereum", "0xbob")
	if err != nil {
		t.Fatal(err)
	}
	return []string{"PullDeposit", hexOf(id), wire.KindLock, native, bob.account, user, "9", "ethereum", "0xbob", sign(t, digest, e.relays...)}
}

func hexOf(b [32]byte) string { return hex.EncodeToString(b[:]) }
