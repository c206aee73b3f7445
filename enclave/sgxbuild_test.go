package enclave

import (
	"os"
	"os/exec"
	"testing"
)

// TestSGXBuildTagCompiles type-checks the package as the EGo toolchain
// builds it (with the sgx tag, against github.com/edgelesssys/ego/enclave,
// which needs cgo).
func TestSGXBuildTagCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet; skipped in -short mode")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	cmd := exec.Command(goBin, "vet", "-tags", "sgx", "./...")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet -tags sgx ./enclave/...: %v\n%s", err, out)
	}
}
