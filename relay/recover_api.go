package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/relay/client"
)

// Recovery shares and the recovered service, over the API:
//
//	GET  /v1/recovery                      where recovery stands (RecoveryStatus)
//	GET  /v1/recovery/shares/{member_id}   a member's share, sealed to its encryption key
//	GET  /v1/recovery/evidence?nonce=HEX   this node's attestation evidence for the member's
//	                                       nonce, and the recovered constitution's node policy
//	POST /v1/recovery/shares               a member submits its opened share, sealed to the
//	                                       key the evidence attests (COSE_Sign1, type
//	                                       "recovery_share", payload {"sealed_share": base64})
//	GET  /v1/service/endorsements          the endorsements of earlier services (PEM)
//
// Submitted shares are held in this node's memory only, never on disk or
// in the ledger: after a restart of the recovering node the members submit
// again. Each is checked against the digest the recovery record holds.

// CodeRecoveryPending answers (503) what waits for the members' recovery
// shares on a recovered network: the receipt of a transaction of the
// previous service, until the new service has recorded its endorsement of
// the old one (ledger.ErrRecoveryPending).
const CodeRecoveryPending = "recovery_pending"

// MsgRecoveryShare is the governance message type of a share submission.
const MsgRecoveryShare = "recovery_share"

// recoveryShares are the shares submitted to this node.
type recoveryShares struct {
	mu     sync.Mutex
	shares map[string][]byte // member id → share
}

// RecoveryStatus is GET /v1/recovery.
type RecoveryStatus struct {
	// State: "none" (this network was never recovered), "awaiting_shares",
	// "restoring" or "open".
	State            string   `json:"state"`
	Threshold        int      `json:"threshold"`
	Submitted        int      `json:"submitted"`
	SecretVersion    uint64   `json:"secret_version"`
	ImportedThrough  uint64   `json:"imported_through,omitempty"`
	RestoredThrough  uint64   `json:"restored_through,omitempty"`
	PreviousServices []string `json:"previous_services_sha256,omitempty"`
}

func (n *Node) recoveryRoutes(mux *http.ServeMux) {
	mux.Handle("GET /v1/recovery", n.govRead(func(*http.Request) (any, error) { return n.recoveryStatus() }))
	mux.Handle("GET /v1/recovery/shares/{member_id}", n.govRead(func(r *http.Request) (any, error) {
		rs, err := governance.GetRecoveryShares(readerOf(n.store))
		if err != nil {
			return nil, err
		}
		id := r.PathValue("member_id")
		if rs == nil || rs.Shares[id] == nil {
			return nil, apiError(http.StatusNotFound, CodeNotFound, "member_id", "no recovery share for member %.80s", id)
		}
		return map[string]any{"member_id": id, "secret_version": rs.SecretVersion, "threshold": rs.Threshold, "encrypted_share": rs.Shares[id]}, nil
	}))
	mux.HandleFunc("POST /v1/recovery/shares", n.submitShare)
	mux.Handle("GET /v1/recovery/evidence", n.govRead(func(r *http.Request) (any, error) {
		return n.recoveryEvidence(r.Context(), r.URL.Query().Get("nonce"))
	}))
	mux.Handle("GET /v1/service/endorsements", n.govRead(func(*http.Request) (any, error) {
		ends, err := n.store.Endorsements()
		if err != nil {
			return nil, err
		}
		out := []string{}
		for _, e := range ends {
			out = append(out, string(enclave.EncodeCertPEM(e.Raw)))
		}
		return map[string][]string{"endorsements": out}, nil
	}))
}

func (n *Node) recoveryStatus() (*RecoveryStatus, error) {
	r := readerOf(n.store)
	st := &RecoveryStatus{State: "none"}
	prev, err := governance.PreviousServices(r)
	if err != nil {
		return nil, err
	}
	for _, p := range prev {
		st.PreviousServices = append(st.PreviousServices, fmt.Sprintf("%x", sha256.Sum256(p)))
	}
	rc := n.store.Recovery()
	st.ImportedThrough, st.RestoredThrough = rc.ImportedThrough, rc.RestoredThrough
	sec := n.store.Secrets()
	st.SecretVersion = sec.Current
	if rs, _ := governance.GetRecoveryShares(r); rs != nil {
		st.Threshold = rs.Threshold
	}
	n.recovery.mu.Lock()
	st.Submitted = len(n.recovery.shares)
	n.recovery.mu.Unlock()
	switch {
	case rc.ImportedThrough == 0:
	case !slices.Contains(sec.Held, sec.Current):
		st.State = "awaiting_shares"
	case rc.Pending():
		st.State = "restoring"
	default:
		st.State = "open"
	}
	return st, nil
}

