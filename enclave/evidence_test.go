package enclave

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// virtualEvidence returns evidence from the virtual platform and the key
// and nonce it binds.
func virtualEvidence(t *testing.T) (Platform, *Evidence, []byte) {
	t.Helper()
	p := openVirtualT(t)
	nonce := randomBytes(t, 32)
	ev, err := p.Evidence(context.Background(), newP256(t), nonce)
	if err != nil {
		t.Fatalf("Evidence: %v", err)
	}
	return p, ev, nonce
}

func TestVirtualEvidenceVerifies(t *testing.T) {
	p, ev, nonce := virtualEvidence(t)
	claims, err := VerifyEvidence(ev, nonce, Policy{AllowVirtual: true, Measurements: [][]byte{p.Measurement()}})
	if err != nil {
		t.Fatalf("VerifyEvidence: %v", err)
	}
	if claims.Platform != Virtual || !bytes.Equal(claims.PublicKey, ev.PublicKey) ||
		!bytes.Equal(claims.Nonce, nonce) || !bytes.Equal(claims.Measurement, p.Measurement()) {
		t.Errorf("claims = %+v, want virtual, evidence key, nonce, platform measurement", claims)
	}
	// Empty Measurements accept any virtual measurement.
	if _, err := VerifyEvidence(ev, nonce, Policy{AllowVirtual: true}); err != nil {
		t.Errorf("VerifyEvidence with empty measurement list: %v", err)
	}
}

func TestEvidenceJSONRoundTrip(t *testing.T) {
	_, ev, nonce := virtualEvidence(t)
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"platform", "public_key", "nonce", "report", "signature"} {
		if _, ok := fields[name]; !ok {
			t.Errorf("JSON lacks %q: %s", name, b)
		}
	}
	var back Evidence
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyEvidence(&back, nonce, Policy{AllowVirtual: true}); err != nil {
		t.Errorf("VerifyEvidence after JSON round trip: %v", err)
	}
}

// signStatement builds virtual evidence by hand, so tests can make the
// signature valid while the content is wrong.
func signStatement(t *testing.T, st virtualStatement, signerDER []byte, sign func([]byte) []byte, nonce []byte) *Evidence {
	t.Helper()
	report, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return &Evidence{Platform: Virtual, PublicKey: signerDER, Nonce: nonce, Report: report, Signature: sign(report)}
}

