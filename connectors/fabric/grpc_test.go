package fabric

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"

	"github.com/cocorelay/coco/connectors"
)

// bigGateway is a peer's gateway whose every evaluation answers a payload
// of size bytes.
type bigGateway struct {
	gateway.UnimplementedGatewayServer
	size int
}

func (g *bigGateway) Evaluate(context.Context, *gateway.EvaluateRequest) (*gateway.EvaluateResponse, error) {
	return &gateway.EvaluateResponse{Result: &peer.Response{Status: 200, Payload: make([]byte, g.size)}}, nil
}

// A peer's reply is bounded by coco.max_message_mib: larger is the
// peer's failure (ErrUnavailable), and up to it is read, also above
// gRPC's default of 4 MiB (a block can be larger).
func TestPeerRepliesAreBounded(t *testing.T) {
	for name, c := range map[string]struct {
		limitMiB, replyMiB int
		tooLarge           bool
	}{
		"over the limit":          {1, 2, true},
		"above gRPC's default":    {8, 6, false},
		"at the default, 100 MiB": {0, 5, false},
		"just over a small limit": {2, 3, true},
	} {
		t.Run(name, func(t *testing.T) {
			lis, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			srv := grpc.NewServer(grpc.MaxSendMsgSize(1 << 30))
			gateway.RegisterGatewayServer(srv, &bigGateway{size: c.replyMiB << 20})
			go srv.Serve(lis)
			t.Cleanup(srv.Stop)

			f := writeTestFiles(t)
			profile := filepath.Join(f.dir, "plain.json")
			if err := os.WriteFile(profile, []byte(`{"name": "n", "version": "1.0.0", "client": {"organization": "Org1"},
  "organizations": {"Org1": {"mspid": "Org1MSP", "peers": ["peer0"]}},
  "peers": {"peer0": {"url": "grpc://`+lis.Addr().String()+`"}}}`), 0o600); err != nil {
				t.Fatal(err)
			}
			limit := ""
			if c.limitMiB != 0 {
				limit = "  max_message_mib: " + strconv.Itoa(c.limitMiB) + "\n"
			}
			cfg, err := LoadConfig(f.config(t, `coco:
  name: fabric-org1
  connection_profile: plain.json
  channel: mychannel
  chaincode: cocobridge
  bridge_id: `+testBridge+`
  identity: {certificate: cert.pem, sealed_key: key.sealed}
  retry: {attempts: 1}
`+limit))
			if err != nil {
				t.Fatal(err)
			}
			conn, err := New(cfg, Options{Platform: f.platform})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_, err = conn.LedgerBridgeID(t.Context())
			tooLarge := err != nil && strings.Contains(err.Error(), "larger than max")
			if tooLarge != c.tooLarge {
				t.Fatalf("reply of %d MiB with limit %d MiB: %v", c.replyMiB, c.limitMiB, err)
			}
			if c.tooLarge && (!errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused)) {
				t.Fatalf("too large a reply: %v, want ErrUnavailable", err)
			}
			if !c.tooLarge && (err == nil || !errors.Is(err, errMalformed)) {
				// Read whole, then found not to be a bridge id.
				t.Fatalf("reply of %d MiB: %v, want it read and found malformed", c.replyMiB, err)
			}
		})
	}
}
