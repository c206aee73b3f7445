package fabric

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

func testConnector() *Connector {
	cfg := Coco{Name: "t", Channel: "ch", Chaincode: "cocobridge", StartBlock: 5}
	return &Connector{cfg: cfg, domain: wire.Domain{Channel: cfg.Channel, Chaincode: cfg.Chaincode, Bridge: wire.BridgeID("ch", "cocobridge", "t0")}}
}

func marshal(t testing.TB, m proto.Message) []byte {
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// endorserTx is a transaction whose one action ran chaincode and set ev.
func endorserTx(t testing.TB, txID, chaincode string, ev *peer.ChaincodeEvent) []byte {
	cca := &peer.ChaincodeAction{ChaincodeId: &peer.ChaincodeID{Name: chaincode}}
	if ev != nil {
		cca.Events = marshal(t, ev)
	}
	prp := &peer.ProposalResponsePayload{Extension: marshal(t, cca)}
	cap := &peer.ChaincodeActionPayload{Action: &peer.ChaincodeEndorsedAction{ProposalResponsePayload: marshal(t, prp)}}
	tx := &peer.Transaction{Actions: []*peer.TransactionAction{{Payload: marshal(t, cap)}}}
	ch := &common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), TxId: txID, ChannelId: "ch"}
	payload := &common.Payload{Header: &common.Header{ChannelHeader: marshal(t, ch)}, Data: marshal(t, tx)}
	return marshal(t, &common.Envelope{Payload: marshal(t, payload)})
}

func configTx(t testing.TB) []byte {
	ch := &common.ChannelHeader{Type: int32(common.HeaderType_CONFIG), ChannelId: "ch"}
	payload := &common.Payload{Header: &common.Header{ChannelHeader: marshal(t, ch)}}
	return marshal(t, &common.Envelope{Payload: marshal(t, payload)})
}

func block(number uint64, txs [][]byte, codes []peer.TxValidationCode) *common.Block {
	flags := make([]byte, len(codes))
	for i, c := range codes {
		flags[i] = byte(c)
	}
	return &common.Block{
		Header:   &common.BlockHeader{Number: number, PreviousHash: []byte("prev"), DataHash: []byte("data")},
		Data:     &common.BlockData{Data: txs},
		Metadata: &common.BlockMetadata{Metadata: [][]byte{nil, nil, flags, nil, nil}},
	}
}

func lockEvent(t testing.TB, c *Connector, txID, name, kind string) *peer.ChaincodeEvent {
	id := c.domain.TransferID(txID)
	rec := `{"id":"` + connectors.ID(id).String() + `","kind":"` + kind + `","asset":"COCO","holder":"Org1MSP:h","amount":"5",` +
		`"destinationLedger":"eth","destinationAccount":"0xa","txId":"` + txID + `"}`
	return &peer.ChaincodeEvent{ChaincodeId: "cocobridge", TxId: txID, EventName: name, Payload: []byte(rec)}
}

