package fabric

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

const testUser = "aa00000000000000000000000000000000000000000000000000000000000001"

func testPull() connectors.Pull {
	return connectors.Pull{ID: connectors.ID{0x61}, Kind: connectors.Lock, Asset: "COCO", Holder: "Org1MSP:h", User: testUser,
		Amount: big.NewInt(5), DestinationLedger: "eth", DestinationAccount: "0xa"}
}

func pulledRecord(p connectors.Pull, txID string) wire.Deposit {
	return wire.Deposit{ID: p.ID.String(), Kind: string(p.Kind), Asset: p.Asset, Holder: p.Holder, Amount: p.Amount.String(),
		DestinationLedger: p.DestinationLedger, DestinationAccount: p.DestinationAccount, TxID: txID, User: p.User}
}

// A pulled deposit's id is the relay's, not one derived from its
// transaction: Deposits reports it with that id when the record says it
// was pulled, and still refuses an ordinary deposit whose id does not
// match its transaction.
func TestPulledDepositsAreReported(t *testing.T) {
	c := testConnector()
	p := testPull()
	event := func(rec wire.Deposit, name string) *peer.ChaincodeEvent {
		b, _ := json.Marshal(rec)
		return &peer.ChaincodeEvent{ChaincodeId: "cocobridge", TxId: rec.TxID, EventName: name, Payload: b}
	}
	deposit := func(ev *peer.ChaincodeEvent, txID string) (connectors.Deposit, bool, error) {
		b := block(3, [][]byte{endorserTx(t, txID, "cocobridge", ev)}, []peer.TxValidationCode{peer.TxValidationCode_VALID})
		txs, err := parseBlock(b)
		if err != nil {
			t.Fatal(err)
		}
		return c.deposit(txs[0], 3, 0, "h")
	}
	d, ok, err := deposit(event(pulledRecord(p, "t1"), wire.EventLocked), "t1")
	if err != nil || !ok {
		t.Fatalf("pulled deposit: %v %v", ok, err)
	}
	if d.ID != p.ID || d.Kind != connectors.Lock || d.Holder != p.Holder || d.Asset != "COCO" || d.Amount.Cmp(p.Amount) != 0 ||
		d.DestinationLedger != "eth" || d.DestinationAccount != "0xa" || d.At.TxHash != "t1" {
		t.Fatalf("pulled deposit %+v", d)
	}
	burn := p
	burn.Kind, burn.Asset = connectors.Burn, "wETH"
	if d, _, err := deposit(event(pulledRecord(burn, "t2"), wire.EventBurned), "t2"); err != nil || d.ID != p.ID || d.Kind != connectors.Burn {
		t.Fatalf("pulled burn %+v %v", d, err)
	}

	ordinary := pulledRecord(p, "t1")
	ordinary.User = ""
	badUser := pulledRecord(p, "t1")
	badUser.User = "AA" + testUser[2:]
	upper := pulledRecord(p, "t1")
	upper.ID = "0x" + upper.ID
	for name, c := range map[string]struct {
		ev   *peer.ChaincodeEvent
		txID string
	}{
		"an ordinary deposit with the relay's id":        {event(ordinary, wire.EventLocked), "t1"},
		"a pull recorded in another transaction":         {event(pulledRecord(p, "t1"), wire.EventLocked), "t9"},
		"a pull by a malformed user":                     {event(badUser, wire.EventLocked), "t1"},
		"a pull whose id is not in the chaincode's form": {event(upper, wire.EventLocked), "t1"},
		"a pull whose kind contradicts the event":        {event(pulledRecord(p, "t1"), wire.EventBurned), "t1"},
	} {
		if _, _, err := deposit(c.ev, c.txID); !errors.Is(err, errMalformed) {
			t.Errorf("%s: %v, want a malformed reply", name, err)
		}
	}
}

func TestPullDigestValidates(t *testing.T) {
	c := testConnector()
	p := testPull()
	want, err := c.domain.PullDigest("lock", p.ID, "COCO", "Org1MSP:h", testUser, big.NewInt(5), "eth", "0xa")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.PullDigest(p); err != nil || string(got) != string(want) {
		t.Fatalf("PullDigest: %x %v, want %x", got, err, want)
	}
	for name, change := range map[string]func(*connectors.Pull){
		"kind":    func(p *connectors.Pull) { p.Kind = "mint" },
		"asset":   func(p *connectors.Pull) { p.Asset = "" },
		"holder":  func(p *connectors.Pull) { p.Holder = "nobody" },
		"user":    func(p *connectors.Pull) { p.User = "u1" },
		"amount":  func(p *connectors.Pull) { p.Amount = big.NewInt(0) },
		"nil":     func(p *connectors.Pull) { p.Amount = nil },
		"ledger":  func(p *connectors.Pull) { p.DestinationLedger = "" },
		"account": func(p *connectors.Pull) { p.DestinationAccount = "" },
	} {
		q := testPull()
		change(&q)
		if _, err := c.PullDigest(q); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if _, err := c.Pull(t.Context(), q, nil); !errors.Is(err, connectors.ErrRefused) {
			t.Errorf("Pull with a bad %s: %v, want ErrRefused", name, err)
		}
	}
}

