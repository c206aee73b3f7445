package consensus

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cocorelay/coco/ledger"
)

// ExecutorConfig tunes the pipeline.
type ExecutorConfig struct {
	// MaxBatchTxs and MaxBatchBytes bound one Raft entry.
	MaxBatchTxs   int
	MaxBatchBytes int
	// MaxInflight batches may await commit at once; while they do, new
	// transactions gather into the next batch (group commit).
	MaxInflight int
	// Linger is how long the next batch may gather while another is in
	// flight; with nothing in flight a batch is proposed at once.
	Linger time.Duration
	// SignEvery transactions or SignInterval, whichever comes first, the
	// leader appends a signature transaction.
	SignEvery    int
	SignInterval time.Duration
	// ProposalTimeout bounds how long Raft may take to commit a batch.
	ProposalTimeout time.Duration
	// SettleTimeout bounds how long a transaction whose batch failed waits
	// for the next view to tell whether it committed.
	SettleTimeout time.Duration
	// Now is the clock transactions see (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

func (c *ExecutorConfig) ensureDefaults() {
	if c.MaxBatchTxs == 0 {
		c.MaxBatchTxs = 2000
	}
	if c.MaxBatchBytes == 0 {
		c.MaxBatchBytes = 2 << 20
	}
	if c.MaxInflight == 0 {
		// One batch in flight makes the next one gather everything that
		// arrives during a whole round trip. Every batch costs each replica
		// a Raft step, an fsync and a Badger commit, so fewer, larger
		// batches leave more CPU for the transactions themselves; measured
		// on signed transfers this beat two in flight at 16 to 64 clients.
		c.MaxInflight = 1
	}
	if c.Linger == 0 {
		c.Linger = time.Millisecond
	}
	if c.SignEvery == 0 {
		c.SignEvery = 1000
	}
	if c.SignInterval == 0 {
		c.SignInterval = 200 * time.Millisecond
	}
	if c.ProposalTimeout == 0 {
		c.ProposalTimeout = 5 * time.Second
	}
	if c.SettleTimeout == 0 {
		c.SettleTimeout = 10 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Validate reports every problem with the configuration.
func (c *ExecutorConfig) Validate() error {
	var errs []error
	if c.MaxBatchTxs < 1 {
		errs = append(errs, fmt.Errorf("executor: max batch txs: %d is below 1", c.MaxBatchTxs))
	}
	if c.MaxBatchBytes < 64<<10 || c.MaxBatchBytes > ledger.MaxBatchSize {
		errs = append(errs, fmt.Errorf("executor: max batch bytes: %d is outside 64 KiB..%d", c.MaxBatchBytes, ledger.MaxBatchSize))
	}
	if c.MaxInflight < 1 {
		errs = append(errs, fmt.Errorf("executor: max inflight: %d is below 1", c.MaxInflight))
	}
	if c.SignEvery < 1 {
		errs = append(errs, fmt.Errorf("executor: sign every: %d is below 1", c.SignEvery))
	}
	if c.SignInterval < time.Millisecond {
		errs = append(errs, fmt.Errorf("executor: sign interval: %s is below 1ms", c.SignInterval))
	}
	return errors.Join(errs...)
}
