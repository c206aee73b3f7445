package relay

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/cocorelay/coco/relay/client"
)

// TransferBenchOptions shape `coco bench transfers`: Count transfers from
// a native account to a chain account, Clients at a time.
type TransferBenchOptions struct {
	Source      client.Endpoint // a native ledger account and the asset it sends
	Destination client.Endpoint // a chain account
	Amount      string          // per transfer (default "1")
	Count       int             // default 100
	Clients     int             // concurrent requests (default 16)
	Timeout     time.Duration   // for every transfer to be final (default 10m)
}

// TransferBenchResult is what `coco bench transfers` measured.
type TransferBenchResult struct {
	Transfers, Completed, Other int
	Elapsed                     time.Duration // first request to last completion
	// Relay is the relay's own added latency: from the source leg final
	// (the deposit at depth, or the native lock committed) to the
	// destination transaction submitted.
	RelayP50, RelayP99 time.Duration
	// Chain is the destination chain's own time: from submitted to final.
	ChainP50, ChainP99 time.Duration
	// EndToEnd is from the request to the completion committed.
	EndToEndP50, EndToEndP99 time.Duration
	// RelayRate is how fast the relay handed destination legs to the
	// chain: legs submitted per second, from the first source leg final
	// to the last submission. ChainRate is how fast the destination
	// finished them: legs completed per second, from the first submission
	// to the last completion. The relay is not the bottleneck while
	// RelayRate stays above ChainRate.
	RelayRate, ChainRate float64
}

// Line is the summary `coco bench transfers` ends with.
func (r *TransferBenchResult) Line() string {
	return fmt.Sprintf("cross-chain transfers: %d of %d completed, %.1f transfers/s; relay added p50 %.1f ms, p99 %.1f ms; destination (waiting for the chain and the chain) p50 %.1f ms, p99 %.1f ms; end to end p50 %.1f ms, p99 %.1f ms; relay handed over %.1f legs/s, the destination finished %.1f legs/s",
		r.Completed, r.Transfers, float64(r.Completed)/r.Elapsed.Seconds(), ms(r.RelayP50), ms(r.RelayP99),
		ms(r.ChainP50), ms(r.ChainP99), ms(r.EndToEndP50), ms(r.EndToEndP99), r.RelayRate, r.ChainRate)
}

// BenchTransfers starts opts.Count transfers through the API, waits until
// every one is final and reads the timings from their records.
func BenchTransfers(ctx context.Context, c *client.Client, opts TransferBenchOptions, progress func(string)) (*TransferBenchResult, error) {
	if opts.Amount == "" {
		opts.Amount = "1"
	}
	if opts.Count == 0 {
		opts.Count = 100
	}
	if opts.Clients == 0 {
		opts.Clients = 16
	}
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Minute
	}
	ids := make([]string, opts.Count)
	start := time.Now()
	err := parallel(ctx, opts.Clients, opts.Count, func(i int) error {
		t, _, err := c.CreateTransfer(ctx, client.TransferRequest{Source: opts.Source, Destination: opts.Destination, Amount: opts.Amount,
			Memo: "bench " + strconv.Itoa(i)}, "")
		if err != nil {
			return fmt.Errorf("transfer %d: %w", i, err)
		}
		ids[i] = t.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("%d transfers requested in %s; waiting for them to be final", opts.Count, time.Since(start).Round(time.Millisecond)))
	wctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	res := &TransferBenchResult{Transfers: opts.Count}
	var relay, chain, e2e []time.Duration
	var last time.Time
	var relaySpan, chainSpan span
	for _, id := range ids {
		t, err := c.WaitTransfer(wctx, id)
		if err != nil {
			return nil, err
		}
		if t.State != StateCompleted {
			res.Other++
			continue
		}
		res.Completed++
		done := stepAt(t, StateCompleted)
		if done.After(last) {
			last = done
		}
		e2e = append(e2e, done.Sub(t.Created))
		if leg := t.DestinationLeg; leg != nil {
			if sub := stepAt(t, StateDestinationSubmitted); !sub.IsZero() {
				relay = append(relay, sub.Sub(t.SourceFinalAt))
				chain = append(chain, done.Sub(sub))
				relaySpan.add(t.SourceFinalAt, sub)
				chainSpan.add(sub, done)
			}
		}
	}
	res.Elapsed = last.Sub(start)
	res.RelayP50, res.RelayP99 = percentiles(relay)
	res.ChainP50, res.ChainP99 = percentiles(chain)
	res.EndToEndP50, res.EndToEndP99 = percentiles(e2e)
	res.RelayRate, res.ChainRate = relaySpan.rate(), chainSpan.rate()
	return res, nil
}

// span is the stretch of time from the earliest start to the latest end
// of a number of legs.
type span struct {
	from, to time.Time
	n        int
}

func (s *span) add(from, to time.Time) {
	if s.n == 0 || from.Before(s.from) {
		s.from = from
	}
	if to.After(s.to) {
		s.to = to
	}
	s.n++
}

// rate is legs per second over the span (0 without any).
func (s *span) rate() float64 {
	d := s.to.Sub(s.from).Seconds()
	if s.n == 0 || d <= 0 {
		return 0
	}
	return float64(s.n) / d
}

// stepAt is when t reached state (zero if it never did).
func stepAt(t *client.Transfer, state string) time.Time {
	for _, s := range t.History {
		if s.State == state {
			return s.At
		}
	}
	return time.Time{}
}

func percentiles(d []time.Duration) (p50, p99 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2], d[len(d)*99/100]
}
