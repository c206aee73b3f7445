package relay

import (
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// Limits per route, as set_route_limits sets them: a cap per transfer and
// a token bucket of Burst that refills at RatePerSecond (amounts in the
// asset's smallest unit). A transfer over the cap, or over the burst (the
// bucket could never hold it), is over the cap. The bucket's state is in
// the ledger, so every leader continues it.

// bucket is a route's token bucket.
type bucket struct {
	Tokens  string    `json:"tokens"` // decimal
	Updated time.Time `json:"updated"`
}

// verdict is what the limits say about one transfer.
type verdict struct {
	ok         bool
	overCap    bool
	retryAfter time.Duration // rate limited: when the bucket will hold it
	reason     string
}

var nanosPerSecond = big.NewInt(int64(time.Second))

// limitCheck is the pure core: given the limits, the bucket as stored
// (nil: full) and now, may amount pass, and what is the bucket after?
func limitCheck(l *governance.RouteLimits, b *bucket, amount *big.Int, now time.Time) (verdict, *bucket) {
	if l == nil {
		return verdict{ok: true}, b
	}
	capAmt, _ := new(big.Int).SetString(l.MaxPerTransfer, 10)
	rate, _ := new(big.Int).SetString(l.RatePerSecond, 10)
	burst, _ := new(big.Int).SetString(l.Burst, 10)
	if capAmt == nil || rate == nil || burst == nil {
		return verdict{overCap: true, reason: "the route's limits do not parse"}, b
	}
	if amount.Cmp(capAmt) > 0 {
		return verdict{overCap: true, reason: fmt.Sprintf("amount %s exceeds the route's cap of %s per transfer", amount, capAmt)}, b
	}
	if amount.Cmp(burst) > 0 {
		return verdict{overCap: true, reason: fmt.Sprintf("amount %s exceeds the route's burst of %s", amount, burst)}, b
	}
	tokens := new(big.Int).Set(burst)
	if b != nil {
		tokens.SetString(b.Tokens, 10)
		if el := now.Sub(b.Updated); el > 0 {
			add := new(big.Int).Mul(rate, big.NewInt(int64(el)))
			tokens.Add(tokens, add.Quo(add, nanosPerSecond))
		}
		if tokens.Cmp(burst) > 0 {
			tokens.Set(burst)
		}
	}
	if tokens.Cmp(amount) < 0 {
		missing := new(big.Int).Sub(amount, tokens)
		wait := time.Duration(1<<62 - 1)
		if rate.Sign() > 0 {
			ns := new(big.Int).Mul(missing, nanosPerSecond)
			ns.Add(ns, rate).Sub(ns, big.NewInt(1)).Quo(ns, rate)
			if ns.IsInt64() {
				wait = time.Duration(ns.Int64())
			}
		}
		return verdict{retryAfter: wait, reason: fmt.Sprintf("the route's rate limit (%s per second, burst %s) has %s left now", rate, burst, tokens)},
			&bucket{Tokens: tokens.String(), Updated: now}
	}
	return verdict{ok: true}, &bucket{Tokens: tokens.Sub(tokens, amount).String(), Updated: now}
}

func bucketKey(r governance.Route) []byte {
	return []byte(r.SourceLedger + "\x00" + r.DestinationLedger + "\x00" + r.Asset)
}

// takeFromBucket applies the route's limits to amount inside tx, and
// consumes it from the bucket if it passes.
func takeFromBucket(tx *ledger.Tx, route governance.Route, limits *governance.RouteLimits, amount *big.Int) (verdict, error) {
	if limits == nil {
		return verdict{ok: true}, nil
	}
	var b *bucket
	if raw, ok, err := tx.Get(tableBuckets, bucketKey(route)); err != nil {
		return verdict{}, err
	} else if ok {
		b = &bucket{}
		if err := json.Unmarshal(raw, b); err != nil {
			return verdict{}, fmt.Errorf("corrupt bucket: %w", err)
		}
	}
	v, nb := limitCheck(limits, b, amount, tx.Now())
	if v.ok {
		tx.Put(tableBuckets, bucketKey(route), encodeJSON(nb))
	}
	return v, nil
}
