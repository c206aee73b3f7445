package relay

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/consensus"
	"github.com/cocorelay/coco/ledger"
)

// MaxBodySize bounds request bodies.
const MaxBodySize = 64 << 10

// APIError is the JSON error every endpoint returns:
//
//	{"error": {"code": "insufficient_balance", "message": "amount: ...", "field": "amount"}}
type APIError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

func apiError(status int, code, field, format string, args ...any) *APIError {
	return &APIError{Status: status, Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Error codes.
const (
	CodeInvalidJSON        = "invalid_json"
	CodeInvalidArgument    = "invalid_argument"
	CodeNotFound           = "not_found"
	CodeAlreadyExists      = "already_exists"
	CodePermissionDenied   = "permission_denied"
	CodeInsufficient       = "insufficient_balance"
	CodeOverflow           = "overflow"
	CodeUnauthenticated    = "unauthenticated"
	CodeBodyTooLarge       = "body_too_large"
	CodeIdempotencyMissing = "idempotency_key_required"
	CodeIdempotencyReused  = "idempotency_key_reused"
	CodeNotLeader          = "not_leader"
	CodeUnavailable        = "unavailable"
	CodeOutcomeUnknown     = "outcome_unknown"
	CodeInternal           = "internal"
	CodeNotSigned          = "not_signed_yet"
	CodeInvalidTx          = "invalid_transaction"
	CodeNodeRetired        = "node_retired"
)

// toAPIError maps errors to responses; unknown errors are internal and
// their text is logged, not sent.
func (n *Node) toAPIError(err error) *APIError {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	var ne *native.Error
	if errors.As(err, &ne) {
		status, code := http.StatusBadRequest, CodeInvalidArgument
		switch {
		case errors.Is(err, native.ErrNotFound):
			status, code = http.StatusNotFound, CodeNotFound
		case errors.Is(err, native.ErrExists):
			status, code = http.StatusConflict, CodeAlreadyExists
		case errors.Is(err, native.ErrForbidden):
			status, code = http.StatusForbidden, CodePermissionDenied
		case errors.Is(err, native.ErrInsufficient):
			status, code = http.StatusUnprocessableEntity, CodeInsufficient
		case errors.Is(err, native.ErrOverflow):
			code = CodeOverflow
		}
		return &APIError{Status: status, Code: code, Field: ne.Field, Message: ne.Error()}
	}
	switch {
	case errors.Is(err, consensus.ErrNotLeader):
		return apiError(http.StatusServiceUnavailable, CodeNotLeader, "", "no leader is available right now; retry")
	case errors.Is(err, consensus.ErrUnknownOutcome):
		return apiError(http.StatusServiceUnavailable, CodeOutcomeUnknown, "", "the transaction may or may not have committed; retry with the same Idempotency-Key to learn its outcome")
	case errors.Is(err, consensus.ErrNotCommitted), errors.Is(err, consensus.ErrClosed):
		return apiError(http.StatusServiceUnavailable, CodeUnavailable, "", "%v; retry", err)
	case errors.Is(err, ledger.ErrRecoveryPending):
		return apiError(http.StatusServiceUnavailable, CodeRecoveryPending, "", "%v", err) // recover_api.go
	case errors.Is(err, ledger.ErrRestorePending), errors.Is(err, ledger.ErrSecretNotHeld), errors.Is(err, ledger.ErrSecretPending):
		return apiError(http.StatusServiceUnavailable, CodeUnavailable, "", "%v", err) // secrets.go, recover.go
	}
	n.log.Error("internal error", "err", err)
	return apiError(http.StatusInternalServerError, CodeInternal, "", "internal error")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	writeBody(w, status, append(b, '\n'))
}

func writeBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func (n *Node) writeError(w http.ResponseWriter, err error) {
	ae := n.toAPIError(err)
	if ae.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, ae.Status, map[string]*APIError{"error": ae})
}

// readBody reads at most MaxBodySize bytes.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBodySize))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, apiError(http.StatusRequestEntityTooLarge, CodeBodyTooLarge, "", "request body exceeds %d bytes", MaxBodySize)
	}
	if err != nil {
		return nil, apiError(http.StatusBadRequest, CodeInvalidJSON, "", "read body: %v", err)
	}
	return b, nil
}

// decodeStrict decodes one JSON object into v: unknown fields, trailing
// data and wrong types are errors that name the field.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			return apiError(http.StatusBadRequest, CodeInvalidJSON, te.Field, "%s: must be a JSON %s", te.Field, te.Type.Kind())
		case errors.As(err, &se):
			return apiError(http.StatusBadRequest, CodeInvalidJSON, "", "malformed JSON at byte %d: %v", se.Offset, err)
		case errors.Is(err, io.EOF):
			return apiError(http.StatusBadRequest, CodeInvalidJSON, "", "empty body: a JSON object is required")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return apiError(http.StatusBadRequest, CodeInvalidJSON, f, "%s: unknown field", f)
		}
		return apiError(http.StatusBadRequest, CodeInvalidJSON, "", "malformed JSON: %v", err)
	}
	if dec.More() {
		return apiError(http.StatusBadRequest, CodeInvalidJSON, "", "trailing data after the JSON object")
	}
	return nil
}

// required reports the first empty string field, by JSON name.
func required(fields ...[2]string) error {
	for _, f := range fields {
		if f[1] == "" {
			return apiError(http.StatusBadRequest, CodeInvalidArgument, f[0], "%s: must be set", f[0])
		}
	}
	return nil
}
