package main

import (
	"context"
	"flag"
	"io"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/connectors/fabric"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/relay"
)

// anchoredFlags: `coco receipt verify FILE --anchored --chain-kind K
// --chain-config F` also checks the receipt against the newest anchor on
// that chain, read from the chain itself.
type anchoredFlags struct {
	anchored bool
	kind     string
	config   string
	keys     keyFlags
	conn     connFlags // its service certificate is receipt verify's
}

func addAnchoredFlags(fs *flag.FlagSet) *anchoredFlags {
	f := &anchoredFlags{}
	fs.BoolVar(&f.anchored, "anchored", false, "also check the receipt against the newest anchor on a chain (needs --chain-kind, --chain-config and the network)")
	fs.StringVar(&f.kind, "chain-kind", "ethereum", "the anchoring chain's kind: ethereum or fabric (with --anchored)")
	fs.StringVar(&f.config, "chain-config", "", "the chain's connector config file (with --anchored)")
	f.keys = addKeyFlags(fs)
	fs.StringVar(&f.conn.sandbox, "sandbox", "sandbox", "with --anchored: the sandbox to fetch the inclusion proof from")
	fs.StringVar(&f.conn.urls, "url", "", "with --anchored: node API URLs, comma separated (instead of --sandbox)")
	fs.StringVar(&f.conn.key, "key", "", "with --anchored and --url: your private key file")
	return f
}

func (f *anchoredFlags) verify(ctx context.Context, v *receipt.Verified, serviceCert string, stdout io.Writer) error {
	f.conn.serviceCert = serviceCert
	if f.config == "" {
		return usagef("receipt verify --anchored: --chain-config is required")
	}
	var chain connectors.Connector
	switch f.kind {
	case "ethereum":
		cfg, err := ethereum.LoadConfig(f.config)
		if err != nil {
			return err
		}
		deps, err := f.keys.deps()
		if err != nil {
			return err
		}
		c, err := ethereum.New(*cfg, deps)
		if err != nil {
			return err
		}
		chain = c
	case "fabric":
		cfg, err := fabric.LoadConfig(f.config)
		if err != nil {
			return err
		}
		c, err := f.keys.connector(cfg)
		if err != nil {
			return err
		}
		chain = c
	default:
		return usagef("--chain-kind: %q: want ethereum or fabric", f.kind)
	}
	defer chain.Close()
	c, err := f.conn.client()
	if err != nil {
		return err
	}
	defer c.Close()
	a, err := relay.AnchoredBy(ctx, v, chain, c.Get)
	if err != nil {
		return err
	}
	printf(stdout, "anchored on %s: under the root %x of the first %d transactions, anchored at %s\n", chain.Name(), a.Root, a.Seqno-1, a.Time.UTC().Format("2006-01-02T15:04:05Z"))
	return nil
}
