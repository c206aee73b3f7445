// Package ethereum is the relay's connector to an Ethereum (or any EVM
// JSON-RPC) chain: it implements connectors.Connector over Coco's bridge
// contracts, and owns those contracts, their Go bindings, their deployment
// and the relay nodes' Ethereum keys.
//
// # Contracts
//
// The Solidity sources are in contracts/ (OpenZeppelin from npm, compiled
// by solc-js for the cancun EVM); contracts/build holds the compiled
// artifacts and bindings/ the abigen (v2) bindings, both committed and
// rebuilt by `go generate ./connectors/ethereum/...`.
//
//   - RelaySigners: the set of relay node addresses and the threshold k.
//     verify(digest, sigs) passes only with at least k signatures by
//     distinct members, ordered by ascending signer address. The set
//     changes only by update(...), signed by k of the current set over an
//     EIP-712 message with the next nonce.
//   - BridgeVault: lock(token, amount, destinationLedger,
//     destinationAccount) takes tokens and emits Locked with a new transfer
//     id; release and mint pay a transfer id out once, authorised by k
//     signatures over an EIP-712 message naming this chain, this vault, the
//     id, token, recipient and amount. cancel(id, sigs), authorised by k
//     signatures over Cancel(bytes32 id) in the same domain, records the
//     id as cancelled: status(id) is open, executed or cancelled, and
//     each end is final (a cancelled id never pays out, a paid out one is
//     never cancelled). A holder may instead let the relay start transfers
//     from its account: approveUser(user, token, amount) grants an
//     allowance for one API user (its key id as bytes32), besides the
//     token's ERC-20 allowance to the vault; lockFrom and burnFrom,
//     authorised by k signatures over LockFrom/BurnFrom messages naming the
//     id, token, holder, user, amount and destination, spend it under the
//     relay's transfer id, mark the id pulled (final like executed: never
//     paid out or cancelled afterwards) and emit Locked, or have the token
//     emit BurnedForTransfer (bridgeBurnFrom), besides the vault's Pulled.
//   - WrappedToken: an ERC-20 only bridges mint and burn, each within
//     limits its owner sets (refilling over a day, as in ERC-7281); the
//     vault's limits are set at construction and the owner, named
//     explicitly (never silently the deploying relay account outside
//     development mode, Config.Dev), alone changes them;
//     burnForTransfer(bridge, ...) burns the caller's tokens and emits
//     BurnedForTransfer with a new transfer id.
//   - Anchor: records (seqno, root, time) of the shared ledger, authorised
//     like payouts; seqnos only increase.
//   - TestToken: an ERC-20 anyone may mint, for tests and dev chains.
//
// # Connector
//
// New(cfg, deps) returns a *Connector. Config is one YAML file per chain
// (configs/ethereum.example.yaml, configs/ethereum.md). The parts:
//
//   - RPC (rpc.go): a pool of endpoints with per-call timeouts, retry
//     rounds and failover; every endpoint's chain id is checked; an
//     endpoint that times out, answers garbage, answers too much, answers
//     a JSON-RPC error other than a revert or serves another chain is
//     skipped; errors wrap connectors.ErrUnavailable. pinned runs an
//     operation of several calls on one endpoint (and reads at one block).
//   - Watcher (watcher.go): Deposits reads Locked and BurnedForTransfer
//     logs of final blocks only (head − confirmations) and returns a
//     checkpoint naming the last block (and log) by number and hash, so a
//     restart or another node resumes exactly there and a reorganisation
//     below the depth is detected (ErrDeepReorg), not silently absorbed.
//   - Transaction manager (txmgr.go, journal.go): one nonce sequence per
//     account, kept in an fsynced journal with every signed transaction
//     before it is sent; transactions are rebroadcast after a restart,
//     replaced with higher fees when stuck, and done only at the
//     confirmation depth, with receipt, head and header read from one
//     endpoint.
//   - Payouts, pulls, cancellations, anchors and signer changes
//     (connector.go, pull.go, cancel.go, authorise.go): signatures are checked and ordered locally
//     first, and each transfer id is checked on chain (and in the journal)
//     before anything is sent. A revert is classified by one table
//     (revert.go) and believed only after the id's status is read again;
//     a success is reported only once the id's status at the newest final
//     block, read in the receipt's endpoint view, agrees. Cancelled and
//     Executed read that status for relay nodes deciding on refunds.
//
// Relay nodes sign with Key (key.go): a secp256k1 key generated inside
// the platform and sealed with enclave.WriteSealed; its address is what
// RelaySigners lists.
//
// The package imports neither consensus nor relay: the nested module
// simtest (go-ethereum's simulated backend) builds it on its own.
package ethereum
