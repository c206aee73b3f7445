package relay

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkNativeTransfers runs `coco bench native` in-process against a
// three-node sandbox and reports transfers per second and latency.
// Run with: go test -run xxx -bench NativeTransfers -benchtime 1x ./relay
func BenchmarkNativeTransfers(b *testing.B) {
	dir := b.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := StartSandbox(ctx, SandboxOptions{Dir: dir, Tune: func(c *Config) {
		if v := os.Getenv("COCO_BENCH_RTT"); v != "" {
			c.Raft.RTT, _ = time.ParseDuration(v)
			c.Raft.ElectionRTT = uint64(time.Second / c.Raft.RTT)
			c.Raft.HeartbeatRTT = c.Raft.ElectionRTT / 10
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	c, err := SandboxClient(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	d := 10 * time.Second
	if v := os.Getenv("COCO_BENCH_DURATION"); v != "" {
		if d, err = time.ParseDuration(v); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		clients := 32
		if v := os.Getenv("COCO_BENCH_CLIENTS"); v != "" {
			clients, _ = strconv.Atoi(v)
		}
		res, err := BenchNative(ctx, c, BenchOptions{Duration: d, Accounts: 1000, Clients: clients, cpu: processCPU}, func(s string) { b.Log(s) })
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.TPS(), "tx/s")
		b.ReportMetric(ms(res.P50), "p50-ms")
		b.ReportMetric(ms(res.P99), "p99-ms")
		if res.cpu > 0 {
			// CPU per transfer (clients, three nodes, Raft and storage) is
			// steadier than throughput on a machine with noisy neighbours.
			b.ReportMetric(float64(res.cpu.Microseconds())/float64(res.Transfers), "cpu-us/tx")
		}
		b.Log(res.Line())
	}
}
