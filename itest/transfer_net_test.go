package itest

import (
	"context"
	"crypto"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/relay/client"
	"github.com/cocorelay/coco/relay/signing"
)

// xferNetwork is three `coco node` processes with chain connectors, the
// user0 client and member0's key (one member: a majority is one ballot).
type xferNetwork struct {
	*network
	member  crypto.Signer
	service string
	gov     *client.Client
}

// newXferNetwork is newNetwork with connectors: connectors(i) returns the
// YAML list of node i's `connectors:` (paths relative to dir or absolute).
func newXferNetwork(t *testing.T, dir string, connectors func(i int) string) *xferNetwork {
	t.Helper()
	n := startNetwork(t, dir, connectors)
	svc, err := client.LoadCert(filepath.Join(dir, "node1", "service_cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	x := &xferNetwork{network: n, service: signing.ServiceID(svc.Raw)}
	if x.member, err = client.LoadKey(filepath.Join(dir, "credentials", "member0_key.pem")); err != nil {
		t.Fatal(err)
	}
	x.gov = n.c.WithKey(x.member)
	return x
}

// decide proposes actions as member0 and votes for them (one member: the
// ballot accepts).
func (x *xferNetwork) decide(t *testing.T, acts ...governance.Action) {
	t.Helper()
	ctx := t.Context()
	id, _ := enclave.KeyID(x.member.Public())
	sign := func(typ, proposal string, payload any) []byte {
		b, _ := json.Marshal(payload)
		s, err := governance.Sign(x.member, id, x.service, typ, proposal, time.Now(), b)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	w, err := x.gov.SubmitGovernance(ctx, governance.MsgProposal, "", sign(governance.MsgProposal, "", map[string]any{"actions": acts}))
	if err != nil {
		t.Fatal(err)
	}
	var p governance.Proposal
	if err := json.Unmarshal(w.Result, &p); err != nil {
		t.Fatal(err)
	}
	if p.State == governance.StateAccepted {
		return
	}
	w, err = x.gov.SubmitGovernance(ctx, governance.MsgBallot, p.ID, sign(governance.MsgBallot, p.ID, map[string]string{"vote": governance.VoteFor}))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(w.Result, &p); err != nil || p.State != governance.StateAccepted {
		t.Fatalf("proposal %s: %s %v (%s)", p.ID, p.State, err, strings.TrimSpace(string(w.Result)))
	}
}

func act(name string, args any) governance.Action {
	b, _ := json.Marshal(args)
	return governance.Action{Name: name, Args: b}
}

// waitTransfers waits until every transfer is final and returns them.
func (x *xferNetwork) waitTransfers(t *testing.T, ids []string, d time.Duration) []*client.Transfer {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	defer cancel()
	var out []*client.Transfer
	for _, id := range ids {
		tr, err := x.c.WaitTransfer(ctx, id)
		if err != nil {
			t.Fatalf("transfer %s: %v (%+v)", id, err, tr)
		}
		out = append(out, tr)
	}
	return out
}

// supplyReport is the part of the supply monitor's report the tests check.
type supplyReport struct {
	Asset     string    `json:"asset"`
	Locked    string    `json:"locked"`
	InFlight  string    `json:"in_flight"`
	Balanced  bool      `json:"balanced"`
	Unbacked  bool      `json:"unbacked"`
	Error     string    `json:"error"`
	CheckedAt time.Time `json:"checked_at"`
}

// wantSupplyConserved waits for the leader's supply monitor to check every
// asset after now, and wants each balanced (locked = minted + in flight)
// and no alert raised.
func (x *xferNetwork) wantSupplyConserved(t *testing.T, assets ...string) {
	t.Helper()
	ctx := t.Context()
	since := time.Now()
	waitUntil(t, time.Minute, "the supply monitor's reports", func() (bool, string) {
		u, err := x.c.Leader(ctx)
		if err != nil {
			return false, err.Error()
		}
		var got struct {
			Alerts []json.RawMessage `json:"alerts"`
			Supply []supplyReport    `json:"supply"`
		}
		if err := x.gov.WithURLs(u).Get(ctx, "/v1/alerts", &got); err != nil {
			return false, err.Error()
		}
		if len(got.Alerts) > 0 {
			t.Fatalf("alerts raised: %s", got.Alerts)
		}
		seen := map[string]supplyReport{}
		for _, r := range got.Supply {
			seen[r.Asset] = r
		}
		for _, a := range assets {
			r, ok := seen[a]
			if !ok || r.CheckedAt.Before(since) || r.Error != "" {
				return false, fmt.Sprintf("%s: %+v", a, r)
			}
			if !r.Balanced || r.Unbacked {
				t.Fatalf("supply of %s not conserved: %+v", a, r)
			}
		}
		return true, ""
	})
}
