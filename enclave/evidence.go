package enclave

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"

	"github.com/edgelesssys/ego/attestation/tcbstatus"
)

// Evidence is what a node presents to be trusted.
type Evidence struct {
	Platform  Kind   `json:"platform"`
	PublicKey []byte `json:"public_key"` // DER SubjectPublicKeyInfo of the node key
	Nonce     []byte `json:"nonce"`
	// Report is, for sgx, the EGo remote report; for virtual, the JSON self
	// statement (see Platform.Evidence).
	Report []byte `json:"report"`
	// Signature is, for virtual, the node key's ECDSA signature over
	// SHA-256(Report); empty for sgx.
	Signature []byte `json:"signature,omitempty"`
}

// Claims are what verified evidence says.
type Claims struct {
	Platform        Kind
	PublicKey       []byte // DER SubjectPublicKeyInfo
	Nonce           []byte
	Measurement     []byte // virtual: self-reported executable hash; sgx: UniqueID (MRENCLAVE)
	SignerID        []byte // sgx only (MRSIGNER)
	ProductID       []byte // sgx only
	SecurityVersion uint   // sgx only
	Debug           bool   // sgx only
	TCBStatus       string // sgx only, e.g. "UpToDate"
}

// Policy says what a verifier accepts.
//
// An enclave is accepted if its UniqueID is in Measurements, or if its
// SignerID is in SignerIDs, its ProductID equals ProductID and its security
// version is at least MinSecurityVersion. A policy with neither Measurements
// nor SignerIDs accepts no sgx enclave at all.
//
// Virtual evidence is refused unless AllowVirtual is set. Its measurement is
// checked against Measurements when that list is non-empty; an empty list
// accepts any virtual measurement, which is only meaningful for development
// networks (virtual measurements are self-reported and prove nothing).
type Policy struct {
	AllowVirtual bool
	// Measurements are accepted measurements: SGX UniqueIDs (MRENCLAVE) or
	// virtual executable hashes, 32 bytes each.
	Measurements [][]byte
	// SignerIDs are accepted SGX SignerIDs (MRSIGNER), 32 bytes each. Setting
	// them requires ProductID.
	SignerIDs [][]byte
	// ProductID is the required SGX product ID as EGo reports it: 16 bytes,
	// the ISVPRODID in little-endian in the first two.
	ProductID []byte
	// MinSecurityVersion is the lowest accepted ISVSVN for signer-based
	// acceptance.
	MinSecurityVersion uint
	// AllowDebug accepts debug enclaves. Never set it in production: the host
	// can read a debug enclave's memory.
	AllowDebug bool
	// AllowedTCBStatuses lists accepted TCB statuses by name (for example
	// "UpToDate", "SWHardeningNeeded"). Empty means only "UpToDate".
	AllowedTCBStatuses []string
}

const (
	measurementSize = 32
	productIDSize   = 16
	defaultTCB      = "UpToDate"
)

// Validate checks that the policy is well formed.
func (p Policy) Validate() error {
	for i, m := range p.Measurements {
		if len(m) != measurementSize {
			return fmt.Errorf("Measurements[%d]: %d bytes, want %d", i, len(m), measurementSize)
		}
	}
	for i, s := range p.SignerIDs {
		if len(s) != measurementSize {
			return fmt.Errorf("SignerIDs[%d]: %d bytes, want %d", i, len(s), measurementSize)
		}
	}
	if len(p.SignerIDs) > 0 && len(p.ProductID) != productIDSize {
		return fmt.Errorf("ProductID: %d bytes, want %d when SignerIDs are set", len(p.ProductID), productIDSize)
	}
	if len(p.SignerIDs) == 0 && (len(p.ProductID) > 0 || p.MinSecurityVersion > 0) {
		return errors.New("ProductID, MinSecurityVersion: set without SignerIDs, which they qualify")
	}
	for i, s := range p.AllowedTCBStatuses {
		if !knownTCBStatus(s) {
			return fmt.Errorf("AllowedTCBStatuses[%d]: unknown status %q", i, s)
		}
	}
	return nil
}

func knownTCBStatus(name string) bool {
	for s := tcbstatus.UpToDate; s <= tcbstatus.Unknown; s++ {
		if s.String() == name {
			return true
		}
	}
	return false
}

// Verifier verifies evidence. Its zero value uses the build's defaults.
type Verifier struct {
	// VerifySGXReport checks the signature chain of raw SGX report bytes and
	// parses them. nil means the build default: EGo's VerifyRemoteReport in
	// binaries built with the `sgx` tag, otherwise none (sgx evidence is then
	// refused with ErrUnsupported). A verifier may return a report together
	// with no error when only the TCB level is out of date; the policy's
	// AllowedTCBStatuses decides then.
	VerifySGXReport func(report []byte) (SGXReport, error)
}

// VerifyEvidence verifies ev with the build's default verifier; see
// Verifier.Verify.
func VerifyEvidence(ev *Evidence, expectedNonce []byte, pol Policy) (*Claims, error) {
	return Verifier{}.Verify(ev, expectedNonce, pol)
}

