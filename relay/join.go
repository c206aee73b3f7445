package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/p2p"
)

// Joining happens over the mesh (p2p's join protocol, which any node
// relays to the leader). A new node asks for a nonce, presents evidence
// that binds its key and that nonce to its platform and code, and is
// recorded as pending (or trusted at once, if the constitution trusts
// allowed code automatically). Members make a pending node trusted with
// transition_node_to_trusted. The new node polls until then, and receives
// its node certificate and the service key sealed to its attested key; the
// leader adds it to Raft (see membership.go). Refused nodes learn why and
// get nothing else.

type joinRequest struct {
	Op          string            `json:"op"` // nonce, join or status
	Evidence    *enclave.Evidence `json:"evidence,omitempty"`
	RaftAddress string            `json:"raft_address,omitempty"`
	APIURL      string            `json:"api_url,omitempty"`
	P2PAddrs    []string          `json:"p2p_addrs,omitempty"`
	PublicKey   []byte            `json:"public_key,omitempty"` // status: the node's key (DER)
}

type joinReply struct {
	Error       *APIError `json:"error,omitempty"`
	Nonce       []byte    `json:"nonce,omitempty"`
	Status      string    `json:"status,omitempty"` // pending, trusted, retired, unknown
	NodeID      uint64    `json:"node_id,omitempty"`
	TxID        string    `json:"txid,omitempty"`
	NodeCert    string    `json:"node_cert,omitempty"`
	ServiceCert string    `json:"service_cert,omitempty"`
	ServiceKey  []byte    `json:"service_key,omitempty"` // sealed to the node's key
	// LedgerSecrets are the ledger secrets, sealed to the node's key
	// (ledger.Store.ExportSecrets; secrets.go).
	LedgerSecrets []byte   `json:"ledger_secrets,omitempty"`
	Trusted       []uint64 `json:"trusted,omitempty"`
}

const serviceKeyInfo = "coco-join/service-key/v1"

// Join refusal codes.
const (
	JoinStaleNonce         = "stale_nonce"
	JoinBadEvidence        = "bad_evidence"
	JoinUnknownMeasurement = "unknown_measurement"
	JoinVirtualNotAllowed  = "virtual_not_allowed"
	JoinDebugEnclave       = "debug_enclave"
	JoinTCBStatus          = "tcb_status"
	JoinRetired            = "retired"
	// JoinRecoveryPending: the network is being recovered and its private
	// tables are not restored yet; a node that joined now could not apply
	// the restore (it lacks the recovered secrets). Not final: ask again
	// once the members' shares are in.
	JoinRecoveryPending = "recovery_pending"
)

// finalRefusal reports whether a join refusal stands however often the
// node asks again: only the members can change the outcome.
func finalRefusal(code string) bool {
	switch code {
	case JoinBadEvidence, JoinUnknownMeasurement, JoinVirtualNotAllowed, JoinDebugEnclave, JoinTCBStatus, JoinRetired, CodeInvalidArgument:
		return true
	}
	return false
}

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

// joinAttempt is one join request and what became of it, for the API.
type joinAttempt struct {
	Time        time.Time    `json:"time"`
	Peer        string       `json:"peer"`
	KeyID       string       `json:"key_id,omitempty"`
	Platform    enclave.Kind `json:"platform,omitempty"`
	Measurement string       `json:"measurement,omitempty"`
	NodeID      uint64       `json:"node_id,omitempty"`
	Outcome     string       `json:"outcome"` // pending, trusted or refused
	Reason      string       `json:"reason,omitempty"`
	TxID        string       `json:"txid,omitempty"`
}

// joinLog keeps the last join attempts this node handled as leader.
type joinLog struct {
	mu       sync.Mutex
	attempts []joinAttempt
}

func (l *joinLog) add(a joinAttempt) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.attempts = append(l.attempts, a)
	if len(l.attempts) > 100 {
		l.attempts = l.attempts[len(l.attempts)-100:]
	}
}

func (l *joinLog) list() []joinAttempt {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.attempts)
}

