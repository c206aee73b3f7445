package enclave

import "errors"

// Sentinel errors callers can branch on with errors.Is.
var (
	// ErrUnsupported means the operation needs a capability this build or
	// host lacks (typically: SGX without the `sgx` build tag).
	ErrUnsupported = errors.New("enclave: unsupported in this build")

	// ErrVirtualNotAllowed means the evidence comes from the insecure virtual
	// platform and the policy does not allow it.
	ErrVirtualNotAllowed = errors.New("enclave: virtual platform not allowed by policy")

	// ErrUnknownMeasurement means the evidence is genuine but the code it
	// measures is not accepted by the policy.
	ErrUnknownMeasurement = errors.New("enclave: measurement not allowed by policy")

	// ErrBadEvidence means the evidence is malformed, its signature does not
	// verify, or its report data does not bind the claimed key and nonce.
	ErrBadEvidence = errors.New("enclave: bad evidence")

	// ErrStaleNonce means the evidence answers a different nonce than the one
	// the verifier expects; ask again with a fresh nonce.
	ErrStaleNonce = errors.New("enclave: evidence nonce does not match expected nonce")

	// ErrDebugEnclave means the evidence comes from a debug enclave, whose
	// memory the host can read, and the policy does not allow debug enclaves.
	ErrDebugEnclave = errors.New("enclave: debug enclave not allowed by policy")

	// ErrTCBStatus means the platform's TCB status is not one the policy
	// accepts.
	ErrTCBStatus = errors.New("enclave: TCB status not allowed by policy")

	// ErrInvalidPolicy means a Policy failed Validate.
	ErrInvalidPolicy = errors.New("enclave: invalid policy")

	// ErrUnseal means sealed data could not be unsealed on this platform:
	// it is corrupted, was sealed by another platform kind, or (sgx) by
	// another enclave.
	ErrUnseal = errors.New("enclave: cannot unseal data")

	// ErrBadNodeCert means a certificate is not a valid Coco node certificate
	// issued by the given service certificate.
	ErrBadNodeCert = errors.New("enclave: bad node certificate")

	// ErrDecrypt means an HPKE ciphertext could not be opened: wrong key,
	// wrong info, or tampered ciphertext.
	ErrDecrypt = errors.New("enclave: cannot decrypt")
)
