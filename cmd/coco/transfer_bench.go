package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/cocorelay/coco/relay"
)

// cmdBenchTransfers: coco bench transfers. It needs a network with a
// chain connected (a transfer goes somewhere); see configs/transfers.md.
func cmdBenchTransfers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench transfers", flag.ContinueOnError)
	conn := addConnFlags(fs)
	from := fs.String("from", "", "source native LEDGER:ACCOUNT (funded with --asset)")
	asset := fs.String("asset", "", "the asset on the source ledger")
	to := fs.String("to", "", "destination chain LEDGER:ACCOUNT")
	amount := fs.String("amount", "1", "amount per transfer")
	count := fs.Int("count", 100, "transfers")
	clients := fs.Int("clients", 16, "concurrent requests")
	timeout := fs.Duration("timeout", 10*time.Minute, "for every transfer to be final")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	src, err := splitEndpoint("--from", *from)
	if err != nil {
		return err
	}
	dst, err := splitEndpoint("--to", *to)
	if err != nil {
		return err
	}
	if *asset == "" {
		return usagef("bench transfers: --asset is required")
	}
	src.Asset = *asset
	c, err := conn.client()
	if err != nil {
		return err
	}
	defer c.Close()
	res, err := relay.BenchTransfers(ctx, c, relay.TransferBenchOptions{Source: src, Destination: dst, Amount: *amount, Count: *count, Clients: *clients, Timeout: *timeout},
		func(s string) { fmt.Fprintln(stderr, s) })
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, res.Line())
	if res.Other > 0 {
		return fmt.Errorf("%d transfers did not complete (refunded or failed)", res.Other)
	}
	return nil
}