func TestVirtualEvidenceRefused(t *testing.T) {
	p, _, _ := virtualEvidence(t)
	key, other := newP256(t), newP256(t)
	keyDER, otherDER := spki(t, key), spki(t, other)
	nonce := randomBytes(t, 24)
	sign := func(b []byte) []byte {
		d := sha256.Sum256(b)
		sig, err := key.Sign(rand.Reader, d[:], nil)
		if err != nil {
			t.Fatal(err)
		}
		return sig
	}
	good := func() *Evidence {
		ev, err := p.Evidence(context.Background(), key, nonce)
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	statement := func(mod func(*virtualStatement)) virtualStatement {
		st := virtualStatement{
			Type: virtualStatementType, Platform: Virtual, Measurement: p.Measurement(),
			ReportData: reportData(keyDER, nonce), CreatedAt: time.Now().UTC(),
		}
		mod(&st)
		return st
	}
	allow := Policy{AllowVirtual: true}

	tests := []struct {
		name    string
		ev      *Evidence
		nonce   []byte
		pol     Policy
		want    error
		wantMsg string
	}{
		{"wrong nonce", good(), randomBytes(t, 24), allow, ErrStaleNonce, ""},
		{"nonce field rewritten to expected", func() *Evidence {
			ev, err := p.Evidence(context.Background(), key, randomBytes(t, 24))
			if err != nil {
				t.Fatal(err)
			}
			ev.Nonce = nonce
			return ev
		}(), nonce, allow, ErrBadEvidence, "report data"},
		{"public key swapped", func() *Evidence { ev := good(); ev.PublicKey = otherDER; return ev }(), nonce, allow, ErrBadEvidence, "signature"},
		{"report data binds another key", signStatement(t, statement(func(s *virtualStatement) {
			s.ReportData = reportData(otherDER, nonce)
		}), keyDER, sign, nonce), nonce, allow, ErrBadEvidence, "report data"},
		{"bad signature", func() *Evidence { ev := good(); ev.Signature[len(ev.Signature)-1] ^= 1; return ev }(), nonce, allow, ErrBadEvidence, "signature"},
		{"report modified", func() *Evidence {
			ev := good()
			ev.Report = bytes.Replace(ev.Report, []byte(`"created_at":"`), []byte(`"created_at":"1`), 1)
			return ev
		}(), nonce, allow, ErrBadEvidence, "signature"},
		{"statement claims sgx", signStatement(t, statement(func(s *virtualStatement) { s.Platform = SGX }), keyDER, sign, nonce),
			nonce, allow, ErrBadEvidence, "platform"},
		{"statement of another type", signStatement(t, statement(func(s *virtualStatement) { s.Type = "other" }), keyDER, sign, nonce),
			nonce, allow, ErrBadEvidence, "type"},
		{"garbage public key", func() *Evidence { ev := good(); ev.PublicKey = []byte("nope"); return ev }(), nonce, allow, ErrBadEvidence, "public_key"},
		{"unknown platform", func() *Evidence { ev := good(); ev.Platform = "tdx"; return ev }(), nonce, allow, ErrBadEvidence, "tdx"},
		{"virtual not allowed", good(), nonce, Policy{}, ErrVirtualNotAllowed, ""},
		{"virtual not allowed despite measurement", good(), nonce, Policy{Measurements: [][]byte{p.Measurement()}}, ErrVirtualNotAllowed, ""},
		{"measurement not in list", good(), nonce, Policy{AllowVirtual: true, Measurements: [][]byte{bytes.Repeat([]byte{7}, 32)}}, ErrUnknownMeasurement, ""},
		{"invalid policy", good(), nonce, Policy{AllowVirtual: true, Measurements: [][]byte{{1, 2}}}, ErrInvalidPolicy, "Measurements[0]"},
		{"nil evidence", nil, nonce, allow, ErrBadEvidence, "nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, err := VerifyEvidence(tt.ev, tt.nonce, tt.pol)
			if !errors.Is(err, tt.want) {
				t.Fatalf("VerifyEvidence = %+v, %v; want %v", claims, err, tt.want)
			}
			if claims != nil {
				t.Errorf("claims %+v returned with error", claims)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

func TestNonceLength(t *testing.T) {
	p := openVirtualT(t)
	key := newP256(t)
	for _, n := range []int{0, 15, 33} {
		if _, err := p.Evidence(context.Background(), key, make([]byte, n)); err == nil {
			t.Errorf("Evidence with %d-byte nonce succeeded", n)
		}
	}
	ev, err := p.Evidence(context.Background(), key, make([]byte, 16))
	if err != nil {
		t.Fatalf("Evidence with 16-byte nonce: %v", err)
	}
	if _, err := VerifyEvidence(ev, make([]byte, 8), Policy{AllowVirtual: true}); err == nil {
		t.Error("VerifyEvidence with 8-byte expected nonce succeeded")
	}
}

func TestEvidenceHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := openVirtualT(t).Evidence(ctx, newP256(t), make([]byte, 16)); !errors.Is(err, context.Canceled) {
		t.Errorf("Evidence with cancelled context: %v, want context.Canceled", err)
	}
}

func TestReportDataLayout(t *testing.T) {
	pub := []byte("some spki")
	nonce := bytes.Repeat([]byte{0xAB}, 20)
	rd := reportData(pub, nonce)
	h := sha256.Sum256(pub)
	want := append(append(h[:], nonce...), make([]byte, 12)...)
	if !bytes.Equal(rd, want) {
		t.Errorf("reportData = %x, want %x", rd, want)
	}
}

func TestPolicyValidate(t *testing.T) {
	m := bytes.Repeat([]byte{1}, 32)
	tests := []struct {
		name string
		pol  Policy
		ok   bool
	}{
		{"zero", Policy{}, true},
		{"measurement", Policy{Measurements: [][]byte{m}}, true},
		{"short measurement", Policy{Measurements: [][]byte{m[:31]}}, false},
		{"signer with product", Policy{SignerIDs: [][]byte{m}, ProductID: make([]byte, 16), MinSecurityVersion: 2}, true},
		{"signer without product", Policy{SignerIDs: [][]byte{m}}, false},
		{"short signer", Policy{SignerIDs: [][]byte{m[:5]}, ProductID: make([]byte, 16)}, false},
		{"product without signer", Policy{ProductID: make([]byte, 16)}, false},
		{"min svn without signer", Policy{MinSecurityVersion: 1}, false},
		{"known TCB statuses", Policy{AllowedTCBStatuses: []string{"UpToDate", "SWHardeningNeeded"}}, true},
		{"unknown TCB status", Policy{AllowedTCBStatuses: []string{"UptoDate"}}, false},
	}
	for _, tt := range tests {
		if err := tt.pol.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}
