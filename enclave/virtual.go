package enclave

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Sealed data formats. Every sealed blob starts with a magic line naming the
// platform that wrote it, followed by a one-byte format version, so that a
// blob handed to the wrong platform is refused with a clear reason.
const (
	// virtualSealMagic marks data "sealed" by the virtual platform. The name
	// says what it is: the data after the header is NOT encrypted.
	virtualSealMagic   = "COCO-VIRTUAL-UNSEALED\n"
	virtualSealVersion = 1
	// sgxSealMagic marks data sealed by the sgx platform (EGo unique key).
	sgxSealMagic   = "COCO-SGX-SEALED\n"
	sgxSealVersion = 1
)

// virtualStatementType is the domain-separation tag of the virtual self
// statement, so that a node key signature over it cannot be mistaken for a
// signature over anything else.
const virtualStatementType = "coco-virtual-evidence/v1"

// virtualStatement is what a virtual node says about itself. Its JSON
// encoding (encoding/json, fields in declaration order) is Evidence.Report,
// and Evidence.Signature is the node key's ECDSA P-256 ASN.1 signature over
// SHA-256 of exactly those bytes.
type virtualStatement struct {
	Type        string    `json:"type"`
	Platform    Kind      `json:"platform"`
	Measurement []byte    `json:"measurement"`
	ReportData  []byte    `json:"report_data"`
	CreatedAt   time.Time `json:"created_at"`
}

// virtualPlatform is the insecure development platform. It provides no
// protection whatsoever: see the package documentation.
type virtualPlatform struct {
	measurement []byte
}

func openVirtual(opts Options) (Platform, error) {
	path := opts.ExecutablePath
	if path == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("virtual platform: locate executable: %w", err)
		}
		path = exe
	}
	m, err := hashFile(path)
	if err != nil {
		return nil, fmt.Errorf("virtual platform: measure executable: %w", err)
	}
	return &virtualPlatform{measurement: m}, nil
}

func hashFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return h.Sum(nil), nil
}

func (*virtualPlatform) Kind() Kind { return Virtual }

func (v *virtualPlatform) Measurement() []byte { return v.measurement }

// Evidence returns a self statement signed by signer, which must hold an
// ECDSA P-256 key. It proves nothing beyond possession of that key.
func (v *virtualPlatform) Evidence(ctx context.Context, signer crypto.Signer, nonce []byte) (*Evidence, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkNonce(nonce); err != nil {
		return nil, err
	}
	if signer == nil {
		return nil, errors.New("virtual evidence: signer is nil")
	}
	pub, ok := signer.Public().(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return nil, fmt.Errorf("virtual evidence: signer key is %T, want ECDSA P-256", signer.Public())
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("virtual evidence: encode public key: %w", err)
	}
	report, err := json.Marshal(virtualStatement{
		Type:        virtualStatementType,
		Platform:    Virtual,
		Measurement: v.measurement,
		ReportData:  reportData(pubDER, nonce),
		CreatedAt:   time.Now().UTC(),
	})
	if err != nil {
		return nil, fmt.Errorf("virtual evidence: encode statement: %w", err)
	}
	digest := sha256.Sum256(report)
	sig, err := signer.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("virtual evidence: sign statement: %w", err)
	}
	return &Evidence{
		Platform:  Virtual,
		PublicKey: pubDER,
		Nonce:     bytes.Clone(nonce),
		Report:    report,
		Signature: sig,
	}, nil
}

