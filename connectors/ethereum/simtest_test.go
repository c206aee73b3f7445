package ethereum_test

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestSimulatedChain runs the tests of the nested module ./simtest, which
// use go-ethereum's simulated backend (it cannot be built in this module;
// see simtest/doc.go), so that `go test ./...` at the root covers them.
func TestSimulatedChain(t *testing.T) {
	// Read every file of the nested module: go test caches this test's
	// result keyed on the files it opened, so a change there reruns it.
	err := filepath.WalkDir("simtest", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		_, err = os.ReadFile(path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Fatalf("no go command to run ./simtest: %v", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 9*time.Minute)
	defer cancel()
	args := []string{"test", "-count=1"}
	if testing.Short() {
		args = append(args, "-short")
	}
	if testing.Verbose() {
		args = append(args, "-v")
	}
	cmd := exec.CommandContext(ctx, goBin, append(args, "./...")...)
	cmd.Dir = "simtest"
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test ./... in connectors/ethereum/simtest: %v\n%s", err, out)
	}
	t.Logf("connectors/ethereum/simtest (%v):\n%s", time.Since(start).Round(time.Second), strings.TrimSpace(string(out)))
}