// handleJoin answers a join request: a status from any node's committed
// state; a nonce or a join on the leader, to which other nodes pass them.
func (n *Node) handleJoin(ctx context.Context, fromPeer string, data []byte) ([]byte, error) {
	var req joinRequest
	reply := &joinReply{}
	if err := decodeStrict(data, &req); err != nil {
		reply.Error = n.toAPIError(err)
	} else if (req.Op != "status" || n.secretsFromLeader(req.PublicKey)) && !n.IsLeader() {
		return n.mesh.ForwardToLeader(ctx, data)
	} else {
		switch req.Op {
		case "nonce":
			reply.Nonce = n.nonces.issue()
		case "join":
			reply, err = n.admit(ctx, fromPeer, &req)
		case "status":
			reply, err = n.joinStatus(req.PublicKey)
		default:
			err = apiError(http.StatusBadRequest, CodeInvalidArgument, "op", "op: %q: want nonce, join or status", req.Op)
		}
		if err != nil {
			reply = &joinReply{Error: n.toAPIError(err)}
		}
	}
	b, _ := json.Marshal(reply)
	return b, nil
}

func refuse(code, format string, args ...any) error {
	return apiError(http.StatusForbidden, code, "evidence", format, args...)
}

// refusal maps evidence errors to join refusal codes.
func refusal(err error) error {
	switch {
	case errors.Is(err, enclave.ErrVirtualNotAllowed):
		return refuse(JoinVirtualNotAllowed, "%v", err)
	case errors.Is(err, enclave.ErrUnknownMeasurement):
		return refuse(JoinUnknownMeasurement, "%v", err)
	case errors.Is(err, enclave.ErrStaleNonce):
		return refuse(JoinStaleNonce, "%v", err)
	case errors.Is(err, enclave.ErrDebugEnclave):
		return refuse(JoinDebugEnclave, "%v", err)
	case errors.Is(err, enclave.ErrTCBStatus):
		return refuse(JoinTCBStatus, "%v", err)
	}
	return refuse(JoinBadEvidence, "%v", err)
}

// admit checks a joining node's evidence and records it.
func (n *Node) admit(ctx context.Context, fromPeer string, req *joinRequest) (*joinReply, error) {
	attempt := joinAttempt{Time: time.Now().UTC(), Peer: fromPeer, Outcome: "refused"}
	defer func() { n.joins.add(attempt) }()
	fail := func(err error) (*joinReply, error) {
		attempt.Reason = err.Error()
		return nil, err
	}
	if req.Evidence == nil {
		return fail(apiError(http.StatusBadRequest, CodeInvalidArgument, "evidence", "evidence: must be set"))
	}
	attempt.Platform = req.Evidence.Platform
	if err := required([2]string{"raft_address", req.RaftAddress}, [2]string{"api_url", req.APIURL}); err != nil {
		return fail(err)
	}
	if len(req.P2PAddrs) == 0 {
		return fail(apiError(http.StatusBadRequest, CodeInvalidArgument, "p2p_addrs", "p2p_addrs: at least one address"))
	}
	if n.store.Recovery().Pending() {
		return fail(refuse(JoinRecoveryPending, "the network is being recovered and waits for the members' recovery shares; no node joins before its private tables are restored"))
	}
	if !n.nonces.take(req.Evidence.Nonce) {
		return fail(refuse(JoinStaleNonce, "evidence.nonce: not a fresh nonce from this leader (stale, reused or unknown); ask for a new one"))
	}
	r := readerOf(n.store)
	settings, err := governance.GetSettings(r)
	if err != nil {
		return fail(apiError(http.StatusServiceUnavailable, CodeUnavailable, "", "the network is not open yet; retry"))
	}
	allowed, err := n.allowedCode()
	if err != nil {
		return fail(err)
	}
	claims, err := enclave.VerifyEvidence(req.Evidence, req.Evidence.Nonce, enclave.Policy{AllowVirtual: settings.AllowVirtualNodes, Measurements: allowed})
	if err != nil {
		return fail(refusal(err))
	}
	attempt.Measurement = hex.EncodeToString(claims.Measurement)
	if ok, err := governance.NodeCodeAllowed(r, claims.Platform, claims.Measurement); err != nil {
		return fail(err)
	} else if !ok {
		return fail(refuse(JoinUnknownMeasurement, "measurement %x of platform %s is not allowed (add_node_code)", claims.Measurement, claims.Platform))
	}
	parsed, err := x509.ParsePKIXPublicKey(claims.PublicKey)
	pub, ok := parsed.(*ecdsa.PublicKey)
	if err != nil || !ok {
		return fail(refuse(JoinBadEvidence, "public key: node keys are ECDSA P-256"))
	}
	kid, _ := enclave.KeyID(pub)
	attempt.KeyID = kid
	peerID, err := p2p.PeerIDOf(pub)
	if err != nil {
		return fail(refuse(JoinBadEvidence, "public key: %v", err))
	}
	pubPEM, _ := enclave.EncodePublicKeyPEM(pub)
	out, err := n.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) {
		last, err := governance.LastNodeID(tx)
		if err != nil {
			return nil, err
		}
		if existing, err := governance.NodeIDForKey(tx, kid, last); err == nil {
			if existing.Status == governance.NodeRetired {
				return nil, refuse(JoinRetired, "node %d with this key was retired and cannot rejoin", existing.ID)
			}
			return existing, nil
		}
		c, err := governance.GetConstitution(tx)
		if err != nil {
			return nil, err
		}
		id, err := governance.NextNodeID(tx)
		if err != nil {
			return nil, err
		}
		creq := enclave.NodeCertRequest{NodeID: id, PublicKey: pub, Platform: claims.Platform, Measurement: claims.Measurement}
		creq.DNSNames, creq.IPAddresses = apiHostNames(req.APIURL)
		certDER, err := n.id.Service.EndorseNode(creq)
		if err != nil {
			return nil, err
		}
		rec := &governance.Node{
			ID: id, Status: governance.NodePending, PublicKey: string(pubPEM), Cert: string(enclave.EncodeCertPEM(certDER)),
			Platform: claims.Platform, Measurement: hex.EncodeToString(claims.Measurement),
			RaftAddress: req.RaftAddress, APIURL: req.APIURL, KeyID: kid,
			PeerID: peerID, P2PAddrs: req.P2PAddrs, JoinedIn: tx.ID().String(),
		}
		if c.AutoTrustNodes {
			rec.Status = governance.NodeTrusted
		}
		governance.PutNode(tx, rec)
		return rec, nil
	})
	if err != nil {
		return fail(err)
	}
	rec := out.Value.(*governance.Node)
	attempt.NodeID, attempt.Outcome, attempt.TxID = rec.ID, rec.Status, rec.JoinedIn
	n.log.Info("node joined", "node", rec.ID, "status", rec.Status, "platform", rec.Platform, "txid", rec.JoinedIn)
	return &joinReply{Status: rec.Status, NodeID: rec.ID, TxID: rec.JoinedIn}, nil
}

