package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cocorelay/coco/relay"
)

// cmdRecover: coco recover --config FILE --from OLD_DATA_DIR starts the
// first node of a network recovered from a lost one's ledger files
// (configs/recovery.md); coco recover status|endorsements read where it
// stands.
func cmdRecover(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "status" || args[0] == "endorsements") {
		return recoverRead(ctx, args[0], args[1:], stdout)
	}
	fs := flag.NewFlagSet("recover", flag.ContinueOnError)
	path := fs.String("config", "", "the new node's configuration file (YAML; its data_dir must be empty)")
	from := fs.String("from", "", "a copy of an old node's data directory (its ledger/ files, from seqno 1)")
	pin := fs.String("previous-service-cert", "", "the lost network's service certificate (PEM): refuse ledger files of any other service")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *path == "" || *from == "" {
		return usagef("recover: --config and --from are required")
	}
	var opts relay.RecoveryOptions
	if *pin != "" {
		var err error
		if opts.PreviousServiceCert, err = loadCert(*pin); err != nil {
			return fmt.Errorf("--previous-service-cert: %w", err)
		}
	}
	cfg, err := relay.LoadConfig(*path)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.Log.Level, cfg.Log.Format)
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg.DataDir + "/node.json"); err != nil {
		plan, err := relay.PrepareRecovery(*cfg, *from, opts, log)
		if err != nil {
			return err
		}
		printf(stdout, "recovering from %s through seqno %d as node %d; members: coco gov share submit --url %s --service-cert %s/service_cert.pem\n",
			plan.From, plan.Through, plan.NodeID, cfg.Public.APIURL, cfg.DataDir)
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

func recoverRead(ctx context.Context, verb string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("recover "+verb, flag.ContinueOnError)
	conn := addConnFlags(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	c, err := conn.client()
	if err != nil {
		return err
	}
	defer c.Close()
	if verb == "status" {
		var st relay.RecoveryStatus
		if err := c.Get(ctx, "/v1/recovery", &st); err != nil {
			return err
		}
		printf(stdout, "recovery: %s (%d of %d shares submitted; ledger secret %d; imported through %d, restored through %d)\n",
			st.State, st.Submitted, st.Threshold, st.SecretVersion, st.ImportedThrough, st.RestoredThrough)
		return nil
	}
	var ends struct {
		Endorsements []string `json:"endorsements"`
	}
	if err := c.Get(ctx, "/v1/service/endorsements", &ends); err != nil {
		return err
	}
	for _, e := range ends.Endorsements {
		printf(stdout, "%s", e)
	}
	return nil
}

// loadCertBundle reads every certificate of a PEM file ("" reads none).
func loadCertBundle(path string) ([]*x509.Certificate, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("%s: a %s block where certificates are expected", path, block.Type)
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no certificate", path)
	}
	return out, nil
}
