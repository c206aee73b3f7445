//go:build !sgx

package enclave

import (
	"errors"
	"testing"
)

func TestOpenSGXWithoutTagUnsupported(t *testing.T) {
	p, err := Open(SGX, Options{})
	if !errors.Is(err, ErrUnsupported) || p != nil {
		t.Fatalf("Open(sgx) = %v, %v; want nil, ErrUnsupported", p, err)
	}
}

func TestVerifySGXEvidenceWithoutTagUnsupported(t *testing.T) {
	f := newSGXFixture(t)
	ev := &Evidence{Platform: SGX, PublicKey: f.pub, Nonce: f.nonce, Report: []byte("report")}
	_, err := VerifyEvidence(ev, f.nonce, f.policy())
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("VerifyEvidence(sgx) = %v, want ErrUnsupported", err)
	}
}