// allowedCode lists every allowed measurement.
func (n *Node) allowedCode() ([][]byte, error) {
	kvs, err := n.store.Scan(governance.TableNodeCode, nil, nil, 10000)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, kv := range kvs {
		var c governance.NodeCode
		if err := json.Unmarshal(kv.Value, &c); err != nil {
			return nil, err
		}
		if m, err := hex.DecodeString(c.Measurement); err == nil {
			out = append(out, m)
		}
	}
	return out, nil
}

// joinStanding looks up where the node with key der stands, without any
// cryptographic work: status requests are unauthenticated. rec is nil for
// an unknown node.
func (n *Node) joinStanding(der []byte) (*ecdsa.PublicKey, *governance.Node, error) {
	parsed, err := x509.ParsePKIXPublicKey(der)
	pub, ok := parsed.(*ecdsa.PublicKey)
	if err != nil || !ok {
		return nil, nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "public_key", "public_key: an ECDSA P-256 key (DER)")
	}
	kid, _ := enclave.KeyID(pub)
	r := readerOf(n.store)
	last, err := governance.LastNodeID(r)
	if err != nil {
		return nil, nil, err
	}
	rec, err := governance.NodeIDForKey(r, kid, last)
	if errors.Is(err, governance.ErrUnknownNode) {
		return pub, nil, nil
	}
	return pub, rec, err
}

// joinStatus tells a joining node where it stands, and once it is trusted
// gives it what it needs to take part.
func (n *Node) joinStatus(der []byte) (*joinReply, error) {
	pub, rec, err := n.joinStanding(der)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return &joinReply{Status: "unknown"}, nil
	}
	r := readerOf(n.store)
	reply := &joinReply{Status: rec.Status, NodeID: rec.ID, TxID: rec.JoinedIn}
	if rec.Status != governance.NodeTrusted {
		return reply, nil
	}
	keyDER, err := n.id.Service.MarshalKey()
	if err != nil {
		return nil, err
	}
	if reply.ServiceKey, err = enclave.SealTo(pub, serviceKeyInfo, keyDER); err != nil {
		return nil, err
	}
	if reply.LedgerSecrets, err = n.store.ExportSecrets(pub); err != nil {
		return nil, err
	}
	reply.NodeCert, reply.ServiceCert = rec.Cert, string(enclave.EncodeCertPEM(n.id.ServiceCert.Raw))
	nodes, err := governance.Nodes(r)
	if err != nil {
		return nil, err
	}
	for _, o := range nodes {
		if o.Status == governance.NodeTrusted {
			reply.Trusted = append(reply.Trusted, o.ID)
		}
	}
	return reply, nil
}

