package relay

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/cocorelay/coco/relay/client"
)

// BenchOptions shape a native transfer benchmark.
type BenchOptions struct {
	Clients  int           // concurrent clients (default 32)
	Duration time.Duration // measured run (default 20s)
	Warmup   time.Duration // unmeasured run before it (default 2s)
	Accounts int           // accounts transfers pick from (default 1000)

	// cpu, if set, returns the CPU time the process has used; the result
	// then says how much the measured run took (in-process benchmarks).
	cpu func() time.Duration
}

// BenchResult is what a benchmark measured.
type BenchResult struct {
	Transfers int
	Errors    int
	Elapsed   time.Duration
	P50, P99  time.Duration

	cpu time.Duration // CPU time of the measured run, if BenchOptions.cpu is set
}

// TPS is committed transfers per second.
func (r *BenchResult) TPS() float64 { return float64(r.Transfers) / r.Elapsed.Seconds() }

// Line is the one-line summary `coco bench native` ends with.
func (r *BenchResult) Line() string {
	return fmt.Sprintf("native transfers: %.0f tx/s, p50 %.1f ms, p99 %.1f ms", r.TPS(), ms(r.P50), ms(r.P99))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchNative drives signed native transfers (each a debit, a credit and
// history entries, acknowledged only once committed on a quorum) at the
// network c calls, from opts.Clients concurrent clients, and measures
// throughput and latency. It first creates an asset and funded accounts.
func BenchNative(ctx context.Context, c *client.Client, opts BenchOptions, progress func(string)) (*BenchResult, error) {
	if opts.Clients == 0 {
		opts.Clients = 32
	}
	if opts.Duration == 0 {
		opts.Duration = 20 * time.Second
	}
	if opts.Warmup == 0 {
		opts.Warmup = 2 * time.Second
	}
	if opts.Accounts == 0 {
		opts.Accounts = 1000
	}
	if opts.Accounts < 2 {
		return nil, fmt.Errorf("accounts: need at least 2")
	}
	if progress == nil {
		progress = func(string) {}
	}
	leader, err := c.Leader(ctx)
	if err != nil {
		return nil, fmt.Errorf("find the leader: %w", err)
	}
	c = c.WithURLs(leader)
	tag := make([]byte, 4)
	crand.Read(tag)
	asset := "BENCH-" + hex.EncodeToString(tag)
	if _, err := c.CreateAsset(ctx, asset, 0, ""); err != nil {
		return nil, err
	}
	accounts := make([]string, opts.Accounts)
	for i := range accounts {
		accounts[i] = fmt.Sprintf("%s-%d", asset, i)
	}
	progress(fmt.Sprintf("creating and funding %d accounts", len(accounts)))
	if err := parallel(ctx, opts.Clients, len(accounts), func(i int) error {
		if _, err := c.CreateAccount(ctx, accounts[i], ""); err != nil {
			return err
		}
		_, err := c.Mint(ctx, asset, accounts[i], "1000000000000", "")
		return err
	}); err != nil {
		return nil, err
	}
	run := func(d time.Duration) ([]time.Duration, int) {
		deadline := time.Now().Add(d)
		var mu sync.Mutex
		var lat []time.Duration
		errs := 0
		var wg sync.WaitGroup
		for w := 0; w < opts.Clients; w++ {
			wg.Add(1)
			go func(seed uint64) {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(seed, uint64(time.Now().UnixNano())))
				var mine []time.Duration
				bad := 0
				for time.Now().Before(deadline) && ctx.Err() == nil {
					a := rng.IntN(len(accounts))
					b := (a + 1 + rng.IntN(len(accounts)-1)) % len(accounts)
					start := time.Now()
					_, err := c.Transfer(ctx, asset, accounts[a], accounts[b], strconv.Itoa(1+rng.IntN(100)), "", "")
					if err != nil {
						bad++
						continue
					}
					mine = append(mine, time.Since(start))
				}
				mu.Lock()
				lat = append(lat, mine...)
				errs += bad
				mu.Unlock()
			}(uint64(w))
		}
		wg.Wait()
		return lat, errs
	}
	progress(fmt.Sprintf("warming up for %s", opts.Warmup))
	run(opts.Warmup)
	progress(fmt.Sprintf("measuring %d clients for %s", opts.Clients, opts.Duration))
	var cpu time.Duration
	if opts.cpu != nil {
		cpu = opts.cpu()
	}
	start := time.Now()
	lat, errs := run(opts.Duration)
	elapsed := time.Since(start)
	if opts.cpu != nil {
		cpu = opts.cpu() - cpu
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(lat) == 0 {
		return nil, fmt.Errorf("no transfer committed (%d errors)", errs)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return &BenchResult{Transfers: len(lat), Errors: errs, Elapsed: elapsed,
		P50: lat[len(lat)/2], P99: lat[len(lat)*99/100], cpu: cpu}, nil
}

// parallel runs fn(0..n-1) on workers goroutines and returns the first error.
func parallel(ctx context.Context, workers, n int, fn func(int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	errc := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					errc <- err
					cancel()
					return
				}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := 0; i < n; i++ {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	select {
	case err := <-errc:
		return err
	default:
		return ctx.Err()
	}
}
