// Package relay is the Coco node: it wires the enclave platform, the ledger
// store, the Raft replica and executor, and serves the HTTPS API (native
// ledger, transaction status, receipts, node info, node join). It also runs
// a whole network on one machine (Sandbox) and drives benchmarks. It holds
// no ledger or chain details of its own: those live in ledger, consensus,
// governance and connectors.
package relay