// join runs the joining side until the node is trusted, refused, or ctx
// ends.
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
	ask := func(req joinRequest) (*joinReply, error) {
		b, _ := json.Marshal(req)
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		out, err := n.mesh.Join(rctx, jc.Peers, b)
		if err != nil {
			return nil, err
		}
		var r joinReply
		if err := json.Unmarshal(out, &r); err != nil {
			return nil, fmt.Errorf("malformed join reply: %w", err)
		}
		if r.Error != nil {
			return nil, r.Error
		}
		return &r, nil
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&n.key.PublicKey)
	if err != nil {
		return nil, err
	}
	var lastLog time.Time
	admitted := false
	for attempt := 0; ; attempt++ {
		var r *joinReply
		if !admitted {
			r, err = ask(joinRequest{Op: "nonce"})
			if err == nil {
				var ev *enclave.Evidence
				if ev, err = n.platform.Evidence(ctx, n.key, r.Nonce); err != nil {
					return nil, fmt.Errorf("evidence: %w", err)
				}
				r, err = ask(joinRequest{Op: "join", Evidence: ev, RaftAddress: n.cfg.Public.RaftAddress, APIURL: n.cfg.Public.APIURL, P2PAddrs: n.mesh.Addrs()})
			}
		} else {
			r, err = ask(joinRequest{Op: "status", PublicKey: pubDER})
		}
		var ae *APIError
		switch {
		case errors.As(err, &ae) && finalRefusal(ae.Code):
			return nil, fmt.Errorf("join refused (%s): %s", ae.Code, ae.Message)
		case errors.As(err, &ae) && ae.Code == JoinStaleNonce:
			n.log.Warn("join: the leader did not take the nonce (leader change?); retrying with a new one", "err", err)
			admitted = false
		case err != nil:
			n.log.Info("join: no answer yet; retrying", "err", err)
		case r.Status == governance.NodeRetired:
			return nil, fmt.Errorf("join refused (%s): this node's key was retired", JoinRetired)
		case r.Status == governance.NodeTrusted && r.ServiceKey != nil:
			return n.joined(r, svc)
		case r.Status == governance.NodeTrusted:
			admitted = true // trusted at once: fetch what it needs with status
		case r.Status == governance.NodePending:
			admitted = true
			if time.Since(lastLog) > 10*time.Second {
				lastLog = time.Now()
				n.log.Info("joined as a pending node; waiting for the members to make it trusted (transition_node_to_trusted)", "node", r.NodeID, "txid", r.TxID)
			}
		case r.Status == "unknown":
			admitted = false
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("join: %w (last error: %v)", ctx.Err(), err)
		case <-time.After(time.Duration(min(attempt+1, 5)) * 200 * time.Millisecond):
		}
	}
}

// joined checks what a trusted node receives and keeps it.
func (n *Node) joined(r *joinReply, svc *x509.Certificate) (*localIdentity, error) {
	got, err := enclave.ParseCertPEM([]byte(r.ServiceCert))
	if err != nil || !got.Equal(svc) {
		return nil, errors.New("the network answered with another service certificate")
	}
	nodeCert, err := enclave.ParseCertPEM([]byte(r.NodeCert))
	if err != nil {
		return nil, fmt.Errorf("node certificate: %w", err)
	}
	keyDER, err := enclave.OpenWith(n.key, serviceKeyInfo, r.ServiceKey)
	if err != nil {
		return nil, fmt.Errorf("service key: %w", err)
	}
	service, err := enclave.LoadServiceIdentity(keyDER, svc.Raw)
	if err != nil {
		return nil, err
	}
	if err := n.store.ImportSecrets(r.LedgerSecrets); err != nil {
		return nil, fmt.Errorf("ledger secrets: %w", err)
	}
	id := &localIdentity{NodeID: r.NodeID, Mode: ModeJoin, RaftAddress: n.cfg.Public.RaftAddress, ServiceCert: svc, NodeCert: nodeCert, Service: service, Trusted: r.Trusted}
	if err := id.check(n.key); err != nil {
		return nil, err
	}
	n.log.Info("trusted by the network", "node", id.NodeID, "joined_in", r.TxID)
	return id, n.saveIdentity(id)
}
