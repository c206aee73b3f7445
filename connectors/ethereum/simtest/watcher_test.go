package simtest

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
)

func drain(t *testing.T, conn *ethereum.Connector, cp connectors.Checkpoint) ([]connectors.Deposit, connectors.Checkpoint) {
	t.Helper()
	ds, next, err := conn.Deposits(context.Background(), cp, 1000)
	if err != nil {
		t.Fatalf("Deposits: %v", err)
	}
	return ds, next
}

// A lock is reported once its block is depth below the head, not a block
// earlier.
func TestLockReportedAtDepthOnly(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	h := harness{c}
	holder := h.NewHolder(t)
	_, cp := drain(t, conn, "")
	h.Lock(t, holder, big.NewInt(5), "elsewhere", "alice")
	lockedAt := c.head()
	for c.head() < lockedAt+depth {
		if ds, _ := drain(t, conn, cp); len(ds) != 0 {
			t.Fatalf("head %d, lock in %d: reported before depth %d: %+v", c.head(), lockedAt, depth, ds)
		}
		c.commit(1)
	}
	ds, _ := drain(t, conn, cp)
	if len(ds) != 1 || ds[0].At.Height != lockedAt || ds[0].Amount.Int64() != 5 {
		t.Fatalf("at depth: %+v", ds)
	}
}

// A lock in a block that a reorganisation removes before it reached the
// depth is never reported, not before the reorganisation nor after, however
// far the new chain grows.
func TestReorgBeforeDepthHidesLock(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	h := harness{c}
	holder := h.NewHolder(t)
	_, cp := drain(t, conn, "")
	ctx := context.Background()
	parent, err := c.client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	key := c.holderKey(holder)
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, _ := c.client.NonceAt(ctx, from, nil)
	h.Lock(t, holder, big.NewInt(7), "elsewhere", "mallory")
	c.commit(depth - 1) // one block short of final
	if ds, _ := drain(t, conn, cp); len(ds) != 0 {
		t.Fatalf("reported before depth: %+v", ds)
	}

	// The chain reorganises from the lock's parent; on the new branch the
	// holder's nonce goes to another transaction, so the lock can never be
	// included again.
	if err := c.sim.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	tip := big.NewInt(50_000_000_000)
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(big.NewInt(1337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: tip,
		GasFeeCap: new(big.Int).Add(new(big.Int).Mul(parent.BaseFee, big.NewInt(4)), tip),
		Gas:       21000, To: &common.Address{0x01},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The pool catches up with the fork in the background: until it has,
	// it measures nonces against the abandoned branch.
	for deadline := time.Now().Add(10 * time.Second); ; {
		err := c.client.SendTransaction(ctx, tx)
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "nonce too low") || time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.commit(1)
	if r, err := c.client.TransactionReceipt(ctx, tx.Hash()); err != nil || r.BlockNumber.Uint64() != parent.Number.Uint64()+1 {
		t.Fatalf("replacement not in the fork's first block: %v %+v", err, r)
	}
	var all []connectors.Deposit
	for range 3 * depth {
		var ds []connectors.Deposit
		ds, cp = drain(t, conn, cp)
		all = append(all, ds...)
		c.commit(1)
	}
	if len(all) != 0 {
		t.Fatalf("a lock from an abandoned branch was reported: %+v", all)
	}
}

// A checkpoint whose block changed (a reorganisation deeper than the
// depth) is an error that says so, never silently skipped.
func TestDeepReorgIsAnError(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	ctx := context.Background()
	c.commit(2 * depth)
	base, _ := c.client.HeaderByNumber(ctx, nil)
	c.commit(2 * depth)
	_, cp := drain(t, conn, "") // its block is depth below the head, above base
	if err := c.sim.Fork(base.Hash()); err != nil {
		t.Fatal(err)
	}
	c.commit(4 * depth)
	_, _, err := conn.Deposits(ctx, cp, 10)
	if !errors.Is(err, ethereum.ErrDeepReorg) || !errors.Is(err, connectors.ErrUnavailable) {
		t.Fatalf("Deposits after a deep reorganisation: %v", err)
	}
}
