package relay

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// Joining: a new node asks the leader for a nonce, answers with evidence
// that binds its key and that nonce to its platform, and gets back its node
// id, a node certificate endorsed by the service, and the service key
// encrypted to its (attested) key. The leader records the node in the
// ledger and adds it to the Raft group before answering.

type joinRequest struct {
	Evidence    *enclave.Evidence `json:"evidence"`
	RaftAddress string            `json:"raft_address"`
	APIURL      string            `json:"api_url"`
}

type joinResponse struct {
	NodeID      uint64 `json:"node_id"`
	NodeCert    string `json:"node_cert"`
	ServiceCert string `json:"service_cert"`
	ServiceKey  []byte `json:"service_key"` // HPKE-sealed to the node key
	TxID        string `json:"txid"`
}

const serviceKeyInfo = "coco-join/service-key/v1"

// nonceCache holds nonces the leader handed out, each usable once.
type nonceCache struct {
	mu     sync.Mutex
	nonces map[string]time.Time
}

const nonceTTL = 2 * time.Minute

func newNonceCache() *nonceCache { return &nonceCache{nonces: map[string]time.Time{}} }

func (c *nonceCache) issue() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	for k, t := range c.nonces {
		if now.Sub(t) > nonceTTL {
			delete(c.nonces, k)
		}
	}
	if len(c.nonces) >= 1024 {
		for k := range c.nonces {
			delete(c.nonces, k)
			break
		}
	}
	c.nonces[string(b)] = now
	return b
}

// take consumes a nonce; false if it was never issued, was used, or expired.
func (c *nonceCache) take(b []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.nonces[string(b)]
	delete(c.nonces, string(b))
	return ok && time.Since(t) <= nonceTTL
}

func (n *Node) joinRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/node/join/nonce", func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(r)
		if err != nil {
			n.writeError(w, err)
			return
		}
		if !n.IsLeader() {
			n.forward(w, r, body)
			return
		}
		writeJSON(w, http.StatusOK, map[string][]byte{"nonce": n.nonces.issue()})
	})
	mux.HandleFunc("POST /v1/node/join", func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(r)
		if err != nil {
			n.writeError(w, err)
			return
		}
		if !n.IsLeader() {
			n.forward(w, r, body)
			return
		}
		var req joinRequest
		if err := decodeStrict(body, &req); err != nil {
			n.writeError(w, err)
			return
		}
		resp, err := n.admit(r.Context(), &req)
		if err != nil {
			n.writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, resp)
	})
}

func refuse(format string, args ...any) error {
	return apiError(http.StatusForbidden, CodeJoinRefused, "evidence", format, args...)
}

// admit checks a joining node and makes it a member of the network.
func (n *Node) admit(ctx context.Context, req *joinRequest) (*joinResponse, error) {
	if req.Evidence == nil {
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "evidence", "evidence: must be set")
	}
	if err := required([2]string{"raft_address", req.RaftAddress}, [2]string{"api_url", req.APIURL}); err != nil {
		return nil, err
	}
	if !n.nonces.take(req.Evidence.Nonce) {
		return nil, refuse("evidence.nonce: not a fresh nonce issued by this leader (stale, reused or unknown); ask for a new one")
	}
	settings, err := governance.GetSettings(readerOf(n.store))
	if err != nil {
		return nil, apiError(http.StatusServiceUnavailable, CodeUnavailable, "", "the network is not open yet; retry")
	}
	claims, err := enclave.VerifyEvidence(req.Evidence, req.Evidence.Nonce, enclave.Policy{AllowVirtual: settings.AllowVirtualNodes})
	if err != nil {
		return nil, refuse("%v", err)
	}
	parsed, err := x509.ParsePKIXPublicKey(claims.PublicKey)
	if err != nil {
		return nil, refuse("public key: %v", err)
	}
	pub, ok := parsed.(*ecdsa.PublicKey)
	if !ok {
		return nil, refuse("public key: node keys are ECDSA P-256, got %T", parsed)
	}
	kid, err := enclave.KeyID(pub)
	if err != nil {
		return nil, refuse("%v", err)
	}
	pubPEM, err := enclave.EncodePublicKeyPEM(pub)
	if err != nil {
		return nil, refuse("%v", err)
	}
	var certDER []byte
	out, err := n.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) {
		last, err := governance.LastNodeID(tx)
		if err != nil {
			return nil, err
		}
		if existing, err := governance.NodeIDForKey(tx, kid, last); err == nil {
			if existing.Status == governance.NodeRetired {
				return nil, refuse("node %d with this key was retired and cannot rejoin", existing.ID)
			}
			return existing, nil
		}
		id, err := governance.NextNodeID(tx)
		if err != nil {
			return nil, err
		}
		creq := enclave.NodeCertRequest{NodeID: id, PublicKey: pub, Platform: claims.Platform, Measurement: claims.Measurement}
		creq.DNSNames, creq.IPAddresses = apiHostNames(req.APIURL)
		certDER, err = n.id.Service.EndorseNode(creq)
		if err != nil {
			return nil, err
		}
		rec := &governance.Node{
			ID: id, Status: governance.NodeTrusted, PublicKey: string(pubPEM), Cert: string(enclave.EncodeCertPEM(certDER)),
			Platform: claims.Platform, Measurement: fmt.Sprintf("%x", claims.Measurement),
			RaftAddress: req.RaftAddress, APIURL: req.APIURL, KeyID: kid,
		}
		governance.PutNode(tx, rec)
		return rec, nil
	})
	if err != nil {
		return nil, err
	}
	rec := out.Value.(*governance.Node)
	members, err := n.raft.Members(ctx)
	if err != nil {
		return nil, apiError(http.StatusServiceUnavailable, CodeUnavailable, "", "read Raft membership: %v", err)
	}
	if _, ok := members[rec.ID]; !ok {
		if err := n.raft.AddReplica(ctx, rec.ID, rec.RaftAddress); err != nil {
			return nil, apiError(http.StatusServiceUnavailable, CodeUnavailable, "", "add node %d to Raft: %v; retry", rec.ID, err)
		}
	}
	keyDER, err := n.id.Service.MarshalKey()
	if err != nil {
		return nil, err
	}
	sealed, err := enclave.SealTo(pub, serviceKeyInfo, keyDER)
	if err != nil {
		return nil, err
	}
	n.log.Info("node joined", "node", rec.ID, "platform", rec.Platform, "raft", rec.RaftAddress, "txid", out.ID)
	txid := ""
	if !out.ID.IsZero() {
		txid = out.ID.String()
	}
	return &joinResponse{NodeID: rec.ID, NodeCert: rec.Cert, ServiceCert: string(enclave.EncodeCertPEM(n.id.ServiceCert.Raw)), ServiceKey: sealed, TxID: txid}, nil
}

