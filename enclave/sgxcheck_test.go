package enclave

import (
	"bytes"
	"errors"
	"testing"

	"github.com/edgelesssys/ego/attestation/tcbstatus"
)

type sgxFixture struct {
	pub, nonce []byte
	uniqueID   []byte
	signerID   []byte
	productID  []byte
}

func newSGXFixture(t *testing.T) sgxFixture {
	t.Helper()
	return sgxFixture{
		pub:       spki(t, newP256(t)),
		nonce:     randomBytes(t, 32),
		uniqueID:  bytes.Repeat([]byte{0x11}, 32),
		signerID:  bytes.Repeat([]byte{0x22}, 32),
		productID: append([]byte{7, 0}, make([]byte, 14)...),
	}
}

// report is a genuine, up-to-date, non-debug report binding f.pub and f.nonce.
func (f sgxFixture) report() SGXReport {
	return SGXReport{
		Data:            reportData(f.pub, f.nonce),
		SecurityVersion: 3,
		UniqueID:        f.uniqueID,
		SignerID:        f.signerID,
		ProductID:       f.productID,
		TCBStatus:       tcbstatus.UpToDate,
	}
}

// policy accepts f.uniqueID.
func (f sgxFixture) policy() Policy {
	return Policy{Measurements: [][]byte{f.uniqueID}}
}

func (f sgxFixture) signerPolicy(minSVN uint) Policy {
	return Policy{SignerIDs: [][]byte{f.signerID}, ProductID: f.productID, MinSecurityVersion: minSVN}
}

