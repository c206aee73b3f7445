// Package consensus replicates the ledger with Raft (Dragonboat v4) and runs
// transactions the way CCF does: execute, then replicate.
//
// A Node is one replica: a Dragonboat NodeHost with one Raft group whose
// on-disk state machine is a ledger.Store. The Executor runs on every node
// but works only on the leader: it executes transactions against committed
// state plus the writes of its own transactions still in flight (so it may
// read clocks, randomness or chains), gives them ids, batches them (group
// commit), signs the Merkle root every N transactions or T milliseconds and
// proposes batches to Raft. Replicas apply the write sets in log order after
// checking the versions each transaction read (ledger.Store.Apply).
//
// Each leadership starts a view with a view-start transaction; a batch is
// accepted only in the view it was executed in, at the next seqno, so a
// deposed leader can never append. When a batch fails or leadership moves,
// the outcome of everything in flight is settled by the next view start:
// what committed before it is answered as committed, the rest is executed
// again or refused, never applied twice.
//
// Dragonboat's types stay inside this package.
package consensus
