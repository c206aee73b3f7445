package relay

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/relay/client"
)

// impostorKey is a node's fake chain key that, while x.impersonate[i] is
// set, answers in another node's name with a signature that does not
// verify (a faulty node).
type impostorKey struct {
	fakeKey
	x *xferNet
	i int
}

func (k impostorKey) Sign(d []byte) (connectors.Signature, error) {
	if j := k.x.impersonate[k.i].Load(); j > 0 {
		return connectors.Signature{Signer: k.x.keys[j-1].identity(), Sig: []byte("not a signature")}, nil
	}
	return k.fakeKey.Sign(d)
}

// TestObservationsNobodyConfirmedExpire: a deposit only one node's
// endpoint reports never becomes a transfer; that node forgets it after
// its observation TTL instead of republishing it for ever.
func TestObservationsNobodyConfirmedExpire(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	var invented connectors.ID
	invented[0] = 7
	lie := connectors.Deposit{ID: invented, Kind: connectors.Lock, Asset: "GOLD", Holder: "fab-eve", Amount: big.NewInt(5),
		DestinationLedger: "coco", DestinationAccount: "bob", At: connectors.Position{Height: 1, TxHash: "0xlie", BlockHash: "blie"}}
	x := startXferNetWith(t, &xferNet{lies: [][]connectors.Deposit{{lie}, nil, nil}, observationTTL: 10 * time.Second})
	local := x.s.Nodes[0].xfer.local
	for end := time.Now().Add(10 * time.Second); local.observation("fab", invented.String()) == nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("node 0 did not keep its endpoint's deposit")
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for local.observation("fab", invented.String()) != nil {
		if time.Now().After(deadline) {
			t.Fatal("an observation no quorum agreed with is still kept after its TTL")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, err := x.c.GetTransfer(t.Context(), invented.String()); err == nil {
		t.Fatal("one endpoint's deposit became a transfer")
	}
}

// TestEventStreamWithoutCursorStartsNow: a stream opened without a cursor
// (nor a transfer) delivers what happens from then on, not the whole
// event table.
func TestEventStreamWithoutCursorStartsNow(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	old := x.send(t, "fab-bob", "10", "")
	x.wait(t, old.ID, 30*time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	first := make(chan client.TransferEvent, 1)
	go func() {
		x.c.WatchTransfers(ctx, "", "", func(ev client.TransferEvent) bool {
			first <- ev
			return false
		})
	}()
	time.Sleep(time.Second)
	tr := x.send(t, "fab-bob", "5", "")
	select {
	case ev := <-first:
		if ev.Transfer != tr.ID {
			t.Fatalf("first event is of %s (%s), want of the new transfer %s", ev.Transfer, ev.State, tr.ID)
		}
	case <-ctx.Done():
		t.Fatal("no event")
	}
	// One transfer's stream still starts with its history.
	var states []string
	if _, err := x.c.WatchTransfers(t.Context(), "", old.ID, func(ev client.TransferEvent) bool {
		states = append(states, ev.State)
		return ev.State != StateCompleted
	}); err != nil || len(states) < 2 || states[0] != StateRequested {
		t.Fatalf("events of %s: %v, %v", old.ID, states, err)
	}
}

// TestForgedSignatureDoesNotShutOutTheReal: a faulty node answers co-sign
// requests in another node's name with a signature that does not verify.
// The leader still gathers that node's own signature, every time.
func TestForgedSignatureDoesNotShutOutTheReal(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes")
	}
	x := startXferNet(t, nil)
	l := x.leaderIndex(t)
	faulty, victim := (l+1)%3, (l+2)%3
	x.impersonate[faulty].Store(int32(victim + 1))
	lx := x.s.Nodes[l].xfer
	c := lx.chains["fab"]
	ctx := t.Context()
	for end := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		want, err := lx.desiredSigners(readerOf(x.s.Nodes[l].store), "fab")
		if err == nil && len(want.Set) == 3 {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("the nodes' keys on fab: %v", err)
		}
	}
	for try := range 20 {
		cur, err := c.conn.Signers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want, err := lx.desiredSigners(readerOf(x.s.Nodes[l].store), "fab")
		if err != nil {
			t.Fatal(err)
		}
		next := *want
		next.Nonce = cur.Nonce + 1
		g := lx.gather(ctx, []cosignItem{{Kind: signSigners, Ledger: "fab", Signers: &next}}, []int{3}, []accept{inSet(KindFabric, cur)})[0]
		d, _ := c.conn.SignersDigest(next)
		valid := 0
		for _, s := range g.sigs {
			if !verifyFake(s.Signer, d, s.Sig) {
				t.Fatalf("try %d: a signature that does not verify was gathered (signer %.20s…)", try, s.Signer)
			}
			valid++
		}
		if valid != 2 {
			t.Fatalf("try %d: %d valid signatures, want the leader's and the victim's (%s)", try, valid, g.refusals())
		}
	}
}
