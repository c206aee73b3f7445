package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/relay"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// coco recover and coco gov share submit, as an operator and the members
// run them: a sandbox with two members is lost but for node1's ledger
// files; a new node recovers it and the members' shares open it.
func TestRecoverAndShareSubmitCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("four nodes")
	}
	dir := t.TempDir()
	ctx := t.Context()
	s, err := relay.StartSandbox(ctx, relay.SandboxOptions{Dir: dir, Members: 2, Tune: func(c *relay.Config) {
		c.Raft.RTT, c.Raft.ElectionRTT, c.Raft.HeartbeatRTT = 20*time.Millisecond, 10, 2
		c.Ledger.SignatureInterval = 20 * time.Millisecond
	}})
	if err != nil {
		t.Fatal(err)
	}
	sb := []string{"--sandbox", dir}
	var out bytes.Buffer
	for _, args := range [][]string{
		{"native", "asset", "create", "USD", "--decimals", "2"},
		{"native", "account", "create", "okapi"},
		{"native", "mint", "USD", "okapi", "31337"},
	} {
		if err := run(ctx, append(args, sb...), &out, &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
	}
	// Recovery takes what is signed: wait for the last signature.
	for end := time.Now().Add(10 * time.Second); ; {
		l, err := s.Leader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c := l.Store().Committed(); c.ID == c.LastSignature {
			break
		}
		if time.Now().After(end) {
			t.Fatal("the ledger did not settle")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A member kept the old service certificate.
	oldSvc := filepath.Join(dir, "old_service_cert.pem")
	if err := os.WriteFile(oldSvc, enclave.EncodeCertPEM(s.Nodes[0].ServiceCert().Raw), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	f, err := relay.LoadSandboxFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := relay.LoadConfig(filepath.Join(dir, "node1", "node.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	api, raft, p2p := freeAddr(t), freeAddr(t), freeAddr(t)
	_, p2pPort, _ := net.SplitHostPort(p2p)
	cfg.DataDir = filepath.Join(dir, "node1", "recovered")
	cfg.Listen = relay.Listen{API: api, Raft: raft, P2P: []string{"/ip4/127.0.0.1/tcp/" + p2pPort}}
	cfg.Public = relay.Public{APIURL: "https://" + api, RaftAddress: raft}
	b, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "node1", "recover.yaml")
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		t.Fatal(err)
	}

	rctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var nodeOut bytes.Buffer
	go func() {
		done <- run(rctx, []string{"recover", "--config", cfgPath, "--from", filepath.Join(dir, "node1", "data")}, &nodeOut, &bytes.Buffer{})
	}()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("coco recover: %v", err)
		}
	})
	svc := filepath.Join(cfg.DataDir, "service_cert.pem")
	conn := []string{"--url", cfg.Public.APIURL, "--service-cert", svc, "--key", filepath.Join(dir, f.User.Key)}
	deadline := time.Now().Add(60 * time.Second)
	for {
		out.Reset()
		err := run(ctx, append([]string{"recover", "status"}, conn...), &out, &out)
		if err == nil && strings.Contains(out.String(), "awaiting_shares") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the recovered node did not come up: %v %s", err, out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := run(ctx, append([]string{"native", "balance", "okapi"}, conn...), &out, &out); err == nil {
		t.Fatal("a private balance is readable before the shares")
	}
	for i, m := range f.Members {
		out.Reset()
		args := []string{"gov", "share", "submit", "--url", cfg.Public.APIURL, "--service-cert", svc,
			"--member-key", filepath.Join(dir, m.Key), "--encryption-key", filepath.Join(dir, m.EncryptionSecret)}
		if i == 0 {
			// The member checks the node policy the old ledger proves
			// under the old service certificate it kept, or overrides
			// the check explicitly.
			if err := run(ctx, args, &out, &out); err == nil || !strings.Contains(err.Error(), "--previous-service-cert") || !strings.Contains(err.Error(), "--allow-virtual") {
				t.Fatalf("a share sent to a node whose policy is unchecked: %v", err)
			}
			if err := run(ctx, append(args, "--previous-service-cert", svc), &out, &out); !errors.Is(err, relay.ErrPolicyUnproven) {
				t.Fatalf("a share checked against the wrong previous service: %v", err)
			}
			args = append(args, "--previous-service-cert", oldSvc)
		} else {
			args = append(args, "--allow-virtual") // development override
		}
		if err := run(ctx, args, &out, &out); err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
		want := []string{"awaiting_shares", "open"}[i]
		if !strings.Contains(out.String(), want) {
			t.Fatalf("member %d's share: %s, want %s", i, out.String(), want)
		}
	}
	out.Reset()
	if err := run(ctx, append([]string{"native", "balance", "okapi"}, conn...), &out, &out); err != nil || !strings.Contains(out.String(), "313.37") && !strings.Contains(out.String(), "31337") {
		t.Fatalf("balance after recovery: %v %s", err, out.String())
	}
}
