package relay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/cocorelay/coco/consensus"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/relay/signing"
)

// Idempotency records live in a private table, one per caller and key:
// the hash of the request and the response it got. A request that repeats
// a key gets that response again (with Idempotent-Replayed: true) and has
// no second effect; the same key with a different request is refused.
const tableIdempotency = "coco.idempotency"

type idemRecord struct {
	RequestHash string          `json:"request_hash"`
	Status      int             `json:"status"`
	Body        json.RawMessage `json:"body"`
}

// WriteResponse is the body of every successful write.
type WriteResponse struct {
	TxID   string `json:"txid"`
	Status string `json:"status"` // always "committed"
	Result any    `json:"result"`
}

// Headers set on responses.
const (
	HeaderReplayed  = "Idempotent-Replayed"
	HeaderTxID      = "Coco-Tx-Id"
	HeaderCommitted = "Coco-Committed"
	headerForwarded = "Coco-Forwarded-By"
)

// writeTimeout bounds how long a write waits to commit.
const writeTimeout = 20 * time.Second

// writeResult is what the executor returns to a write handler.
type writeResult struct {
	status   int
	body     []byte
	replayed bool
}

// writeEndpoint serves a write: it forwards to the leader when this node
// does not lead, authenticates, decodes the request strictly, and runs it
// once per idempotency key.
func writeEndpoint[T any](n *Node, check func(*T) error, run func(tx *ledger.Tx, c *caller, req *T) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(r)
		if err != nil {
			n.writeError(w, err)
			return
		}
		if !n.IsLeader() {
			n.forward(w, r, body)
			return
		}
		c, err := n.authenticate(r, body)
		if err != nil {
			n.writeError(w, err)
			return
		}
		key := r.Header.Get(signing.HeaderIdempotencyKey)
		if err := validIdempotencyKey(key); err != nil {
			n.writeError(w, err)
			return
		}
		var req T
		if err := decodeStrict(body, &req); err != nil {
			n.writeError(w, err)
			return
		}
		if err := check(&req); err != nil {
			n.writeError(w, err)
			return
		}
		h := sha256.Sum256([]byte(r.Method + "\n" + signing.Target(r) + "\n" + string(body)))
		reqHash := hex.EncodeToString(h[:])
		ctx, cancel := context.WithTimeout(r.Context(), writeTimeout)
		defer cancel()
		out, err := n.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) {
			return idempotent(tx, c.ID, key, reqHash, func() (any, error) { return run(tx, c, &req) })
		})
		if errors.Is(err, consensus.ErrNotLeader) {
			n.forward(w, r, body)
			return
		}
		if err != nil {
			n.writeError(w, err)
			return
		}
		res := out.Value.(*writeResult)
		if res.replayed {
			w.Header().Set(HeaderReplayed, "true")
		}
		var wr struct {
			TxID string `json:"txid"`
		}
		if json.Unmarshal(res.body, &wr) == nil && wr.TxID != "" {
			w.Header().Set(HeaderTxID, wr.TxID)
		}
		writeBody(w, res.status, res.body)
	}
}

// idempotent runs fn once per (caller, key) inside tx.
func idempotent(tx *ledger.Tx, callerID, key, reqHash string, fn func() (any, error)) (*writeResult, error) {
	ik := []byte(callerID + "\x00" + key)
	if b, ok, err := tx.Get(tableIdempotency, ik); err != nil {
		return nil, err
	} else if ok {
		var rec idemRecord
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("corrupt idempotency record: %w", err)
		}
		if rec.RequestHash != reqHash {
			return nil, apiError(http.StatusUnprocessableEntity, CodeIdempotencyReused, signing.HeaderIdempotencyKey,
				"%s %q was already used for a different request", signing.HeaderIdempotencyKey, key)
		}
		return &writeResult{status: rec.Status, body: rec.Body, replayed: true}, nil
	}
	result, err := fn()
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(WriteResponse{TxID: tx.ID().String(), Status: string(ledger.StatusCommitted), Result: result})
	if err != nil {
		return nil, err
	}
	body = append(body, '\n')
	rec, _ := json.Marshal(idemRecord{RequestHash: reqHash, Status: http.StatusOK, Body: body})
	tx.Put(tableIdempotency, ik, rec)
	return &writeResult{status: http.StatusOK, body: body}, nil
}

func validIdempotencyKey(k string) error {
	if k == "" {
		return apiError(http.StatusBadRequest, CodeIdempotencyMissing, signing.HeaderIdempotencyKey, "%s: every write needs one (1 to 128 characters: A-Z a-z 0-9 . _ : -)", signing.HeaderIdempotencyKey)
	}
	if len(k) > 128 {
		return apiError(http.StatusBadRequest, CodeInvalidArgument, signing.HeaderIdempotencyKey, "%s: at most 128 characters", signing.HeaderIdempotencyKey)
	}
	for _, c := range []byte(k) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-'
		if !ok {
			return apiError(http.StatusBadRequest, CodeInvalidArgument, signing.HeaderIdempotencyKey, "%s: only A-Z a-z 0-9 . _ : - are allowed", signing.HeaderIdempotencyKey)
		}
	}
	return nil
}

// forward sends a request this node cannot serve to the leader and relays
// the answer. The leader checks the caller's signature itself.
func (n *Node) forward(w http.ResponseWriter, r *http.Request, body []byte) {
	if r.Header.Get(headerForwarded) != "" {
		n.writeError(w, apiError(http.StatusServiceUnavailable, CodeNotLeader, "", "leadership is changing; retry"))
		return
	}
	target, err := n.leaderURL()
	if err != nil {
		n.writeError(w, err)
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		n.writeError(w, err)
		return
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	req.Header.Set(headerForwarded, strconv.FormatUint(n.ID(), 10))
	resp, err := n.client.Do(req)
	if err != nil {
		n.writeError(w, apiError(http.StatusServiceUnavailable, CodeUnavailable, "", "the leader did not answer: %v", err))
		return
	}
	defer resp.Body.Close()
	for _, k := range []string{"Content-Type", "Retry-After", HeaderReplayed, HeaderTxID, HeaderCommitted} {
		if v := resp.Header.Get(k); v != "" {
			w.Header().Set(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// leaderURL returns the API URL of the current leader.
func (n *Node) leaderURL() (string, error) {
	id, _, ok := n.raft.Leader()
	if !ok {
		return "", apiError(http.StatusServiceUnavailable, CodeNotLeader, "", "the network has no leader right now; retry")
	}
	if id == n.ID() {
		return n.cfg.Public.APIURL, nil
	}
	rec, err := governance.GetNode(readerOf(n.store), id)
	if err != nil {
		return "", apiError(http.StatusServiceUnavailable, CodeNotLeader, "", "leader %d is not known to this node yet; retry", id)
	}
	return rec.APIURL, nil
}
