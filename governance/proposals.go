package governance

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Proposal states.
const (
	StateOpen      = "open"
	StateAccepted  = "accepted"  // its actions were applied
	StateRejected  = "rejected"  // enough members voted against that it cannot pass
	StateWithdrawn = "withdrawn" // its proposer withdrew it
	StateFailed    = "failed"    // accepted, but an action could not be applied: nothing was
	StateDropped   = "dropped"   // open when the constitution changed: propose it again
)

// Tables of proposals and the decisions log.
const (
	TableProposals = "public:coco.gov.proposals" // id → Proposal
	TableHistory   = "public:coco.gov.history"   // seqno (8 bytes) → Event
)

// Vote values.
const (
	VoteFor     = "for"
	VoteAgainst = "against"
)

// Proposal is a list of actions members vote on.
type Proposal struct {
	ID        string            `json:"id"`
	Proposer  string            `json:"proposer"`
	Actions   []Action          `json:"actions"`
	State     string            `json:"state"`
	Ballots   map[string]string `json:"ballots"` // member id → for or against
	CreatedAt int64             `json:"created_at"`
	// ProposedIn and DecidedIn are the transactions that opened and
	// decided it.
	ProposedIn string `json:"proposed_in"`
	DecidedIn  string `json:"decided_in,omitempty"`
	// Reason says why it failed or was dropped.
	Reason string `json:"reason,omitempty"`
}

// Event is one governance decision or request, in the history.
type Event struct {
	TxID       string `json:"txid"`
	Type       string `json:"type"` // proposal, ballot, withdrawal
	ProposalID string `json:"proposal_id"`
	Member     string `json:"member"`
	Vote       string `json:"vote,omitempty"`
	State      string `json:"state"` // the proposal's state after this request
	Reason     string `json:"reason,omitempty"`
}

// Outcomes callers branch on.
var (
	ErrUnknownProposal = errors.New("no such proposal")
	ErrNotOpen         = errors.New("proposal is not open")
	ErrAlreadyVoted    = errors.New("member has already voted on this proposal")
	ErrNotProposer     = errors.New("only the proposer may withdraw a proposal")
	ErrActionDisabled  = errors.New("the constitution disables this action")
	ErrNoActions       = errors.New("a proposal needs at least one action")
)

// MaxActions bounds a proposal.
const MaxActions = 64

// Request is one verified governance request applied in a transaction.
type Request struct {
	W      Writer
	TxID   string // the transaction it commits in
	Seqno  uint64
	Member string // the signer's key id, an active member
}

var openIndexKey = []byte("open_proposals")

// CheckActions validates a proposal's actions against the constitution
// without touching state.
func CheckActions(c *Constitution, acts []Action) error {
	if len(acts) == 0 {
		return ErrNoActions
	}
	if len(acts) > MaxActions {
		return fmt.Errorf("a proposal holds at most %d actions", MaxActions)
	}
	for i, a := range acts {
		sp, ok := actionFor(a.Name)
		if !ok {
			return &ActionError{Action: i, Name: a.Name, Reason: "no such action"}
		}
		if c.rule(a.Name).Disabled {
			return fmt.Errorf("actions[%d] (%s): %w", i, a.Name, ErrActionDisabled)
		}
		if err := sp.check(a.Args); err != nil {
			var ae *ActionError
			if errors.As(err, &ae) {
				ae.Action, ae.Name = i, a.Name
				return ae
			}
			return err
		}
	}
	return nil
}

// Propose opens a proposal.
func Propose(r Request, id string, createdAt int64, acts []Action) (*Proposal, error) {
	c, err := GetConstitution(r.W)
	if err != nil {
		return nil, err
	}
	if err := CheckActions(c, acts); err != nil {
		return nil, err
	}
	if _, ok, err := r.W.Get(TableProposals, []byte(id)); err != nil {
		return nil, err
	} else if ok {
		return nil, fmt.Errorf("proposal %s exists", id)
	}
	p := &Proposal{ID: id, Proposer: r.Member, Actions: acts, State: StateOpen, Ballots: map[string]string{}, CreatedAt: createdAt, ProposedIn: r.TxID}
	if err := setOpen(r.W, id, true); err != nil {
		return nil, err
	}
	putProposal(r.W, p)
	r.event(Event{Type: "proposal", ProposalID: id, State: p.State})
	return p, nil
}

// Vote records a member's ballot and decides the proposal if the ballots
// now suffice. Only the votes of active members count, against the number
// of active members now.
func Vote(r Request, id, vote string) (*Proposal, error) {
	if vote != VoteFor && vote != VoteAgainst {
		return nil, fmt.Errorf("vote: %q: want %q or %q", vote, VoteFor, VoteAgainst)
	}
	p, err := GetProposal(r.W, id)
	if err != nil {
		return nil, err
	}
	if p.State != StateOpen {
		return nil, fmt.Errorf("%w: proposal %s is %s", ErrNotOpen, id, p.State)
	}
	if _, voted := p.Ballots[r.Member]; voted {
		return nil, ErrAlreadyVoted
	}
	p.Ballots[r.Member] = vote
	if err := r.decide(p); err != nil {
		return nil, err
	}
	putProposal(r.W, p)
	r.event(Event{Type: "ballot", ProposalID: id, Vote: vote, State: p.State, Reason: p.Reason})
	return p, nil
}

