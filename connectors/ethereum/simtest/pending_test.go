package simtest

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
)

// A payout and a cancellation of one id are pending together, sent by one
// connector (consecutive nonces, so they are mined in one block in the
// order sent). Whichever is first takes effect; the other reverts on
// chain, and the connector reports it from the id's status: a cancel
// behind a payout is ErrAlreadyExecuted, a payout behind a cancel
// ErrRefused. Cancelled and Executed then agree with the chain.
func TestPayoutAndCancelPendingTogether(t *testing.T) {
	for _, payoutFirst := range []bool{true, false} {
		name := "cancel first"
		if payoutFirst {
			name = "payout first"
		}
		t.Run(name, func(t *testing.T) {
			c := newChain(t)
			c.deploy()
			conn := c.connector(c.config())
			h := harness{c}
			p := connectors.Payout{ID: randomID(t), Kind: connectors.Mint, Asset: c.dep.Wrapped[0].Hex(), To: h.NewHolder(t), Amount: big.NewInt(77)}
			pd, err := conn.PayoutDigest(p)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			po, co := c.raceWithCancel(ctx, conn, p.ID, payoutFirst, func() (*connectors.Result, error) {
				return conn.Execute(ctx, p, c.sign(pd, threshold))
			})
			if payoutFirst {
				if po.err != nil || po.res == nil || po.res.TxHash == "" {
					t.Fatalf("payout: %+v %v, want it executed", po.res, po.err)
				}
				if !errors.Is(co.err, connectors.ErrAlreadyExecuted) || errors.Is(co.err, connectors.ErrRefused) {
					t.Fatalf("cancel behind the payout: %+v %v, want ErrAlreadyExecuted", co.res, co.err)
				}
			} else {
				if co.err != nil || co.res == nil || co.res.TxHash == "" {
					t.Fatalf("cancel: %+v %v, want it recorded", co.res, co.err)
				}
				if !errors.Is(po.err, connectors.ErrRefused) || errors.Is(po.err, connectors.ErrUnavailable) {
					t.Fatalf("payout behind the cancel: %+v %v, want ErrRefused", po.res, po.err)
				}
			}
			executed, err := conn.Executed(ctx, p.ID)
			if err != nil || executed != payoutFirst {
				t.Fatalf("Executed: %v %v, want %v", executed, err, payoutFirst)
			}
			isCancelled, err := conn.Cancelled(ctx, p.ID)
			if err != nil || isCancelled == payoutFirst {
				t.Fatalf("Cancelled: %v %v, want %v", isCancelled, err, !payoutFirst)
			}
			want := big.NewInt(0)
			if payoutFirst {
				want = p.Amount
			}
			if b, err := conn.Balance(ctx, p.Asset, p.To); err != nil || b.Cmp(want) != 0 {
				t.Fatalf("recipient holds %v %v, want %s", b, err, want)
			}
		})
	}
}

// Cancelled reports a cancellation only once its block is final
// (Confirmations deep), whoever sent it.
func TestCancelledReadsAFinalBlock(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	c.automine.Store(0)
	ctx := context.Background()
	id := randomID(t)
	check := func(what string, want bool) {
		t.Helper()
		if got, err := conn.Cancelled(ctx, id); err != nil || got != want {
			t.Fatalf("Cancelled %s: %v %v, want %v", what, got, err, want)
		}
	}
	check("before anything", false)
	d, _ := conn.CancelDigest(id)
	r, err := c.trySend(c.faucet, c.dep.Vault, vaultABI.PackCancel(id, sigs(t, d, c.signers[0], c.signers[1])), nil, 500_000)
	if err != nil || r.Status != 1 {
		t.Fatalf("cancel: %v %+v", err, r)
	}
	check("in the head block", false)
	c.commit(depth - 1)
	check(fmt.Sprintf("%d blocks deep", depth-1), false)
	c.commit(1)
	check(fmt.Sprintf("%d blocks deep", depth), true)
	if done, err := conn.Executed(ctx, id); err != nil || done {
		t.Fatalf("Executed of a cancelled id: %v %v", done, err)
	}
}

// outcome is what a connector call answered.
type outcome struct {
	res *connectors.Result
	err error
}

// raceWithCancel has op (a payout or pull of id) and a Cancel of id
// pending together, sent by conn in the order opFirst says (consecutive
// nonces, so one block holds both in that order), then seals that block
// and depth more, and returns both answers.
func (c *chain) raceWithCancel(ctx context.Context, conn *ethereum.Connector, id connectors.ID, opFirst bool, op func() (*connectors.Result, error)) (opOut, cancelOut outcome) {
	c.t.Helper()
	cd, err := conn.CancelDigest(id)
	if err != nil {
		c.t.Fatal(err)
	}
	c.automine.Store(0) // both stay pending until the blocks are sealed here
	ops, cancels := make(chan outcome, 1), make(chan outcome, 1)
	sendOp := func() {
		go func() {
			r, err := op()
			ops <- outcome{r, err}
		}()
	}
	sendCancel := func() {
		go func() {
			r, err := conn.Cancel(ctx, id, c.sign(cd, threshold))
			cancels <- outcome{r, err}
		}()
	}
	sent := len(c.proxy.sentTxs())
	waitSent := func(n int) {
		c.t.Helper()
		for deadline := time.Now().Add(30 * time.Second); len(c.proxy.sentTxs()) < sent+n; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				c.t.Fatalf("%d transactions sent, want %d", len(c.proxy.sentTxs())-sent, n)
			}
		}
	}
	if opFirst {
		sendOp()
		waitSent(1)
		sendCancel()
	} else {
		sendCancel()
		waitSent(1)
		sendOp()
	}
	waitSent(2)
	c.commit(1 + depth)
	return <-ops, <-cancels
}