func TestOnlyValidTransactionsOfTheChaincodeAreDeposits(t *testing.T) {
	c := testConnector()
	VALID, MVCC := peer.TxValidationCode_VALID, peer.TxValidationCode_MVCC_READ_CONFLICT
	spoof := lockEvent(t, c, "t4", wire.EventLocked, "lock")
	spoof.ChaincodeId = "other"
	b := block(7, [][]byte{
		configTx(t),
		endorserTx(t, "t1", "cocobridge", lockEvent(t, c, "t1", wire.EventLocked, "lock")), // a deposit
		endorserTx(t, "t2", "cocobridge", lockEvent(t, c, "t2", wire.EventLocked, "lock")), // invalidated
		endorserTx(t, "t3", "other", lockEvent(t, c, "t3", wire.EventLocked, "lock")),      // another chaincode's action
		endorserTx(t, "t4", "cocobridge", spoof),                                           // an event claiming another chaincode
		endorserTx(t, "t5", "cocobridge", &peer.ChaincodeEvent{ChaincodeId: "cocobridge", EventName: "Transfer"}),
		endorserTx(t, "t6", "cocobridge", lockEvent(t, c, "t6", wire.EventBurned, "burn")), // a deposit
		[]byte("not a transaction"), // invalid, so never parsed
	}, []peer.TxValidationCode{VALID, VALID, MVCC, VALID, VALID, VALID, VALID, peer.TxValidationCode_BAD_PAYLOAD})
	txs, err := parseBlock(b)
	if err != nil {
		t.Fatal(err)
	}
	var got []connectors.Deposit
	for i, tx := range txs {
		d, ok, err := c.deposit(tx, 7, uint32(i), "h")
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
		if ok {
			got = append(got, d)
		}
	}
	if len(got) != 2 || got[0].At.TxHash != "t1" || got[0].At.TxIndex != 1 || got[0].Kind != connectors.Lock ||
		got[1].At.TxHash != "t6" || got[1].At.TxIndex != 6 || got[1].Kind != connectors.Burn {
		t.Fatalf("deposits %+v", got)
	}
	d := got[0]
	if d.ID != connectors.ID(c.domain.TransferID("t1")) || d.Amount.Cmp(big.NewInt(5)) != 0 || d.Holder != "Org1MSP:h" ||
		d.Asset != "COCO" || d.DestinationLedger != "eth" || d.DestinationAccount != "0xa" || d.At.Height != 7 || d.At.BlockHash != "h" {
		t.Fatalf("deposit %+v", d)
	}
}

func TestMalformedDepositsAreErrors(t *testing.T) {
	c := testConnector()
	for name, ev := range map[string]*peer.ChaincodeEvent{
		"an id not derived from the transaction": lockEvent(t, c, "other", wire.EventLocked, "lock"),
		"a kind that contradicts the event":      lockEvent(t, c, "t1", wire.EventBurned, "lock"),
		"not JSON":                               {ChaincodeId: "cocobridge", EventName: wire.EventLocked, Payload: []byte("{")},
	} {
		b := block(1, [][]byte{endorserTx(t, "t1", "cocobridge", ev)}, []peer.TxValidationCode{peer.TxValidationCode_VALID})
		txs, err := parseBlock(b)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.deposit(txs[0], 1, 0, "h"); !errors.Is(err, errMalformed) {
			t.Errorf("%s: %v, want a malformed reply", name, err)
		}
	}
	for name, b := range map[string]*common.Block{
		"no header":           {Data: &common.BlockData{}},
		"no validation flags": {Header: &common.BlockHeader{}, Data: &common.BlockData{Data: [][]byte{nil}}},
		"flags do not match":  block(1, [][]byte{configTx(t)}, nil),
		"valid, but not a tx": block(1, [][]byte{[]byte("garbage")}, []peer.TxValidationCode{peer.TxValidationCode_VALID}),
		"valid, bad action":   block(1, [][]byte{badAction(t)}, []peer.TxValidationCode{peer.TxValidationCode_VALID}),
	} {
		if _, err := parseBlock(b); !errors.Is(err, errMalformed) {
			t.Errorf("%s: %v, want a malformed reply", name, err)
		}
	}
}

func badAction(t testing.TB) []byte {
	tx := &peer.Transaction{Actions: []*peer.TransactionAction{{Payload: []byte("junk")}}}
	ch := &common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), TxId: "x"}
	payload := &common.Payload{Header: &common.Header{ChannelHeader: marshal(t, ch)}, Data: marshal(t, tx)}
	return marshal(t, &common.Envelope{Payload: marshal(t, payload)})
}

// A malformed reply from a chain never crashes a node.
func FuzzParseBlock(f *testing.F) {
	c := testConnector()
	f.Add(marshal(f, block(1, [][]byte{endorserTx(f, "t1", "cocobridge", lockEvent(f, c, "t1", wire.EventLocked, "lock"))},
		[]peer.TxValidationCode{peer.TxValidationCode_VALID})))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		var b common.Block
		if proto.Unmarshal(raw, &b) != nil {
			return
		}
		txs, err := parseBlock(&b)
		if err != nil {
			return
		}
		for i, tx := range txs {
			c.deposit(tx, 1, uint32(i), "")
		}
		blockHash(b.GetHeader())
	})
}

