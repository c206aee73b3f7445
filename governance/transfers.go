package governance

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Actions that govern cross-chain transfers. The relay's transfer engine
// reads what they store; governance only checks and records.
const (
	ActionSetAsset          = "set_asset"
	ActionRemoveAsset       = "remove_asset"
	ActionSetTransferPolicy = "set_transfer_policy"
	ActionSetAnchorPolicy   = "set_anchor_policy"
	ActionDecideTransfer    = "decide_transfer"
)

// Public tables of the transfer settings.
const (
	TableAssets            = "public:coco.gov.assets"             // "all" → map of name → BridgedAsset
	TableTransferPolicy    = "public:coco.gov.transfer_policy"    // "transfers" → TransferPolicy, "anchors" → AnchorPolicy
	TableTransferDecisions = "public:coco.gov.transfer_decisions" // transfer id (hex) → TransferDecision
)

var (
	assetsKey         = []byte("all")
	transferPolicyKey = []byte("transfers")
	anchorPolicyKey   = []byte("anchors")
)

// AssetLocation is an asset as one ledger names it: a token address on
// Ethereum, a token name on Fabric, an asset id on the native ledger.
type AssetLocation struct {
	Ledger string `json:"ledger"`
	Asset  string `json:"asset"`
}

// BridgedAsset is one asset the relay moves: native to its origin ledger
// (holders lock it there and the relay releases it), represented by a
// wrapped asset on each other ledger (the relay mints it, holders burn
// it). Per asset, what is locked at the origin equals what is minted
// elsewhere.
type BridgedAsset struct {
	Name     string          `json:"name"`
	Decimals uint8           `json:"decimals"`
	Origin   AssetLocation   `json:"origin"`
	Wrapped  []AssetLocation `json:"wrapped"`
}

// Locations returns the origin and then every wrapped location.
func (a *BridgedAsset) Locations() []AssetLocation {
	return append([]AssetLocation{a.Origin}, a.Wrapped...)
}

// On returns where the asset lives on ledger, and whether it does.
func (a *BridgedAsset) On(ledger string) (AssetLocation, bool) {
	for _, l := range a.Locations() {
		if l.Ledger == ledger {
			return l, true
		}
	}
	return AssetLocation{}, false
}

// MaxDecimals bounds a bridged asset's decimals.
const MaxDecimals = 36

func checkLocation(field string, l AssetLocation) error {
	if err := validName(l.Ledger); err != nil {
		return argErr(field+".ledger", "%v", err)
	}
	if l.Asset == "" || len(l.Asset) > 256 || !utf8.ValidString(l.Asset) {
		return argErr(field+".asset", "must be 1 to 256 bytes of UTF-8")
	}
	for _, r := range l.Asset {
		if r < 0x21 || r == 0x7f {
			return argErr(field+".asset", "must not contain spaces or control characters")
		}
	}
	return nil
}

func checkSetAsset(a *BridgedAsset) error {
	if err := validName(a.Name); err != nil {
		return argErr("name", "%v", err)
	}
	if a.Decimals > MaxDecimals {
		return argErr("decimals", "at most %d", MaxDecimals)
	}
	if err := checkLocation("origin", a.Origin); err != nil {
		return err
	}
	if len(a.Wrapped) == 0 || len(a.Wrapped) > 16 {
		return argErr("wrapped", "1 to 16 wrapped locations (an asset on one ledger alone goes nowhere)")
	}
	seen := map[string]bool{a.Origin.Ledger: true}
	for i, w := range a.Wrapped {
		field := fmt.Sprintf("wrapped[%d]", i)
		if err := checkLocation(field, w); err != nil {
			return err
		}
		if seen[w.Ledger] {
			return argErr(field+".ledger", "%q is named twice: an asset has one location per ledger", w.Ledger)
		}
		seen[w.Ledger] = true
	}
	return nil
}

