package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cocorelay/coco/connectors/ethereum"
)

const ethereumUsage = `coco ethereum deploy --config FILE --signers ADDR,ADDR,... [--threshold K]
                     [--wrapped NAME:SYMBOL[:DECIMALS] --mint-limit N --burn-limit N]... [--test-token] [--owner ADDR]
    deploys RelaySigners, BridgeVault, Anchor (and wrapped tokens, and a test token) with the config's
    account and chain, and prints the config's contracts section and start_block
coco ethereum key new --out FILE         a node's Ethereum key, made and sealed by the platform; prints its address
coco ethereum key address --key FILE     the address of a sealed key
coco ethereum execute --config FILE --payout FILE
    executes one signed payout (JSON, see connectors/ethereum/payoutfile.go) and prints the result
All take --platform virtual|sgx (default virtual: keys are NOT sealed) and --log-level.`

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func cmdEthereum(ctx context.Context, args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("ethereum", args, "deploy", "key", "execute", "help")
	if err != nil {
		return err
	}
	switch verb {
	case "deploy":
		return ethereumDeploy(ctx, rest, stdout)
	case "key":
		return ethereumKey(rest, stdout)
	case "execute":
		return ethereumExecute(ctx, rest, stdout)
	}
	fmt.Fprintln(stdout, ethereumUsage)
	return nil
}

func (f keyFlags) deps() (ethereum.Deps, error) {
	p, err := f.open("Ethereum")
	if err != nil {
		return ethereum.Deps{}, err
	}
	log, err := newLogger(os.Stderr, *f.level, "text")
	if err != nil {
		return ethereum.Deps{}, err
	}
	return ethereum.Deps{Platform: p, Logger: log}, nil
}

func ethereumDeploy(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("ethereum deploy", flag.ContinueOnError)
	cf := addKeyFlags(fs)
	path := fs.String("config", "", "connector config file (its contracts section is ignored)")
	signers := fs.String("signers", "", "comma-separated addresses of the relay nodes' keys (coco ethereum key new)")
	threshold := fs.Int("threshold", 0, "signatures needed (default: a majority of --signers)")
	var wrapped listFlag
	fs.Var(&wrapped, "wrapped", "a wrapped token to create, NAME:SYMBOL[:DECIMALS] (decimals default 18); repeatable")
	mintLimit := fs.String("mint-limit", "", "the vault's daily mint limit on each wrapped token, in its smallest unit")
	burnLimit := fs.String("burn-limit", "", "the vault's daily burn limit on each wrapped token, in its smallest unit")
	testToken := fs.Bool("test-token", false, "also deploy a test token anyone can mint (only with dev: true in the config)")
	owner := fs.String("owner", "", "owner of the wrapped tokens, who alone changes their mint and burn limits: an account the consortium controls apart from the relay (a multisig); required with --wrapped except with dev: true in the config (development chains 1337 and 31337 only), where it defaults to the deploying account")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *path == "" || *signers == "" {
		return usagef("ethereum deploy: --config and --signers are required")
	}
	opts := ethereum.DeployOptions{TestToken: *testToken}
	for _, s := range strings.Split(*signers, ",") {
		s = strings.TrimSpace(s)
		if !common.IsHexAddress(s) {
			return usagef("ethereum deploy: --signers: %q is not an address", s)
		}
		opts.Signers = append(opts.Signers, common.HexToAddress(s))
	}
	opts.Threshold = *threshold
	if opts.Threshold == 0 {
		opts.Threshold = len(opts.Signers)/2 + 1
	}
	if *owner != "" {
		if !common.IsHexAddress(*owner) {
			return usagef("ethereum deploy: --owner: %q is not an address", *owner)
		}
		opts.Owner = common.HexToAddress(*owner)
	}
	for _, w := range wrapped {
		spec, err := parseWrapped(w, *mintLimit, *burnLimit)
		if err != nil {
			return err
		}
		opts.Wrapped = append(opts.Wrapped, spec)
	}
	cfg, err := ethereum.ReadConfig(*path)
	if err != nil {
		return err
	}
	deps, err := cf.deps()
	if err != nil {
		return err
	}
	dctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	d, err := ethereum.Deploy(dctx, *cfg, deps, opts)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, d.YAML())
	return nil
}

func parseWrapped(spec, mint, burn string) (ethereum.WrappedSpec, error) {
	parts := strings.Split(spec, ":")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return ethereum.WrappedSpec{}, usagef("ethereum deploy: --wrapped %q: want NAME:SYMBOL[:DECIMALS]", spec)
	}
	w := ethereum.WrappedSpec{Name: parts[0], Symbol: parts[1], Decimals: 18}
	if len(parts) == 3 {
		d, err := strconv.ParseUint(parts[2], 10, 8)
		if err != nil {
			return w, usagef("ethereum deploy: --wrapped %q: decimals %q", spec, parts[2])
		}
		w.Decimals = uint8(d)
	}
	var ok bool
	if w.MintLimit, ok = new(big.Int).SetString(mint, 10); !ok || w.MintLimit.Sign() < 0 {
		return w, usagef("ethereum deploy: --mint-limit %q: want a non-negative integer (required with --wrapped)", mint)
	}
	if w.BurnLimit, ok = new(big.Int).SetString(burn, 10); !ok || w.BurnLimit.Sign() < 0 {
		return w, usagef("ethereum deploy: --burn-limit %q: want a non-negative integer (required with --wrapped)", burn)
	}
	return w, nil
}

func ethereumKey(args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("ethereum key", args, "new", "address")
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("ethereum key "+verb, flag.ContinueOnError)
	cf := addKeyFlags(fs)
	out := fs.String("out", "", "file to write the sealed key to (new)")
	in := fs.String("key", "", "sealed key file (address)")
	if _, err := parse(fs, rest); err != nil {
		return err
	}
	p, err := cf.open("Ethereum")
	if err != nil {
		return err
	}
	var k *ethereum.Key
	switch verb {
	case "new":
		if *out == "" {
			return usagef("ethereum key new: --out is required")
		}
		k, err = ethereum.NewKey(p, *out)
	default:
		if *in == "" {
			return usagef("ethereum key address: --key is required")
		}
		k, err = ethereum.LoadKey(p, *in)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, k.Address().Hex())
	return nil
}

func ethereumExecute(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("ethereum execute", flag.ContinueOnError)
	cf := addKeyFlags(fs)
	path := fs.String("config", "", "connector config file")
	payout := fs.String("payout", "", "signed payout (JSON)")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long (the transaction stays in the journal)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *path == "" || *payout == "" {
		return usagef("ethereum execute: --config and --payout are required")
	}
	cfg, err := ethereum.LoadConfig(*path)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(*payout)
	if err != nil {
		return err
	}
	var sp ethereum.SignedPayout
	if err := json.Unmarshal(b, &sp); err != nil {
		return fmt.Errorf("%s: %w", *payout, err)
	}
	p, sigs, err := sp.Parse()
	if err != nil {
		return fmt.Errorf("%s: %w", *payout, err)
	}
	deps, err := cf.deps()
	if err != nil {
		return err
	}
	conn, err := ethereum.New(*cfg, deps)
	if err != nil {
		return err
	}
	defer conn.Close()
	ectx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, err := conn.Execute(ectx, p, sigs)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(map[string]any{"tx_hash": res.TxHash, "height": res.Height})
}