// The block hash covers the number (itest checks it against a real chain:
// a deposit's block hash is the next block's previous hash).
func TestBlockHash(t *testing.T) {
	h := &common.BlockHeader{Number: 0, PreviousHash: nil, DataHash: []byte{1, 2, 3}}
	if len(blockHash(h)) != 32 || string(blockHash(h)) == string(blockHash(&common.BlockHeader{Number: 1, DataHash: []byte{1, 2, 3}})) {
		t.Fatal("block hash ignores the number")
	}
}

func TestCheckpoints(t *testing.T) {
	c := testConnector()
	at, err := c.cursor("")
	if err != nil || at != (cursor{block: 5}) {
		t.Fatalf("empty checkpoint: %+v %v, want start_block", at, err)
	}
	for _, want := range []cursor{{0, 0}, {7, 3}, {1 << 40, 1<<32 - 1}} {
		cp := c.checkpoint(want)
		got, err := c.cursor(cp)
		if err != nil || got != want {
			t.Fatalf("%s decodes to %+v %v, want %+v", cp, got, err, want)
		}
	}
	if cp := c.checkpoint(cursor{12, 4}); cp != "fabric1:ch:cocobridge:12:4" {
		t.Fatalf("checkpoint %q", cp)
	}
	for _, bad := range []connectors.Checkpoint{"x", "fabric1:other:cocobridge:1:0", "fabric1:ch:other:1:0",
		"fabric1:ch:cocobridge:-1:0", "fabric1:ch:cocobridge:1:4294967296", "fabric1:ch:cocobridge:1", "eth:1:2"} {
		if _, err := c.cursor(bad); err == nil {
			t.Errorf("checkpoint %q accepted", bad)
		}
	}
}

func TestClassify(t *testing.T) {
	for name, c := range map[string]struct {
		err  error
		want failure
	}{
		"peer down":           {status.Error(codes.Unavailable, "connection refused"), transient},
		"timeout":             {status.Error(codes.DeadlineExceeded, "slow"), transient},
		"no endorsers":        {status.Error(codes.FailedPrecondition, "no combination of peers can be derived"), transient},
		"endorsement failed":  {status.Error(codes.Aborted, "failed to collect enough transaction endorsements"), transient},
		"chaincode refused":   {status.Error(codes.Aborted, "failed: chaincode response 500, "+wire.RefusedPrefix+"no"), refused},
		"chaincode bug":       {status.Error(codes.Unknown, "evaluate: chaincode response 500, wrong number of args"), permanent},
		"access denied":       {status.Error(codes.PermissionDenied, "creator"), permanent},
		"bad argument":        {status.Error(codes.InvalidArgument, "x"), permanent},
		"mvcc":                {&commitError{code: peer.TxValidationCode_MVCC_READ_CONFLICT}, transient},
		"phantom":             {&commitError{code: peer.TxValidationCode_PHANTOM_READ_CONFLICT}, transient},
		"invalid otherwise":   {&commitError{code: peer.TxValidationCode_BAD_PAYLOAD}, permanent},
		"deliver forbidden":   {&deliverError{status: common.Status_FORBIDDEN}, permanent},
		"deliver busy":        {&deliverError{status: common.Status_SERVICE_UNAVAILABLE}, transient},
		"malformed":           {malformed("x"), transient},
		"refused here":        {connectors.ErrRefused, refused},
		"network":             {errors.New("read: connection reset"), transient},
		"already executed":    {fmt.Errorf("%w: by transaction t1", connectors.ErrAlreadyExecuted), settled},
		"claim not confirmed": {fmt.Errorf("%w: the chaincode refused with %q, but peer p has no record of it", errUnsettled, wire.CodeExecuted), transient},
	} {
		if got := classify(c.err); got != c.want {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
	err := refusal(status.Error(codes.Aborted, "endorse: chaincode response 500, "+wire.RefusedPrefix+"2 valid signatures, need 3\n  more"))
	if !errors.Is(err, connectors.ErrRefused) || !strings.HasSuffix(err.Error(), ": 2 valid signatures, need 3") {
		t.Errorf("refusal: %v", err)
	}
}
