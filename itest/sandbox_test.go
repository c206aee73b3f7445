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

// startSandbox runs `coco sandbox --dir dir` and waits for its usage text.
func startSandbox(t *testing.T, dir string) (*exec.Cmd, *os.File) {
	t.Helper()
	out, err := os.Create(filepath.Join(t.TempDir(), "sandbox.out"))
	if err != nil {
		t.Fatal(err)
	}
	c := exec.Command(coco, "sandbox", "--dir", dir)
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
	deadline := time.Now().Add(90 * time.Second)
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
	c, out := startSandbox(t, dir)
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
	c, _ = startSandbox(t, dir)
	if got := run("native", "balance", "bob"); !strings.Contains(got, `"USD": "250"`) {
		t.Fatalf("after restart bob holds: %s", got)
	}
	info := run("info")
	if strings.Count(info, `"platform": "virtual"`) != 3 || !strings.Contains(info, `"allow_virtual_nodes": true`) {
		t.Fatalf("info: %s", info)
	}
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
