// Package fabric is the connector to Hyperledger Fabric ledgers: it moves
// value into and out of Coco's bridge chaincode (see the chaincode
// package) through the Fabric Gateway of one or more peers, and records
// anchors and signer changes there. It implements connectors.Connector.
//
// # Client library
//
// The connector uses github.com/hyperledger/fabric-gateway, the client
// Fabric 2.4+ ships for its peers' gateway service, not fabric-sdk-go:
// fabric-sdk-go is no longer maintained, was built for old gRPC, and
// registers the same protobuf names as fabric-gateway, so the two cannot
// be linked into one binary. The gateway does endorsement (service
// discovery across organisations), ordering and commit status on the
// peer; the connector only reads the standard connection profile itself
// (Profile) to find the peers and their TLS roots.
//
// # Configuration and identity
//
// One file holds a standard connection profile and a coco section (see
// Config, configs/fabric.example.yaml, configs/fabric.md). The client
// identity's private key is read only through enclave.ReadSealed with the
// node's platform (SealClientKey writes it); a plaintext key is refused.
//
// # Relay signatures
//
// Payouts, cancellations, anchors and signer changes are authorised by
// ECDSA P-256 signatures (ASN.1 DER) of at least k distinct relay nodes
// over SHA-256 digests that bind a tag per kind of message, the channel,
// the chaincode name, the bridge id (made by SetupBridge from its
// transaction id, pinned in coco.bridge_id: deployments on different
// networks share channel and chaincode names) and every field of the
// request, length-prefixed (wire.Domain). A relay node's identity is its compressed
// public key ("p256:" + hex), so a signer set can name nodes the chaincode
// has never seen; RelayKey is a node's key, generated inside the platform
// and sealed.
//
// # Observation
//
// Deposits reads blocks from the peer's deliver service from a checkpoint
// "fabric1:CHANNEL:CHAINCODE:BLOCK:TX" (the next transaction to read) up
// to the last block with coco.confirmations blocks after it. Only
// transactions the block's validation flags mark VALID count (an
// MVCC-invalidated Lock moved nothing), only events of the configured
// chaincode, and each event's transfer id must be the one derived from
// its transaction id, except for a pull (the record names the API user,
// wire.Deposit.User), whose id the relay assigned and the chaincode
// accepted only while unused. The checkpoint is a pure position, so a restarted
// connector or a new leader resumes exactly where the stored one says.
//
// # Submission
//
// Execute, Pull, Cancel, RecordAnchor and UpdateSigners retry transient failures
// (unavailable peer or orderer, failed endorsement, MVCC conflict,
// unknown commit status) on the next configured peer and after a growing
// pause, and ask the chaincode before every try whether an earlier try
// (of this call, of a connector that crashed, of another node) already
// took effect: a transfer id is paid out once, or cancelled (then never
// paid out), and pulled once (the chaincode's PullDeposit, within the
// allowance a holder gave the bridge for one API user with ApproveBridge).
// Cancel of a paid out or pulled id is connectors.ErrAlreadyExecuted. The
// chaincode refuses a used or cancelled id with a code (wire.RefusalCode),
// which the connector believes only once it has read the record itself.
// Other refusals by the chaincode wrap connectors.ErrRefused, unless a
// try's transaction may have reached the orderers (then a later refusal
// is connectors.ErrUnavailable: that transaction may still commit);
// failures that outlast the retries, malformed replies included, wrap
// connectors.ErrUnavailable. gRPC connections reconnect by themselves
// when a peer comes back.
//
// Cancelled, which relay nodes ask before they sign a refund, needs
// agreeing answers from at least two configured gateway peers (the only
// one, where one is configured).
package fabric
