package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/relay"
	"github.com/cocorelay/coco/relay/signing"
)

// cmdGovShare: coco gov share submit fetches the member's recovery share
// from a network being recovered, opens it with the member's encryption
// key (locally: the key never leaves this machine) and submits it, signed
// with the member's key.
func cmdGovShare(ctx context.Context, args []string, stdout io.Writer) error {
	_, rest, err := subcommand("gov share", args, "submit")
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("gov share submit", flag.ContinueOnError)
	conn := addConnFlags(fs)
	as := fs.String("as", "", "sandbox member to act as (default: the first)")
	keyPath := fs.String("member-key", "", "your member private key (with --url; default: the sandbox's)")
	encPath := fs.String("encryption-key", "", "your member encryption private key, PEM (with --url; default: the sandbox's)")
	prevPath := fs.String("previous-service-cert", "", "the service certificate of the network being recovered, PEM, as you kept it: the node must prove the recovered constitution's node policy under it")
	allowVirtual := fs.Bool("allow-virtual", false, "development only: without --previous-service-cert, trust the node policy the recovering node states (it could lie), virtual nodes included (implied with --sandbox)")
	if _, err := parse(fs, rest); err != nil {
		return err
	}
	c, svc, err := govClient(conn)
	if err != nil {
		return err
	}
	defer c.Close()
	key, err := memberKey(conn, *as, *keyPath)
	if err != nil {
		return err
	}
	if *encPath == "" {
		if conn.urls != "" {
			return usagef("--encryption-key: needed with --url")
		}
		f, err := relay.LoadSandboxFile(conn.sandbox)
		if err != nil {
			return err
		}
		cred := f.Member
		if *as != "" {
			if cred, err = f.MemberNamed(*as); err != nil {
				return err
			}
		}
		*encPath = filepath.Join(conn.sandbox, cred.EncryptionSecret)
	}
	encPEM, err := os.ReadFile(*encPath)
	if err != nil {
		return fmt.Errorf("--encryption-key: %w", err)
	}
	enc, err := enclave.ParsePrivateKeyPEM(encPEM)
	if err != nil {
		return fmt.Errorf("--encryption-key: %w", err)
	}
	memberID, err := enclave.KeyID(key.Public())
	if err != nil {
		return err
	}
	var sealed struct {
		EncryptedShare []byte `json:"encrypted_share"`
	}
	if err := c.Get(ctx, "/v1/recovery/shares/"+memberID, &sealed); err != nil {
		return err
	}
	share, err := enclave.OpenWith(enc, governance.ShareInfo, sealed.EncryptedShare)
	if err != nil {
		return fmt.Errorf("open the recovery share (is this member %s's encryption key?): %w", memberID, err)
	}
	// The share goes only to a node whose evidence the recovered
	// constitution accepts, sealed to the key that evidence attests.
	opts := relay.ShareOptions{TrustStatedPolicy: *allowVirtual || conn.urls == ""}
	if *prevPath != "" {
		if opts.PreviousService, err = loadCert(*prevPath); err != nil {
			clear(share)
			return fmt.Errorf("--previous-service-cert: %w", err)
		}
	}
	payload, err := relay.ShareSubmission(ctx, c, share, opts)
	clear(share)
	if err != nil {
		return err
	}
	signed, err := governance.Sign(key, memberID, signing.ServiceID(svc), relay.MsgRecoveryShare, "", time.Now(), payload)
	if err != nil {
		return err
	}
	resp, err := c.Do(ctx, "POST", "/v1/recovery/shares", signed, "")
	if err != nil {
		return err
	}
	var st relay.RecoveryStatus
	if err := json.Unmarshal(resp.Body, &st); err != nil {
		return err
	}
	printf(stdout, "share of member %s accepted: recovery %s (%d of %d shares)\n", memberID, st.State, st.Submitted, st.Threshold)
	return nil
}

// loadCert reads a PEM certificate.
func loadCert(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return enclave.ParseCertPEM(b)
}