// Verify checks that ev is evidence from a platform and code that pol
// accepts, answering expectedNonce, and binding ev.PublicKey. Errors wrap
// ErrInvalidPolicy, ErrVirtualNotAllowed, ErrStaleNonce, ErrBadEvidence,
// ErrUnknownMeasurement, ErrDebugEnclave, ErrTCBStatus or ErrUnsupported.
func (v Verifier) Verify(ev *Evidence, expectedNonce []byte, pol Policy) (*Claims, error) {
	if err := pol.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPolicy, err)
	}
	if err := checkNonce(expectedNonce); err != nil {
		return nil, fmt.Errorf("expected %w", err)
	}
	if ev == nil {
		return nil, fmt.Errorf("%w: evidence is nil", ErrBadEvidence)
	}
	switch ev.Platform {
	case Virtual:
		if !pol.AllowVirtual {
			return nil, ErrVirtualNotAllowed
		}
	case SGX:
	default:
		return nil, fmt.Errorf("%w: platform %q unknown", ErrBadEvidence, ev.Platform)
	}
	if !bytes.Equal(ev.Nonce, expectedNonce) {
		return nil, ErrStaleNonce
	}
	if _, err := x509.ParsePKIXPublicKey(ev.PublicKey); err != nil {
		return nil, fmt.Errorf("%w: public_key: %w", ErrBadEvidence, err)
	}
	if ev.Platform == Virtual {
		return verifyVirtual(ev, expectedNonce, pol)
	}
	verify := v.VerifySGXReport
	if verify == nil {
		verify = defaultSGXReportVerifier()
	}
	if verify == nil {
		return nil, fmt.Errorf("%w: sgx evidence verification needs a node built with the sgx tag", ErrUnsupported)
	}
	r, err := verify(ev.Report)
	if err != nil {
		return nil, fmt.Errorf("%w: sgx report: %w", ErrBadEvidence, err)
	}
	return checkSGXReport(r, ev.PublicKey, expectedNonce, pol)
}

// SGXReport is a verified, parsed SGX report. It has exactly the fields of
// EGo's attestation.Report, so that one converts to the other with a plain
// type conversion (the sgx build does so). It is declared here because
// importing github.com/edgelesssys/ego/attestation pulls in go-jose, which
// this module does not depend on outside sgx builds.
type SGXReport struct {
	Data             []byte           // report data: SHA-256(node SPKI) || nonce
	SecurityVersion  uint             // ISVSVN
	Debug            bool             // debug enclave
	UniqueID         []byte           // MRENCLAVE
	SignerID         []byte           // MRSIGNER
	ProductID        []byte           // ISVPRODID (16 bytes)
	TCBStatus        tcbstatus.Status // status of the platform's TCB level
	TCBAdvisories    []string         // Intel advisories when not UpToDate
	TCBAdvisoriesErr error            // error getting TCBAdvisories, if any
}

// checkSGXReport applies pol to a report whose signature chain has already
// been verified, and checks that its report data binds pub and nonce.
func checkSGXReport(r SGXReport, pub, nonce []byte, pol Policy) (*Claims, error) {
	if want := reportData(pub, nonce); !bytes.Equal(r.Data, want) {
		return nil, fmt.Errorf("%w: report data does not bind SHA-256(public_key) and nonce", ErrBadEvidence)
	}
	if r.Debug && !pol.AllowDebug {
		return nil, ErrDebugEnclave
	}
	allowed := pol.AllowedTCBStatuses
	if len(allowed) == 0 {
		allowed = []string{defaultTCB}
	}
	status := r.TCBStatus.String()
	if !slices.Contains(allowed, status) {
		return nil, fmt.Errorf("%w: %s (%s), allowed %q", ErrTCBStatus, status, tcbstatus.Explain(r.TCBStatus), allowed)
	}
	if err := checkSGXIdentity(r, pol); err != nil {
		return nil, err
	}
	return &Claims{
		Platform:        SGX,
		PublicKey:       bytes.Clone(pub),
		Nonce:           bytes.Clone(nonce),
		Measurement:     bytes.Clone(r.UniqueID),
		SignerID:        bytes.Clone(r.SignerID),
		ProductID:       bytes.Clone(r.ProductID),
		SecurityVersion: r.SecurityVersion,
		Debug:           r.Debug,
		TCBStatus:       status,
	}, nil
}

func checkSGXIdentity(r SGXReport, pol Policy) error {
	if len(pol.Measurements) == 0 && len(pol.SignerIDs) == 0 {
		return fmt.Errorf("%w: policy lists no sgx measurement or signer", ErrUnknownMeasurement)
	}
	if len(r.UniqueID) == measurementSize && containsBytes(pol.Measurements, r.UniqueID) {
		return nil
	}
	if len(r.SignerID) != measurementSize || !containsBytes(pol.SignerIDs, r.SignerID) {
		return fmt.Errorf("%w: unique id %x, signer id %x", ErrUnknownMeasurement, r.UniqueID, r.SignerID)
	}
	if !bytes.Equal(r.ProductID, pol.ProductID) {
		return fmt.Errorf("%w: signer %x: product id %x, want %x", ErrUnknownMeasurement, r.SignerID, r.ProductID, pol.ProductID)
	}
	if r.SecurityVersion < pol.MinSecurityVersion {
		return fmt.Errorf("%w: signer %x: security version %d, want at least %d",
			ErrUnknownMeasurement, r.SignerID, r.SecurityVersion, pol.MinSecurityVersion)
	}
	return nil
}
