package itest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startSandbox runs `coco sandbox --dir dir [args]` and waits for its usage
// text.
func startSandbox(t *testing.T, dir string, args ...string) (*exec.Cmd, *os.File) {
	t.Helper()
	out, err := os.Create(filepath.Join(t.TempDir(), "sandbox.out"))
	if err != nil {
		t.Fatal(err)
	}
	c := exec.Command(coco, append([]string{"sandbox", "--dir", dir}, args...)...)
	c.Stdout, c.Stderr = out, out
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c.ProcessState == nil {
			c.Process.Kill()
			c.Wait()
		}
	})
	deadline := time.Now().Add(3 * time.Minute)
	for {
		b, _ := os.ReadFile(out.Name())
		if strings.Contains(string(b), "Press Ctrl-C") {
			return c, out
		}
		if time.Now().After(deadline) || c.ProcessState != nil {
			t.Fatalf("sandbox did not start:\n%s", b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func interrupt(t *testing.T, c *exec.Cmd) {
	t.Helper()
	c.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("sandbox exited with %v after Ctrl-C", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("sandbox did not stop after Ctrl-C")
	}
}

// The sandbox starts three nodes, says how to use them and that they are
// insecure, serves the CLI, stops cleanly on Ctrl-C and resumes its data.
func TestSandboxCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a sandbox process")
	}
	dir := filepath.Join(t.TempDir(), "sb")
	c, out := startSandbox(t, dir, "--no-chains") // TestSandboxChains runs the chain
	b, _ := os.ReadFile(out.Name())
	for _, want := range []string{"3 nodes", "virtual platform", "sandbox.json", "coco native transfer"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("sandbox output lacks %q:\n%s", want, b)
		}
	}
	var f struct {
		ServiceCert string `json:"service_cert"`
		Nodes       []struct {
			APIURL string `json:"api_url"`
		} `json:"nodes"`
		Member, User struct{ Cert, Key string }
	}
	raw, err := os.ReadFile(filepath.Join(dir, "sandbox.json"))
	if err != nil || json.Unmarshal(raw, &f) != nil || len(f.Nodes) != 3 || f.Member.Key == "" || f.User.Key == "" {
		t.Fatalf("sandbox.json: %v\n%s", err, raw)
	}
	sb := []string{"--sandbox", dir}
	run := func(args ...string) string { return mustCmd(t, append(args, sb...)...) }
	run("native", "asset", "create", "USD", "--decimals", "2")
	run("native", "account", "create", "alice")
	run("native", "account", "create", "bob")
	run("native", "mint", "USD", "alice", "1000")
	outT := run("native", "transfer", "USD", "alice", "bob", "250", "--memo", "rent")
	txid := regexp.MustCompile(`transaction (\d+\.\d+)`).FindStringSubmatch(outT)
	if txid == nil {
		t.Fatalf("transfer output: %s", outT)
	}
	if got := run("tx", "status", txid[1]); !strings.Contains(got, "committed") {
		t.Fatalf("status: %s", got)
	}
	rpath := filepath.Join(t.TempDir(), "r.json")
	run("receipt", "get", txid[1], "-o", rpath)
	if v := mustCmd(t, "receipt", "verify", rpath, "--service-cert", filepath.Join(dir, f.ServiceCert)); !strings.Contains(v, "receipt valid") {
		t.Fatalf("verify: %s", v)
	}
	// Bad input on the command line is a usage error naming what is wrong.
	if o, err := cmd(t, append([]string{"native", "transfer", "USD", "alice", "bob", "-3"}, sb...)...); err == nil || !strings.Contains(o, "amount") {
		t.Fatalf("negative amount: %v %s", err, o)
	}
	interrupt(t, c)

	// Same directory: same network, same data.
	c, _ = startSandbox(t, dir, "--no-chains")
	if got := run("native", "balance", "bob"); !strings.Contains(got, `"USD": "250"`) {
		t.Fatalf("after restart bob holds: %s", got)
	}
	info := run("info")
	if strings.Count(info, `"platform": "virtual"`) != 3 || !strings.Contains(info, `"allow_virtual_nodes": true`) {
		t.Fatalf("info: %s", info)
	}
	interrupt(t, c)
}

