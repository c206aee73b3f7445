package simtest

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cocorelay/coco/connectors"
)

// A transaction nobody mines is replaced with the same nonce and fees
// raised by the bump percentage, never above gas.max_fee_per_gas; the
// replacement that gets mined is the result.
func TestStuckTransactionIsReplacedWithHigherFees(t *testing.T) {
	c := newChain(t)
	c.deploy()
	h := harness{c}
	holder := h.NewHolder(t)
	h.Lock(t, holder, big.NewInt(100), "elsewhere", "alice")
	ctx := context.Background()
	to := c.newHolder()

	// The first version offers 2 × base fee + tip; the cap is 1.5 times
	// that, room for two raises of 20%.
	head, err := c.client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tip, err := c.client.SuggestGasTipCap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	maxFee := new(big.Int).Div(new(big.Int).Mul(first, big.NewInt(3)), big.NewInt(2))
	cfg := c.config()
	cfg.Gas.MaxFeePerGas = fmt.Sprintf("%swei", maxFee)
	cfg.Gas.StuckAfter = 300 * time.Millisecond
	cfg.Gas.BumpPercent = 20
	conn := c.connector(cfg)

	p := connectors.Payout{ID: randomID(t), Kind: connectors.Release, Asset: c.dep.TestToken.Hex(), To: to.Hex(), Amount: big.NewInt(100)}
	d, _ := conn.PayoutDigest(p)
	nonceBefore, _ := c.client.NonceAt(ctx, c.account, nil)
	sentFrom := len(c.proxy.sentTxs())
	c.automine.Store(0)
	type outcome struct {
		res *connectors.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := conn.Execute(ctx, p, c.sign(d, threshold))
		done <- outcome{res, err}
	}()

	versions := func() []*types.Transaction {
		var out []*types.Transaction
		seen := map[string]bool{}
		for _, raw := range c.proxy.sentTxs()[sentFrom:] {
			if seen[raw] {
				continue
			}
			seen[raw] = true
			tx := new(types.Transaction)
			if err := tx.UnmarshalBinary(hexutil.MustDecode(raw)); err != nil {
				t.Fatal(err)
			}
			out = append(out, tx)
		}
		return out
	}
	waitFor(t, "three versions of the transaction", func() bool { return len(versions()) >= 3 })
	time.Sleep(1500 * time.Millisecond) // several stuck_after periods: the cap allows no fourth
	vs := versions()
	if len(vs) != 3 {
		for _, v := range vs {
			t.Logf("nonce %d cap %s tip %s", v.Nonce(), v.GasFeeCap(), v.GasTipCap())
		}
		t.Fatalf("%d versions sent, want 3 (the cap allows no more; max %s, first %s)", len(vs), maxFee, first)
	}
	for i, tx := range vs {
		if tx.Nonce() != nonceBefore {
			t.Fatalf("version %d has nonce %d, want %d", i, tx.Nonce(), nonceBefore)
		}
		if tx.GasFeeCap().Cmp(maxFee) > 0 {
			t.Fatalf("version %d offers %s per gas, above the cap %s", i, tx.GasFeeCap(), maxFee)
		}
		if i > 0 {
			prev := vs[i-1]
			minCap := new(big.Int).Div(new(big.Int).Mul(prev.GasFeeCap(), big.NewInt(110)), big.NewInt(100))
			minTip := new(big.Int).Div(new(big.Int).Mul(prev.GasTipCap(), big.NewInt(110)), big.NewInt(100))
			if tx.GasFeeCap().Cmp(minCap) < 0 || tx.GasTipCap().Cmp(minTip) < 0 {
				t.Fatalf("version %d (cap %s, tip %s) is not 10%% above version %d (cap %s, tip %s)",
					i, tx.GasFeeCap(), tx.GasTipCap(), i-1, prev.GasFeeCap(), prev.GasTipCap())
			}
		}
	}
	select {
	case o := <-done:
		t.Fatalf("Execute returned before anything was mined: %+v %v", o.res, o.err)
	default:
	}

	c.automine.Store(1 + depth)
	c.commit(1 + depth)
	var o outcome
	select {
	case o = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Execute did not return after the replacement was mined")
	}
	if o.err != nil || o.res.TxHash != vs[2].Hash().Hex() {
		t.Fatalf("Execute: %+v %v; want the newest version %s", o.res, o.err, vs[2].Hash().Hex())
	}
	if n, _ := c.client.NonceAt(ctx, c.account, nil); n != nonceBefore+1 {
		t.Fatalf("nonce %d, want %d", n, nonceBefore+1)
	}
}
