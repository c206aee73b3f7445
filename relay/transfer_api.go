package relay

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// The transfer API (configs/api.md "Transfers"). A user starts a transfer
// from the native ledger: its source leg (a lock of an asset native there,
// or a burn of a wrapped one) commits in the same transaction as the
// record, so the answer already says source_confirmed. A user may also
// start one from a chain account whose holder gave the bridge an
// allowance for that user: the answer says requested, and the relay then
// pulls the amount on the chain (transfer_pull.go). Transfers from a chain
// also start with a holder's own deposit in the bridge there (observe.go).

// CodeRoutePaused and CodeRateLimited refuse a new transfer at once.
const (
	CodeRoutePaused = "route_paused"
	CodeRateLimited = "rate_limited"
)

// CreateTransferRequest is the body of POST /v1/transfers.
type CreateTransferRequest struct {
	Source      Endpoint `json:"source"`
	Destination Endpoint `json:"destination"` // its asset is left empty: the bridge knows it
	Amount      string   `json:"amount"`
	Memo        string   `json:"memo,omitempty"`

	amount *uint256.Int
}

// TransferList is one page of GET /v1/transfers.
type TransferList struct {
	Transfers []*Transfer `json:"transfers"`
	// Next is the cursor of the next page ("" at the end).
	Next string `json:"next,omitempty"`
}

func checkCreateTransfer(r *CreateTransferRequest) error {
	for _, f := range [][2]string{{"source.ledger", r.Source.Ledger}, {"source.asset", r.Source.Asset}, {"destination.ledger", r.Destination.Ledger}} {
		if err := native.ValidName(f[0], f[1]); err != nil {
			return err
		}
	}
	// Accounts are checked as their ledger knows them, once the ledger is
	// known (a Fabric account id is longer than a native name).
	for _, f := range [][2]string{{"source.account", r.Source.Account}, {"destination.account", r.Destination.Account}} {
		if f[1] == "" || len(f[1]) > 512 || !utf8.ValidString(f[1]) {
			return apiError(http.StatusBadRequest, CodeInvalidArgument, f[0], "%s: must be 1 to 512 bytes of UTF-8", f[0])
		}
	}
	if r.Destination.Asset != "" {
		return apiError(http.StatusBadRequest, CodeInvalidArgument, "destination.asset", "destination.asset: leave empty; the bridged asset's location on the destination ledger is set by governance (set_asset)")
	}
	if r.Source.Ledger == r.Destination.Ledger {
		return apiError(http.StatusBadRequest, CodeInvalidArgument, "destination.ledger", "destination.ledger: must differ from source.ledger")
	}
	if len(r.Memo) > 256 || !utf8.ValidString(r.Memo) {
		return apiError(http.StatusBadRequest, CodeInvalidArgument, "memo", "memo: at most 256 bytes of UTF-8")
	}
	var err error
	if r.amount, err = native.ParseAmount("amount", r.Amount); err != nil {
		return err
	}
	if r.amount.IsZero() {
		return apiError(http.StatusBadRequest, CodeInvalidArgument, "amount", "amount: must be more than 0")
	}
	return nil
}

func (n *Node) transferRoutes(mux *http.ServeMux) {
	mux.Handle("POST /v1/transfers", writeEndpoint(n, checkCreateTransfer, n.createTransfer))
	mux.Handle("GET /v1/transfers/{id}", n.readAs(n.authenticateUserOrMember, func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		t, err := getTransfer(readerOf(n.store), r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if !canReadTransfer(n.store, c, t) {
			// Not found rather than forbidden: ids say nothing to others.
			return nil, apiError(http.StatusNotFound, CodeNotFound, "id", "no transfer %s", t.ID)
		}
		return t, nil
	}))
	mux.Handle("GET /v1/transfers", n.readAs(n.authenticateUserOrMember, func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		return n.listTransfers(r, c)
	}))
	mux.Handle("GET /v1/transfers/events", http.HandlerFunc(n.streamTransferEvents))
	mux.Handle("GET /v1/alerts", n.readAs(n.authenticateUserOrMember, func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		alerts, err := n.alerts(100)
		if err != nil {
			return nil, err
		}
		var supply []*SupplyReport
		if n.xfer != nil {
			supply = n.xfer.supplyReports()
		}
		return struct {
			Alerts []Alert         `json:"alerts"`
			Supply []*SupplyReport `json:"supply"`
		}{alerts, supply}, nil
	}))
}

