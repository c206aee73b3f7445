package fabric

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// scriptedGateway is a peer's gateway that answers the bridge
// chaincode's record queries from records, qscc's GetBlockByTxID with a
// block of number 7, and refuses every endorsement with endorseErr.
type scriptedGateway struct {
	gateway.UnimplementedGatewayServer
	endorseErr error
	evalErr    error // if set, every evaluation fails with it
	endorseOK  int   // how many endorsements succeed before endorseErr
	submitErr  error // what Submit answers to an endorsed transaction

	mu       sync.Mutex
	records  map[string]string // "GetPayout" or "GetCancel" → JSON; asked after the endorsement only if late
	late     bool              // records appear only once an endorsement was refused
	endorsed int
}

func invocation(sp *peer.SignedProposal) (cc, fn string) {
	var prop peer.Proposal
	var payload peer.ChaincodeProposalPayload
	var spec peer.ChaincodeInvocationSpec
	if proto.Unmarshal(sp.GetProposalBytes(), &prop) != nil || proto.Unmarshal(prop.GetPayload(), &payload) != nil ||
		proto.Unmarshal(payload.GetInput(), &spec) != nil || len(spec.GetChaincodeSpec().GetInput().GetArgs()) == 0 {
		return "", ""
	}
	return spec.GetChaincodeSpec().GetChaincodeId().GetName(), string(spec.GetChaincodeSpec().GetInput().GetArgs()[0])
}

func (g *scriptedGateway) Evaluate(_ context.Context, req *gateway.EvaluateRequest) (*gateway.EvaluateResponse, error) {
	if g.evalErr != nil {
		return nil, g.evalErr
	}
	cc, fn := invocation(req.GetProposedTransaction())
	var payload []byte
	if cc == "qscc" {
		payload, _ = proto.Marshal(&common.Block{Header: &common.BlockHeader{Number: 7}})
	} else {
		g.mu.Lock()
		if !g.late || g.endorsed > 0 {
			payload = []byte(g.records[fn])
		}
		g.mu.Unlock()
	}
	return &gateway.EvaluateResponse{Result: &peer.Response{Status: 200, Payload: payload}}, nil
}

func (g *scriptedGateway) Endorse(_ context.Context, req *gateway.EndorseRequest) (*gateway.EndorseResponse, error) {
	g.mu.Lock()
	g.endorsed++
	ok := g.endorsed <= g.endorseOK
	g.mu.Unlock()
	if !ok {
		return nil, g.endorseErr
	}
	return &gateway.EndorseResponse{PreparedTransaction: preparedEnvelope(req.GetChannelId())}, nil
}

func (g *scriptedGateway) Submit(context.Context, *gateway.SubmitRequest) (*gateway.SubmitResponse, error) {
	return nil, g.submitErr
}

// preparedEnvelope is the least transaction envelope the gateway client
// accepts as endorsed: a channel header and one chaincode action.
func preparedEnvelope(channel string) *common.Envelope {
	must := func(m proto.Message) []byte {
		b, err := proto.Marshal(m)
		if err != nil {
			panic(err)
		}
		return b
	}
	action := must(&peer.ChaincodeActionPayload{Action: &peer.ChaincodeEndorsedAction{
		ProposalResponsePayload: must(&peer.ProposalResponsePayload{Extension: must(&peer.ChaincodeAction{Response: &peer.Response{Status: 200}})}),
	}})
	return &common.Envelope{Payload: must(&common.Payload{
		Header: &common.Header{ChannelHeader: must(&common.ChannelHeader{ChannelId: channel})},
		Data:   must(&peer.Transaction{Actions: []*peer.TransactionAction{{Payload: action}}}),
	})}
}

func scriptedConnector(t *testing.T, g *scriptedGateway) *Connector { return scriptedPeers(t, g) }