func (n *Node) submitShare(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		n.writeError(w, err)
		return
	}
	env, err := n.checkEnvelope(body, MsgRecoveryShare, "")
	if err != nil {
		n.writeError(w, govError(err))
		return
	}
	var p struct {
		SealedShare []byte `json:"sealed_share"`
	}
	if err := decodeStrict(env.Payload, &p); err != nil {
		n.writeError(w, err)
		return
	}
	share, err := enclave.OpenWith(n.key, shareToNodeInfo, p.SealedShare)
	if err != nil {
		n.writeError(w, apiError(http.StatusBadRequest, CodeInvalidArgument, "sealed_share", "sealed_share: does not open with this node's key: seal it to the key of GET /v1/recovery/evidence"))
		return
	}
	defer clear(share)
	st, err := n.acceptShare(r.Context(), env.Member, share)
	if err != nil {
		n.writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// acceptShare keeps a member's share and, once enough are in, recovers
// the ledger secrets and restores the private tables.
func (n *Node) acceptShare(ctx context.Context, member string, share []byte) (*RecoveryStatus, error) {
	if n.store.Recovery().ImportedThrough == 0 {
		return nil, apiError(http.StatusConflict, CodeInvalidArgument, "", "this network is not being recovered")
	}
	rs, err := governance.GetRecoveryShares(readerOf(n.store))
	if err != nil {
		return nil, err
	}
	if rs == nil {
		return nil, apiError(http.StatusConflict, CodeInvalidArgument, "", "the old ledger holds no recovery shares: it cannot be recovered")
	}
	if !shareMatches(rs, member, share) {
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "share", "share: not the recovery share of member %s", member)
	}
	sec := n.store.Secrets()
	if !slices.Contains(sec.Held, sec.Current) {
		n.recovery.mu.Lock()
		if n.recovery.shares == nil {
			n.recovery.shares = map[string][]byte{}
		}
		n.recovery.shares[member] = slices.Clone(share)
		var got []enclave.Share
		for _, b := range n.recovery.shares {
			s, err := enclave.DecodeShare(b)
			if err == nil {
				got = append(got, s)
			}
		}
		n.recovery.mu.Unlock()
		if len(got) >= rs.Threshold {
			if err := n.recoverSecrets(rs, got); err != nil {
				return nil, err
			}
		}
	}
	if err := n.completeRestore(ctx); err != nil {
		return nil, err
	}
	return n.recoveryStatus()
}

// recoverSecrets combines the shares, unwraps the latest old secret and
// every earlier one.
func (n *Node) recoverSecrets(rs *governance.RecoveryShares, shares []enclave.Share) error {
	kek, err := enclave.CombineShares(shares)
	if err != nil {
		return apiError(http.StatusBadRequest, CodeInvalidArgument, "share", "combine shares: %v", err)
	}
	defer clear(kek)
	secret, err := ledger.UnwrapRecovered(rs.SecretVersion, rs.Wrapped, kek)
	if err != nil {
		return err
	}
	if err := n.store.RecoverSecrets(secret); err != nil {
		return err
	}
	n.recovery.mu.Lock()
	n.recovery.shares = nil
	n.recovery.mu.Unlock()
	n.log.Info("ledger secrets recovered from the members' shares", "version", rs.SecretVersion, "shares", len(shares))
	return nil
}

// completeRestore proposes the restore of the private tables once the
// secrets are back (again after a restart, if it was cut short).
func (n *Node) completeRestore(ctx context.Context) error {
	rc := n.store.Recovery()
	sec := n.store.Secrets()
	if !slices.Contains(sec.Held, sec.Current) {
		return nil
	}
	if !rc.Pending() {
		return n.endorsePrevious(ctx) // recover.go
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	res, err := n.raft.Propose(ctx, (&ledger.Batch{Kind: ledger.BatchRestore, Through: rc.ImportedThrough}).Encode())
	if err != nil {
		return fmt.Errorf("restore private tables: %w", err)
	}
	if !res.Applied {
		return fmt.Errorf("restore private tables refused: %s", res.Reason)
	}
	n.log.Info("private tables restored; the recovered service is open", "through", rc.ImportedThrough)
	return n.endorsePrevious(ctx)
}

// shareToNodeInfo is the HPKE info string of a share sealed to the
// recovering node's attested key.
const shareToNodeInfo = "coco/recovery-share-to-node/v1"

// RecoveryEvidence is GET /v1/recovery/evidence: the node's evidence for
// a member's nonce (binding its key), the node policy of the recovered
// constitution (imported from the old ledger) as the node states it, and
// the proof of that policy from the old ledger (recover_policy.go).
type RecoveryEvidence struct {
	Evidence     *enclave.Evidence `json:"evidence"`
	AllowVirtual bool              `json:"allow_virtual_nodes"`
	Measurements []string          `json:"measurements"` // hex
	// PolicyProofs prove the policy from the old ledger; Endorsements
	// (DER) are the ones the imported ledger holds, for proofs signed by
	// services before the previous one.
	PolicyProofs []PolicyProof `json:"policy_proofs"`
	Endorsements [][]byte      `json:"endorsements,omitempty"`
}

func (n *Node) recoveryEvidence(ctx context.Context, nonceHex string) (*RecoveryEvidence, error) {
	nonce, err := hex.DecodeString(nonceHex)
	if err != nil || len(nonce) < 16 || len(nonce) > 32 {
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "nonce", "nonce: 16 to 32 bytes in hex")
	}
	r := readerOf(n.store)
	settings, err := governance.GetSettings(r)
	if err != nil {
		return nil, err
	}
	allowed, err := n.allowedCode()
	if err != nil {
		return nil, err
	}
	proofs, ends, err := n.policyProofs()
	if err != nil {
		return nil, err
	}
	ev, err := n.platform.Evidence(ctx, n.key, nonce)
	if err != nil {
		return nil, err
	}
	out := &RecoveryEvidence{Evidence: ev, AllowVirtual: settings.AllowVirtualNodes, Measurements: []string{},
		PolicyProofs: proofs, Endorsements: ends}
	for _, m := range allowed {
		out.Measurements = append(out.Measurements, hex.EncodeToString(m))
	}
	return out, nil
}

