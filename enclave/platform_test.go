package enclave

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseKind(t *testing.T) {
	tests := []struct {
		in      string
		want    Kind
		wantErr bool
	}{
		{"virtual", Virtual, false},
		{"sgx", SGX, false},
		{"", "", true},
		{"SGX", "", true},
		{"tdx", "", true},
	}
	for _, tt := range tests {
		got, err := ParseKind(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && (!strings.Contains(err.Error(), `"virtual"`) || !strings.Contains(err.Error(), `"sgx"`) ||
			!strings.Contains(err.Error(), `"`+tt.in+`"`)) {
			t.Errorf("ParseKind(%q) error %q does not name the value and the allowed ones", tt.in, err)
		}
	}
}

func TestOpenRejectsBadInput(t *testing.T) {
	if _, err := Open("tdx", Options{}); err == nil {
		t.Error("Open(tdx) succeeded")
	}
	if _, err := Open(Virtual, Options{ExecutablePath: "relative/bin"}); err == nil {
		t.Error("Open with relative ExecutablePath succeeded")
	}
	missing := filepath.Join(t.TempDir(), "missing")
	if _, err := Open(Virtual, Options{ExecutablePath: missing}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open with missing executable: %v, want not-exist error", err)
	}
}

func TestVirtualMeasurementIsExecutableHash(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(data)

	p := openVirtualT(t)
	if p.Kind() != Virtual {
		t.Errorf("Kind = %q, want virtual", p.Kind())
	}
	if !bytes.Equal(p.Measurement(), want[:]) {
		t.Errorf("Measurement = %x, want SHA-256 of test binary %x", p.Measurement(), want)
	}
	if again := openVirtualT(t).Measurement(); !bytes.Equal(again, p.Measurement()) {
		t.Errorf("Measurement not stable across Open: %x vs %x", again, p.Measurement())
	}
}

func TestVirtualMeasurementOverride(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bin")
	if err := os.WriteFile(path, []byte("some executable"), 0o700); err != nil {
		t.Fatal(err)
	}
	p, err := Open(Virtual, Options{ExecutablePath: path})
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte("some executable"))
	if !bytes.Equal(p.Measurement(), want[:]) {
		t.Errorf("Measurement = %x, want %x", p.Measurement(), want)
	}
	// Computed once at Open: changing the file later does not change it.
	if err := os.WriteFile(path, []byte("changed"), 0o700); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p.Measurement(), want[:]) {
		t.Errorf("Measurement changed after Open: %x", p.Measurement())
	}
}

func TestVirtualSealRoundTrip(t *testing.T) {
	p := openVirtualT(t)
	for _, msg := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("secret"), 1000)} {
		sealed, err := p.Seal(msg)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(sealed, []byte("COCO-VIRTUAL-UNSEALED\n")) {
			t.Errorf("sealed blob not marked insecure: %q", sealed[:min(len(sealed), 30)])
		}
		got, err := p.Unseal(sealed)
		if err != nil {
			t.Fatalf("Unseal: %v", err)
		}
		if !bytes.Equal(got, msg) {
			t.Errorf("Unseal = %q, want %q", got, msg)
		}
	}
}

func TestVirtualUnsealRefuses(t *testing.T) {
	p := openVirtualT(t)
	good, err := p.Seal([]byte("node key bytes"))
	if err != nil {
		t.Fatal(err)
	}
	flipLast := bytes.Clone(good)
	flipLast[len(flipLast)-1] ^= 1
	badVersion := bytes.Clone(good)
	badVersion[len(virtualSealMagic)] = 9

	tests := []struct {
		name    string
		blob    []byte
		wantMsg string
	}{
		{"sgx blob", append([]byte(sgxSealMagic+"\x01"), randomBytes(t, 60)...), "sgx platform"},
		{"unknown format", []byte("plain secret"), "unknown format"},
		{"empty", nil, "unknown format"},
		{"corrupted data", flipLast, "checksum"},
		{"truncated", good[:len(virtualSealMagic)+10], "truncated"},
		{"unknown version", badVersion, "version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Unseal(tt.blob)
			if !errors.Is(err, ErrUnseal) {
				t.Fatalf("Unseal: %v, want ErrUnseal", err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}
