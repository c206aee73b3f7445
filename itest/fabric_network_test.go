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
	"strconv"
	"testing"
	"time"
)

// fabricNet is a Fabric 2.5 network on loopback (itest/fabric/network.sh):
// one etcdraft orderer, a peer of Org1 and a peer of Org2, the channel and
// the bridge chaincode deployed as a service. The test owns the processes,
// so it can stop and restart them.
type fabricNet struct {
	dir, home string
	portBase  int
	procs     map[string]*exec.Cmd
	started   time.Time     // once the binaries were there
	startup   time.Duration // from nothing to the chaincode committed
}

const (
	fabricChannel   = "cocochannel"
	fabricChaincode = "cocobridge"
)

// fabricProcesses are the launchers network.sh prepare writes.
var fabricProcesses = []string{"orderer", "peer1", "peer2", "ccaas"}

// fabricHome builds (or finds cached) the Fabric binaries. Where they
// cannot be built, the test skips, unless CI is set.
func fabricHome(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "fabric/build.sh")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := fmt.Sprintf("the Fabric 2.5 binaries are not built and cannot be built here (itest/fabric/build.sh: %v):\n%s",
			err, tail(stderr.Bytes(), 2000))
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return string(bytes.TrimSpace(out))
}

// startFabric brings a network up from nothing.
func startFabric(t *testing.T) *fabricNet {
	t.Helper()
	n := &fabricNet{home: fabricHome(t), dir: t.TempDir(), procs: map[string]*exec.Cmd{}}
	if d := os.Getenv("COCO_FABRIC_KEEP"); d != "" {
		n.dir = d // for debugging: the network stays on disk
	}
	ccaas := filepath.Join(n.dir, "bin", "ccaas")
	n.started = time.Now()
	if out, err := exec.Command("go", "build", "-o", ccaas, "../connectors/fabric/chaincode/ccaas").CombinedOutput(); err != nil {
		t.Fatalf("build the chaincode server: %v\n%s", err, out)
	}
	n.portBase = freePortRange(t, 31)
	n.script(t, "prepare")
	t.Cleanup(n.stopAll)
	for _, name := range fabricProcesses {
		n.start(t, name)
	}
	n.script(t, "deploy")
	n.startup = time.Since(n.started)
	return n
}

func (n *fabricNet) script(t *testing.T, verb string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "fabric/network.sh", append([]string{verb, n.dir}, args...)...)
	cmd.Env = append(os.Environ(), "FABRIC_HOME="+n.home, "PORT_BASE="+strconv.Itoa(n.portBase),
		"CCAAS_BIN="+filepath.Join(n.dir, "bin", "ccaas"), "CHANNEL="+fabricChannel, "CC_NAME="+fabricChaincode)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("network.sh %s: %v\n%s%s\n%s", verb, err, out, stderr.Bytes(), n.logs())
	}
	return string(out)
}

// start runs one of the network's processes (again).
func (n *fabricNet) start(t *testing.T, name string) {
	t.Helper()
	log, err := os.OpenFile(filepath.Join(n.dir, "logs", name+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close() // the child has its own descriptor
	cmd := exec.Command(filepath.Join(n.dir, "run", name+".sh"))
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = fabricProcAttr()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n.procs[name] = cmd
}

// stop kills one of the network's processes (SIGKILL: a crash) and waits
// for it.
func (n *fabricNet) stop(name string) {
	cmd := n.procs[name]
	if cmd == nil || cmd.ProcessState != nil {
		return
	}
	cmd.Process.Kill()
	cmd.Wait()
}

func (n *fabricNet) stopAll() {
	for _, name := range fabricProcesses {
		n.stop(name)
	}
}

// port returns the port at offset from the base (see network.sh).
func (n *fabricNet) port(offset int) int { return n.portBase + offset }

// waitListening waits until something accepts connections on the port.
func (n *fabricNet) waitListening(t *testing.T, offset int) {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", n.port(offset))
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing listens on %s\n%s", addr, n.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// logs returns the end of every process's log, for failure messages.
func (n *fabricNet) logs() string {
	var b bytes.Buffer
	for _, name := range append(fabricProcesses, "cli") {
		data, err := os.ReadFile(filepath.Join(n.dir, "logs", name+".log"))
		if err == nil {
			fmt.Fprintf(&b, "--- %s.log\n%s\n", name, tail(data, 1500))
		}
	}
	return b.String()
}

// crypto returns a path inside the network's crypto material.
func (n *fabricNet) crypto(parts ...string) string {
	return filepath.Join(append([]string{n.dir, "crypto"}, parts...)...)
}

// freePortRange returns a base such that base..base+size-1 are free on
// loopback now.
func freePortRange(t *testing.T, size int) int {
	t.Helper()
	for range 100 {
		base := 20000 + rand.IntN(400)*100
		ok := true
		for p := base; p < base+size && ok; p++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				ok = false
				continue
			}
			l.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free range of ports")
	return 0
}
