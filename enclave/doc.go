// Package enclave owns everything Coco needs from the trusted execution
// environment (TEE) a node runs in, and nothing else.
//
// It provides:
//
//   - platforms: SGX through EGo (compiled only with the `sgx` build tag) and
//     the explicitly insecure Virtual platform for development, which is
//     named as such wherever it appears (Kind, Evidence, node certificates);
//   - node key generation and sealed storage on disk (LoadOrCreateNodeKey,
//     LoadOrCreateSealed, WriteSealed, ReadSealed);
//   - attestation evidence whose report data binds a node's public key and a
//     verifier-chosen nonce (Platform.Evidence), and its verification against
//     a Policy of accepted measurements (VerifyEvidence, Verifier);
//   - the service identity, a CA key and certificate created at network
//     genesis, and node certificates it endorses, carrying the node id,
//     platform and measurement in a Coco X.509 extension (NewServiceIdentity,
//     EndorseNode, VerifyNodeCert);
//   - encryption of secrets to a node's key with HPKE (SealTo, OpenWith);
//   - key identifiers and PEM helpers (KeyID, Encode*/Parse*PEM).
//
// The package deliberately knows nothing about consensus, transport or
// ledgers, and imports no other Coco package.
//
// # Building for SGX
//
// The SGX platform and raw SGX report verification need the EGo toolchain:
// build with `ego-go build -tags sgx` and sign with `ego sign`. Without the
// tag, Open(SGX, ...) and the verification of SGX evidence return errors
// wrapping ErrUnsupported. Verifier.VerifySGXReport lets tests and tools
// inject a report verifier instead.
//
// # The virtual platform is insecure
//
// Virtual offers no confidentiality and no integrity against the host: its
// "sealed" data is plaintext in a marked envelope and its evidence is a
// statement signed by the very key it vouches for. It exists so that a
// network can be developed and tested on machines without SGX. Verifiers
// refuse it unless Policy.AllowVirtual is set.
package enclave