func TestCheckSGXReport(t *testing.T) {
	f := newSGXFixture(t)
	other := bytes.Repeat([]byte{0x33}, 32)
	tests := []struct {
		name string
		mod  func(*SGXReport)
		pol  Policy
		want error // nil: accepted
	}{
		{"good by unique id", nil, f.policy(), nil},
		{"good by signer", nil, f.signerPolicy(3), nil},
		{"unique id listed among others", nil, Policy{Measurements: [][]byte{other, f.uniqueID}}, nil},
		{"debug refused", func(r *SGXReport) { r.Debug = true }, f.policy(), ErrDebugEnclave},
		{"debug allowed", func(r *SGXReport) { r.Debug = true }, Policy{Measurements: [][]byte{f.uniqueID}, AllowDebug: true}, nil},
		{"TCB out of date refused by default", func(r *SGXReport) { r.TCBStatus = tcbstatus.OutOfDate }, f.policy(), ErrTCBStatus},
		{"TCB revoked refused when not listed", func(r *SGXReport) { r.TCBStatus = tcbstatus.Revoked },
			Policy{Measurements: [][]byte{f.uniqueID}, AllowedTCBStatuses: []string{"UpToDate", "SWHardeningNeeded"}}, ErrTCBStatus},
		{"TCB SW hardening allowed when listed", func(r *SGXReport) { r.TCBStatus = tcbstatus.SWHardeningNeeded },
			Policy{Measurements: [][]byte{f.uniqueID}, AllowedTCBStatuses: []string{"UpToDate", "SWHardeningNeeded"}}, nil},
		{"TCB up to date refused when list excludes it", nil,
			Policy{Measurements: [][]byte{f.uniqueID}, AllowedTCBStatuses: []string{"SWHardeningNeeded"}}, ErrTCBStatus},
		{"wrong unique id", func(r *SGXReport) { r.UniqueID = other }, f.policy(), ErrUnknownMeasurement},
		{"wrong unique id, unknown signer", func(r *SGXReport) { r.UniqueID = other; r.SignerID = other }, f.signerPolicy(0), ErrUnknownMeasurement},
		{"signer, wrong product", func(r *SGXReport) { r.ProductID = make([]byte, 16) }, f.signerPolicy(0), ErrUnknownMeasurement},
		{"signer, security version too low", nil, f.signerPolicy(4), ErrUnknownMeasurement},
		{"signer, newer code accepted", func(r *SGXReport) { r.UniqueID = other; r.SecurityVersion = 9 }, f.signerPolicy(3), nil},
		{"policy without sgx identities", nil, Policy{AllowVirtual: true}, ErrUnknownMeasurement},
		{"report data binds another nonce", func(r *SGXReport) { r.Data = reportData(f.pub, bytes.Repeat([]byte{9}, 32)) }, f.policy(), ErrBadEvidence},
		{"report data binds another key", func(r *SGXReport) { r.Data = reportData(other, f.nonce) }, f.policy(), ErrBadEvidence},
		{"report data truncated", func(r *SGXReport) { r.Data = r.Data[:32] }, f.policy(), ErrBadEvidence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.report()
			if tt.mod != nil {
				tt.mod(&r)
			}
			if err := tt.pol.Validate(); err != nil {
				t.Fatalf("test policy invalid: %v", err)
			}
			claims, err := checkSGXReport(r, f.pub, f.nonce, tt.pol)
			if tt.want != nil {
				if !errors.Is(err, tt.want) || claims != nil {
					t.Fatalf("checkSGXReport = %+v, %v; want %v", claims, err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("checkSGXReport: %v", err)
			}
			want := Claims{
				Platform: SGX, PublicKey: f.pub, Nonce: f.nonce, Measurement: r.UniqueID, SignerID: r.SignerID,
				ProductID: r.ProductID, SecurityVersion: r.SecurityVersion, Debug: r.Debug, TCBStatus: r.TCBStatus.String(),
			}
			if !claimsEqual(*claims, want) {
				t.Errorf("claims = %+v, want %+v", *claims, want)
			}
		})
	}
}

func claimsEqual(a, b Claims) bool {
	return a.Platform == b.Platform && bytes.Equal(a.PublicKey, b.PublicKey) && bytes.Equal(a.Nonce, b.Nonce) &&
		bytes.Equal(a.Measurement, b.Measurement) && bytes.Equal(a.SignerID, b.SignerID) &&
		bytes.Equal(a.ProductID, b.ProductID) && a.SecurityVersion == b.SecurityVersion &&
		a.Debug == b.Debug && a.TCBStatus == b.TCBStatus
}

func TestVerifierInjectedSGXReport(t *testing.T) {
	f := newSGXFixture(t)
	raw := []byte("fake sgx remote report")
	fake := func(b []byte) (SGXReport, error) {
		if !bytes.Equal(b, raw) {
			return SGXReport{}, errors.New("signature chain does not verify")
		}
		return f.report(), nil
	}
	v := Verifier{VerifySGXReport: fake}
	ev := &Evidence{Platform: SGX, PublicKey: f.pub, Nonce: f.nonce, Report: raw}

	claims, err := v.Verify(ev, f.nonce, f.policy())
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if claims.Platform != SGX || !bytes.Equal(claims.Measurement, f.uniqueID) || claims.TCBStatus != "UpToDate" {
		t.Errorf("claims = %+v", claims)
	}

	tests := []struct {
		name  string
		ev    *Evidence
		nonce []byte
		pol   Policy
		want  error
	}{
		{"report fails verification", &Evidence{Platform: SGX, PublicKey: f.pub, Nonce: f.nonce, Report: []byte("forged")}, f.nonce, f.policy(), ErrBadEvidence},
		{"stale nonce", ev, randomBytes(t, 32), f.policy(), ErrStaleNonce},
		{"report binds another key", &Evidence{Platform: SGX, PublicKey: spki(t, newP256(t)), Nonce: f.nonce, Report: raw}, f.nonce, f.policy(), ErrBadEvidence},
		{"unknown measurement", ev, f.nonce, Policy{Measurements: [][]byte{bytes.Repeat([]byte{5}, 32)}}, ErrUnknownMeasurement},
		{"sgx identity not in a dev policy", ev, f.nonce, Policy{AllowVirtual: true}, ErrUnknownMeasurement},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := v.Verify(tt.ev, tt.nonce, tt.pol); !errors.Is(err, tt.want) {
				t.Fatalf("Verify: %v, want %v", err, tt.want)
			}
		})
	}
}
