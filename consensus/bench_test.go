package consensus

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cocorelay/coco/ledger"
)

// BenchmarkExecute measures the execute-then-replicate pipeline alone on
// three real replicas: concurrent small transactions, each acknowledged
// once committed.
func BenchmarkExecute(b *testing.B) {
	for _, clients := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			c := newCluster(b, 3, nil)
			c.genesis()
			l := c.running(c.leader())
			var n atomic.Int64
			var mu sync.Mutex
			var lat []time.Duration
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			per := b.N/clients + 1
			for w := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var mine []time.Duration
					for i := range per {
						key := fmt.Sprintf("k-%d-%d", w, i)
						t0 := time.Now()
						if _, err := l.exec.Execute(b.Context(), func(tx *ledger.Tx) (any, error) {
							tx.Put("public:bench", []byte(key), []byte("value"))
							return nil, nil
						}); err != nil {
							b.Error(err)
							return
						}
						mine = append(mine, time.Since(t0))
						n.Add(1)
					}
					mu.Lock()
					lat = append(lat, mine...)
					mu.Unlock()
				}()
			}
			wg.Wait()
			el := time.Since(start)
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(n.Load())/el.Seconds(), "tx/s")
			b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
		})
	}
}
