// Package governance owns who may do what in a Coco network, as records in
// the ledger's public tables: members (who govern), users (who call the
// API), nodes (which replicas are trusted), and the service settings fixed
// at genesis. Proposals, ballots and the constitution build on these.
// It reads and writes the ledger only; it does no other I/O.
package governance