func applySetAsset(w Writer, a *BridgedAsset) error {
	all, err := Assets(w)
	if err != nil {
		return err
	}
	for _, l := range a.Locations() {
		if _, ok, err := w.Get(TableConnectors, []byte(l.Ledger)); err != nil {
			return err
		} else if !ok {
			return stateErr("ledger %q is not a registered connector (set_connector first)", l.Ledger)
		}
		for name, other := range all {
			if name == a.Name {
				continue
			}
			for _, o := range other.Locations() {
				if o.Ledger == l.Ledger && strings.EqualFold(o.Asset, l.Asset) {
					return stateErr("%s on %s is already asset %q", l.Asset, l.Ledger, name)
				}
			}
		}
	}
	all[a.Name] = *a
	putJSON(w, TableAssets, assetsKey, all)
	return nil
}

func applyRemoveAsset(w Writer, a *nameArgs) error {
	all, err := Assets(w)
	if err != nil {
		return err
	}
	if _, ok := all[a.Name]; !ok {
		return stateErr("asset %q is not registered", a.Name)
	}
	delete(all, a.Name)
	putJSON(w, TableAssets, assetsKey, all)
	return nil
}

// Assets returns every bridged asset by name.
func Assets(r Reader) (map[string]BridgedAsset, error) {
	all := map[string]BridgedAsset{}
	b, ok, err := r.Get(TableAssets, assetsKey)
	if err != nil || !ok {
		return all, err
	}
	return all, unmarshal(b, &all, "assets")
}

// AssetAt returns the bridged asset that lives as asset on ledger. match
// compares asset names (ledgers differ in case rules: Ethereum addresses
// are case-insensitive, Fabric names are not).
func AssetAt(r Reader, ledger, asset string, match func(a, b string) bool) (*BridgedAsset, bool, error) {
	all, err := Assets(r)
	if err != nil {
		return nil, false, err
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		a := all[name]
		if l, ok := a.On(ledger); ok && match(l.Asset, asset) {
			return &a, true, nil
		}
	}
	return nil, false, nil
}

// TransferPolicy says how the relay runs transfers.
type TransferPolicy struct {
	// ObservationQuorum is how many trusted nodes must have observed a
	// chain deposit, each through its own endpoints, before it counts
	// (at least 2). 0: a majority of the trusted nodes.
	ObservationQuorum int `json:"observation_quorum,omitempty"`
	// Timeout is how long an admitted transfer may wait for its
	// destination leg to be authorised before it is refunded (a Go
	// duration, 10s to 720h; default 10m).
	Timeout string `json:"timeout,omitempty"`
}

// DefaultTransferTimeout applies when the policy names none.
const DefaultTransferTimeout = 10 * time.Minute

// TimeoutDuration returns the timeout, or the default.
func (p *TransferPolicy) TimeoutDuration() time.Duration {
	if d, err := time.ParseDuration(p.Timeout); err == nil && p.Timeout != "" {
		return d
	}
	return DefaultTransferTimeout
}

// Quorum returns k for n trusted nodes: the policy's, or a majority.
func (p *TransferPolicy) Quorum(n int) int {
	if p.ObservationQuorum > 0 {
		return p.ObservationQuorum
	}
	return n/2 + 1
}

func checkTransferPolicy(p *TransferPolicy) error {
	if p.ObservationQuorum != 0 && (p.ObservationQuorum < 2 || p.ObservationQuorum > 32) {
		return argErr("observation_quorum", "must be 2 to 32 (one node's endpoints must never be enough), or 0 for a majority of the trusted nodes")
	}
	if p.Timeout != "" {
		d, err := time.ParseDuration(p.Timeout)
		if err != nil {
			return argErr("timeout", "%q is not a duration like 10m", p.Timeout)
		}
		if d < 10*time.Second || d > 720*time.Hour {
			return argErr("timeout", "must be 10s to 720h")
		}
	}
	return nil
}