// scriptedPeers is a connector whose gateway peers, in order, are gs.
func scriptedPeers(t *testing.T, gs ...*scriptedGateway) *Connector {
	t.Helper()
	var names, peers []string
	for i, g := range gs {
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := grpc.NewServer()
		gateway.RegisterGatewayServer(srv, g)
		go srv.Serve(lis)
		t.Cleanup(srv.Stop)
		name := fmt.Sprintf("peer%d", i)
		names = append(names, `"`+name+`"`)
		peers = append(peers, `"`+name+`": {"url": "grpc://`+lis.Addr().String()+`"}`)
	}
	f := writeTestFiles(t)
	if err := os.WriteFile(filepath.Join(f.dir, "plain.json"), []byte(`{"name": "n", "version": "1.0.0", "client": {"organization": "Org1"},
  "organizations": {"Org1": {"mspid": "Org1MSP", "peers": [`+strings.Join(names, ", ")+`]}},
  "peers": {`+strings.Join(peers, ", ")+`}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(f.config(t, `coco:
  name: fabric-org1
  connection_profile: plain.json
  channel: mychannel
  chaincode: cocobridge
  bridge_id: `+testBridge+`
  identity: {certificate: cert.pem, sealed_key: key.sealed}
  retry: {attempts: 2, backoff: 1ms, max_backoff: 1ms}
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(cfg, Options{Platform: f.platform})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func refusedWith(code, reason string) error {
	return status.Error(codes.Aborted, "failed to endorse transaction: chaincode response 500, "+wire.Refusal(code, reason))
}

// The chaincode's coded refusals are believed only once the connector has
// read the record itself: a transfer id executed meanwhile is the earlier
// result (Execute) or ErrAlreadyExecuted (Cancel); a claim without a
// record is ErrUnavailable, never ErrRefused.
func TestCodedRefusalsAreCheckedAgainstTheRecords(t *testing.T) {
	id := connectors.ID{0x51}
	p := connectors.Payout{ID: id, Kind: connectors.Mint, Asset: "wETH", To: "Org1MSP:x", Amount: big.NewInt(5)}
	paid, _ := json.Marshal(wire.Payout{ID: id.String(), Kind: "mint", Asset: "wETH", To: "Org1MSP:x", Amount: "5", TxID: "t1"})
	other, _ := json.Marshal(wire.Payout{ID: id.String(), Kind: "mint", Asset: "wETH", To: "Org1MSP:x", Amount: "6", TxID: "t1"})
	cancelled, _ := json.Marshal(wire.Cancel{ID: id.String(), TxID: "t2"})
	ctx := t.Context()

	t.Run("execute, executed meanwhile", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeExecuted, "executed"), late: true, records: map[string]string{"GetPayout": string(paid)}}
		res, err := scriptedConnector(t, g).Execute(ctx, p, nil)
		if err != nil || res == nil || res.TxHash != "t1" || res.Height != 7 {
			t.Fatalf("Execute: %+v %v, want the earlier payout t1 in block 7", res, err)
		}
	})
	t.Run("execute, executed meanwhile with other fields", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeExecuted, "executed"), late: true, records: map[string]string{"GetPayout": string(other)}}
		if _, err := scriptedConnector(t, g).Execute(ctx, p, nil); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("Execute: %v, want ErrRefused", err)
		}
	})
	t.Run("execute, a claim without a record", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeExecuted, "executed"), records: map[string]string{}}
		_, err := scriptedConnector(t, g).Execute(ctx, p, nil)
		if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("Execute: %v, want ErrUnavailable only", err)
		}
	})
	t.Run("execute of a cancelled id", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: errors.New("not asked"), records: map[string]string{"GetCancel": string(cancelled)}}
		if _, err := scriptedConnector(t, g).Execute(ctx, p, nil); !errors.Is(err, connectors.ErrRefused) || g.endorsed != 0 {
			t.Fatalf("Execute: %v (%d endorsements), want ErrRefused before endorsing", err, g.endorsed)
		}
	})
	t.Run("cancel, executed meanwhile", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeExecuted, "executed"), late: true, records: map[string]string{"GetPayout": string(paid)}}
		_, err := scriptedConnector(t, g).Cancel(ctx, id, nil)
		if !errors.Is(err, connectors.ErrAlreadyExecuted) || errors.Is(err, connectors.ErrRefused) || errors.Is(err, connectors.ErrUnavailable) {
			t.Fatalf("Cancel: %v, want ErrAlreadyExecuted", err)
		}
	})
	t.Run("cancel, cancelled meanwhile", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeCancelled, "cancelled"), late: true, records: map[string]string{"GetCancel": string(cancelled)}}
		res, err := scriptedConnector(t, g).Cancel(ctx, id, nil)
		if err != nil || res == nil || res.TxHash != "t2" {
			t.Fatalf("Cancel: %+v %v, want the earlier cancellation t2", res, err)
		}
	})
	t.Run("cancel, a claim without a record", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedWith(wire.CodeCancelled, "cancelled"), records: map[string]string{}}
		_, err := scriptedConnector(t, g).Cancel(ctx, id, nil)
		if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("Cancel: %v, want ErrUnavailable only", err)
		}
	})
	t.Run("cancel refused on its merits", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: status.Error(codes.Aborted, "chaincode response 500, "+wire.RefusedPrefix+"1 valid signatures, need 2"), records: map[string]string{}}
		if _, err := scriptedConnector(t, g).Cancel(ctx, id, nil); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("Cancel: %v, want ErrRefused", err)
		}
	})
}

// A try whose Submit failed may still have reached the orderers, and its
// transaction may still commit: a later try's refusal is then
// ErrUnavailable, never ErrRefused.
func TestRefusalAfterAFailedSubmitIsUnavailable(t *testing.T) {
	id := connectors.ID{0x52}
	p := connectors.Payout{ID: id, Kind: connectors.Mint, Asset: "wETH", To: "Org1MSP:x", Amount: big.NewInt(5)}
	refusedSigs := status.Error(codes.Aborted, "chaincode response 500, "+wire.RefusedPrefix+"1 valid signatures, need 2")
	timeout := status.Error(codes.DeadlineExceeded, "orderer did not answer in time")
	ctx := t.Context()
	for name, call := range map[string]func(*Connector) error{
		"execute": func(c *Connector) error { _, err := c.Execute(ctx, p, nil); return err },
		"cancel":  func(c *Connector) error { _, err := c.Cancel(ctx, id, nil); return err },
	} {
		t.Run(name, func(t *testing.T) {
			g := &scriptedGateway{endorseOK: 1, submitErr: timeout, endorseErr: refusedSigs, records: map[string]string{}}
			err := call(scriptedConnector(t, g))
			if !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
				t.Fatalf("%v, want ErrUnavailable only", err)
			}
			if g.endorsed < 2 {
				t.Fatalf("%d endorsements, want the refused second try", g.endorsed)
			}
		})
	}
	t.Run("refused before anything was submitted", func(t *testing.T) {
		g := &scriptedGateway{endorseErr: refusedSigs, records: map[string]string{}}
		if _, err := scriptedConnector(t, g).Execute(ctx, p, nil); !errors.Is(err, connectors.ErrRefused) {
			t.Fatalf("%v, want ErrRefused", err)
		}
	})
}