// Pull is idempotent on the records: an id pulled with the same fields is
// the earlier result, with others ErrRefused; a paid out or cancelled id
// is ErrRefused before endorsing; Cancel of a pulled id is
// ErrAlreadyExecuted.
func TestPullChecksTheRecords(t *testing.T) {
	p := testPull()
	same, _ := json.Marshal(pulledRecord(p, "t1"))
	otherAmount := pulledRecord(p, "t1")
	otherAmount.Amount = "6"
	other, _ := json.Marshal(otherAmount)
	notPulled := pulledRecord(p, "t1")
	notPulled.User = ""
	ordinary, _ := json.Marshal(notPulled)
	paid, _ := json.Marshal(wire.Payout{ID: p.ID.String(), Kind: "release", Asset: "COCO", To: "Org1MSP:x", Amount: "5", TxID: "t3"})
	cancelled, _ := json.Marshal(wire.Cancel{ID: p.ID.String(), TxID: "t2"})
	ctx := t.Context()
	notAsked := errors.New("not asked")

	t.Run("pulled already", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: notAsked, records: map[string]string{"GetDeposit": string(same)}}
		res, err := scriptedConnector(t, g).Pull(ctx, p, nil)
		if err != nil || res == nil || res.TxHash != "t1" || res.Height != 7 || g.endorsed != 0 {
			t.Fatalf("Pull: %+v %v (%d endorsements), want the earlier pull t1 in block 7", res, err, g.endorsed)
		}
	})
	t.Run("pulled meanwhile", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeExecuted, "deposited"), late: true, records: map[string]string{"GetDeposit": string(same)}}
		res, err := scriptedConnector(t, g).Pull(ctx, p, nil)
		if err != nil || res == nil || res.TxHash != "t1" {
			t.Fatalf("Pull: %+v %v, want the earlier pull t1", res, err)
		}
	})
	for name, rec := range map[string]map[string]string{
		"pulled with other fields": {"GetDeposit": string(other)},
		"deposited by its holder":  {"GetDeposit": string(ordinary)},
		"paid out":                 {"GetPayout": string(paid)},
		"cancelled":                {"GetCancel": string(cancelled)},
	} {
		t.Run(name, func(t *testing.T) {
			g := &scriptedGateway{endorseErr: notAsked, records: rec}
			if _, err := scriptedConnector(t, g).Pull(ctx, p, nil); !errors.Is(err, connectors.ErrRefused) || g.endorsed != 0 {
				t.Fatalf("Pull: %v (%d endorsements), want ErrRefused before endorsing", err, g.endorsed)
			}
		})
	}
	t.Run("refused on its merits", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: status.Error(codes.Aborted, "chaincode response 500, "+wire.RefusedPrefix+"allowance too small"), records: map[string]string{}}
		if _, err := scriptedConnector(t, g).Pull(ctx, p, nil); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("Pull: %v, want ErrRefused", err)
		}
	})
	t.Run("a claim without a record", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeExecuted, "deposited"), records: map[string]string{}}
		_, err := scriptedConnector(t, g).Pull(ctx, p, nil)
		if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("Pull: %v, want ErrUnavailable only", err)
		}
	})
	t.Run("cancel of a pulled id", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: notAsked, records: map[string]string{"GetDeposit": string(same)}}
		_, err := scriptedConnector(t, g).Cancel(ctx, p.ID, nil)
		if !errors.Is(err, connectors.ErrAlreadyExecuted) || errors.Is(err, connectors.ErrRefused) || g.endorsed != 0 {
			t.Fatalf("Cancel: %v (%d endorsements), want ErrAlreadyExecuted", err, g.endorsed)
		}
	})
	t.Run("cancel, pulled meanwhile", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeExecuted, "pulled"), late: true, records: map[string]string{"GetDeposit": string(same)}}
		if _, err := scriptedConnector(t, g).Cancel(ctx, p.ID, nil); !errors.Is(err, connectors.ErrAlreadyExecuted) {
			t.Fatalf("Cancel: %v, want ErrAlreadyExecuted", err)
		}
	})
	t.Run("allowance", func(t *testing.T) {
		g := &scriptedGateway{records: map[string]string{"BridgeAllowance": "42"}}
		c := scriptedConnector(t, g)
		if v, err := c.PullAllowance(ctx, "COCO", "Org1MSP:h", testUser); err != nil || v.Cmp(big.NewInt(42)) != 0 {
			t.Fatalf("PullAllowance: %v %v", v, err)
		}
		if _, err := c.PullAllowance(ctx, "COCO", "Org1MSP:h", "x"); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("PullAllowance of a bad user: %v", err)
		}
		g.records["BridgeAllowance"] = "-1"
		if _, err := c.PullAllowance(ctx, "COCO", "Org1MSP:h", testUser); !errors.Is(err, errMalformed) {
			t.Fatalf("PullAllowance of a malformed answer: %v", err)
		}
	})
}
