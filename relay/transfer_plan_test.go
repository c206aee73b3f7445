package relay

import (
	"math/big"
	"testing"
	"time"

	"github.com/cocorelay/coco/governance"
)

// TestPlan: what the leader does next with a transfer, by state.
func TestPlan(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	past, future := now.Add(-time.Second), now.Add(time.Minute)
	refund := &governance.TransferDecision{Decision: governance.DecisionRefund, Reason: "stuck"}
	approve := &governance.TransferDecision{Decision: governance.DecisionApprove}
	paused := &governance.RouteState{Paused: true}
	for _, tc := range []struct {
		name string
		t    Transfer
		env  planEnv
		want nextStep
	}{
		{"not admitted yet", Transfer{State: StateSourceConfirmed}, planEnv{}, actAdmit},
		{"held over the cap, no decision", Transfer{State: StateSourceConfirmed, Hold: HoldOverCap}, planEnv{}, actNone},
		{"held over the cap, approved", Transfer{State: StateSourceConfirmed, Hold: HoldOverCap}, planEnv{decision: approve}, actAdmit},
		{"held over the cap, refund decided", Transfer{State: StateSourceConfirmed, Hold: HoldOverCap}, planEnv{decision: refund}, actStartRefund},
		{"held on a paused route", Transfer{State: StateSourceConfirmed, Hold: HoldRoutePaused}, planEnv{route: paused}, actNone},
		{"held, route resumed", Transfer{State: StateSourceConfirmed, Hold: HoldRoutePaused}, planEnv{route: &governance.RouteState{}}, actAdmit},
		{"rate limited: try again", Transfer{State: StateSourceConfirmed, Hold: HoldRateLimited}, planEnv{}, actAdmit},
		{"native destination", Transfer{State: StateSourceConfirmed, Admitted: true, Deadline: &future}, planEnv{destNative: true}, actDeliver},
		{"chain destination", Transfer{State: StateSourceConfirmed, Admitted: true, Deadline: &future}, planEnv{}, actAuthorise},
		{"timed out before authorised", Transfer{State: StateSourceConfirmed, Admitted: true, Deadline: &past}, planEnv{}, actStartRefund},
		{"submitted: execute (again)", Transfer{State: StateDestinationSubmitted, Admitted: true, Deadline: &future}, planEnv{}, actAuthorise},
		{"submitted and timed out: refund through a cancel", Transfer{State: StateDestinationSubmitted, Admitted: true, Deadline: &past}, planEnv{}, actStartRefund},
		{"submitted, refund decided", Transfer{State: StateDestinationSubmitted, Admitted: true, Deadline: &future}, planEnv{decision: refund}, actStartRefund},
		{"refunding", Transfer{State: StateRefunding}, planEnv{}, actRefund},
		{"completed", Transfer{State: StateCompleted}, planEnv{decision: refund}, actNone},
		{"refunded", Transfer{State: StateRefunded}, planEnv{}, actNone},
	} {
		tc.env.now = now
		if got, _ := plan(&tc.t, tc.env); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestStateMachineRefusesBackwards: no state change leaves a final state,
// and a refund never turns back into a payout.
func TestStateMachineRefusesBackwards(t *testing.T) {
	for _, from := range []string{StateCompleted, StateRefunded, StateFailed} {
		for _, to := range []string{StateSourceConfirmed, StateDestinationSubmitted, StateCompleted, StateRefunding, StateRefunded} {
			if canMove(from, to) {
				t.Errorf("%s → %s allowed", from, to)
			}
		}
	}
	for _, to := range []string{StateSourceConfirmed, StateDestinationSubmitted} {
		if canMove(StateRefunding, to) {
			t.Errorf("refunding → %s allowed", to)
		}
	}
}

// TestLimitCheck: the cap, the burst and the refill of the token bucket.
func TestLimitCheck(t *testing.T) {
	l := &governance.RouteLimits{MaxPerTransfer: "100", RatePerSecond: "10", Burst: "150"}
	now := time.Unix(1_800_000_000, 0)
	if v, _ := limitCheck(l, nil, big.NewInt(101), now); !v.overCap || v.ok {
		t.Fatalf("over the cap: %+v", v)
	}
	v, b := limitCheck(l, nil, big.NewInt(100), now)
	if !v.ok || b.Tokens != "50" {
		t.Fatalf("first: %+v %+v", v, b)
	}
	v, b2 := limitCheck(l, b, big.NewInt(60), now)
	if v.ok || v.overCap || v.retryAfter != time.Second {
		t.Fatalf("over the bucket: %+v", v)
	}
	if v, _ := limitCheck(l, b2, big.NewInt(60), now.Add(time.Second)); !v.ok {
		t.Fatalf("after a second's refill: %+v", v)
	}
	if v, b := limitCheck(l, b, big.NewInt(1), now.Add(time.Hour)); !v.ok || b.Tokens != "149" {
		t.Fatalf("refill stops at the burst: %+v %+v", v, b)
	}
	if v, _ := limitCheck(nil, nil, big.NewInt(1<<40), now); !v.ok {
		t.Fatal("no limits refused")
	}
}
