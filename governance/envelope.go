package governance

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/veraison/go-cose"
)

// Governance requests are COSE_Sign1 messages (RFC 9052), as CCF's are.
// The protected header holds the algorithm, the member's key id as kid, and:
//
//	"coco.gov.msg.type"        tstr  proposal, ballot or withdrawal
//	"coco.gov.msg.created_at"  int   Unix seconds when it was signed
//	"coco.gov.msg.service"     tstr  hex SHA-256 of the service certificate
//	"coco.gov.msg.proposal_id" tstr  for ballots and withdrawals
//
// The payload is JSON: {"actions": [...]} for a proposal, {"vote": "for"}
// or {"vote": "against"} for a ballot, {} for a withdrawal. A request can
// be signed anywhere (offline) and submitted later, within RequestWindow of
// its creation; each is accepted once.
const (
	HeaderType       = "coco.gov.msg.type"
	HeaderCreatedAt  = "coco.gov.msg.created_at"
	HeaderService    = "coco.gov.msg.service"
	HeaderProposalID = "coco.gov.msg.proposal_id"
)

// Message types.
const (
	MsgProposal   = "proposal"
	MsgBallot     = "ballot"
	MsgWithdrawal = "withdrawal"
)

// RequestWindow is how long after signing a request may be submitted (and
// how far ahead of the node's clock it may be dated: ClockSkew).
const (
	RequestWindow = time.Hour
	ClockSkew     = 5 * time.Minute
)

// MaxEnvelope bounds a governance request.
const MaxEnvelope = 256 << 10

// TableSeen records every accepted request's digest, so none is accepted
// twice.
const TableSeen = "public:coco.gov.seen"

// Errors a request can be refused with.
var (
	ErrBadEnvelope   = errors.New("malformed governance request")
	ErrBadSignature  = errors.New("signature does not verify")
	ErrNotMember     = errors.New("signer is not an active member")
	ErrWrongType     = errors.New("wrong message type")
	ErrStaleRequest  = errors.New("request is outside its time window")
	ErrWrongService  = errors.New("request is for another service")
	ErrReplay        = errors.New("request was already submitted")
	ErrWrongProposal = errors.New("request names another proposal")
)

// Envelope is a parsed governance request.
type Envelope struct {
	Type       string
	Member     string // kid: the member's key id
	CreatedAt  time.Time
	Service    string
	ProposalID string
	Payload    []byte
	Digest     [32]byte // SHA-256 of the whole request
	msg        *cose.Sign1Message
}

// ProposalIDOf is the id a proposal gets: the first 16 bytes of its
// request's digest, in hex.
func ProposalIDOf(e *Envelope) string { return hex.EncodeToString(e.Digest[:16]) }

func algorithmFor(pub crypto.PublicKey) (cose.Algorithm, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return cose.AlgorithmEdDSA, nil
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return cose.AlgorithmES256, nil
		case elliptic.P384():
			return cose.AlgorithmES384, nil
		}
	}
	return 0, fmt.Errorf("key type %T is not supported (Ed25519, ECDSA P-256, P-384)", pub)
}

// Sign makes a governance request. It needs no network: a member can sign
// on another machine and submit the bytes later.
func Sign(key crypto.Signer, memberID, service, typ, proposalID string, created time.Time, payload []byte) ([]byte, error) {
	alg, err := algorithmFor(key.Public())
	if err != nil {
		return nil, err
	}
	signer, err := cose.NewSigner(alg, key)
	if err != nil {
		return nil, err
	}
	msg := cose.NewSign1Message()
	msg.Headers.Protected.SetAlgorithm(alg)
	msg.Headers.Protected[cose.HeaderLabelKeyID] = []byte(memberID)
	msg.Headers.Protected[HeaderType] = typ
	msg.Headers.Protected[HeaderCreatedAt] = created.Unix()
	msg.Headers.Protected[HeaderService] = service
	if proposalID != "" {
		msg.Headers.Protected[HeaderProposalID] = proposalID
	}
	msg.Payload = payload
	if err := msg.Sign(rand.Reader, nil, signer); err != nil {
		return nil, err
	}
	return msg.MarshalCBOR()
}

