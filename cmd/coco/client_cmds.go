package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/relay"
	"github.com/cocorelay/coco/relay/client"
)

func cmdNative(ctx context.Context, args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("native", args, "asset", "account", "mint", "transfer", "burn", "balance", "history")
	if err != nil {
		return err
	}
	if verb == "asset" || verb == "account" {
		var create []string
		if _, create, err = subcommand("native "+verb, rest, "create"); err != nil {
			return err
		}
		rest = create
	}
	fs := flag.NewFlagSet("native "+verb, flag.ContinueOnError)
	conn := addConnFlags(fs)
	decimals := fs.Uint("decimals", 0, "decimals of the asset (asset create)")
	memo := fs.String("memo", "", "memo (transfer)")
	key := fs.String("idempotency-key", "", "idempotency key (default: a fresh one)")
	after := fs.String("after", "", "history after this transaction id")
	limit := fs.Int("limit", 50, "history entries")
	want := map[string][]string{
		"asset": {"ASSET"}, "account": {"ACCOUNT"}, "mint": {"ASSET", "ACCOUNT", "AMOUNT"},
		"transfer": {"ASSET", "FROM", "TO", "AMOUNT"}, "burn": {"ASSET", "ACCOUNT", "AMOUNT"},
		"balance": {"ACCOUNT"}, "history": {"ACCOUNT"},
	}[verb]
	pos, err := parse(fs, rest, want...)
	if err != nil {
		return err
	}
	if *decimals > 255 {
		return usagef("--decimals: at most 255")
	}
	c, err := conn.client()
	if err != nil {
		return err
	}
	defer c.Close()
	var w *client.WriteResult
	switch verb {
	case "asset":
		w, err = c.CreateAsset(ctx, pos[0], uint8(*decimals), *key)
	case "account":
		w, err = c.CreateAccount(ctx, pos[0], *key)
	case "mint":
		w, err = c.Mint(ctx, pos[0], pos[1], pos[2], *key)
	case "transfer":
		w, err = c.Transfer(ctx, pos[0], pos[1], pos[2], pos[3], *memo, *key)
	case "burn":
		w, err = c.Burn(ctx, pos[0], pos[1], pos[2], *key)
	case "balance":
		a, err := c.Account(ctx, pos[0])
		if err != nil {
			return err
		}
		return printJSON(stdout, a)
	case "history":
		h, err := c.History(ctx, pos[0], *after, *limit)
		if err != nil {
			return err
		}
		return printJSON(stdout, h)
	}
	if err != nil {
		return err
	}
	replay := ""
	if w.Replayed {
		replay = " (replayed: the first answer to this idempotency key)"
	}
	printf(stdout, "committed as transaction %s%s\n", w.TxID, replay)
	return printJSON(stdout, w.Result)
}

func printJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, string(b))
	return err
}

func cmdTx(ctx context.Context, args []string, stdout io.Writer) error {
	_, rest, err := subcommand("tx", args, "status")
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("tx status", flag.ContinueOnError)
	conn := addConnFlags(fs)
	pos, err := parse(fs, rest, "TXID")
	if err != nil {
		return err
	}
	if _, err := ledger.ParseTxID(pos[0]); err != nil {
		return usagef("%v", err)
	}
	c, err := conn.client()
	if err != nil {
		return err
	}
	defer c.Close()
	st, err := c.TxStatus(ctx, pos[0])
	if err != nil {
		return err
	}
	printf(stdout, "%s %s\n", pos[0], st)
	return nil
}

