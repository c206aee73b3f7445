//go:build unix

package relay

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) this process has used,
// across all goroutines: benchmarks report it per operation because work
// handed to background goroutines (Badger's writer and flushes) does not
// show in wall time on an idle machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
