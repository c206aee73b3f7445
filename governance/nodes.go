package governance

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cocorelay/coco/enclave"
)

// Node statuses.
const (
	NodePending = "pending"
	NodeTrusted = "trusted"
	NodeRetired = "retired"
)

// Node is a replica as the network knows it.
type Node struct {
	ID          uint64       `json:"id"`
	Status      string       `json:"status"`
	PublicKey   string       `json:"public_key"` // PEM
	Cert        string       `json:"cert"`       // PEM, endorsed by the service
	Platform    enclave.Kind `json:"platform"`
	Measurement string       `json:"measurement"` // hex
	RaftAddress string       `json:"raft_address"`
	APIURL      string       `json:"api_url"`
	KeyID       string       `json:"key_id"`
	// PeerID is the node's identity in the mesh (derived from its key);
	// P2PAddrs are where it listens there.
	PeerID   string   `json:"peer_id,omitempty"`
	P2PAddrs []string `json:"p2p_addrs,omitempty"`
	// JoinedIn is the transaction that recorded the node's join.
	JoinedIn string `json:"joined_in,omitempty"`
}

// ErrUnknownNode is returned for a node id the network does not know.
var ErrUnknownNode = errors.New("unknown node")

func nodeKey(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }

// GetNode returns the node record of id.
func GetNode(r Reader, id uint64) (*Node, error) {
	b, ok, err := r.Get(TableNodes, nodeKey(id))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("node %d: %w", id, ErrUnknownNode)
	}
	var n Node
	if err := json.Unmarshal(b, &n); err != nil {
		return nil, fmt.Errorf("governance: corrupt node %d: %w", id, err)
	}
	return &n, nil
}

// PutNode writes a node record.
func PutNode(w Writer, n *Node) { putJSON(w, TableNodes, nodeKey(n.ID), n) }

// nodeCounterKey holds the highest node id handed out.
var nodeCounterKey = []byte("next_node_id")

// NextNodeID allocates a node id inside a transaction.
func NextNodeID(w Writer) (uint64, error) {
	var next uint64 = 1
	b, ok, err := w.Get(TableSettings, nodeCounterKey)
	if err != nil {
		return 0, err
	}
	if ok {
		if err := json.Unmarshal(b, &next); err != nil {
			return 0, fmt.Errorf("governance: corrupt node counter: %w", err)
		}
	}
	putJSON(w, TableSettings, nodeCounterKey, next+1)
	return next, nil
}

// Nodes returns every node record.
func Nodes(r Reader) ([]*Node, error) {
	last, err := LastNodeID(r)
	if err != nil {
		return nil, err
	}
	var out []*Node
	for id := uint64(1); id <= last; id++ {
		n, err := GetNode(r, id)
		if errors.Is(err, ErrUnknownNode) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// NodeIDForKey finds a node by its key id among ids 1..max.
func NodeIDForKey(r Reader, keyID string, max uint64) (*Node, error) {
	for id := uint64(1); id <= max; id++ {
		n, err := GetNode(r, id)
		if errors.Is(err, ErrUnknownNode) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n.KeyID == keyID {
			return n, nil
		}
	}
	return nil, ErrUnknownNode
}

// LastNodeID returns the highest node id handed out (0 if none).
func LastNodeID(r Reader) (uint64, error) {
	b, ok, err := r.Get(TableSettings, nodeCounterKey)
	if err != nil || !ok {
		return 0, err
	}
	var next uint64
	if err := json.Unmarshal(b, &next); err != nil {
		return 0, fmt.Errorf("governance: corrupt node counter: %w", err)
	}
	return next - 1, nil
}