func applyTransferPolicy(w Writer, p *TransferPolicy) error {
	if p.ObservationQuorum > 0 {
		nodes, err := Nodes(w)
		if err != nil {
			return err
		}
		trusted := 0
		for _, n := range nodes {
			if n.Status == NodeTrusted {
				trusted++
			}
		}
		if p.ObservationQuorum > trusted {
			return stateErr("observation_quorum %d exceeds the %d trusted nodes: no deposit could ever count", p.ObservationQuorum, trusted)
		}
	}
	putJSON(w, TableTransferPolicy, transferPolicyKey, p)
	return nil
}

// GetTransferPolicy returns the transfer policy (defaults if none was set).
func GetTransferPolicy(r Reader) (*TransferPolicy, error) {
	p := &TransferPolicy{}
	b, ok, err := r.Get(TableTransferPolicy, transferPolicyKey)
	if err != nil || !ok {
		return p, err
	}
	return p, unmarshal(b, p, "transfer policy")
}

// AnchorPolicy says when the relay anchors the signed ledger root on every
// connected chain: once EveryTx transactions have committed since the
// last anchor, or Interval has passed with at least one new transaction.
type AnchorPolicy struct {
	EveryTx  uint64 `json:"every_tx,omitempty"`
	Interval string `json:"interval,omitempty"` // Go duration, at least 1s
}

// Default anchoring: every 10000 transactions or 10 minutes.
const (
	DefaultAnchorEvery    = 10000
	DefaultAnchorInterval = 10 * time.Minute
)

// IntervalDuration returns the interval; 0 if only EveryTx applies.
func (p *AnchorPolicy) IntervalDuration() time.Duration {
	d, _ := time.ParseDuration(p.Interval)
	return d
}

func checkAnchorPolicy(p *AnchorPolicy) error {
	if p.EveryTx == 0 && p.Interval == "" {
		return argErr("every_tx", "set every_tx, interval or both")
	}
	if p.Interval != "" {
		d, err := time.ParseDuration(p.Interval)
		if err != nil {
			return argErr("interval", "%q is not a duration like 10m", p.Interval)
		}
		if d < time.Second {
			return argErr("interval", "must be at least 1s")
		}
	}
	return nil
}

func applyAnchorPolicy(w Writer, p *AnchorPolicy) error {
	putJSON(w, TableTransferPolicy, anchorPolicyKey, p)
	return nil
}

// GetAnchorPolicy returns the anchoring policy (the default if none was set).
func GetAnchorPolicy(r Reader) (*AnchorPolicy, error) {
	p := &AnchorPolicy{EveryTx: DefaultAnchorEvery, Interval: DefaultAnchorInterval.String()}
	b, ok, err := r.Get(TableTransferPolicy, anchorPolicyKey)
	if err != nil || !ok {
		return p, err
	}
	*p = AnchorPolicy{}
	return p, unmarshal(b, p, "anchor policy")
}

// Decisions on a held or stuck transfer.
const (
	DecisionApprove = "approve" // let a transfer over its route's cap proceed
	DecisionRefund  = "refund"  // refund it on its source ledger
	// DecisionFail gives up on a refund its source ledger keeps refusing:
	// the transfer ends failed (the holder is made whole some other way).
	// It may follow a refund decision.
	DecisionFail = "fail"
)

// TransferDecision is the members' decision on one transfer: a transfer
// held over its route's cap, or one whose destination refused after it
// was authorised.
type TransferDecision struct {
	TransferID string `json:"transfer_id"`
	Decision   string `json:"decision"`
	Reason     string `json:"reason,omitempty"`
}

func checkDecision(d *TransferDecision) error {
	if b, err := hex.DecodeString(d.TransferID); err != nil || len(b) != 32 || strings.ToLower(d.TransferID) != d.TransferID {
		return argErr("transfer_id", "must be a transfer id: 64 lowercase hex characters")
	}
	if d.Decision != DecisionApprove && d.Decision != DecisionRefund && d.Decision != DecisionFail {
		return argErr("decision", "%q: want %s, %s or %s", d.Decision, DecisionApprove, DecisionRefund, DecisionFail)
	}
	if !utf8.ValidString(d.Reason) {
		return argErr("reason", "must be UTF-8")
	}
	if n := utf8.RuneCountInString(d.Reason); n > maxReason {
		return argErr("reason", "%d characters: at most %d", n, maxReason)
	}
	for _, r := range d.Reason {
		if unicode.IsControl(r) {
			return argErr("reason", "control character %U: want printable text on one line", r)
		}
	}
	return nil
}

