package itest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cocorelay/coco/relay/client"
)

// coco is the path of the coco binary built for these tests.
var coco string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "coco-itest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	coco = filepath.Join(dir, "coco")
	build := exec.Command("go", "build", "-o", coco, "../cmd/coco")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build coco: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// cmd runs coco with args and returns its combined output and error.
func cmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, coco, args...).CombinedOutput()
	return string(out), err
}

func mustCmd(t *testing.T, args ...string) string {
	t.Helper()
	out, err := cmd(t, args...)
	if err != nil {
		t.Fatalf("coco %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// proc is a running `coco node` process.
type proc struct {
	name   string
	config string
	cmd    *exec.Cmd
	log    *os.File
	api    string
}

func startNode(t *testing.T, p *proc) {
	t.Helper()
	var err error
	if p.log, err = os.OpenFile(p.config+".log", os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(coco, "node", "--config", p.config)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
}

// kill stops the process with SIGKILL: no chance to clean up.
func (p *proc) kill() {
	if p.cmd == nil || p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Kill()
	p.cmd.Wait()
	p.log.Close()
}

// stop stops the process with SIGTERM and waits for a clean exit.
func (p *proc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("%s exited with %v", p.name, err)
		}
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		t.Errorf("%s did not stop within 30s", p.name)
	}
	p.log.Close()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	return freeAddrNot(t, nil)
}

// freeAddrNot is freeAddr avoiding the addresses in taken, and adds its
// pick to taken (ports picked together for nodes not started yet).
func freeAddrNot(t *testing.T, taken map[string]bool) string {
	t.Helper()
	// Below Linux's ephemeral range (32768 up), so that the source port
	// of some outgoing connection does not take it first.
	for range 100 {
		addr := fmt.Sprintf("127.0.0.1:%d", 20000+rand.IntN(12000))
		if taken[addr] {
			continue
		}
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			if taken != nil {
				taken[addr] = true
			}
			return addr
		}
	}
	t.Fatal("no free port")
	return ""
}

// network is three `coco node` processes and a client acting as user0.
type network struct {
	dir   string
	nodes []*proc
	c     *client.Client
}

// newNetwork writes credentials and configs and starts node1 (genesis) and
// two nodes that join it.
func newNetwork(t *testing.T) *network {
	t.Helper()
	return startNetwork(t, t.TempDir(), nil)
}

// startNetwork is newNetwork in dir; connectors, if not nil, returns the
// YAML list of node i's `connectors:` (paths relative to dir or absolute).
func startNetwork(t *testing.T, dir string, connectors func(i int) string) *network {
	t.Helper()
	creds := filepath.Join(dir, "credentials")
	mustCmd(t, "keys", "new", "--name", "member0", "--member", "--out", creds)
	mustCmd(t, "keys", "new", "--name", "user0", "--out", creds)
	n := &network{dir: dir}
	constitution := filepath.Join(dir, "constitution.yaml")
	if err := os.WriteFile(constitution, []byte("version: 1\ndefault: {threshold: majority}\nauto_trust_nodes: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var joinPeer string
	taken := map[string]bool{}
	for i := 1; i <= 3; i++ {
		api, raft, p2p := freeAddrNot(t, taken), freeAddrNot(t, taken), freeAddrNot(t, taken)
		name := fmt.Sprintf("node%d", i)
		start := `start:
  mode: join
  join:
    peers: ["` + joinPeer + `"]
    service_cert: node1/service_cert.pem
`
		if i == 1 {
			start = `start:
  mode: genesis
  genesis:
    service_name: itest
    allow_virtual_nodes: true
    constitution: constitution.yaml
    members: [{name: member0, cert: credentials/member0_cert.pem, encryption_key: credentials/member0_enc_pub.pem}]
    users: [{name: user0, cert: credentials/user0_cert.pem}]
`
		}
		_, p2pPort, _ := net.SplitHostPort(p2p)
		cfg := fmt.Sprintf(`name: %s
data_dir: %s
platform: virtual
listen: {api: "%s", raft: "%s", p2p: ["/ip4/127.0.0.1/tcp/%s"]}
%sledger: {signature_interval: 50ms}
raft: {rtt: 20ms, election_rtt: 25, heartbeat_rtt: 2}
log: {level: info}
`, name, name, api, raft, p2pPort, start)
		if connectors != nil {
			cfg += "connectors:\n" + connectors(i-1)
		}
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		n.nodes = append(n.nodes, &proc{name: name, config: path, api: api})
		startNode(t, n.nodes[i-1])
		if i == 1 {
			// The others join through node1's mesh address, with the
			// service certificate node1 made.
			joinPeer = meshAddr(t, filepath.Join(dir, "node1", "service_cert.pem"), "https://"+api)
		}
	}
	svc, err := client.LoadCert(filepath.Join(dir, "node1", "service_cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := client.LoadKey(filepath.Join(creds, "user0_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, p := range n.nodes {
		urls = append(urls, "https://"+p.api)
	}
	if n.c, err = client.New(client.Config{URLs: urls, ServiceCert: svc, Key: key, Retry: 60 * time.Second}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.c.Close)
	t.Cleanup(func() {
		if t.Failed() {
			n.logTails(t)
		}
	})
	n.waitReady(t, 60*time.Second)
	return n
}

// logTails logs each node's last warnings and errors and its lines about
// transfers and deposits.
func (n *network) logTails(t *testing.T) {
	for _, p := range n.nodes {
		b, _ := os.ReadFile(p.config + ".log")
		var keep []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") || strings.Contains(l, "transfer") || strings.Contains(l, "deposit") {
				keep = append(keep, l)
			}
		}
		if len(keep) > 60 {
			keep = keep[len(keep)-60:]
		}
		t.Logf("%s log (warnings, transfers):\n%s", p.name, strings.Join(keep, "\n"))
	}
}

// meshAddr waits for the node at api to answer and returns its mesh address.
func meshAddr(t *testing.T, serviceCert, api string) string {
	t.Helper()
	waitFile(t, serviceCert)
	svc, err := client.LoadCert(serviceCert)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{URLs: []string{api}, ServiceCert: svc})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		info, err := c.NodeInfo(ctx, api)
		cancel()
		if err == nil && len(info.P2PAddrs) > 0 {
			return info.P2PAddrs[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has no mesh address: %v", api, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s did not appear", path)
}

// waitReady waits until every running node answers and knows the leader.
func (n *network) waitReady(t *testing.T, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for _, p := range n.nodes {
		if p.cmd == nil || p.cmd.ProcessState != nil {
			continue
		}
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			info, err := n.c.NodeInfo(ctx, "https://"+p.api)
			cancel()
			if err == nil && info.LeaderURL != "" && info.CommittedTxID != "" {
				break
			}
			if time.Now().After(deadline) {
				b, _ := os.ReadFile(p.config + ".log")
				t.Fatalf("%s not ready: %v\n%s", p.name, err, tail(b, 3000))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// leader returns the process that leads now.
func (n *network) leader(t *testing.T) *proc {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		url, err := n.c.Leader(ctx)
		if err == nil {
			for _, p := range n.nodes {
				if "https://"+p.api == url && p.cmd.ProcessState == nil {
					return p
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no leader")
	return nil
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return bytes.TrimSpace(b)
}