// With geth, the sandbox runs a geth --dev chain with the bridge deployed
// and registered: native USD moves to Ethereum and back, a test token
// from Ethereum to the native ledger, all with the sandbox's commands;
// a restart resumes the same chain.
func TestSandboxChains(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a sandbox process and geth")
	}
	bin := gethBinary(t)
	dir := filepath.Join(t.TempDir(), "sb")
	c, out := startSandbox(t, dir, "--geth", bin)
	b, _ := os.ReadFile(out.Name())
	for _, want := range []string{"coco transfer create --from coco:alice --asset USD --to ethereum:", "coco sandbox deposit", "geth --dev"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("sandbox output lacks %q:\n%s", want, b)
		}
	}
	var chain struct {
		Contracts struct{ Vault string }
		Dev       string `json:"dev"`
		TestToken string `json:"test_token"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "ethereum", "chain.json"))
	if err != nil || json.Unmarshal(raw, &chain) != nil || chain.Dev == "" || chain.Contracts.Vault == "" {
		t.Fatalf("ethereum/chain.json: %v\n%s", err, raw)
	}
	sb := []string{"--sandbox", dir}
	run := func(args ...string) string { return mustCmd(t, append(args, sb...)...) }
	run("native", "asset", "create", "USD", "--decimals", "2")
	run("native", "account", "create", "alice")
	run("native", "account", "create", "bob")
	run("native", "mint", "USD", "alice", "1000")
	toEth := func(amount string) {
		t.Helper()
		out := run("transfer", "create", "--from", "coco:alice", "--asset", "USD", "--to", "ethereum:"+chain.Dev, amount, "--wait", "3m")
		var tr struct {
			State string `json:"state"`
		}
		if err := json.Unmarshal([]byte(out), &tr); err != nil || tr.State != "completed" {
			t.Fatalf("native → Ethereum: %v\n%s", err, out)
		}
	}
	wantEth := func(want string) {
		t.Helper()
		if got := run("sandbox", "balances"); !strings.Contains(got, want) {
			t.Fatalf("on Ethereum: %s, want %s", got, want)
		}
	}
	wantNative := func(account, want string) {
		t.Helper()
		waitUntil(t, 2*time.Minute, account+" holds "+want, func() (bool, string) {
			got := run("native", "balance", account)
			return strings.Contains(got, want), got
		})
	}
	toEth("100")
	wantEth("wUSD: 100")
	wantNative("alice", `"USD": "900"`)

	// Ethereum → native: a lock of the test token, a burn of wUSD.
	run("sandbox", "deposit", "--asset", "CTT", "--to", "coco:bob", "5000")
	run("sandbox", "deposit", "--asset", "wUSD", "--to", "coco:bob", "40")
	wantNative("bob", `"wCTT": "5000"`)
	wantNative("bob", `"USD": "40"`)
	wantEth("wUSD: 60")

	// The sandbox's user moves the dev account's CTT, through the
	// allowance the account gave the bridge for that user.
	if out := run("sandbox", "approve", "--asset", "CTT", "300"); !strings.Contains(out, "coco transfer create --from ethereum:") {
		t.Fatalf("sandbox approve: %s", out)
	}
	out2 := run("transfer", "create", "--from", "ethereum:"+chain.Dev, "--asset", chain.TestToken, "--to", "coco:bob", "300", "--wait", "3m")
	var pulled struct {
		State  string `json:"state"`
		Origin string `json:"origin"`
	}
	if err := json.Unmarshal([]byte(out2), &pulled); err != nil || pulled.State != "completed" || pulled.Origin != "api" {
		t.Fatalf("Ethereum account → native through an allowance: %v\n%s", err, out2)
	}
	wantNative("bob", `"wCTT": "5300"`)
	interrupt(t, c)

	// Same directory: the same chain, with its balances, and transfers
	// still run.
	c, _ = startSandbox(t, dir, "--geth", bin)
	raw2, _ := os.ReadFile(filepath.Join(dir, "ethereum", "chain.json"))
	if !strings.Contains(string(raw2), chain.Contracts.Vault) {
		t.Fatalf("after restart chain.json: %s", raw2)
	}
	wantEth("wUSD: 60")
	toEth("10")
	wantEth("wUSD: 70")
	run("sandbox", "deposit", "--asset", "CTT", "--to", "coco:bob", "7")
	wantNative("bob", `"wCTT": "5307"`)
	interrupt(t, c)
}

// `coco bench native` starts its own network and ends with its one line.
func TestBenchCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a benchmark")
	}
	out := mustCmd(t, "bench", "native", "--duration", "2s", "--clients", "8", "--accounts", "20")
	if !regexp.MustCompile(`(?m)^native transfers: \d+ tx/s, p50 [\d.]+ ms, p99 [\d.]+ ms$`).MatchString(out) {
		t.Fatalf("bench output:\n%s", out)
	}
}
