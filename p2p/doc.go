// Package p2p is the libp2p mesh between nodes. A host's identity is its
// node's attested key (ECDSA P-256), so a peer id names an attested key and
// libp2p's secure channels authenticate it. The mesh carries the join
// protocol (any node accepts a join request and relays it to the leader)
// and pubsub topics of signed messages between trusted nodes (chain
// observations, next), dropping and counting the rest. Hosts keep
// connected to every trusted node the shared ledger lists (discovery
// beyond the bootstrap peers). The package decides no policy: who is
// trusted and who leads come from its Directory.
package p2p
