package enclave

import (
	"context"
	"crypto"
	"crypto/sha256"
	"fmt"
	"path/filepath"
)

// Kind names a trusted execution environment.
type Kind string

const (
	// Virtual is the insecure development platform. It is never silently
	// accepted where a TEE is required: verifiers refuse it unless
	// Policy.AllowVirtual is set, and node certificates record it.
	Virtual Kind = "virtual"
	// SGX is Intel SGX through EGo.
	SGX Kind = "sgx"
)

// ParseKind parses a platform name ("virtual" or "sgx").
func ParseKind(s string) (Kind, error) {
	k := Kind(s)
	if err := k.Validate(); err != nil {
		return "", err
	}
	return k, nil
}

// Validate reports whether k is one of the known kinds.
func (k Kind) Validate() error {
	switch k {
	case Virtual, SGX:
		return nil
	}
	return fmt.Errorf("platform %q: unknown, want one of %q, %q", string(k), Virtual, SGX)
}

// String returns the platform name.
func (k Kind) String() string { return string(k) }

// Platform is the trusted execution environment this process runs in.
type Platform interface {
	// Kind says which platform this is.
	Kind() Kind

	// Measurement identifies the running code. virtual: SHA-256 of the
	// running executable, computed once at Open; sgx: the enclave's UniqueID
	// (MRENCLAVE) from a self report. The caller must not modify it.
	Measurement() []byte

	// Evidence binds the public key of signer (as DER SubjectPublicKeyInfo)
	// and a verifier-chosen nonce of 16..32 bytes to this platform. The
	// report data is SHA-256(SPKI) || nonce zero-padded to 32 bytes.
	Evidence(ctx context.Context, signer crypto.Signer, nonce []byte) (*Evidence, error)

	// Seal encrypts data so that only this platform instance can Unseal it.
	//
	// WARNING: the virtual platform does NOT protect sealed data at all; it
	// returns the plaintext in an envelope marked as unsealed.
	Seal(plaintext []byte) ([]byte, error)

	// Unseal reverses Seal. Data that is corrupted or was sealed by another
	// platform kind is refused with an error wrapping ErrUnseal.
	Unseal(sealed []byte) ([]byte, error)
}

// Options configure Open.
type Options struct {
	// ExecutablePath overrides the file whose SHA-256 is the virtual
	// platform's measurement (default: os.Executable()). It must be
	// absolute. Ignored by sgx, whose measurement comes from the CPU.
	ExecutablePath string
}

// Validate checks the options.
func (o Options) Validate() error {
	if o.ExecutablePath != "" && !filepath.IsAbs(o.ExecutablePath) {
		return fmt.Errorf("ExecutablePath %q: must be absolute", o.ExecutablePath)
	}
	return nil
}

// Open returns the platform of the given kind. Opening sgx in a binary built
// without the `sgx` tag returns an error wrapping ErrUnsupported.
func Open(kind Kind, opts Options) (Platform, error) {
	if err := kind.Validate(); err != nil {
		return nil, err
	}
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("platform options: %w", err)
	}
	switch kind {
	case Virtual:
		return openVirtual(opts)
	case SGX:
		return openSGX(opts)
	}
	panic("enclave: validated kind " + string(kind) + " has no platform")
}

const (
	// reportDataSize is the size of SGX report data, which Coco also uses
	// for virtual statements.
	reportDataSize = 64
	// MinNonceSize and MaxNonceSize bound verifier-chosen nonces.
	MinNonceSize = 16
	MaxNonceSize = 32
)

func checkNonce(nonce []byte) error {
	if n := len(nonce); n < MinNonceSize || n > MaxNonceSize {
		return fmt.Errorf("nonce: %d bytes, want %d..%d", n, MinNonceSize, MaxNonceSize)
	}
	return nil
}

// reportData returns SHA-256(pubDER) || nonce zero-padded to 32 bytes.
// The nonce must already have passed checkNonce.
func reportData(pubDER, nonce []byte) []byte {
	out := make([]byte, reportDataSize)
	h := sha256.Sum256(pubDER)
	copy(out, h[:])
	copy(out[sha256.Size:], nonce)
	return out
}
