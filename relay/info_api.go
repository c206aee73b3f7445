package relay

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/p2p"
)

// NodeInfo is what GET /v1/node/info says about a node. It states the
// node's platform, and whether the network admits virtual (insecure) nodes.
type NodeInfo struct {
	NodeID      uint64       `json:"node_id"`
	Name        string       `json:"name,omitempty"`
	Platform    enclave.Kind `json:"platform"`
	Insecure    bool         `json:"insecure"` // true on the virtual platform
	Measurement string       `json:"measurement"`
	Role        string       `json:"role"` // leader or follower
	// Status is this node's standing in the network: trusted, or retired
	// once the members removed it (it then refuses every other request).
	Status            string `json:"status"`
	LeaderID          uint64 `json:"leader_id,omitempty"`
	LeaderURL         string `json:"leader_url,omitempty"`
	Term              uint64 `json:"term"`
	View              uint64 `json:"view"`
	CommittedTxID     string `json:"committed_txid"`
	LastSignature     string `json:"last_signature,omitempty"`
	RaftAppliedIndex  uint64 `json:"raft_applied_index"`
	ServiceCertSHA256 string `json:"service_cert_sha256"`
	ServiceName       string `json:"service_name,omitempty"`
	AllowVirtualNodes bool   `json:"allow_virtual_nodes"`
	APIURL            string `json:"api_url"`
	// The mesh: this node's peer id and addresses (what joining nodes put
	// in start.join.peers), and what pubsub delivered and dropped.
	PeerID   string    `json:"peer_id"`
	P2PAddrs []string  `json:"p2p_addrs"`
	Mesh     p2p.Stats `json:"mesh"`
	// AtRest says how the node's data is encrypted on disk (insecure on
	// the virtual platform: the keys sit unsealed beside the data);
	// LedgerSecrets which ledger secrets it holds; LockedOut why it
	// stopped applying the ledger, if it did (secrets.go).
	AtRest        ledger.AtRest  `json:"at_rest"`
	LedgerSecrets ledger.Secrets `json:"ledger_secrets"`
	LockedOut     string         `json:"locked_out,omitempty"`
}

// Info describes this node now.
func (n *Node) Info() NodeInfo {
	c := n.store.Committed()
	info := NodeInfo{
		NodeID:            n.ID(),
		Name:              n.cfg.Name,
		Platform:          n.platform.Kind(),
		Insecure:          n.platform.Kind() == enclave.Virtual,
		Measurement:       fmt.Sprintf("%x", n.platform.Measurement()),
		Role:              "follower",
		Status:            governance.NodeTrusted,
		View:              c.View.View,
		RaftAppliedIndex:  c.RaftIndex,
		ServiceCertSHA256: fmt.Sprintf("%x", sha256.Sum256(n.id.ServiceCert.Raw)),
		PeerID:            n.mesh.PeerID(),
		P2PAddrs:          n.mesh.Addrs(),
		Mesh:              n.mesh.Stats(),
		APIURL:            n.cfg.Public.APIURL,
	}
	info.AtRest, info.LedgerSecrets = n.store.AtRest(), n.store.Secrets()
	if err := n.store.LockedOut(); err != nil {
		info.LockedOut = err.Error()
	}
	if !c.ID.IsZero() {
		info.CommittedTxID = c.ID.String()
	}
	if !c.LastSignature.IsZero() {
		info.LastSignature = c.LastSignature.String()
	}
	if n.retired.Load() {
		info.Status = governance.NodeRetired
	}
	if id, term, ok := n.raft.Leader(); ok {
		info.LeaderID, info.Term = id, term
		if id == n.ID() {
			info.Role = "leader"
		}
		info.LeaderURL, _ = n.leaderURL()
	}
	if s, err := governance.GetSettings(readerOf(n.store)); err == nil {
		info.ServiceName, info.AllowVirtualNodes = s.ServiceName, s.AllowVirtualNodes
	}
	return info
}

func (n *Node) infoRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /v1/node/info", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, n.Info())
	})
	mux.HandleFunc("GET /v1/node/network", func(w http.ResponseWriter, r *http.Request) {
		last, err := governance.LastNodeID(readerOf(n.store))
		if err != nil {
			n.writeError(w, err)
			return
		}
		nodes := []*governance.Node{}
		for id := uint64(1); id <= last; id++ {
			rec, err := governance.GetNode(readerOf(n.store), id)
			if errors.Is(err, governance.ErrUnknownNode) {
				continue
			}
			if err != nil {
				n.writeError(w, err)
				return
			}
			nodes = append(nodes, rec)
		}
		writeJSON(w, http.StatusOK, map[string]any{"nodes": nodes})
	})
	mux.HandleFunc("GET /v1/node/joins", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"attempts": n.joins.list()})
	})
	mux.HandleFunc("GET /v1/service/cert", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-pem-file")
		w.Write(enclave.EncodeCertPEM(n.id.ServiceCert.Raw))
	})
	mux.Handle("GET /v1/tx/{txid}", n.readAs(n.authenticateUserOrMember, func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		id, err := ledger.ParseTxID(r.PathValue("txid"))
		if err != nil {
			return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "txid", "%v", err)
		}
		return map[string]string{"txid": id.String(), "status": string(n.exec.Status(id))}, nil
	}))
	mux.Handle("GET /v1/tx/{txid}/receipt", http.HandlerFunc(n.handleReceipt))
}

// handleReceipt serves a transaction's receipt in its canonical JSON form
// (exactly what `coco receipt verify` checks).
func (n *Node) handleReceipt(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		n.writeError(w, err)
		return
	}
	if _, err := n.authenticateUserOrMember(r, body); err != nil {
		n.writeError(w, err)
		return
	}
	id, err := ledger.ParseTxID(r.PathValue("txid"))
	if err != nil {
		n.writeError(w, apiError(http.StatusBadRequest, CodeInvalidArgument, "txid", "%v", err))
		return
	}
	rc, err := n.store.Receipt(id)
	switch {
	case errors.Is(err, ledger.ErrNotSigned):
		w.Header().Set("Retry-After", "1")
		n.writeError(w, apiError(http.StatusAccepted, CodeNotSigned, "txid", "%s is committed; its receipt is ready once the next signature transaction commits", id))
		return
	case errors.Is(err, ledger.ErrUnknownTx):
		n.writeError(w, apiError(http.StatusNotFound, CodeNotFound, "txid", "%s is not committed on this node", id))
		return
	case errors.Is(err, ledger.ErrInvalidTx):
		n.writeError(w, apiError(http.StatusNotFound, CodeInvalidTx, "txid", "%s was never committed and never will be", id))
		return
	case err != nil:
		n.writeError(w, err)
		return
	}
	writeBody(w, http.StatusOK, rc.Marshal())
}
