//go:build !sgx

package enclave

import "fmt"

// openSGX refuses: this binary was not built for SGX.
func openSGX(Options) (Platform, error) {
	return nil, fmt.Errorf("platform sgx: %w: build with the EGo toolchain (ego-go build -tags sgx, then ego sign)", ErrUnsupported)
}

// defaultSGXReportVerifier is nil without the sgx tag: raw SGX reports can
// only be verified inside an EGo enclave.
func defaultSGXReportVerifier() func([]byte) (SGXReport, error) { return nil }
