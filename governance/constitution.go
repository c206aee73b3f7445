package governance

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Constitution decides when a proposal passes and which actions exist. It
// is stored on the ledger and changed only by a set_constitution proposal.
// In YAML (see configs/constitution.default.yaml):
//
//	version: 1
//	default: {threshold: majority}
//	actions:
//	  remove_member: {threshold: unanimity}
//	  allow_virtual_nodes: {disabled: true}
//
// A threshold is "majority" (more than half of the active members),
// "unanimity" (all of them), a fraction "2/3" (at least that share,
// rounded up) or a count "3" (at least that many, at most all). A proposal
// with several actions needs the strictest of their thresholds.
type Constitution struct {
	Version int             `json:"version" yaml:"version"`
	Default Rule            `json:"default" yaml:"default"`
	Actions map[string]Rule `json:"actions,omitempty" yaml:"actions,omitempty"`
	// AutoTrustNodes makes a joining node trusted at once when its
	// evidence verifies and its measurement is allowed (add_node_code);
	// otherwise it waits, pending, for a transition_node_to_trusted vote.
	AutoTrustNodes bool `json:"auto_trust_nodes,omitempty" yaml:"auto_trust_nodes,omitempty"`
}

// Rule governs one action.
type Rule struct {
	Threshold string `json:"threshold,omitempty" yaml:"threshold,omitempty"`
	// Disabled forbids proposing the action at all.
	Disabled bool `json:"disabled,omitempty" yaml:"disabled,omitempty"`
}

// DefaultConstitution is used at genesis when none is given: majority for
// everything, unanimity to remove a member or change the constitution.
func DefaultConstitution() *Constitution {
	return &Constitution{Version: 1, Default: Rule{Threshold: "majority"}, Actions: map[string]Rule{
		ActionRemoveMember:    {Threshold: "unanimity"},
		ActionSetConstitution: {Threshold: "unanimity"},
	}}
}

// Validate reports every problem with the constitution.
func (c *Constitution) Validate() error {
	var errs []error
	if c.Version != 1 {
		errs = append(errs, fmt.Errorf("constitution: version: %d is not supported (want 1)", c.Version))
	}
	if c.Default.Disabled {
		errs = append(errs, errors.New("constitution: default: cannot be disabled"))
	}
	if _, err := parseThreshold(c.Default.Threshold); err != nil {
		errs = append(errs, fmt.Errorf("constitution: default.threshold: %w", err))
	}
	names := make([]string, 0, len(c.Actions))
	for name := range c.Actions {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		r := c.Actions[name]
		if _, ok := actionFor(name); !ok {
			errs = append(errs, fmt.Errorf("constitution: actions.%s: no such action", name))
		}
		if r.Threshold != "" {
			if _, err := parseThreshold(r.Threshold); err != nil {
				errs = append(errs, fmt.Errorf("constitution: actions.%s.threshold: %w", name, err))
			}
		}
	}
	if r, ok := c.Actions[ActionSetConstitution]; ok && r.Disabled {
		errs = append(errs, fmt.Errorf("constitution: actions.%s: cannot be disabled (the constitution could never change again)", ActionSetConstitution))
	}
	return errors.Join(errs...)
}

// rule returns the rule of an action.
func (c *Constitution) rule(action string) Rule {
	r, ok := c.Actions[action]
	if !ok || r.Threshold == "" {
		r.Threshold = c.Default.Threshold
	}
	return r
}

// threshold is how many votes a decision needs among n active members.
type threshold func(n int) int

func parseThreshold(s string) (threshold, error) {
	switch {
	case s == "majority":
		return func(n int) int { return n/2 + 1 }, nil
	case s == "unanimity":
		return func(n int) int { return n }, nil
	case strings.Contains(s, "/"):
		a, b, _ := strings.Cut(s, "/")
		num, err1 := strconv.Atoi(a)
		den, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || num < 1 || den < 1 || num > den {
			return nil, fmt.Errorf("%q: a fraction must be N/M with 1 <= N <= M", s)
		}
		return func(n int) int { return max(1, (num*n+den-1)/den) }, nil
	default:
		k, err := strconv.Atoi(s)
		if err != nil || k < 1 {
			return nil, fmt.Errorf("%q: want majority, unanimity, a fraction N/M or a count", s)
		}
		return func(n int) int { return min(k, n) }, nil
	}
}

// required returns the votes a proposal of these actions needs among n
// active members.
func (c *Constitution) required(actionNames []string, n int) int {
	need := 0
	for _, a := range actionNames {
		t, err := parseThreshold(c.rule(a).Threshold)
		if err != nil {
			panic(fmt.Sprintf("governance: stored constitution has a bad threshold: %v", err)) // Validate runs before storing
		}
		need = max(need, t(n))
	}
	return need
}

var constitutionKey = []byte("current")

// TableConstitution holds the constitution in force.
const TableConstitution = "public:coco.gov.constitution"

// GetConstitution returns the constitution in force.
func GetConstitution(r Reader) (*Constitution, error) {
	b, ok, err := r.Get(TableConstitution, constitutionKey)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("governance: no constitution (no genesis yet)")
	}
	var c Constitution
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("governance: corrupt constitution: %w", err)
	}
	return &c, nil
}

func putConstitution(w Writer, c *Constitution) { putJSON(w, TableConstitution, constitutionKey, c) }
