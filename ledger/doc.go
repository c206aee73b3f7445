// Package ledger is the replicated transaction log and its state: write
// sets over named tables (tx.go, record.go), batches as Raft applies them
// (batch.go, apply.go), ledger files and Badger state (segments.go,
// store.go), the Merkle tree, signature transactions and receipts
// (signature.go, receipts.go, receipt/), offline verification
// (verify.go) and snapshots (snapshot.go).
//
// Confidentiality: a table is public if its name starts with "public:"
// (IsPublic) and private otherwise. Private writes and reads are sealed
// with AES-256-GCM under the ledger secret before they leave the leader
// (seal.go), so they are encrypted in the Raft log, the ledger files and
// snapshots; the Merkle tree covers the ciphertext. Ledger secrets are
// versioned, sealed to node keys, chained for rekeying (secrets.go,
// rekey.go). Badger encrypts the state at rest under a sealed key
// (atrest.go). A network recovered from an earlier one's ledger files
// imports the records (import.go) and restores the private tables once
// the latest secret is back (restore.go); endorsements of earlier
// services keep old receipts valid (endorse.go).
//
// The package does no network I/O.
package ledger
