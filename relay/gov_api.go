package relay

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/relay/signing"
)

// Governance: members send COSE_Sign1 requests (see governance/envelope.go
// and configs/governance.md); anyone may read governance state, which is
// public. Every request is a committed transaction with a receipt.

// Governance error codes.
const (
	CodeInvalidRequest  = "invalid_request"
	CodeStaleRequest    = "stale_request"
	CodeReplayed        = "replayed"
	CodeNotMember       = "not_member"
	CodeProposalNotOpen = "proposal_not_open"
	CodeAlreadyVoted    = "already_voted"
)

func govError(err error) error {
	var ae *governance.ActionError
	switch {
	case errors.As(err, &ae):
		field := "actions[" + strconv.Itoa(ae.Action) + "]"
		if ae.Field != "" {
			field += ".args." + ae.Field
		}
		return &APIError{Status: http.StatusBadRequest, Code: CodeInvalidArgument, Field: field, Message: err.Error()}
	case errors.Is(err, governance.ErrBadEnvelope), errors.Is(err, governance.ErrWrongType),
		errors.Is(err, governance.ErrWrongService), errors.Is(err, governance.ErrWrongProposal):
		return apiError(http.StatusBadRequest, CodeInvalidRequest, "", "%v", err)
	case errors.Is(err, governance.ErrActionDisabled), errors.Is(err, governance.ErrNoActions):
		return apiError(http.StatusBadRequest, CodeInvalidArgument, "actions", "%v", err)
	case errors.Is(err, governance.ErrStaleRequest):
		return apiError(http.StatusBadRequest, CodeStaleRequest, governance.HeaderCreatedAt, "%v", err)
	case errors.Is(err, governance.ErrBadSignature):
		return apiError(http.StatusUnauthorized, CodeUnauthenticated, "", "%v", err)
	case errors.Is(err, governance.ErrNotMember):
		return apiError(http.StatusForbidden, CodeNotMember, "kid", "%v", err)
	case errors.Is(err, governance.ErrNotProposer):
		return apiError(http.StatusForbidden, CodePermissionDenied, "", "%v", err)
	case errors.Is(err, governance.ErrReplay):
		return apiError(http.StatusConflict, CodeReplayed, "", "%v: each signed request is accepted once", err)
	case errors.Is(err, governance.ErrUnknownProposal):
		return apiError(http.StatusNotFound, CodeNotFound, "proposal_id", "%v", err)
	case errors.Is(err, governance.ErrNotOpen):
		return apiError(http.StatusConflict, CodeProposalNotOpen, "proposal_id", "%v", err)
	case errors.Is(err, governance.ErrAlreadyVoted):
		return apiError(http.StatusConflict, CodeAlreadyVoted, "", "%v", err)
	}
	return err
}

func (n *Node) govRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/gov/proposals", n.govWrite(governance.MsgProposal))
	mux.HandleFunc("POST /v1/gov/proposals/{id}/ballots", n.govWrite(governance.MsgBallot))
	mux.HandleFunc("POST /v1/gov/proposals/{id}/withdraw", n.govWrite(governance.MsgWithdrawal))
	mux.HandleFunc("GET /v1/gov/proposals", n.govRead(n.listProposals))
	mux.HandleFunc("GET /v1/gov/proposals/{id}", n.govRead(func(r *http.Request) (any, error) {
		return governance.GetProposal(readerOf(n.store), r.PathValue("id"))
	}))
	mux.HandleFunc("GET /v1/gov/constitution", n.govRead(func(*http.Request) (any, error) {
		return governance.GetConstitution(readerOf(n.store))
	}))
	mux.HandleFunc("GET /v1/gov/members", n.govRead(n.listMembers))
	mux.HandleFunc("GET /v1/gov/history", n.govRead(n.history))
}

