// Package wire holds what the bridge chaincode and the Fabric connector must
// agree on byte for byte: the domain-separated digests relay nodes sign
// (payouts, anchors, signer-set changes), relay node identities and their
// ECDSA P-256 signatures, transfer ids, amounts, and the JSON records and
// event payloads the chaincode writes.
//
// It depends on the standard library only, so that the chaincode binary
// stays small and the relay does not link the contract API.
package wire