// StatedPolicy is the node policy e states, unproven: what a member
// trusts only with an explicit override (ShareOptions.TrustStatedPolicy).
func (e *RecoveryEvidence) StatedPolicy() (enclave.Policy, error) {
	pol := enclave.Policy{AllowVirtual: e.AllowVirtual}
	for _, h := range e.Measurements {
		m, err := hex.DecodeString(h)
		if err != nil {
			return pol, fmt.Errorf("the recovering node's policy: measurement %q: %v", h, err)
		}
		pol.Measurements = append(pol.Measurements, m)
	}
	return pol, nil
}

// SealShareForNode checks that e answers nonce, from a platform and code
// pol allows (a virtual node only where the recovered constitution allows
// virtual nodes), and seals share to the node key it attests: only that
// node opens it.
func SealShareForNode(e *RecoveryEvidence, pol enclave.Policy, nonce, share []byte) ([]byte, error) {
	if e == nil || e.Evidence == nil {
		return nil, errors.New("the recovering node sent no evidence")
	}
	claims, err := enclave.VerifyEvidence(e.Evidence, nonce, pol)
	switch {
	case errors.Is(err, enclave.ErrVirtualNotAllowed):
		return nil, fmt.Errorf("the recovering node runs on the insecure virtual platform, which the recovered constitution does not allow (allow_virtual_nodes): not sending it a share: %w", err)
	case err != nil:
		return nil, fmt.Errorf("the recovering node's evidence does not verify: not sending it a share: %w", err)
	}
	parsed, err := x509.ParsePKIXPublicKey(claims.PublicKey)
	pub, ok := parsed.(*ecdsa.PublicKey)
	if err != nil || !ok {
		return nil, errors.New("the recovering node's evidence: its key is not ECDSA P-256")
	}
	return enclave.SealTo(pub, shareToNodeInfo, share)
}

// ShareOptions say how a member checks the recovering node before it
// sends its share.
type ShareOptions struct {
	// PreviousService is the service certificate of the network being
	// recovered, as the member kept it. The node's evidence is checked
	// against the policy the old ledger proves under it
	// (VerifyRecoveredPolicy).
	PreviousService *x509.Certificate
	// TrustStatedPolicy, without PreviousService, checks the evidence
	// against the policy the node states: it could lie about it. For
	// development (coco gov share submit --allow-virtual) and sandboxes.
	TrustStatedPolicy bool
}

// ShareSubmission fetches the recovering node's evidence through c for a
// fresh nonce, checks it against the recovered constitution's node policy
// (proven under opts.PreviousService, or as the node states it with
// opts.TrustStatedPolicy), seals share to the key it attests
// (SealShareForNode) and returns the payload of a recovery_share message.
func ShareSubmission(ctx context.Context, c *client.Client, share []byte, opts ShareOptions) ([]byte, error) {
	if opts.PreviousService == nil && !opts.TrustStatedPolicy {
		return nil, errors.New("the recovering node's policy cannot be checked: give the previous service certificate (--previous-service-cert), or pass --allow-virtual to trust what the node states (development only)")
	}
	nonce := make([]byte, 32)
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	var e RecoveryEvidence
	if err := c.Get(ctx, "/v1/recovery/evidence?nonce="+hex.EncodeToString(nonce), &e); err != nil {
		return nil, fmt.Errorf("the recovering node's evidence: %w", err)
	}
	var pol enclave.Policy
	var err error
	if opts.PreviousService != nil {
		pol, err = VerifyRecoveredPolicy(&e, opts.PreviousService)
	} else {
		pol, err = e.StatedPolicy()
	}
	if err != nil {
		return nil, fmt.Errorf("not sending a share: %w", err)
	}
	sealed, err := SealShareForNode(&e, pol, nonce, share)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(map[string]string{"sealed_share": base64.StdEncoding.EncodeToString(sealed)})
	return b, nil
}