// Parse reads a request without checking its signature.
func Parse(data []byte) (*Envelope, error) {
	if len(data) > MaxEnvelope {
		return nil, fmt.Errorf("%w: %d bytes exceed %d", ErrBadEnvelope, len(data), MaxEnvelope)
	}
	var msg cose.Sign1Message
	if err := msg.UnmarshalCBOR(data); err != nil {
		return nil, fmt.Errorf("%w: not a COSE_Sign1 message: %v", ErrBadEnvelope, err)
	}
	h := msg.Headers.Protected
	e := &Envelope{Payload: msg.Payload, Digest: sha256.Sum256(data), msg: &msg}
	kid, ok := h[cose.HeaderLabelKeyID].([]byte)
	if !ok || len(kid) != 64 {
		return nil, fmt.Errorf("%w: protected header kid must be the member's key id (64 hex characters)", ErrBadEnvelope)
	}
	e.Member = string(kid)
	if e.Type, ok = h[HeaderType].(string); !ok {
		return nil, fmt.Errorf("%w: protected header %s is missing", ErrBadEnvelope, HeaderType)
	}
	created, ok := asInt(h[HeaderCreatedAt])
	if !ok {
		return nil, fmt.Errorf("%w: protected header %s must be Unix seconds", ErrBadEnvelope, HeaderCreatedAt)
	}
	e.CreatedAt = time.Unix(created, 0)
	if e.Service, ok = h[HeaderService].(string); !ok {
		return nil, fmt.Errorf("%w: protected header %s is missing", ErrBadEnvelope, HeaderService)
	}
	if v, present := h[HeaderProposalID]; present {
		if e.ProposalID, ok = v.(string); !ok {
			return nil, fmt.Errorf("%w: protected header %s must be a string", ErrBadEnvelope, HeaderProposalID)
		}
	}
	return e, nil
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case uint64:
		if x <= 1<<62 {
			return int64(x), true
		}
	case int:
		return int64(x), true
	}
	return 0, false
}

// Check verifies the request's signature with the member's key and its
// type, service, proposal and time against what the endpoint expects.
func (e *Envelope) Check(pub crypto.PublicKey, typ, service, proposalID string, now time.Time) error {
	if e.Type != typ {
		return fmt.Errorf("%w: %q sent where a %q is expected", ErrWrongType, e.Type, typ)
	}
	if e.Service != service {
		return fmt.Errorf("%w: signed for service %s", ErrWrongService, e.Service)
	}
	if e.ProposalID != proposalID {
		return fmt.Errorf("%w: %q, but this is proposal %q", ErrWrongProposal, e.ProposalID, proposalID)
	}
	if d := now.Sub(e.CreatedAt); d > RequestWindow || d < -ClockSkew {
		return fmt.Errorf("%w: created %s, now %s (requests are accepted for %s)", ErrStaleRequest,
			e.CreatedAt.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), RequestWindow)
	}
	alg, err := algorithmFor(pub)
	if err != nil {
		return err
	}
	if got, err := e.msg.Headers.Protected.Algorithm(); err != nil || got != alg {
		return fmt.Errorf("%w: algorithm does not match the member's key", ErrBadSignature)
	}
	v, err := cose.NewVerifier(alg, pub)
	if err != nil {
		return err
	}
	if err := e.msg.Verify(nil, v); err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return nil
}

// Seen records a request's digest in w, refusing one already seen.
func Seen(w Writer, e *Envelope) error {
	key := e.Digest[:]
	if _, ok, err := w.Get(TableSeen, key); err != nil {
		return err
	} else if ok {
		return ErrReplay
	}
	w.Put(TableSeen, key, []byte(fmt.Sprint(e.CreatedAt.Unix())))
	return nil
}
