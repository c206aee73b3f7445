package consensus

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	dblogger "github.com/lni/dragonboat/v4/logger"
)

// Dragonboat logs through a process-wide logger factory. This file is the
// one place that touches it: the first Start installs a factory that sends
// Dragonboat's warnings and errors to that node's slog logger (its info
// chatter goes to debug).
var (
	installLogger sync.Once
	dragonLog     atomic.Pointer[slog.Logger]
)

func useDragonboatLogger(l *slog.Logger) {
	dragonLog.CompareAndSwap(nil, l)
	installLogger.Do(func() {
		dblogger.SetLoggerFactory(func(pkg string) dblogger.ILogger { return &dragonAdapter{pkg: pkg} })
	})
}

type dragonAdapter struct {
	pkg   string
	level atomic.Int32
}

func (d *dragonAdapter) SetLevel(l dblogger.LogLevel) { d.level.Store(int32(l)) }

func (d *dragonAdapter) log(lvl slog.Level, format string, args []any) {
	l := dragonLog.Load()
	if l == nil || !l.Enabled(context.Background(), lvl) {
		return
	}
	l.Log(context.Background(), lvl, fmt.Sprintf(format, args...), "component", "raft", "pkg", d.pkg)
}

func (d *dragonAdapter) Debugf(f string, a ...any)   { d.log(slog.LevelDebug-4, f, a) }
func (d *dragonAdapter) Infof(f string, a ...any)    { d.log(slog.LevelDebug, f, a) }
func (d *dragonAdapter) Warningf(f string, a ...any) { d.log(slog.LevelInfo, f, a) } // elections etc.: routine
func (d *dragonAdapter) Errorf(f string, a ...any) {
	if d.pkg == "transport" {
		// Connection failures to peers that are starting, restarting or
		// gone: routine in a cluster, retried by Dragonboat.
		d.log(slog.LevelInfo, f, a)
		return
	}
	d.log(slog.LevelError, f, a)
}
func (d *dragonAdapter) Panicf(f string, a ...any) {
	msg := fmt.Sprintf(f, a...)
	d.log(slog.LevelError, "%s", []any{msg})
	panic(msg)
}
