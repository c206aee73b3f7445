package itest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A member proposes from a file, signs a ballot offline (the command takes
// no network address), submits it later, and the decision has a receipt.
func TestGovernanceCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a sandbox process")
	}
	dir := filepath.Join(t.TempDir(), "sb")
	c, _ := startSandbox(t, dir, "--no-chains") // its history counts only its own proposals
	sb := []string{"--sandbox", dir}
	out := mustCmd(t, append([]string{"gov", "propose", "../configs/proposal.example.yaml"}, sb...)...)
	m := regexp.MustCompile(`proposal ([0-9a-f]{32}) is open`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("propose: %s", out)
	}
	id := m[1]
	vote := filepath.Join(t.TempDir(), "vote.cose")
	out = mustCmd(t, "gov", "sign", "vote", id, "--for",
		"--key", filepath.Join(dir, "credentials", "member0_key.pem"),
		"--service-cert", filepath.Join(dir, "service_cert.pem"), "-o", vote)
	if !strings.Contains(out, "coco gov submit") {
		t.Fatalf("sign: %s", out)
	}
	out = mustCmd(t, append([]string{"gov", "submit", vote}, sb...)...)
	if !strings.Contains(out, "is accepted") {
		t.Fatalf("submit: %s", out)
	}
	if out, err := cmd(t, append([]string{"gov", "submit", vote}, sb...)...); err == nil || !strings.Contains(out, "replayed") {
		t.Fatalf("second submit: %v %s", err, out)
	}
	var h struct {
		Events []struct{ TxID, State string }
	}
	if err := json.Unmarshal([]byte(mustCmd(t, append([]string{"gov", "history"}, sb...)...)), &h); err != nil || len(h.Events) != 2 {
		t.Fatalf("history: %v %+v", err, h)
	}
	r := filepath.Join(t.TempDir(), "r.json")
	mustCmd(t, append([]string{"receipt", "get", h.Events[1].TxID, "-o", r}, sb...)...)
	if v := mustCmd(t, "receipt", "verify", r, "--service-cert", filepath.Join(dir, "service_cert.pem")); !strings.Contains(v, "receipt valid") {
		t.Fatalf("receipt: %s", v)
	}
	// The user named in the example is now registered.
	members := mustCmd(t, append([]string{"gov", "members"}, sb...)...)
	if !strings.Contains(members, "member0") {
		t.Fatalf("members: %s", members)
	}
	if _, err := os.Stat(vote); err != nil {
		t.Fatal(err)
	}
	// The nodes, each with the transaction that admitted it; the joins the
	// leader handled (the sandbox's constitution trusts allowed code).
	var nodes struct {
		Nodes []struct {
			ID       uint64 `json:"id"`
			Status   string `json:"status"`
			Platform string `json:"platform"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(mustCmd(t, append([]string{"gov", "nodes"}, sb...)...)), &nodes); err != nil || len(nodes.Nodes) != 3 {
		t.Fatalf("gov nodes: %v %+v", err, nodes)
	}
	for _, n := range nodes.Nodes {
		if n.Status != "trusted" || n.Platform != "virtual" {
			t.Errorf("node %d: %s on %s", n.ID, n.Status, n.Platform)
		}
	}
	var joins struct {
		Attempts []struct {
			NodeID  uint64 `json:"node_id"`
			Outcome string `json:"outcome"`
		} `json:"attempts"`
	}
	if err := json.Unmarshal([]byte(mustCmd(t, append([]string{"gov", "joins"}, sb...)...)), &joins); err != nil {
		t.Fatalf("gov joins: %v", err)
	}
	interrupt(t, c)
}
