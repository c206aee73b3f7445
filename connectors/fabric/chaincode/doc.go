// Package chaincode is Coco's bridge chaincode for Hyperledger Fabric,
// written with fabric-contract-api-go and run as a chaincode-as-a-service
// process (see the ccaas command).
//
// It is a fungible token with the interface of the Fabric samples' ERC-20
// chaincode (Initialize, Mint, Burn, Transfer, BalanceOf, TotalSupply,
// ClientAccountBalance, ClientAccountID, Approve, Allowance, TransferFrom,
// Name, Symbol, Decimals), which is the native asset holders lock, plus
// wrapped assets that only the bridge mints, and the bridge itself:
//
//   - Lock and BurnForTransfer take value in and emit one chaincode event
//     (Locked, Burned) carrying a transfer id unique on the channel;
//   - Release and MintForTransfer pay out, once per transfer id, only with
//     signatures of at least k distinct relay nodes of the current signer
//     set over a domain-separated digest (wire.Domain.PayoutDigest: channel,
//     chaincode name, bridge id, kind, transfer id, asset, recipient,
//     amount); SetupBridge fixes the relay signer set and the bridge id
//     (from its transaction id), so that deployments with the same names on
//     other networks never accept each other's signatures;
//   - CancelPayout cancels a transfer id with the same signatures over
//     wire.Domain.CancelDigest: a cancelled id never pays out or is pulled,
//     a paid out id is never cancelled (refusals coded wire.CodeExecuted,
//     wire.CodeCancelled);
//   - ApproveBridge lets the bridge take up to an amount of the caller's
//     asset (native or wrapped) in pulls for one API user (64 lowercase hex,
//     the user's key id); BridgeAllowance reads what is left. PullDeposit
//     then takes it with the relay's signatures over
//     wire.Domain.PullDigest (kind, relay-assigned transfer id, asset,
//     holder, user, amount, destination), spends the allowance, locks
//     (kind lock) or burns (kind burn) the value like Lock and
//     BurnForTransfer and records and emits the deposit (Locked, Burned)
//     under the relay's transfer id, marked with the user (wire.Deposit
//     User). The id must be open: a deposited, paid out or cancelled id is
//     refused, and CancelPayout refuses a pulled id like a paid out one
//     (wire.CodeExecuted);
//   - UpdateSigners replaces the signer set with the current set's
//     signatures over the next set and the next nonce;
//   - Anchor records signed roots of Coco's shared ledger.
//
// Amounts are decimal strings of up to 2^256-1. On the wire they are what
// the ERC-20 sample's integer arguments and results are, so its clients
// work unchanged. Accounts are "MSPID:" followed by the sample's client id
// (base64 of the certificate's subject and issuer): with the MSP in the
// account, one organisation's CA cannot mint a certificate that spends
// another organisation's balance.
//
// Only a client's own proposal to this chaincode acts for the client:
// once SetupBridge recorded the chaincode's name, a call from another
// chaincode (which carries the client's identity) is refused.
//
// Every refusal on the merits (signatures, balances, a used transfer id)
// is an error whose message starts with wire.RefusedPrefix; the connector
// tells these apart from transient failures.
package chaincode
