package fabric

import (
	"encoding/json"
	"errors"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// Cancelled believes a cancellation only when at least two gateway peers
// (the only one, where one is configured) answer and all that answer
// agree: one peer that lies or lags cannot make a relay node sign a
// refund.
func TestCancelledNeedsAgreeingPeers(t *testing.T) {
	id := connectors.ID{0xca}
	rec, _ := json.Marshal(wire.Cancel{ID: id.String(), TxID: "t9"})
	wrongID, _ := json.Marshal(wire.Cancel{ID: connectors.ID{0xcb}.String(), TxID: "t9"})
	cancelled := func() *scriptedGateway { return &scriptedGateway{records: map[string]string{"GetCancel": string(rec)}} }
	open := func() *scriptedGateway { return &scriptedGateway{records: map[string]string{}} }
	down := func() *scriptedGateway {
		return &scriptedGateway{evalErr: status.Error(codes.Unavailable, "peer down")}
	}
	garbled := func() *scriptedGateway {
		return &scriptedGateway{records: map[string]string{"GetCancel": string(wrongID)}}
	}
	for name, c := range map[string]struct {
		peers       []*scriptedGateway
		want        bool
		unavailable bool
	}{
		"one peer, cancelled":                 {peers: []*scriptedGateway{cancelled()}, want: true},
		"one peer, open":                      {peers: []*scriptedGateway{open()}},
		"one peer, down":                      {peers: []*scriptedGateway{down()}, unavailable: true},
		"two peers agree, cancelled":          {peers: []*scriptedGateway{cancelled(), cancelled()}, want: true},
		"two peers agree, open":               {peers: []*scriptedGateway{open(), open()}},
		"one of two says cancelled":           {peers: []*scriptedGateway{cancelled(), open()}, unavailable: true},
		"one of two says open":                {peers: []*scriptedGateway{open(), cancelled()}, unavailable: true},
		"the other of two is down":            {peers: []*scriptedGateway{cancelled(), down()}, unavailable: true},
		"the other of two answers garbage":    {peers: []*scriptedGateway{cancelled(), garbled()}, unavailable: true},
		"two of three agree, the third down":  {peers: []*scriptedGateway{down(), cancelled(), cancelled()}, want: true},
		"three peers, one disagrees":          {peers: []*scriptedGateway{cancelled(), cancelled(), open()}, unavailable: true},
		"three peers, only one answers":       {peers: []*scriptedGateway{down(), cancelled(), down()}, unavailable: true},
		"three peers, two garbled, one open":  {peers: []*scriptedGateway{garbled(), open(), garbled()}, unavailable: true},
		"three peers agree, open, first down": {peers: []*scriptedGateway{down(), open(), open()}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := scriptedPeers(t, c.peers...).Cancelled(t.Context(), id)
			if c.unavailable {
				if got || !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
					t.Fatalf("Cancelled: %v %v, want false and ErrUnavailable", got, err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Cancelled: %v %v, want %v", got, err, c.want)
			}
		})
	}
}

// A malformed reply is one peer's failure: the next peer is asked, and
// when none answers properly the call is ErrUnavailable, never a
// permanent error or a refusal.
func TestMalformedReplyTriesTheNextPeer(t *testing.T) {
	id := connectors.ID{0x53}
	good, _ := json.Marshal(wire.Payout{ID: id.String(), Kind: "mint", Asset: "wETH", To: "Org1MSP:x", Amount: "5", TxID: "t1"})
	garbled := func() *scriptedGateway {
		return &scriptedGateway{records: map[string]string{"GetPayout": `{"id": "nonsense"}`}}
	}
	done, err := scriptedPeers(t, garbled(), &scriptedGateway{records: map[string]string{"GetPayout": string(good)}}).Executed(t.Context(), id)
	if err != nil || !done {
		t.Fatalf("Executed with a garbling first peer: %v %v, want true from the second", done, err)
	}
	done, err = scriptedPeers(t, garbled(), garbled()).Executed(t.Context(), id)
	if done || !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, connectors.ErrRefused) {
		t.Fatalf("Executed with only garbling peers: %v %v, want ErrUnavailable", done, err)
	}
}
