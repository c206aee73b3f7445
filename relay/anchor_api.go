package relay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
)

// anchorRoutes serves the anchors the relay recorded and the inclusion
// proofs that tie a receipt to an anchored root (configs/api.md
// "Anchors").
func (n *Node) anchorRoutes(mux *http.ServeMux) {
	mux.Handle("GET /v1/anchors", n.readAs(n.authenticateUserOrMember, func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		name := r.URL.Query().Get("ledger")
		if name == "" {
			return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "ledger", "ledger: name the chain whose anchors to list")
		}
		limit := 20
		if s := r.URL.Query().Get("limit"); s != "" {
			v, err := strconv.Atoi(s)
			if err != nil || v < 1 || v > 1000 {
				return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "limit", "limit: must be a number from 1 to 1000")
			}
			limit = v
		}
		return n.anchors(name, limit)
	}))
	mux.Handle("GET /v1/tx/{txid}/inclusion", n.readAs(n.authenticateUserOrMember, func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		id, err := ledger.ParseTxID(r.PathValue("txid"))
		if err != nil {
			return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "txid", "%v", err)
		}
		size, err := strconv.ParseUint(r.URL.Query().Get("tree_size"), 10, 64)
		if err != nil {
			return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "tree_size", "tree_size: must be a number of transactions (an anchor's seqno - 1)")
		}
		return n.inclusion(id, size)
	}))
}

// AnchoredBy checks that the transaction a verified receipt proves is
// under the root of the newest anchor on a chain: the anchor is read from
// the chain (not from the network), and the inclusion proof from the
// network (GET /v1/tx/{txid}/inclusion) is checked against it. An anchor
// that does not cover the transaction yet is an error that says so.
func AnchoredBy(ctx context.Context, v *receipt.Verified, chain interface {
	LatestAnchor(ctx context.Context) (*connectors.Anchor, error)
}, fetch func(ctx context.Context, path string, out any) error) (*connectors.Anchor, error) {
	a, err := chain.LatestAnchor(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the latest anchor: %w", err)
	}
	if a == nil {
		return nil, errors.New("the chain holds no anchor of this network yet")
	}
	if a.Seqno <= v.TxID.Seqno {
		return a, fmt.Errorf("not anchored yet: the newest anchor (seqno %d) covers transactions up to %d, the receipt is for %s", a.Seqno, a.Seqno-1, v.TxID)
	}
	var in Inclusion
	if err := fetch(ctx, fmt.Sprintf("/v1/tx/%s/inclusion?tree_size=%d", v.TxID, a.Seqno-1), &in); err != nil {
		return a, fmt.Errorf("inclusion proof: %w", err)
	}
	if in.TreeSize != a.Seqno-1 {
		return a, fmt.Errorf("inclusion proof for %d transactions, the anchor covers %d", in.TreeSize, a.Seqno-1)
	}
	if err := VerifyInclusion(&in, v, merkle.Hash(a.Root)); err != nil {
		return a, fmt.Errorf("not under the anchored root: %w", err)
	}
	return a, nil
}