// govWrite serves a signed governance request of type typ.
func (n *Node) govWrite(typ string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, governance.MaxEnvelope))
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			n.writeError(w, apiError(http.StatusRequestEntityTooLarge, CodeBodyTooLarge, "", "governance requests are at most %d bytes", governance.MaxEnvelope))
			return
		}
		if err != nil {
			n.writeError(w, apiError(http.StatusBadRequest, CodeInvalidRequest, "", "read body: %v", err))
			return
		}
		if !n.IsLeader() {
			n.forward(w, r, body)
			return
		}
		env, err := n.checkEnvelope(body, typ, r.PathValue("id"))
		if err != nil {
			n.writeError(w, govError(err))
			return
		}
		var acts []governance.Action
		vote := ""
		switch typ {
		case governance.MsgProposal:
			var p struct {
				Actions []governance.Action `json:"actions"`
			}
			if err := decodeStrict(env.Payload, &p); err != nil {
				n.writeError(w, err)
				return
			}
			c, err := governance.GetConstitution(readerOf(n.store))
			if err != nil {
				n.writeError(w, err)
				return
			}
			if err := governance.CheckActions(c, p.Actions); err != nil {
				n.writeError(w, govError(err))
				return
			}
			acts = p.Actions
		case governance.MsgBallot:
			var b struct {
				Vote string `json:"vote"`
			}
			if err := decodeStrict(env.Payload, &b); err != nil {
				n.writeError(w, err)
				return
			}
			if b.Vote != governance.VoteFor && b.Vote != governance.VoteAgainst {
				n.writeError(w, apiError(http.StatusBadRequest, CodeInvalidArgument, "vote", "vote: must be %q or %q", governance.VoteFor, governance.VoteAgainst))
				return
			}
			vote = b.Vote
		}
		ctx, cancel := context.WithTimeout(r.Context(), writeTimeout)
		defer cancel()
		out, err := n.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) {
			// The member may have been removed since the check above.
			if _, err := governance.GetMember(tx, env.Member); err != nil {
				return nil, governance.ErrNotMember
			}
			if err := governance.Seen(tx, env); err != nil {
				return nil, err
			}
			req := governance.Request{W: tx, TxID: tx.ID().String(), Seqno: tx.ID().Seqno, Member: env.Member}
			var v any
			var err error
			switch typ {
			case governance.MsgProposal:
				v, err = governance.Propose(req, governance.ProposalIDOf(env), env.CreatedAt.Unix(), acts)
			case governance.MsgBallot:
				v, err = governance.Vote(req, env.ProposalID, vote)
			default:
				v, err = governance.Withdraw(req, env.ProposalID)
			}
			if err == nil {
				n.rotateAfterGovernance(tx) // secrets.go
			}
			return v, err
		})
		if err != nil {
			n.writeError(w, govError(err))
			return
		}
		w.Header().Set(HeaderTxID, out.ID.String())
		writeJSON(w, http.StatusOK, WriteResponse{TxID: out.ID.String(), Status: string(ledger.StatusCommitted), Result: out.Value})
	}
}

// checkEnvelope parses a request and checks it against the committed
// member table: signature, type, service, proposal and time.
func (n *Node) checkEnvelope(body []byte, typ, proposalID string) (*governance.Envelope, error) {
	env, err := governance.Parse(body)
	if err != nil {
		return nil, err
	}
	m, err := governance.GetMember(readerOf(n.store), env.Member)
	if err != nil {
		return nil, governance.ErrNotMember
	}
	pub, _, err := governance.ParseIdentityKey(m.Cert)
	if err != nil {
		return nil, err
	}
	if err := env.Check(pub, typ, signing.ServiceID(n.id.ServiceCert.Raw), proposalID, time.Now()); err != nil {
		return nil, err
	}
	return env, nil
}

func (n *Node) govRead(fn func(*http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		committed := n.store.Committed().ID
		v, err := fn(r)
		if err != nil {
			n.writeError(w, govError(err))
			return
		}
		w.Header().Set(HeaderCommitted, committed.String())
		writeJSON(w, http.StatusOK, v)
	}
}

func (n *Node) listProposals(r *http.Request) (any, error) {
	state := r.URL.Query().Get("state")
	kvs, err := n.store.Scan(governance.TableProposals, nil, nil, 10000)
	if err != nil {
		return nil, err
	}
	out := []*governance.Proposal{}
	for _, kv := range kvs {
		var p governance.Proposal
		if err := json.Unmarshal(kv.Value, &p); err != nil {
			return nil, err
		}
		if state == "" || p.State == state {
			out = append(out, &p)
		}
	}
	return map[string]any{"proposals": out}, nil
}

func (n *Node) listMembers(*http.Request) (any, error) {
	kvs, err := n.store.Scan(governance.TableMembers, nil, nil, 10000)
	if err != nil {
		return nil, err
	}
	out := []governance.Member{}
	for _, kv := range kvs {
		var m governance.Member
		if err := json.Unmarshal(kv.Value, &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return map[string]any{"members": out}, nil
}

// history lists governance events oldest first; after is a seqno cursor.
func (n *Node) history(r *http.Request) (any, error) {
	var after []byte
	if s := r.URL.Query().Get("after"); s != "" {
		id, err := ledger.ParseTxID(s)
		if err != nil {
			return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "after", "after: %v", err)
		}
		after = binary.BigEndian.AppendUint64(nil, id.Seqno)
	}
	kvs, err := n.store.Scan(governance.TableHistory, nil, after, 1000)
	if err != nil {
		return nil, err
	}
	out := []json.RawMessage{}
	for _, kv := range kvs {
		out = append(out, bytes.Clone(kv.Value))
	}
	return map[string]any{"events": out}, nil
}
