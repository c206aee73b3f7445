package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"strings"
	"time"

	"github.com/cocorelay/coco/relay/client"
)

// cmdTransfer: coco transfer create|get|list|watch|alerts.
func cmdTransfer(ctx context.Context, args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("transfer", args, "create", "get", "list", "watch", "alerts")
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("transfer "+verb, flag.ContinueOnError)
	conn := addConnFlags(fs)
	from := fs.String("from", "", "source LEDGER:ACCOUNT (create): a native account you own, or a chain account whose holder gave the bridge an allowance for you")
	asset := fs.String("asset", "", "the asset as the source ledger names it (create)")
	to := fs.String("to", "", "destination LEDGER:ACCOUNT (create)")
	memo := fs.String("memo", "", "memo (create)")
	key := fs.String("idempotency-key", "", "idempotency key (create; default: a fresh one)")
	wait := fs.Duration("wait", 0, "create: wait this long for the transfer to be final")
	state := fs.String("state", "", "list: only transfers in this state")
	ledgerName := fs.String("ledger", "", "list: only transfers from or to this ledger")
	account := fs.String("account", "", "list: only transfers from or to this account")
	after := fs.String("after", "", "list: page cursor; watch: event cursor to resume after")
	limit := fs.Int("limit", 100, "list: transfers per page")
	want := map[string][]string{"create": {"AMOUNT"}, "get": {"ID"}}[verb]
	if verb == "watch" && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		want = []string{"ID"}
	}
	pos, err := parse(fs, rest, want...)
	if err != nil {
		return err
	}
	c, err := conn.client()
	if err != nil {
		return err
	}
	defer c.Close()
	switch verb {
	case "create":
		src, err := splitEndpoint("--from", *from)
		if err != nil {
			return err
		}
		dst, err := splitEndpoint("--to", *to)
		if err != nil {
			return err
		}
		if *asset == "" {
			return usagef("transfer create: --asset is required")
		}
		src.Asset = *asset
		t, _, err := c.CreateTransfer(ctx, client.TransferRequest{Source: src, Destination: dst, Amount: pos[0], Memo: *memo}, *key)
		if err != nil {
			return err
		}
		if *wait > 0 {
			wctx, cancel := context.WithTimeout(ctx, *wait)
			defer cancel()
			if t, err = c.WaitTransfer(wctx, t.ID); err != nil {
				return err
			}
		}
		return printJSON(stdout, t)
	case "get":
		t, err := c.GetTransfer(ctx, pos[0])
		if err != nil {
			return err
		}
		return printJSON(stdout, t)
	case "list":
		ts, next, err := c.ListTransfers(ctx, client.TransferFilter{State: *state, Ledger: *ledgerName, Account: *account, After: *after, Limit: *limit})
		if err != nil {
			return err
		}
		return printJSON(stdout, map[string]any{"transfers": ts, "next": next})
	case "alerts":
		var out json.RawMessage
		if err := c.Get(ctx, "/v1/alerts", &out); err != nil {
			return err
		}
		return printJSON(stdout, out)
	}
	// watch: one JSON line per state change; with an ID, until it is final.
	id := ""
	if len(pos) == 1 {
		id = pos[0]
	}
	enc := json.NewEncoder(stdout)
	cursor := *after
	for {
		cursor, err = c.WatchTransfers(ctx, cursor, id, func(ev client.TransferEvent) bool {
			enc.Encode(ev)
			return id == "" || (ev.State != "completed" && ev.State != "refunded" && ev.State != "failed")
		})
		if err == nil && id != "" || ctx.Err() != nil {
			return nil
		}
		// The node went away: resume from the cursor on the next one.
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

// splitEndpoint parses LEDGER:ACCOUNT (an account may contain ':').
func splitEndpoint(flagName, s string) (client.Endpoint, error) {
	l, a, ok := strings.Cut(s, ":")
	if !ok || l == "" || a == "" {
		return client.Endpoint{}, usagef("transfer create: %s: want LEDGER:ACCOUNT, got %q", flagName, s)
	}
	return client.Endpoint{Ledger: l, Account: a}, nil
}
