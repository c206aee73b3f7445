package itest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cocorelay/coco/ledger"
)

type acked struct {
	from, to string
	amount   int64
	txid     string
}

// Three `coco node` processes. While clients stream transfers, the leader
// is killed with SIGKILL; a new leader takes writes within seconds; every
// acknowledged transfer is in the ledger exactly once and supply is
// conserved. Then all three restart with their data intact, receipts verify
// offline, and a changed byte in a stored ledger is found and named.
func TestKillLeaderWhileStreaming(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three node processes")
	}
	n := newNetwork(t)
	ctx := context.Background()
	const accounts, funds = 8, 1_000_000
	if _, err := n.c.CreateAsset(ctx, "USD", 2, ""); err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range accounts {
		name := fmt.Sprintf("acct%d", i)
		names = append(names, name)
		if _, err := n.c.CreateAccount(ctx, name, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := n.c.Mint(ctx, "USD", name, strconv.Itoa(funds), ""); err != nil {
			t.Fatal(err)
		}
	}

	var mu sync.Mutex
	var done []acked
	var killedAt, firstAfter time.Time
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				a := rng.IntN(accounts)
				b := (a + 1 + rng.IntN(accounts-1)) % accounts
				amount := int64(1 + rng.IntN(100))
				started := time.Now()
				// The client retries on failures with the same idempotency
				// key (failing over to other nodes) for up to a minute.
				r, err := n.c.Transfer(ctx, "USD", names[a], names[b], strconv.FormatInt(amount, 10), "", fmt.Sprintf("w%d-%d", w, i))
				if err != nil {
					t.Errorf("transfer w%d-%d was never answered: %v", w, i, err)
					return
				}
				mu.Lock()
				done = append(done, acked{names[a], names[b], amount, r.TxID})
				if !killedAt.IsZero() && started.After(killedAt) && firstAfter.IsZero() {
					firstAfter = time.Now()
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(3 * time.Second)
	old := n.leader(t)
	mu.Lock()
	before := len(done)
	killedAt = time.Now()
	mu.Unlock()
	old.kill()
	t.Logf("killed leader %s after %d acknowledged transfers", old.name, before)
	time.Sleep(5 * time.Second)
	close(stop)
	wg.Wait()
	if t.Failed() {
		return
	}
	if firstAfter.IsZero() {
		t.Fatal("no write was acknowledged after the leader died")
	}
	failover := firstAfter.Sub(killedAt)
	t.Logf("a new leader served writes %s after the kill; %d transfers acknowledged in all", failover.Round(time.Millisecond), len(done))
	if failover > 10*time.Second {
		t.Errorf("failover took %s", failover)
	}
	if len(done) <= before {
		t.Fatal("no transfers after the kill")
	}

	check := func(stage string) {
		t.Helper()
		want := map[string]int64{}
		seen := map[string]bool{}
		for _, a := range names {
			want[a] = funds
		}
		for _, d := range done {
			if seen[d.txid] {
				t.Fatalf("%s: two acknowledged transfers share transaction %s", stage, d.txid)
			}
			seen[d.txid] = true
			want[d.from] -= d.amount
			want[d.to] += d.amount
		}
		var total int64
		for _, a := range names {
			acct, err := n.c.Account(ctx, a)
			if err != nil {
				t.Fatalf("%s: %v", stage, err)
			}
			got, _ := strconv.ParseInt(acct.Balances["USD"], 10, 64)
			if got != want[a] {
				t.Fatalf("%s: %s holds %d, want %d (a transfer was lost or applied twice)", stage, a, got, want[a])
			}
			total += got
		}
		if total != accounts*funds {
			t.Fatalf("%s: supply %d, want %d", stage, total, accounts*funds)
		}
		for _, d := range done[len(done)-5:] {
			st, err := n.c.TxStatus(ctx, d.txid)
			if err != nil || st != "committed" {
				t.Fatalf("%s: %s is %q (%v)", stage, d.txid, st, err)
			}
		}
	}
	check("after the kill")

	// The killed node comes back and catches up.
	startNode(t, old)
	n.waitReady(t, 60*time.Second)
	check("after the old leader rejoined")

	// Stop everything cleanly and start again: balances and ledger intact.
	for _, p := range n.nodes {
		p.stop(t)
	}
	for _, p := range n.nodes {
		startNode(t, p)
	}
	n.waitReady(t, 60*time.Second)
	check("after a full restart")

	// A receipt fetched from the API verifies offline with the CLI; any
	// changed byte makes it fail with a reason.
	last := done[len(done)-1].txid
	rpath := filepath.Join(n.dir, "receipt.json")
	svc := filepath.Join(n.dir, "node1", "service_cert.pem")
	leaderAPI := "https://" + n.leader(t).api
	mustCmd(t, "receipt", "get", last, "-o", rpath, "--url", leaderAPI, "--service-cert", svc, "--key", filepath.Join(n.dir, "credentials", "user0_key.pem"))
	out := mustCmd(t, "receipt", "verify", rpath, "--service-cert", svc)
	if !strings.Contains(out, "receipt valid") || !strings.Contains(out, last) {
		t.Fatalf("receipt verify: %s", out)
	}
	rb, _ := os.ReadFile(rpath)
	for _, i := range []int{0, len(rb) / 7, len(rb) / 3, len(rb) / 2, len(rb) * 3 / 4, len(rb) - 3} {
		bad := bytes.Clone(rb)
		bad[i] ^= 0x01
		os.WriteFile(rpath, bad, 0o600)
		out, err := cmd(t, "receipt", "verify", rpath, "--service-cert", svc)
		if err == nil || !strings.Contains(out, "receipt is not valid") {
			t.Fatalf("receipt with byte %d changed: %v %s", i, err, out)
		}
	}

	// Stop; every ledger verifies; change one byte of node2's ledger inside
	// a transfer's record: verification fails and names that transaction.
	for _, p := range n.nodes {
		p.stop(t)
	}
	for _, p := range n.nodes {
		out := mustCmd(t, "ledger", "verify", filepath.Join(n.dir, p.name))
		if !strings.Contains(out, "ledger verified") {
			t.Fatalf("%s: %s", p.name, out)
		}
	}
	target := tamper(t, filepath.Join(n.dir, "node2"))
	out, err := cmd(t, "ledger", "verify", filepath.Join(n.dir, "node2"))
	if err == nil || !strings.Contains(out, "transaction "+target) {
		t.Fatalf("tampered ledger (changed %s): %v\n%s", target, err, out)
	}
	t.Logf("tampered ledger: %s", strings.TrimSpace(out))
}

// tamper changes one byte inside the sealed (private) writes of the last
// transfer in the node's newest ledger file, and returns that
// transaction's id.
func tamper(t *testing.T, nodeDir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(nodeDir, "ledger", "ledger_*.log"))
	if len(files) == 0 {
		t.Fatal("no ledger files")
	}
	path := files[len(files)-1]
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Walk the frames (4-byte length, record) and remember the last record
	// with private writes.
	var target ledger.TxID
	at := -1
	for off := 0; off+4 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[off:]))
		rec, err := ledger.DecodeRecord(b[off+4 : off+4+n])
		if err != nil {
			t.Fatalf("%s at %d: %v", path, off, err)
		}
		// Balances are private: they are in the record's sealed writes,
		// which end the record.
		if rec.Sealed != nil {
			target = rec.ID
			at = off + 4 + n - 1
		}
		off += 4 + n
	}
	if at < 0 {
		t.Fatal("no transfer in the newest ledger file")
	}
	b[at] ^= 0x01
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return target.String()
}