// Withdraw closes a proposal at its proposer's request.
func Withdraw(r Request, id string) (*Proposal, error) {
	p, err := GetProposal(r.W, id)
	if err != nil {
		return nil, err
	}
	if p.State != StateOpen {
		return nil, fmt.Errorf("%w: proposal %s is %s", ErrNotOpen, id, p.State)
	}
	if p.Proposer != r.Member {
		return nil, ErrNotProposer
	}
	p.State, p.DecidedIn = StateWithdrawn, r.TxID
	if err := setOpen(r.W, id, false); err != nil {
		return nil, err
	}
	putProposal(r.W, p)
	r.event(Event{Type: "withdrawal", ProposalID: id, State: p.State})
	return p, nil
}

// decide accepts (applying its actions), rejects, or leaves p open.
func (r Request) decide(p *Proposal) error {
	c, err := GetConstitution(r.W)
	if err != nil {
		return err
	}
	members, err := activeMembers(r.W)
	if err != nil {
		return err
	}
	n := len(members)
	var yes, no int
	for _, m := range members {
		switch p.Ballots[m] {
		case VoteFor:
			yes++
		case VoteAgainst:
			no++
		}
	}
	names := make([]string, len(p.Actions))
	for i, a := range p.Actions {
		names[i] = a.Name
	}
	need := c.required(names, n)
	switch {
	case yes >= need:
		p.DecidedIn = r.TxID
		if err := setOpen(r.W, p.ID, false); err != nil {
			return err
		}
		if reason := r.apply(p); reason != "" {
			p.State, p.Reason = StateFailed, reason
			return nil
		}
		p.State = StateAccepted
	case no > n-need:
		p.State, p.DecidedIn = StateRejected, r.TxID
		return setOpen(r.W, p.ID, false)
	}
	return nil
}

// apply runs the proposal's actions all together; on failure it applies
// nothing and returns why.
func (r Request) apply(p *Proposal) string {
	c, err := GetConstitution(r.W)
	if err != nil {
		return err.Error()
	}
	// The constitution may have changed since the proposal was made.
	if err := CheckActions(c, p.Actions); err != nil {
		return err.Error()
	}
	st := newStaged(r.W)
	constitutionChanged := false
	for i, a := range p.Actions {
		sp, _ := actionFor(a.Name)
		if err := sp.apply(st, a.Args); err != nil {
			var ae *ActionError
			if errors.As(err, &ae) {
				ae.Action, ae.Name = i, a.Name
			}
			return err.Error()
		}
		constitutionChanged = constitutionChanged || a.Name == ActionSetConstitution
	}
	st.commit()
	if constitutionChanged {
		if err := r.dropOpen(p.ID); err != nil {
			return err.Error()
		}
	}
	return ""
}

// dropOpen drops every open proposal but keep: they were made under
// another constitution.
func (r Request) dropOpen(keep string) error {
	ids, err := openProposals(r.W)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id == keep {
			continue
		}
		p, err := GetProposal(r.W, id)
		if err != nil {
			return err
		}
		p.State, p.DecidedIn, p.Reason = StateDropped, r.TxID, "the constitution changed while it was open; propose it again"
		putProposal(r.W, p)
		if err := setOpen(r.W, id, false); err != nil {
			return err
		}
	}
	return nil
}

func (r Request) event(e Event) {
	e.TxID, e.Member = r.TxID, r.Member
	putJSON(r.W, TableHistory, binary.BigEndian.AppendUint64(nil, r.Seqno), e)
}

// GetProposal returns a proposal.
func GetProposal(r Reader, id string) (*Proposal, error) {
	b, ok, err := r.Get(TableProposals, []byte(id))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownProposal, id)
	}
	var p Proposal
	return &p, unmarshal(b, &p, "proposal")
}

func putProposal(w Writer, p *Proposal) { putJSON(w, TableProposals, []byte(p.ID), p) }

func openProposals(r Reader) ([]string, error) {
	b, ok, err := r.Get(TableSettings, openIndexKey)
	if err != nil || !ok {
		return nil, err
	}
	var ids []string
	return ids, unmarshal(b, &ids, "open proposal index")
}

// OpenProposals returns the ids of the open proposals.
func OpenProposals(r Reader) ([]string, error) { return openProposals(r) }

func setOpen(w Writer, id string, open bool) error {
	ids, err := openProposals(w)
	if err != nil {
		return err
	}
	ids = slices.DeleteFunc(ids, func(x string) bool { return x == id })
	if open {
		ids = append(ids, id)
	}
	putJSON(w, TableSettings, openIndexKey, ids)
	return nil
}