// join runs the joining side against cfg.Start.Join.Target until it is
// admitted, refused, or ctx ends.
func (n *Node) join(ctx context.Context) (*localIdentity, error) {
	jc := n.cfg.Start.Join
	pemBytes, err := os.ReadFile(n.cfg.Path(jc.ServiceCert))
	if err != nil {
		return nil, fmt.Errorf("start.join.service_cert: %w", err)
	}
	svc, err := enclave.ParseCertPEM(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("start.join.service_cert: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(svc)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: pool}}}
	defer client.CloseIdleConnections()
	for attempt := 0; ; attempt++ {
		id, err := n.joinOnce(ctx, client, jc.Target, svc)
		if err == nil {
			return id, nil
		}
		var ae *APIError
		if errors.As(err, &ae) && ae.Status == http.StatusForbidden {
			return nil, fmt.Errorf("join refused by %s: %s", jc.Target, ae.Message)
		}
		n.log.Info("join not done yet; retrying", "target", jc.Target, "err", err)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("join %s: %w (last error: %v)", jc.Target, ctx.Err(), err)
		case <-time.After(time.Duration(min(attempt+1, 10)) * 200 * time.Millisecond):
		}
	}
}

func (n *Node) joinOnce(ctx context.Context, client *http.Client, target string, svc *x509.Certificate) (*localIdentity, error) {
	var nr struct {
		Nonce []byte `json:"nonce"`
	}
	if err := postJSON(ctx, client, target+"/v1/node/join/nonce", struct{}{}, &nr); err != nil {
		return nil, err
	}
	ev, err := n.platform.Evidence(ctx, n.key, nr.Nonce)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	var resp joinResponse
	if err := postJSON(ctx, client, target+"/v1/node/join", joinRequest{Evidence: ev, RaftAddress: n.cfg.Public.RaftAddress, APIURL: n.cfg.Public.APIURL}, &resp); err != nil {
		return nil, err
	}
	got, err := enclave.ParseCertPEM([]byte(resp.ServiceCert))
	if err != nil || !got.Equal(svc) {
		return nil, errors.New("the network answered with another service certificate")
	}
	nodeCert, err := enclave.ParseCertPEM([]byte(resp.NodeCert))
	if err != nil {
		return nil, fmt.Errorf("node certificate: %w", err)
	}
	keyDER, err := enclave.OpenWith(n.key, serviceKeyInfo, resp.ServiceKey)
	if err != nil {
		return nil, fmt.Errorf("service key: %w", err)
	}
	service, err := enclave.LoadServiceIdentity(keyDER, svc.Raw)
	if err != nil {
		return nil, err
	}
	id := &localIdentity{NodeID: resp.NodeID, Mode: ModeJoin, RaftAddress: n.cfg.Public.RaftAddress, ServiceCert: svc, NodeCert: nodeCert, Service: service}
	if err := id.check(n.key); err != nil {
		return nil, err
	}
	n.log.Info("joined the network", "node", id.NodeID, "txid", resp.TxID)
	return id, n.saveIdentity(id)
}

// postJSON posts v and decodes the answer into out, or returns the API error.
func postJSON(ctx context.Context, client *http.Client, url string, v, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error *APIError `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil && e.Error != nil {
			e.Error.Status = resp.StatusCode
			return e.Error
		}
		return fmt.Errorf("%s: HTTP %d", url, resp.StatusCode)
	}
	return json.Unmarshal(body, out)
}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }
