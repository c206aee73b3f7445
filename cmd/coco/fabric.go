package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cocorelay/coco/connectors/fabric"
)

const fabricUsage = `coco fabric relay-key new --out FILE       a node's Fabric signing key, made and sealed by the platform; prints its identity
coco fabric relay-key identity --key FILE  the identity (as the chaincode's signer set names it) of a sealed relay key
coco fabric seal-key --key PEM --out FILE  seals a Fabric client identity's private key for coco.identity.sealed_key
coco fabric check --config FILE            connects, checks coco.bridge_id, prints the channel height and the signer set
coco fabric execute --config FILE --payout FILE
    executes one signed payout (JSON, see connectors/fabric/payoutfile.go) and prints the result
All take --platform virtual|sgx (default virtual: keys are NOT sealed) and --log-level.`

func cmdFabric(ctx context.Context, args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("fabric", args, "relay-key", "seal-key", "check", "execute", "help")
	if err != nil {
		return err
	}
	switch verb {
	case "relay-key":
		return fabricRelayKey(rest, stdout)
	case "seal-key":
		return fabricSealKey(rest)
	case "check":
		return fabricCheck(ctx, rest, stdout)
	case "execute":
		return fabricExecute(ctx, rest, stdout)
	}
	fmt.Fprintln(stdout, fabricUsage)
	return nil
}

func (f keyFlags) connector(cfg *fabric.Config) (*fabric.Connector, error) {
	p, err := f.open("Fabric")
	if err != nil {
		return nil, err
	}
	log, err := newLogger(os.Stderr, *f.level, "text")
	if err != nil {
		return nil, err
	}
	return fabric.New(cfg, fabric.Options{
		Platform: p,
		Logger:   log,
		AfterSubmit: func(_ context.Context, txID string) {
			log.Info("submitted", "tx", txID)
		},
	})
}

func fabricRelayKey(args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("fabric relay-key", args, "new", "identity")
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("fabric relay-key "+verb, flag.ContinueOnError)
	ff := addKeyFlags(fs)
	out := fs.String("out", "", "sealed key file to write (new)")
	in := fs.String("key", "", "sealed key file (identity)")
	if _, err := parse(fs, rest); err != nil {
		return err
	}
	p, err := ff.open("Fabric")
	if err != nil {
		return err
	}
	var k *fabric.RelayKey
	if verb == "new" {
		if *out == "" {
			return usagef("fabric relay-key new: --out is required")
		}
		k, err = fabric.NewRelayKey(p, *out)
	} else {
		if *in == "" {
			return usagef("fabric relay-key identity: --key is required")
		}
		k, err = fabric.LoadRelayKey(p, *in)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, k.Identity())
	return nil
}

func fabricSealKey(args []string) error {
	fs := flag.NewFlagSet("fabric seal-key", flag.ContinueOnError)
	ff := addKeyFlags(fs)
	key := fs.String("key", "", "PEM private key of a Fabric client identity")
	out := fs.String("out", "", "sealed file to write")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *key == "" || *out == "" {
		return usagef("fabric seal-key: --key and --out are required")
	}
	p, err := ff.open("Fabric")
	if err != nil {
		return err
	}
	if err := fabric.SealClientKey(p, *key, *out); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "coco: sealed %s into %s; the PEM file is no longer needed by Coco\n", *key, *out)
	return nil
}

func fabricCheck(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fabric check", flag.ContinueOnError)
	ff := addKeyFlags(fs)
	path := fs.String("config", "", "connector config file")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return usagef("fabric check: --config is required")
	}
	cfg, err := fabric.ReadConfig(*path)
	if err != nil {
		return err
	}
	// A new deployment's id is learnt here: connect with a placeholder
	// and report what the chaincode holds.
	unset := cfg.Coco.BridgeID == ""
	if unset {
		cfg.Coco.BridgeID = strings.Repeat("0", 64)
	}
	c, err := ff.connector(cfg)
	if err != nil {
		return fmt.Errorf("%s:\n%w", *path, err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	bridge, err := c.LedgerBridgeID(ctx)
	if err != nil {
		return err
	}
	if unset {
		return fmt.Errorf("%s: coco.bridge_id is not set; the chaincode's is %s", *path, bridge)
	}
	if err := c.Verify(ctx); err != nil {
		return err
	}
	height, err := c.Height(ctx)
	if err != nil {
		return err
	}
	signers, err := c.Signers(ctx)
	if err != nil {
		return err
	}
	return printJSON(stdout, map[string]any{"ledger": c.Name(), "channel": c.Domain().Channel,
		"chaincode": c.Domain().Chaincode, "bridge_id": bridge, "height": height,
		"signers": map[string]any{"set": signers.Set, "threshold": signers.Threshold, "nonce": signers.Nonce}})
}

func fabricExecute(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fabric execute", flag.ContinueOnError)
	ff := addKeyFlags(fs)
	path := fs.String("config", "", "connector config file")
	payout := fs.String("payout", "", "signed payout (JSON)")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *path == "" || *payout == "" {
		return usagef("fabric execute: --config and --payout are required")
	}
	b, err := os.ReadFile(*payout)
	if err != nil {
		return err
	}
	var sp fabric.SignedPayout
	if err := json.Unmarshal(b, &sp); err != nil {
		return fmt.Errorf("%s: %w", *payout, err)
	}
	p, sigs, err := sp.Parse()
	if err != nil {
		return fmt.Errorf("%s: %w", *payout, err)
	}
	cfg, err := fabric.LoadConfig(*path)
	if err != nil {
		return err
	}
	c, err := ff.connector(cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	ectx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, err := c.Execute(ectx, p, sigs)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(map[string]any{"tx_hash": res.TxHash, "height": res.Height})
}
