package coco_test

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/cocorelay/coco/"

// goList returns, for pkg, the packages it depends on (transitively) and
// those its own files import directly.
func goList(t *testing.T, pkg string) (deps, imports []string) {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{join .Deps " "}}|{{join .Imports " "}}`, "./"+pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", pkg, err, out)
	}
	d, i, _ := strings.Cut(strings.TrimSpace(string(out)), "|")
	return strings.Fields(d), strings.Fields(i)
}

func hasPrefix(list []string, p string) string {
	for _, x := range list {
		if x == p || strings.HasPrefix(x, p+"/") {
			return x
		}
	}
	return ""
}

// TestImportGraph enforces what ARCHITECTURE.md says packages must not
// know about: project packages transitively, outside packages directly.
func TestImportGraph(t *testing.T) {
	rules := []struct {
		pkg      string
		project  []string // must not depend on, even indirectly
		external []string // must not import directly
	}{
		{"enclave", []string{"consensus", "ledger", "p2p", "relay", "governance", "connectors"}, []string{"net/http", "github.com/lni/dragonboat"}},
		{"ledger", []string{"consensus", "p2p", "relay", "governance", "connectors"}, []string{"net/http", "net", "github.com/lni/dragonboat"}},
		{"ledger/receipt", []string{"consensus", "relay", "governance"}, []string{"github.com/dgraph-io/badger", "net/http"}},
		{"consensus", []string{"relay", "p2p", "governance", "connectors"}, []string{"net/http"}},
		{"governance", []string{"consensus", "relay", "p2p", "connectors"}, []string{"net/http", "net"}},
		{"connectors/native", []string{"consensus", "relay", "p2p", "governance"}, []string{"net/http", "net"}},
		{"relay/client", []string{"consensus", "ledger", "governance"}, []string{"github.com/lni/dragonboat", "github.com/dgraph-io/badger"}},
		{"relay/signing", []string{"consensus", "ledger", "relay/client", "governance"}, nil},
	}
	for _, r := range rules {
		deps, imports := goList(t, r.pkg)
		for _, p := range r.project {
			if via := hasPrefix(deps, mod+p); via != "" {
				t.Errorf("%s must not depend on %s (it does: %s)", r.pkg, p, via)
			}
		}
		for _, p := range r.external {
			if via := hasPrefix(imports, p); via != "" {
				t.Errorf("%s must not import %s (it imports %s)", r.pkg, p, via)
			}
		}
	}
	// Dragonboat's types stay inside consensus.
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], mod+"consensus") {
			continue
		}
		if via := hasPrefix(f[1:], "github.com/lni/dragonboat"); via != "" {
			t.Errorf("%s imports %s: Dragonboat belongs to consensus", f[0], via)
		}
	}
}