// canReadTransfer says whether c may read t: the network's visibility
// rule (visibility.go: members, auditors, the requester and the owners of
// the native accounts at either end). Others get 404, as if t did not exist.
func canReadTransfer(s native.State, c *caller, t *Transfer) bool {
	return transferVisible(s, c, t)
}

// createTransfer starts a transfer (on the leader, inside the request's
// transaction): from the native ledger, or from a chain account through
// the allowance its holder gave the bridge for this user (transfer_pull.go).
func (n *Node) createTransfer(tx *ledger.Tx, c *caller, req *CreateTransferRequest) (any, error) {
	if n.xfer == nil {
		return nil, apiError(http.StatusServiceUnavailable, CodeUnavailable, "", "transfers are not running on this node")
	}
	x := n.xfer
	nativeName, err := x.nativeLedger(readerOf(n.store))
	if err != nil {
		return nil, err
	}
	if nativeName == "" || req.Source.Ledger != nativeName {
		return x.createPull(tx, c, req)
	}
	if err := native.ValidName("source.account", req.Source.Account); err != nil {
		return nil, err
	}
	if reg, err := governance.GetConnector(tx, nativeName); err != nil {
		return nil, err
	} else if reg == nil || reg.Kind != KindNative {
		return nil, apiError(http.StatusConflict, CodeInvalidArgument, "source.ledger", "source.ledger %q is no longer the native connector", nativeName)
	}
	a, ok, err := governance.AssetAt(tx, nativeName, req.Source.Asset, sameAsset(KindNative))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "source.asset", "source.asset %q is not a bridged asset on %s (set_asset)", req.Source.Asset, nativeName)
	}
	kind := connectors.Burn
	if a.Origin.Ledger == nativeName {
		kind = connectors.Lock
	}
	t, hold, err := x.newAPITransfer(tx, c, req, a, kind)
	if err != nil {
		return nil, err
	}
	t.State = StateSourceConfirmed
	if kind == connectors.Lock {
		_, err = native.LockForTransfer(tx, c.ID, req.Source.Asset, req.Source.Account, req.amount, t.ID)
	} else {
		_, err = native.BurnForTransfer(tx, c.ID, req.Source.Asset, req.Source.Account, req.amount, t.ID)
	}
	if err != nil {
		return nil, err
	}
	now := tx.Now().UTC()
	t.SourceLeg.CocoTxID, t.SourceLeg.SubmittedAt = tx.ID().String(), &now
	t.SourceFinalAt = now
	if _, err := createTransfer(tx, t, StateRequested); err != nil {
		return nil, err
	}
	if t.Hold == HoldOverCap {
		putTransfer(tx, t, "held: "+hold+"; waiting for the members (decide_transfer)")
	}
	x.wake()
	return t, nil
}

// newAPITransfer is the record of a transfer a user requests, checked
// against the route: its destination resolved, a paused route and a
// burst over the rate limit refused, a transfer over the cap held (hold
// says why) and any other admitted with its deadline.
func (x *transfers) newAPITransfer(tx *ledger.Tx, c *caller, req *CreateTransferRequest, a *governance.BridgedAsset, kind connectors.DepositKind) (t *Transfer, hold string, err error) {
	t = &Transfer{
		ID: apiTransferID(x.service, tx.ID()), State: StateRequested, Asset: a.Name, Amount: req.amount.Dec(),
		Source: req.Source, Destination: Endpoint{Ledger: req.Destination.Ledger, Account: req.Destination.Account},
		Memo: req.Memo, Origin: "api", Requester: c.ID, SourceLeg: Leg{Kind: string(kind)},
	}
	if reason, err := x.resolveDestination(tx, t, a); err != nil {
		return nil, "", err
	} else if reason != "" {
		field := "destination.account"
		if !strings.HasPrefix(reason, "destination account") {
			field = "destination.ledger"
		}
		return nil, "", apiError(http.StatusBadRequest, CodeInvalidArgument, field, "%s: %s", field, reason)
	}
	route, err := governance.GetRoute(tx, t.Route())
	if err != nil {
		return nil, "", err
	}
	if route.Paused {
		return nil, "", apiError(http.StatusConflict, CodeRoutePaused, "destination.ledger", "the route %s → %s for %s is paused (%s); retry after resume_route", t.Source.Ledger, t.Destination.Ledger, t.Asset, route.Reason)
	}
	v, err := takeFromBucket(tx, t.Route(), route.Limits, t.amount())
	if err != nil {
		return nil, "", err
	}
	switch {
	case v.overCap:
		t.Hold = HoldOverCap
		return t, v.reason, nil
	case !v.ok:
		return nil, "", apiError(http.StatusTooManyRequests, CodeRateLimited, "amount", "%s; retry later", v.reason)
	}
	policy, err := governance.GetTransferPolicy(tx)
	if err != nil {
		return nil, "", err
	}
	d := tx.Now().UTC().Add(policy.TimeoutDuration())
	t.Admitted, t.Deadline = true, &d
	return t, "", nil
}

