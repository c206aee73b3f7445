package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/relay"
	"github.com/cocorelay/coco/relay/client"
)

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("log level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}

func cmdSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "deposit" || args[0] == "approve" || args[0] == "balances") {
		return cmdSandboxChain(ctx, args[0], args[1:], stdout) // sandbox_chains.go
	}
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	dir := fs.String("dir", "sandbox", "directory of the sandbox's data and credentials")
	level := fs.String("log-level", "warn", "log level: debug, info, warn, error")
	gethPath := fs.String("geth", "", "geth binary for the sandbox's Ethereum chain (default: $COCO_GETH, geth on PATH, or one itest/geth/build.sh built)")
	noChains := fs.Bool("no-chains", false, "run only the nodes and the native ledger, no Ethereum chain")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log, err := newLogger(stderr, *level, "text")
	if err != nil {
		return err
	}
	sctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	opts := relay.SandboxOptions{Dir: *dir, Logger: log}
	var chain *sandboxChain
	var chainHint string
	if !*noChains {
		bin, err := ethereum.FindGeth(*gethPath)
		switch {
		case errors.Is(err, ethereum.ErrNoGeth):
			chainHint = "No Ethereum chain: no geth found. Build one with itest/geth/build.sh (or pass --geth PATH) to try cross-chain transfers; --no-chains hides this."
		case err != nil:
			return err
		default:
			if chain, err = startSandboxChain(sctx, *dir, bin, stderr); err != nil {
				return err
			}
			defer func() {
				if chain != nil {
					chain.Close()
				}
			}()
			opts.Connectors = chain.connectors
		}
	}
	_, err = relay.LoadSandboxFile(*dir)
	fresh := errors.Is(err, os.ErrNotExist)
	s, err := relay.StartSandbox(sctx, opts)
	if err != nil {
		return err
	}
	if chain != nil {
		if err := chain.govern(sctx, s, fresh); err != nil {
			s.Shutdown(context.Background())
			return err
		}
		s.Hints = chain.hints(*dir)
	} else if chainHint != "" {
		s.Hints = []string{chainHint}
	}
	s.PrintUsage(stdout)
	<-ctx.Done()
	fmt.Fprintln(stdout, "\nstopping the sandbox...")
	shut, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.Shutdown(shut); err != nil {
		return err
	}
	if chain != nil {
		if err := chain.Close(); err != nil {
			return err
		}
		chain = nil
	}
	fmt.Fprintln(stdout, "stopped; its data is in", s.Dir)
	return nil
}

func cmdNode(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("node", flag.ContinueOnError)
	path := fs.String("config", "", "node configuration file (YAML; see configs/node.example.yaml)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return usagef("node: --config is required")
	}
	cfg, err := relay.LoadConfig(*path)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.Log.Level, cfg.Log.Format)
	if err != nil {
		return err
	}
	sctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	n, err := relay.Start(sctx, *cfg, log)
	if err != nil {
		return err
	}
	<-ctx.Done()
	log.Info("shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return n.Shutdown(shut)
}

func cmdKeys(args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("keys", args, "new", "id")
	if err != nil {
		return err
	}
	if verb == "id" {
		return cmdKeyID(rest, stdout)
	}
	fs := flag.NewFlagSet("keys new", flag.ContinueOnError)
	name := fs.String("name", "", "name of the member or user")
	out := fs.String("out", ".", "directory to write the files to")
	member := fs.Bool("member", false, "also make an encryption key pair (members receive recovery shares with it)")
	alg := fs.String("alg", client.Ed25519, "signing key algorithm: ed25519, p256 or p384")
	if _, err := parse(fs, rest); err != nil {
		return err
	}
	if *name == "" {
		return usagef("keys new: --name is required")
	}
	id, err := client.NewIdentity(*out, *name, *member, *alg)
	if err != nil {
		return err
	}
	printf(stdout, "certificate: %s\nprivate key: %s\n", id.Cert, id.Key)
	if k, err := client.LoadKey(id.Key); err == nil {
		if kid, err := enclave.KeyID(k.Public()); err == nil {
			printf(stdout, "id: %s\n", kid)
		}
	}
	if *member {
		printf(stdout, "encryption public key: %s\nencryption private key: %s\n", id.EncryptionKey, id.EncryptionSecret)
	}
	return nil
}

// cmdKeyID prints the id of a key: how the network names its member or
// user, and what a holder names in an allowance for the bridge.
func cmdKeyID(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("keys id", flag.ContinueOnError)
	keyFile := fs.String("key", "", "private key (PEM), as coco keys new wrote it")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *keyFile == "" {
		return usagef("keys id: --key is required")
	}
	k, err := client.LoadKey(*keyFile)
	if err != nil {
		return err
	}
	id, err := enclave.KeyID(k.Public())
	if err != nil {
		return err
	}
	printf(stdout, "%s\n", id)
	return nil
}

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	verb, rest, err := subcommand("bench", args, "native", "transfers")
	if err != nil {
		return err
	}
	if verb == "transfers" {
		return cmdBenchTransfers(ctx, rest, stdout, stderr) // transfer_bench.go
	}
	fs := flag.NewFlagSet("bench native", flag.ContinueOnError)
	sandbox := fs.String("sandbox", "", "sandbox to drive (default: start one in a temporary directory)")
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 20*time.Second, "measured duration")
	accounts := fs.Int("accounts", 1000, "accounts to transfer between")
	if _, err := parse(fs, rest); err != nil {
		return err
	}
	dir := *sandbox
	if dir == "" {
		tmp, err := os.MkdirTemp("", "coco-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "sandbox")
		fmt.Fprintf(stderr, "starting a 3-node sandbox in %s\n", dir)
		sctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		s, err := relay.StartSandbox(sctx, relay.SandboxOptions{Dir: dir, Logger: slog.New(slog.DiscardHandler)})
		cancel()
		if err != nil {
			return err
		}
		defer s.Shutdown(context.Background())
	}
	c, err := relay.SandboxClient(dir)
	if err != nil {
		return err
	}
	defer c.Close()
	res, err := relay.BenchNative(ctx, c, relay.BenchOptions{Clients: *clients, Duration: *duration, Accounts: *accounts},
		func(s string) { fmt.Fprintln(stderr, s) })
	if err != nil {
		return err
	}
	if res.Errors > 0 {
		fmt.Fprintf(stderr, "%d transfers failed\n", res.Errors)
	}
	fmt.Fprintln(stdout, res.Line())
	return nil
}
