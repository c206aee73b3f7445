// Package p2p will own the libp2p mesh between attested nodes: the host
// whose identity key is bound to the node's attested key, the attested
// handshake, peer discovery beyond the configured bootstrap peers, and the
// pubsub topic that carries signed chain observations and join requests.
// It decides no policy: what is trusted comes from governance.
//
// Until it lands, nodes join over the HTTPS join endpoints (see
// relay/join.go) and Raft runs over Dragonboat's TCP transport.
package p2p