// listScanRows bounds the rows one page of GET /v1/transfers reads
// looking for transfers the caller may see.
const listScanRows = 100000

// listTransfers serves GET /v1/transfers?state=&ledger=&account=&after=&limit=
// in creation order.
func (n *Node) listTransfers(r *http.Request, c *caller) (*TransferList, error) {
	return listTransfersIn(n.store, r.URL.Query(), c, listScanRows)
}

// listTransfersIn answers a page of the transfers in s that c may read,
// reading at most about maxScan rows of the order table. The cursor
// (Next) is either the key of the last transfer on the page, which the
// caller may read, or, when the scan stops before the page fills, a seqno
// boundary: created seqno || 32 bytes of 0xff, after every transfer of
// that seqno. Rows are never cut within one seqno, so that no visible
// transfer is lost or repeated, and the cursor never names a transfer the
// caller may not read.
func listTransfersIn(s native.State, q url.Values, c *caller, maxScan int) (*TransferList, error) {
	limit := 100
	if s := q.Get("limit"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 || v > 1000 {
			return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "limit", "limit: must be a number from 1 to 1000")
		}
		limit = v
	}
	state := q.Get("state")
	switch state {
	case "", StateRequested, StateSourceConfirmed, StateDestinationSubmitted, StateCompleted, StateRefunding, StateRefunded, StateFailed:
	default:
		return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "state", "state %.40q: not a transfer state", state)
	}
	var after []byte
	if s := q.Get("after"); s != "" {
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != 40 {
			return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "after", "after: must be a cursor from an earlier page")
		}
		after = b
	}
	ledgerName, account := q.Get("ledger"), q.Get("account")
	rd := readerOf(s)
	out := &TransferList{Transfers: []*Transfer{}}
	const batch = 1000
	scanned := 0
	for {
		kvs, err := s.Scan(tableTransferOrder, nil, after, batch)
		if err != nil {
			return nil, err
		}
		for _, kv := range kvs {
			if len(kv.Key) < 8 {
				continue
			}
			if scanned >= maxScan && after != nil && !bytes.Equal(kv.Key[:8], after[:8]) {
				// The bound is reached and every row of the last seqno
				// read is done: stop at that seqno's boundary.
				out.Next = hex.EncodeToString(append(slices.Clone(after[:8]), bytes.Repeat([]byte{0xff}, 32)...))
				return out, nil
			}
			scanned++
			after = kv.Key
			t, err := getTransfer(rd, hex.EncodeToString(kv.Key[8:]))
			if err != nil {
				continue
			}
			if state != "" && t.State != state ||
				ledgerName != "" && t.Source.Ledger != ledgerName && t.Destination.Ledger != ledgerName ||
				account != "" && t.Source.Account != account && t.Destination.Account != account ||
				!canReadTransfer(s, c, t) {
				continue
			}
			out.Transfers = append(out.Transfers, t)
			if len(out.Transfers) == limit {
				out.Next = hex.EncodeToString(kv.Key)
				return out, nil
			}
		}
		if len(kvs) < batch {
			return out, nil
		}
	}
}

// transferIDs returns the ids of transfers in creation order (tests, bench).
func (n *Node) transferIDs() ([]string, error) {
	var ids []string
	var after []byte
	for {
		kvs, err := n.store.Scan(tableTransferOrder, nil, after, 1000)
		if err != nil {
			return nil, fmt.Errorf("scan transfers: %w", err)
		}
		for _, kv := range kvs {
			ids = append(ids, hex.EncodeToString(kv.Key[8:]))
		}
		if len(kvs) < 1000 {
			return ids, nil
		}
		after = kvs[len(kvs)-1].Key
	}
}
