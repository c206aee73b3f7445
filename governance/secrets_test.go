package governance

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
)

// pass proposes acts as the only member and votes for them.
func (g *gov) pass(t *testing.T, acts ...Action) *Proposal {
	t.Helper()
	id := g.mustPropose(0, acts...)
	if err := g.vote(0, id, VoteFor); err != nil {
		t.Fatal(err)
	}
	return g.state(id)
}

func TestConfidentialityActions(t *testing.T) {
	g := newGov(t, 1, nil)
	r := readerFor(g.st)

	// Refused arguments name the field.
	for _, tc := range []struct {
		a     Action
		field string
	}{
		{act(ActionSetRecoveryThreshold, map[string]int{"threshold": 0}), "args.threshold"},
		{act(ActionSetRecoveryThreshold, map[string]int{"threshold": 256}), "args.threshold"},
		{act(ActionSetAuditors, map[string][]string{"user_ids": {""}}), "args.user_ids[0]"},
		{act(ActionTriggerLedgerRekey, map[string]string{"reason": strings.Repeat("x", 300)}), "args.reason"},
	} {
		if _, err := g.propose(0, tc.a); err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %v, want an error about %s", tc.a.Name, err, tc.field)
		}
	}

	// Rekey requests count up.
	for i, reason := range []string{"", "quarterly"} {
		if p := g.pass(t, act(ActionTriggerLedgerRekey, map[string]string{"reason": reason})); p.State != StateAccepted {
			t.Fatalf("rekey %d: %s", i, p.State)
		}
	}
	if req, err := GetRekeyRequest(r); err != nil || req.Count != 2 || req.Reason != "quarterly" {
		t.Fatalf("rekey request %+v, %v", req, err)
	}

	// The threshold cannot exceed the members that hold an encryption key.
	if p := g.pass(t, act(ActionSetRecoveryThreshold, map[string]int{"threshold": 1})); p.State != StateFailed {
		t.Fatalf("threshold with no share holder: %s", p.State)
	}
	var acts []Action
	for i := range 3 {
		m := newMember(t, false)
		enc, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		acts = append(acts, act(ActionSetMember, map[string]string{"name": "holder" + string(rune('a'+i)), "cert": m.cert, "encryption_key": pubPEM(t, &enc.PublicKey)}))
	}
	if p := g.pass(t, acts...); p.State != StateAccepted {
		t.Fatalf("set_member: %s", p.State)
	}
	holders, err := RecoveryMembers(r)
	if err != nil || len(holders) != 3 {
		t.Fatalf("recovery members %d, %v", len(holders), err)
	}
	if k, _ := RecoveryThreshold(r, len(holders)); k != 2 {
		t.Fatalf("default threshold %d, want a majority (2) of 3", k)
	}
	// (Four members now: apply directly rather than gather votes.)
	if err := g.run(g.members[0].id, func(req Request) error { return applyThreshold(req.W, &thresholdArgs{Threshold: 4}) }); err == nil {
		t.Fatal("a threshold above the share holders was set")
	}
	if err := g.run(g.members[0].id, func(req Request) error { return applyThreshold(req.W, &thresholdArgs{Threshold: 3}) }); err != nil {
		t.Fatal(err)
	}
	if k, _ := RecoveryThreshold(r, len(holders)); k != 3 {
		t.Fatalf("threshold %d, want 3", k)
	}
	// Fewer holders than the setting (a member left): an error naming the
	// field, never a silently lower threshold.
	if k, err := RecoveryThreshold(r, 2); !errors.Is(err, ErrThresholdUnreachable) || !strings.Contains(err.Error(), "threshold") || k != 0 {
		t.Fatalf("threshold with 2 holders: %d, %v", k, err)
	} else if ae := (*ActionError)(nil); !errors.As(err, &ae) || ae.Field != "threshold" {
		t.Fatalf("the error does not name the field: %v", err)
	}

	// Auditors must be users; duplicates collapse.
	u := newMember(t, true)
	_, uid, _ := ParseIdentityKey(u.cert)
	if ok, _ := IsAuditor(r, uid); ok {
		t.Fatal("an auditor before any designation")
	}
	if _, err := applyAuditorsFor(g, uid); err == nil {
		t.Fatal("a non-user designated as auditor")
	}
	if err := g.run(g.members[0].id, func(req Request) error {
		return applySetUser(req.W, &identityArgs{Name: "auditor", Cert: u.cert})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := applyAuditorsFor(g, uid, uid); err != nil {
		t.Fatal(err)
	}
	if ids, _ := Auditors(r); len(ids) != 1 || ids[0] != uid {
		t.Fatalf("auditors %v", ids)
	}
	if ok, _ := IsAuditor(r, uid); !ok {
		t.Fatal("the designated auditor is not one")
	}
}

// applyAuditorsFor applies set_auditors directly (the member count makes
// a vote long here).
func applyAuditorsFor(g *gov, ids ...string) (bool, error) {
	err := g.run(g.members[0].id, func(req Request) error { return applyAuditors(req.W, &auditorsArgs{UserIDs: ids}) })
	return err == nil, err
}
