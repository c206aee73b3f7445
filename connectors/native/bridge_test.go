package native

import (
	"errors"
	"testing"

	"github.com/cocorelay/coco/ledger"
)

func TestBridgeLockReleaseMintBurn(t *testing.T) {
	c := setup(t)
	c.must(func(tx *ledger.Tx) error {
		_, err := Transfer(tx, "bank", "USD", "treasury", "alice", amt("300"), "")
		return err
	})
	// Only the owner locks, and only what the account holds.
	if err := c.run(func(tx *ledger.Tx) error {
		_, err := LockForTransfer(tx, "bob", "USD", "alice", amt("10"), "t1")
		return err
	}); !errors.Is(err, ErrForbidden) {
		t.Fatalf("lock by a stranger: %v", err)
	}
	if err := c.run(func(tx *ledger.Tx) error {
		_, err := LockForTransfer(tx, "alice", "USD", "alice", amt("301"), "t1")
		return err
	}); !errors.Is(err, ErrInsufficient) {
		t.Fatalf("lock over the balance: %v", err)
	}
	c.must(func(tx *ledger.Tx) error {
		e, err := LockForTransfer(tx, "alice", "USD", "alice", amt("100"), "t1")
		if err == nil && (e.Kind != KindBridgeLock || e.Memo != "t1") {
			t.Errorf("lock entry %+v", e)
		}
		return err
	})
	if esc, _ := Escrowed(c.state, "USD"); esc.Dec() != "100" {
		t.Fatalf("escrow %s after a lock of 100", esc)
	}
	// A release cannot take more than the escrow holds.
	if err := c.run(func(tx *ledger.Tx) error {
		_, err := ReleaseForTransfer(tx, "USD", "bob", amt("101"), "t2")
		return err
	}); !errors.Is(err, ErrInsufficient) {
		t.Fatalf("release over the escrow: %v", err)
	}
	c.must(func(tx *ledger.Tx) error { _, err := ReleaseForTransfer(tx, "USD", "bob", amt("60"), "t2"); return err })
	if esc, _ := Escrowed(c.state, "USD"); esc.Dec() != "40" {
		t.Fatalf("escrow %s, want 40", esc)
	}
	if b, _ := Balance(c.state, "USD", "bob"); b.Dec() != "60" {
		t.Fatalf("bob holds %s, want 60", b)
	}
	if a, _ := GetAsset(c.state, "USD"); a.Supply != "1000" {
		t.Fatalf("locking and releasing changed the supply: %s", a.Supply)
	}

	// Wrapped assets are the bridge's: created on the first mint.
	if err := c.run(func(tx *ledger.Tx) error {
		_, err := MintForTransfer(tx, "USD", 2, "bob", amt("1"), "t3")
		return err
	}); !errors.Is(err, ErrForbidden) {
		t.Fatalf("mint of an asset someone else issues: %v", err)
	}
	if err := c.run(func(tx *ledger.Tx) error {
		_, err := MintForTransfer(tx, "wETH", 18, "nobody", amt("1"), "t3")
		return err
	}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("mint to a missing account: %v", err)
	}
	c.must(func(tx *ledger.Tx) error {
		_, err := MintForTransfer(tx, "wETH", 18, "bob", amt("500"), "t3")
		return err
	})
	if a, _ := GetAsset(c.state, "wETH"); a.Issuer != BridgeIssuer || a.Decimals != 18 || a.Supply != "500" {
		t.Fatalf("wrapped asset %+v", a)
	}
	if err := c.run(func(tx *ledger.Tx) error {
		_, err := BurnForTransfer(tx, "bob", "USD", "bob", amt("1"), "t4")
		return err
	}); !errors.Is(err, ErrForbidden) {
		t.Fatalf("bridge burn of an asset that is not wrapped: %v", err)
	}
	c.must(func(tx *ledger.Tx) error {
		_, err := BurnForTransfer(tx, "bob", "wETH", "bob", amt("200"), "t4")
		return err
	})
	if s, _ := Supply(c.state, "wETH"); s.Dec() != "300" {
		t.Fatalf("wrapped supply %s, want 300", s)
	}
	if s, _ := Supply(c.state, "nothing"); !s.IsZero() {
		t.Fatalf("supply of a missing asset: %s", s)
	}
	h, err := History(c.state, "bob", "", 10)
	if err != nil || len(h.Entries) != 3 || h.Entries[0].Kind != KindBridgeRelease || h.Entries[2].Kind != KindBridgeBurn {
		t.Fatalf("bob's history: %+v %v", h, err)
	}
}
