package relay

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/cocorelay/coco/connectors"
)

// localState is what this node keeps for itself, outside the shared
// ledger: per chain, the checkpoint it observes from and the deposits it
// observed (until their transfers are final), and its votes on transfers.
// A node signs the destination leg of a transfer or its refund, never both
// (cosign.go): with thresholds above half the trusted nodes, at most one
// of the two can ever be authorised. It is an append-only file of JSON
// lines, each append fsynced before anything that depends on it leaves
// the node, and rewritten when mostly obsolete. Observations name holders,
// accounts and amounts, so every line is sealed (base64 of the sealed
// JSON): nothing private sits on disk in the clear.
type localState struct {
	path string
	seal localSealer
	mu   struct {
		sync.Mutex
		f     *os.File
		lines int
		cps   map[string]connectors.Checkpoint
		obs   map[string]*observation // ledger 0x00 id
		votes map[string]string       // transfer id → vote
	}
}

// Votes.
const (
	voteDestination = "destination"
	voteRefund      = "refund"
)

type localRecord struct {
	T      string       `json:"t"` // cp, obs, done, vote, unvote
	Ledger string       `json:"l,omitempty"`
	CP     string       `json:"cp,omitempty"`
	Obs    *observation `json:"o,omitempty"`
	ID     string       `json:"id,omitempty"`
	Vote   string       `json:"v,omitempty"`
}

func obsKey(ledger, id string) string { return ledger + "\x00" + id }

// localSealer seals what a node keeps for itself (ledger.Store does, under
// its at-rest key).
type localSealer interface {
	SealLocal(plaintext, aad []byte) []byte
	OpenLocal(sealed, aad []byte) ([]byte, error)
}

// localAAD binds sealed lines to this file.
var localAAD = []byte("coco/relay/local-state")

// openLocalState opens (or creates) the state in dir.
func openLocalState(dir string, seal localSealer) (*localState, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	s := &localState{path: filepath.Join(dir, "local.jsonl"), seal: seal}
	s.mu.cps, s.mu.obs, s.mu.votes = map[string]connectors.Checkpoint{}, map[string]*observation{}, map[string]string{}
	f, err := os.OpenFile(s.path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	r := bufio.NewReaderSize(f, 64<<10)
	var good int64
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			// A last line without its newline was cut short by a crash
			// before its fsync returned: nothing depended on it.
			break
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		rec, err := s.decode(line)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: line %d: %w", s.path, s.mu.lines+1, err)
		}
		s.applyLocked(rec)
		s.mu.lines++
		good += int64(len(line))
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	s.mu.f = f
	return s, nil
}

func (s *localState) applyLocked(rec localRecord) {
	switch rec.T {
	case "cp":
		s.mu.cps[rec.Ledger] = connectors.Checkpoint(rec.CP)
	case "obs":
		s.mu.obs[obsKey(rec.Obs.Ledger, rec.Obs.ID)] = rec.Obs
	case "done":
		delete(s.mu.obs, obsKey(rec.Ledger, rec.ID))
	case "vote":
		s.mu.votes[rec.ID] = rec.Vote
	case "unvote":
		delete(s.mu.votes, rec.ID)
	}
}

// appendLocked writes records and fsyncs them.
func (s *localState) appendLocked(recs []localRecord) error {
	if s.mu.f == nil {
		return errors.New("local state is closed")
	}
	var buf []byte
	for _, r := range recs {
		buf = s.encode(buf, r)
	}
	if _, err := s.mu.f.Write(buf); err != nil {
		return err
	}
	if err := s.mu.f.Sync(); err != nil {
		return err
	}
	for _, r := range recs {
		s.applyLocked(r)
	}
	s.mu.lines += len(recs)
	if s.mu.lines > 20000 && s.mu.lines > 4*(len(s.mu.cps)+len(s.mu.obs)+len(s.mu.votes)) {
		return s.compactLocked()
	}
	return nil
}