// maxReason is the longest reason a decision may give, in characters.
const maxReason = 256

// TableTransfers is the relay's table of transfers: the 32-byte id → the
// transfer (JSON). Governance only reads a transfer's state from it, to
// apply decide_transfer; the relay owns it.
const TableTransfers = "private:coco.transfers"

// transferStatus is what decide_transfer needs of a transfer.
type transferStatus struct {
	State    string `json:"state"`
	Hold     string `json:"hold"`
	Admitted bool   `json:"admitted"`
}

// decisionApplies says why decision d cannot apply to the transfer as
// it is, or "".
func decisionApplies(d string, t *transferStatus) string {
	switch d {
	case DecisionApprove:
		if t.State != "source_confirmed" || t.Admitted || t.Hold != "over_cap" {
			return "approve applies to a transfer held over its route's cap"
		}
	case DecisionRefund:
		if t.State != "source_confirmed" && t.State != "destination_submitted" {
			return "refund applies to a transfer not yet completed nor refunding"
		}
	case DecisionFail:
		if t.State != "refunding" {
			return "fail applies to a refunding transfer"
		}
	}
	return ""
}

func applyDecision(w Writer, d *TransferDecision) error {
	key, err := hex.DecodeString(d.TransferID)
	if err != nil {
		return argErr("transfer_id", "must be a transfer id: 64 lowercase hex characters")
	}
	b, ok, err := w.Get(TableTransfers, key)
	if err != nil {
		return err
	}
	if !ok {
		return argErr("transfer_id", "no transfer %s", d.TransferID)
	}
	var t transferStatus
	if err := json.Unmarshal(b, &t); err != nil {
		return fmt.Errorf("transfer %s: %w", d.TransferID, err)
	}
	if why := decisionApplies(d.Decision, &t); why != "" {
		return argErr("decision", "%s: transfer %s is %s%s", why, d.TransferID, t.State, map[bool]string{true: " (hold: " + t.Hold + ")"}[t.Hold != ""])
	}
	if prev, err := GetTransferDecision(w, d.TransferID); err != nil {
		return err
	} else if prev != nil && (d.Decision != DecisionFail || prev.Decision == DecisionFail) {
		return stateErr("transfer %s was already decided: %s", d.TransferID, prev.Decision)
	}
	putJSON(w, TableTransferDecisions, []byte(d.TransferID), d)
	return nil
}

// GetTransferDecision returns the members' decision on a transfer, or nil.
func GetTransferDecision(r Reader, transferID string) (*TransferDecision, error) {
	b, ok, err := r.Get(TableTransferDecisions, []byte(transferID))
	if err != nil || !ok {
		return nil, err
	}
	var d TransferDecision
	return &d, unmarshal(b, &d, "transfer decision")
}

// GetConnector returns a registered connector, or nil.
func GetConnector(r Reader, name string) (*Connector, error) {
	b, ok, err := r.Get(TableConnectors, []byte(name))
	if err != nil || !ok {
		return nil, err
	}
	var c Connector
	return &c, unmarshal(b, &c, "connector")
}

// PauseRoute pauses a route outside a proposal: the relay's supply monitor
// does when what is locked and minted of an asset disagree. Members look
// into it and resume the route with resume_route.
func PauseRoute(w Writer, route Route, reason string) error {
	st, err := GetRoute(w, route)
	if err != nil {
		return err
	}
	if st.Paused {
		return nil
	}
	st.Paused, st.Reason = true, reason
	putJSON(w, TableRoutes, route.key(), st)
	return nil
}