// verifyVirtual checks virtual evidence whose nonce already equals the
// expected one. The caller has checked that the policy allows virtual.
func verifyVirtual(ev *Evidence, nonce []byte, pol Policy) (*Claims, error) {
	parsed, err := x509.ParsePKIXPublicKey(ev.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("%w: public_key: %w", ErrBadEvidence, err)
	}
	pub, ok := parsed.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%w: public_key: %T, want ECDSA P-256", ErrBadEvidence, parsed)
	}
	digest := sha256.Sum256(ev.Report)
	if !ecdsa.VerifyASN1(pub, digest[:], ev.Signature) {
		return nil, fmt.Errorf("%w: signature: does not verify with public_key", ErrBadEvidence)
	}
	var st virtualStatement
	dec := json.NewDecoder(bytes.NewReader(ev.Report))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("%w: report: %w", ErrBadEvidence, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: report: trailing data after statement", ErrBadEvidence)
	}
	if st.Type != virtualStatementType {
		return nil, fmt.Errorf("%w: report: type %q, want %q", ErrBadEvidence, st.Type, virtualStatementType)
	}
	if st.Platform != Virtual {
		return nil, fmt.Errorf("%w: report: platform %q, want %q", ErrBadEvidence, st.Platform, Virtual)
	}
	if len(st.Measurement) != sha256.Size {
		return nil, fmt.Errorf("%w: report: measurement is %d bytes, want %d", ErrBadEvidence, len(st.Measurement), sha256.Size)
	}
	if !bytes.Equal(st.ReportData, reportData(ev.PublicKey, nonce)) {
		return nil, fmt.Errorf("%w: report data does not bind SHA-256(public_key) and nonce", ErrBadEvidence)
	}
	if len(pol.Measurements) > 0 && !containsBytes(pol.Measurements, st.Measurement) {
		return nil, fmt.Errorf("%w: virtual measurement %x", ErrUnknownMeasurement, st.Measurement)
	}
	return &Claims{
		Platform:    Virtual,
		PublicKey:   bytes.Clone(ev.PublicKey),
		Nonce:       bytes.Clone(nonce),
		Measurement: st.Measurement,
	}, nil
}

// Seal wraps plaintext in an envelope marked "COCO-VIRTUAL-UNSEALED".
//
// WARNING: this is NOT encryption. Anyone who can read the result can read
// the plaintext. The checksum only detects accidental corruption.
func (*virtualPlatform) Seal(plaintext []byte) ([]byte, error) {
	sum := sha256.Sum256(plaintext)
	out := make([]byte, 0, len(virtualSealMagic)+1+len(sum)+len(plaintext))
	out = append(out, virtualSealMagic...)
	out = append(out, virtualSealVersion)
	out = append(out, sum[:]...)
	return append(out, plaintext...), nil
}

// Unseal returns the plaintext of a virtual envelope.
func (*virtualPlatform) Unseal(sealed []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(sealed, []byte(virtualSealMagic))
	if !ok {
		return nil, fmt.Errorf("%w: not a virtual envelope (%s)", ErrUnseal, describeSealed(sealed))
	}
	if len(rest) < 1+sha256.Size {
		return nil, fmt.Errorf("%w: virtual envelope truncated", ErrUnseal)
	}
	if rest[0] != virtualSealVersion {
		return nil, fmt.Errorf("%w: virtual envelope version %d, want %d", ErrUnseal, rest[0], virtualSealVersion)
	}
	sum, data := rest[1:1+sha256.Size], rest[1+sha256.Size:]
	if got := sha256.Sum256(data); !bytes.Equal(got[:], sum) {
		return nil, fmt.Errorf("%w: virtual envelope checksum mismatch (corrupted)", ErrUnseal)
	}
	return bytes.Clone(data), nil
}

// describeSealed names the platform that appears to have written sealed.
func describeSealed(sealed []byte) string {
	switch {
	case bytes.HasPrefix(sealed, []byte(virtualSealMagic)):
		return "written by the virtual platform"
	case bytes.HasPrefix(sealed, []byte(sgxSealMagic)):
		return "written by the sgx platform"
	default:
		return "unknown format"
	}
}

func containsBytes(list [][]byte, b []byte) bool {
	for _, x := range list {
		if bytes.Equal(x, b) {
			return true
		}
	}
	return false
}