// compactLocked rewrites the file with what is live.
func (s *localState) compactLocked() error {
	var recs []localRecord
	for l, cp := range s.mu.cps {
		recs = append(recs, localRecord{T: "cp", Ledger: l, CP: string(cp)})
	}
	for _, o := range s.mu.obs {
		recs = append(recs, localRecord{T: "obs", Obs: o})
	}
	for id, v := range s.mu.votes {
		recs = append(recs, localRecord{T: "vote", ID: id, Vote: v})
	}
	var buf []byte
	for _, r := range recs {
		buf = s.encode(buf, r)
	}
	if err := writeFileAtomic(s.path, buf, 0o600); err != nil {
		return err
	}
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	s.mu.f.Close()
	s.mu.f, s.mu.lines = f, len(recs)
	return nil
}

// encode appends rec to buf as one sealed line.
func (s *localState) encode(buf []byte, rec localRecord) []byte {
	sealed := s.seal.SealLocal(encodeJSON(rec), localAAD)
	buf = base64.StdEncoding.AppendEncode(buf, sealed)
	return append(buf, '\n')
}

// decode opens one line written by encode.
func (s *localState) decode(line []byte) (localRecord, error) {
	var rec localRecord
	sealed, err := base64.StdEncoding.AppendDecode(nil, bytes.TrimSuffix(line, []byte("\n")))
	if err != nil {
		return rec, err
	}
	b, err := s.seal.OpenLocal(sealed, localAAD)
	if err != nil {
		return rec, err
	}
	return rec, json.Unmarshal(b, &rec)
}

// checkpoint is where observation of ledger resumes.
func (s *localState) checkpoint(ledger string) connectors.Checkpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.cps[ledger]
}

// observed records what this node saw on ledger up to next, durably.
func (s *localState) observed(ledger string, obs []*observation, next connectors.Checkpoint) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := make([]localRecord, 0, len(obs)+1)
	for _, o := range obs {
		recs = append(recs, localRecord{T: "obs", Obs: o})
	}
	recs = append(recs, localRecord{T: "cp", Ledger: ledger, CP: string(next)})
	return s.appendLocked(recs)
}

// observation returns what this node observed of deposit id on ledger.
func (s *localState) observation(ledger, id string) *observation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.obs[obsKey(ledger, id)]
}

// observations returns everything this node keeps observed.
func (s *localState) observations() []*observation {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*observation, 0, len(s.mu.obs))
	for _, o := range s.mu.obs {
		out = append(out, o)
	}
	return out
}

// forget drops observations (of final transfers, or expired).
func (s *localState) forget(obs []*observation) error {
	if len(obs) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := make([]localRecord, len(obs))
	for i, o := range obs {
		recs[i] = localRecord{T: "done", Ledger: o.Ledger, ID: o.ID}
	}
	return s.appendLocked(recs)
}

// votedOn returns the transfers this node holds a vote on.
func (s *localState) votedOn() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.mu.votes))
	for id := range s.mu.votes {
		out = append(out, id)
	}
	return out
}

// forgetVotes drops the votes on transfers that are final: nothing signs
// for them any more.
func (s *localState) forgetVotes(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := make([]localRecord, len(ids))
	for i, id := range ids {
		recs[i] = localRecord{T: "unvote", ID: id}
	}
	return s.appendLocked(recs)
}

// vote returns this node's vote on transfer id ("" if none).
func (s *localState) vote(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.votes[id]
}

// castVotes records votes durably. A transfer keeps its first vote unless
// override is set for it (the members decided); the votes in force are
// returned.
func (s *localState) castVotes(want map[string]string, override map[string]bool) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(want))
	var recs []localRecord
	for id, v := range want {
		cur := s.mu.votes[id]
		if cur == "" || cur != v && override[id] {
			recs = append(recs, localRecord{T: "vote", ID: id, Vote: v})
			cur = v
		}
		out[id] = cur
	}
	if len(recs) == 0 {
		return out, nil
	}
	return out, s.appendLocked(recs)
}

func (s *localState) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.f == nil {
		return nil
	}
	err := s.mu.f.Close()
	s.mu.f = nil
	return err
}
