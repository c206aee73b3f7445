package relay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
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
// Records are binary (see idemRecord.encode).
const tableIdempotency = "coco.idempotency"

// idemRecord is a stored idempotency record.
type idemRecord struct {
	requestHash [sha256.Size]byte
	status      int
	txid        string // of the transaction that wrote the record
	body        []byte
}

const idemRecordV1 = 1

// encode returns version (1 byte), request hash (32 bytes), status
// (uvarint), txid (uvarint length and bytes) and the body (the rest).
func (r *idemRecord) encode() []byte {
	b := make([]byte, 0, 1+sha256.Size+binary.MaxVarintLen16+1+len(r.txid)+len(r.body))
	b = append(b, idemRecordV1)
	b = append(b, r.requestHash[:]...)
	b = binary.AppendUvarint(b, uint64(r.status))
	b = binary.AppendUvarint(b, uint64(len(r.txid)))
	b = append(b, r.txid...)
	return append(b, r.body...)
}

var errCorruptIdem = errors.New("malformed record")

func decodeIdemRecord(b []byte) (*idemRecord, error) {
	if len(b) < 1+sha256.Size || b[0] != idemRecordV1 {
		return nil, errCorruptIdem
	}
	r := &idemRecord{}
	copy(r.requestHash[:], b[1:])
	b = b[1+sha256.Size:]
	status, n := binary.Uvarint(b)
	if n <= 0 || status > 999 {
		return nil, errCorruptIdem
	}
	b = b[n:]
	l, n := binary.Uvarint(b)
	if n <= 0 || l > uint64(len(b)-n) {
		return nil, errCorruptIdem
	}
	r.status, r.txid, r.body = int(status), string(b[n:n+int(l)]), b[n+int(l):]
	return r, nil
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
	txid     string // for the Coco-Tx-Id header; empty if the body names none
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
		target := signing.Target(r)
		c, err := n.authenticateTarget(r, target, body)
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
		reqHash := requestHash(r.Method, target, body)
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
		if res.txid != "" {
			w.Header().Set(HeaderTxID, res.txid)
		}
		writeBody(w, res.status, res.body)
	}
}

// requestHash identifies a write for its idempotency key: SHA-256 of the
// method, the request target and the body, joined by newlines.
func requestHash(method, target string, body []byte) [sha256.Size]byte {
	b := make([]byte, 0, len(method)+len(target)+2+len(body))
	b = append(b, method...)
	b = append(b, '\n')
	b = append(b, target...)
	b = append(b, '\n')
	return sha256.Sum256(append(b, body...))
}

// idempotent runs fn once per (caller, key) inside tx.
func idempotent(tx *ledger.Tx, callerID, key string, reqHash [sha256.Size]byte, fn func() (any, error)) (*writeResult, error) {
	ik := make([]byte, 0, len(callerID)+1+len(key))
	ik = append(append(append(ik, callerID...), 0), key...)
	if b, ok, err := tx.Get(tableIdempotency, ik); err != nil {
		return nil, err
	} else if ok {
		rec, err := decodeIdemRecord(b)
		if err != nil {
			return nil, fmt.Errorf("corrupt idempotency record: %w", err)
		}
		if rec.requestHash != reqHash {
			return nil, apiError(http.StatusUnprocessableEntity, CodeIdempotencyReused, signing.HeaderIdempotencyKey,
				"%s %q was already used for a different request", signing.HeaderIdempotencyKey, key)
		}
		return &writeResult{status: rec.status, body: rec.body, txid: rec.txid, replayed: true}, nil
	}
	result, err := fn()
	if err != nil {
		return nil, err
	}
	txid := tx.ID().String()
	body, err := writeResponse(txid, result)
	if err != nil {
		return nil, err
	}
	rec := idemRecord{requestHash: reqHash, status: http.StatusOK, txid: txid, body: body}
	tx.Put(tableIdempotency, ik, rec.encode())
	return &writeResult{status: http.StatusOK, body: body, txid: txid}, nil
}

// writeResponse returns the body of a successful write: WriteResponse as
// encoding/json writes it, and a newline. The envelope is assembled by hand
// (its txid and status never need escaping); only the result is marshalled.
func writeResponse(txid string, result any) ([]byte, error) {
	res, err := json.Marshal(result)
	if err != nil {
		return nil, err
	}
	const head, mid, tail = `{"txid":"`, `","status":"` + string(ledger.StatusCommitted) + `","result":`, "}\n"
	b := make([]byte, 0, len(head)+len(txid)+len(mid)+len(res)+len(tail))
	b = append(b, head...)
	b = append(b, txid...)
	b = append(b, mid...)
	b = append(b, res...)
	return append(b, tail...), nil
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
