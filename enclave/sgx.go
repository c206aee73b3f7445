//go:build sgx

package enclave

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/edgelesssys/ego/attestation"
	"github.com/edgelesssys/ego/ecrypto"
	egoenclave "github.com/edgelesssys/ego/enclave"
)

// sgxSealAD is the additional data bound into every sealed blob.
const sgxSealAD = "coco-sgx-sealed/v1"

// sgxPlatform is an EGo enclave.
type sgxPlatform struct {
	measurement []byte
}

// openSGX takes a self report, which fails outside an enclave; so the seal
// key functions (which return all-zero keys outside an enclave) are never
// reached on a host that is not SGX.
func openSGX(Options) (Platform, error) {
	r, err := egoenclave.GetSelfReport()
	if err != nil {
		return nil, fmt.Errorf("platform sgx: self report (is this running inside an EGo enclave?): %w", err)
	}
	if len(r.UniqueID) != measurementSize {
		return nil, fmt.Errorf("platform sgx: self report unique id is %d bytes, want %d", len(r.UniqueID), measurementSize)
	}
	return &sgxPlatform{measurement: bytes.Clone(r.UniqueID)}, nil
}

func (*sgxPlatform) Kind() Kind { return SGX }

func (s *sgxPlatform) Measurement() []byte { return s.measurement }

// Evidence returns an EGo remote report whose report data binds signer's
// public key and nonce. Only the public half of signer is used.
func (s *sgxPlatform) Evidence(ctx context.Context, signer crypto.Signer, nonce []byte) (*Evidence, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkNonce(nonce); err != nil {
		return nil, err
	}
	if signer == nil {
		return nil, errors.New("sgx evidence: signer is nil")
	}
	pubDER, err := x509.MarshalPKIXPublicKey(signer.Public())
	if err != nil {
		return nil, fmt.Errorf("sgx evidence: encode public key: %w", err)
	}
	report, err := egoenclave.GetRemoteReport(reportData(pubDER, nonce))
	if err != nil {
		return nil, fmt.Errorf("sgx evidence: remote report: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Evidence{
		Platform:  SGX,
		PublicKey: pubDER,
		Nonce:     bytes.Clone(nonce),
		Report:    report,
	}, nil
}

// Seal encrypts with EGo's unique seal key: only this enclave (same
// MRENCLAVE) on this CPU can unseal.
func (*sgxPlatform) Seal(plaintext []byte) ([]byte, error) {
	ct, err := ecrypto.SealWithUniqueKey(plaintext, []byte(sgxSealAD))
	if err != nil {
		return nil, fmt.Errorf("sgx seal: %w", err)
	}
	out := make([]byte, 0, len(sgxSealMagic)+1+len(ct))
	out = append(out, sgxSealMagic...)
	out = append(out, sgxSealVersion)
	return append(out, ct...), nil
}

// Unseal decrypts data sealed by Seal in this enclave. It refuses the
// virtual platform's plaintext envelopes.
func (*sgxPlatform) Unseal(sealed []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(sealed, []byte(sgxSealMagic))
	if !ok {
		return nil, fmt.Errorf("%w: not an sgx sealed blob (%s)", ErrUnseal, describeSealed(sealed))
	}
	if len(rest) < 1 || rest[0] != sgxSealVersion {
		return nil, fmt.Errorf("%w: sgx sealed blob: unknown version", ErrUnseal)
	}
	pt, err := ecrypto.Unseal(rest[1:], []byte(sgxSealAD))
	if err != nil {
		return nil, fmt.Errorf("%w: sgx: %w", ErrUnseal, err)
	}
	return pt, nil
}

// defaultSGXReportVerifier verifies raw reports with EGo inside the enclave.
func defaultSGXReportVerifier() func([]byte) (SGXReport, error) { return verifyEGoReport }

// verifyEGoReport verifies report with EGo. An out-of-date TCB level is not
// an error here: the report is returned and the policy's TCB rules decide.
func verifyEGoReport(report []byte) (SGXReport, error) {
	r, err := egoenclave.VerifyRemoteReport(report)
	if err != nil && !errors.Is(err, attestation.ErrTCBLevelInvalid) {
		return SGXReport{}, err
	}
	return SGXReport(r), nil
}