func cmdInfo(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("info", flag.ContinueOnError)
	conn := addConnFlags(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	c, err := conn.client()
	if err != nil {
		return err
	}
	defer c.Close()
	var urls []string
	if conn.urls != "" {
		urls = strings.Split(conn.urls, ",")
	} else {
		f, err := relay.LoadSandboxFile(conn.sandbox)
		if err != nil {
			return err
		}
		for _, n := range f.Nodes {
			urls = append(urls, n.APIURL)
		}
	}
	var infos []any
	for _, u := range urls {
		ictx, cancel := context.WithTimeout(ctx, 3*time.Second)
		info, err := c.NodeInfo(ictx, u)
		cancel()
		if err != nil {
			infos = append(infos, map[string]string{"api_url": u, "error": err.Error()})
			continue
		}
		infos = append(infos, info)
	}
	return printJSON(stdout, infos)
}

func cmdReceipt(ctx context.Context, args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("receipt", args, "get", "verify")
	if err != nil {
		return err
	}
	if verb == "verify" {
		fs := flag.NewFlagSet("receipt verify", flag.ContinueOnError)
		certPath := fs.String("service-cert", "", "the network's service certificate (PEM)")
		endorsements := fs.String("endorsements", "", "for a receipt of an earlier service: the recovered service's endorsements (PEM bundle; coco recover endorsements)")
		an := addAnchoredFlags(fs) // transfer_anchor.go
		pos, err := parse(fs, rest, "FILE")
		if err != nil {
			return err
		}
		if *certPath == "" {
			return usagef("receipt verify: --service-cert is required")
		}
		svc, err := client.LoadCert(*certPath)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(pos[0])
		if err != nil {
			return err
		}
		ends, err := loadCertBundle(*endorsements) // recover.go
		if err != nil {
			return err
		}
		v, err := receipt.VerifyEndorsed(data, svc, ends)
		if err != nil {
			return err
		}
		printf(stdout, "%s\n", v.Summary())
		if an.anchored {
			return an.verify(ctx, v, *certPath, stdout)
		}
		return nil
	}
	fs := flag.NewFlagSet("receipt get", flag.ContinueOnError)
	conn := addConnFlags(fs)
	out := fs.String("o", "", "write the receipt to this file (default: standard output)")
	wait := fs.Duration("wait", 10*time.Second, "how long to wait for the transaction to be signed")
	pos, err := parse(fs, rest, "TXID")
	if err != nil {
		return err
	}
	if _, err := ledger.ParseTxID(pos[0]); err != nil {
		return usagef("%v", err)
	}
	c, err := conn.client()
	if err != nil {
		return err
	}
	defer c.Close()
	rctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	r, err := c.Receipt(rctx, pos[0])
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(r)
		return err
	}
	return os.WriteFile(*out, r, 0o644)
}

func cmdLedger(args []string, stdout io.Writer) error {
	_, rest, err := subcommand("ledger", args, "verify")
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("ledger verify", flag.ContinueOnError)
	platform := fs.String("platform", "virtual", "platform that sealed the node's state key (virtual or sgx); none: check the ledger files against their signatures only")
	pos, err := parse(fs, rest, "DIR")
	if err != nil {
		return err
	}
	dir, err := ledgerDir(pos[0])
	if err != nil {
		return err
	}
	var p enclave.Platform
	if *platform != "none" {
		kind, err := enclave.ParseKind(*platform)
		if err != nil {
			return usagef("--platform: %v", err)
		}
		if p, err = enclave.Open(kind, enclave.Options{}); err != nil {
			return err
		}
	}
	rep, err := ledger.VerifyDir(dir, p)
	var ve *ledger.VerifyError
	if errors.As(err, &ve) {
		return fmt.Errorf("ledger does not verify: first bad %v", err)
	}
	if err != nil {
		return err
	}
	printf(stdout, "ledger verified: %d transactions (%s to %s), %d signatures, %d views; last signature %s covers all but %d; root %s\n",
		rep.Transactions, rep.First, rep.Last, rep.Signatures, rep.Views, rep.LastSigned, rep.Unsigned, rep.Root)
	return nil
}

// ledgerDir checks that dir is a node's data directory.
func ledgerDir(dir string) (string, error) {
	if st, err := os.Stat(filepath.Join(dir, "ledger")); err != nil || !st.IsDir() {
		return "", fmt.Errorf("%s: not a node's data directory (no ledger/ in it)", dir)
	}
	return dir, nil
}
