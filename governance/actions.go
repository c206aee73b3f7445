package governance

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cocorelay/coco/enclave"
)

// Action names.
const (
	ActionSetMember               = "set_member"
	ActionRemoveMember            = "remove_member"
	ActionSetUser                 = "set_user"
	ActionRemoveUser              = "remove_user"
	ActionSetConstitution         = "set_constitution"
	ActionAddNodeCode             = "add_node_code"
	ActionRemoveNodeCode          = "remove_node_code"
	ActionAllowVirtualNodes       = "allow_virtual_nodes"
	ActionTransitionNodeToTrusted = "transition_node_to_trusted"
	ActionRemoveNode              = "remove_node"
	ActionSetConnector            = "set_connector"
	ActionRemoveConnector         = "remove_connector"
	ActionSetRouteLimits          = "set_route_limits"
	ActionPauseRoute              = "pause_route"
	ActionResumeRoute             = "resume_route"
)

// More public tables governance keeps.
const (
	TableNodeCode   = "public:coco.gov.node_code"  // platform:measurement → NodeCode
	TableConnectors = "public:coco.gov.connectors" // name → Connector
	TableRoutes     = "public:coco.gov.routes"     // route key → RouteState
)

// Action is one step of a proposal.
type Action struct {
	Name string          `json:"name" yaml:"name"`
	Args json.RawMessage `json:"args,omitempty" yaml:"args,omitempty"`
}

// ActionError is a refused action argument; Field names it.
type ActionError struct {
	Action int // index in the proposal
	Name   string
	Field  string
	Reason string
}

func (e *ActionError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("actions[%d] (%s): %s", e.Action, e.Name, e.Reason)
	}
	return fmt.Sprintf("actions[%d] (%s): args.%s: %s", e.Action, e.Name, e.Field, e.Reason)
}

// actionSpec is what governance knows about an action: how to check its
// arguments (without state) and how to apply it (in a transaction). Apply
// returns an error when the action cannot be applied to the current state;
// the proposal then fails and nothing of it is applied.
type actionSpec struct {
	check func(args json.RawMessage) error
	apply func(w Writer, args json.RawMessage) error
}

// actionFor returns the spec of a named action.
func actionFor(name string) (actionSpec, bool) {
	switch name {
	case ActionSetMember:
		return spec(checkSetMember, applySetMember), true
	case ActionRemoveMember:
		return spec(checkIDArgs("member_id"), applyRemoveMember), true
	case ActionSetUser:
		return spec(checkSetUser, applySetUser), true
	case ActionRemoveUser:
		return spec(checkIDArgs("user_id"), applyRemoveUser), true
	case ActionSetConstitution:
		return spec(checkSetConstitution, applySetConstitution), true
	case ActionAddNodeCode:
		return spec(checkNodeCode, applyAddNodeCode), true
	case ActionRemoveNodeCode:
		return spec(checkNodeCode, applyRemoveNodeCode), true
	case ActionAllowVirtualNodes:
		return spec(checkAllowVirtual, applyAllowVirtual), true
	case ActionTransitionNodeToTrusted:
		return spec(checkNodeID, applyTrustNode), true
	case ActionRemoveNode:
		return spec(checkNodeID, applyRemoveNode), true
	case ActionSetConnector:
		return spec(checkSetConnector, applySetConnector), true
	case ActionRemoveConnector:
		return spec(checkNameArgs, applyRemoveConnector), true
	case ActionSetRouteLimits:
		return spec(checkRouteLimits, applyRouteLimits), true
	case ActionPauseRoute:
		return spec(checkRouteArgs, applyPauseRoute), true
	case ActionResumeRoute:
		return spec(checkRouteArgs, applyResumeRoute), true
	case ActionSetAsset: // this and the next four: transfers.go
		return spec(checkSetAsset, applySetAsset), true
	case ActionRemoveAsset:
		return spec(checkNameArgs, applyRemoveAsset), true
	case ActionSetTransferPolicy:
		return spec(checkTransferPolicy, applyTransferPolicy), true
	case ActionSetAnchorPolicy:
		return spec(checkAnchorPolicy, applyAnchorPolicy), true
	case ActionDecideTransfer:
		return spec(checkDecision, applyDecision), true
	case ActionTriggerLedgerRekey: // this and the next two: secrets.go
		return spec(checkRekey, applyRekey), true
	case ActionSetRecoveryThreshold:
		return spec(checkThreshold, applyThreshold), true
	case ActionSetAuditors:
		return spec(checkAuditors, applyAuditors), true
	}
	return actionSpec{}, false
}

// spec ties a typed check and apply to raw arguments, decoded strictly.
func spec[T any](check func(*T) error, apply func(Writer, *T) error) actionSpec {
	decode := func(raw json.RawMessage) (*T, error) {
		var v T
		if len(raw) == 0 {
			raw = []byte("{}")
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			return nil, &ActionError{Reason: fmt.Sprintf("arguments: %v", err)}
		}
		if dec.More() {
			return nil, &ActionError{Reason: "arguments: trailing data"}
		}
		return &v, nil
	}
	return actionSpec{
		check: func(raw json.RawMessage) error {
			v, err := decode(raw)
			if err != nil {
				return err
			}
			return check(v)
		},
		apply: func(w Writer, raw json.RawMessage) error {
			v, err := decode(raw)
			if err != nil {
				return err
			}
			return apply(w, v)
		},
	}
}

func argErr(field, format string, args ...any) error {
	return &ActionError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

func stateErr(format string, args ...any) error {
	return &ActionError{Reason: fmt.Sprintf(format, args...)}
}

// Members and users.

type identityArgs struct {
	Name          string `json:"name"`
	Cert          string `json:"cert"`
	EncryptionKey string `json:"encryption_key,omitempty"`
}

func checkIdentity(a *identityArgs) error {
	if a.Name == "" || len(a.Name) > 128 {
		return argErr("name", "must be 1 to 128 characters")
	}
	if _, _, err := ParseIdentityKey(a.Cert); err != nil {
		return argErr("cert", "%v", err)
	}
	return nil
}

func checkSetMember(a *identityArgs) error {
	if err := checkIdentity(a); err != nil {
		return err
	}
	if a.EncryptionKey != "" {
		if _, err := enclave.ParsePublicKeyPEM([]byte(a.EncryptionKey)); err != nil {
			return argErr("encryption_key", "%v", err)
		}
	}
	return nil
}

func checkSetUser(a *identityArgs) error {
	if a.EncryptionKey != "" {
		return argErr("encryption_key", "only members have encryption keys")
	}
	return checkIdentity(a)
}

func applySetMember(w Writer, a *identityArgs) error {
	_, id, _ := ParseIdentityKey(a.Cert)
	putJSON(w, TableMembers, []byte(id), Member{ID: id, Name: a.Name, Cert: a.Cert, EncryptionKey: a.EncryptionKey, Status: StatusActive})
	return addToIndex(w, memberIndexKey, id)
}

func applySetUser(w Writer, a *identityArgs) error {
	_, id, _ := ParseIdentityKey(a.Cert)
	putJSON(w, TableUsers, []byte(id), User{ID: id, Name: a.Name, Cert: a.Cert, Status: StatusActive})
	return nil
}

type idArgs struct {
	MemberID string `json:"member_id,omitempty"`
	UserID   string `json:"user_id,omitempty"`
}

func checkIDArgs(field string) func(*idArgs) error {
	return func(a *idArgs) error {
		id := a.MemberID
		other := a.UserID
		if field == "user_id" {
			id, other = a.UserID, a.MemberID
		}
		if other != "" {
			return argErr(field, "this action takes %s only", field)
		}
		if b, err := hex.DecodeString(id); err != nil || len(b) != 32 || strings.ToLower(id) != id {
			return argErr(field, "must be a key id: 64 lowercase hex characters")
		}
		return nil
	}
}

// StatusRemoved marks a member or user that was removed.
const StatusRemoved = "removed"

func applyRemoveMember(w Writer, a *idArgs) error {
	m, err := GetMember(w, a.MemberID)
	if err != nil {
		return stateErr("%s is not an active member", a.MemberID)
	}
	n, err := countActiveMembers(w)
	if err != nil {
		return err
	}
	if n <= 1 {
		return stateErr("cannot remove the last active member")
	}
	m.Status = StatusRemoved
	putJSON(w, TableMembers, []byte(m.ID), m)
	return removeFromIndex(w, memberIndexKey, m.ID)
}

func applyRemoveUser(w Writer, a *idArgs) error {
	u, err := GetUser(w, a.UserID)
	if err != nil {
		return stateErr("%s is not an active user", a.UserID)
	}
	u.Status = StatusRemoved
	putJSON(w, TableUsers, []byte(u.ID), u)
	return nil
}

// Constitution.

type constitutionArgs struct {
	Constitution *Constitution `json:"constitution"`
}

func checkSetConstitution(a *constitutionArgs) error {
	if a.Constitution == nil {
		return argErr("constitution", "must be set")
	}
	if err := a.Constitution.Validate(); err != nil {
		return argErr("constitution", "%v", err)
	}
	return nil
}

func applySetConstitution(w Writer, a *constitutionArgs) error {
	putConstitution(w, a.Constitution)
	return nil
}

// Node code: the enclave measurements allowed to join.

// NodeCode is an allowed measurement.
type NodeCode struct {
	Platform    enclave.Kind `json:"platform"`
	Measurement string       `json:"measurement"` // hex, 32 bytes
}

func checkNodeCode(a *NodeCode) error {
	if err := a.Platform.Validate(); err != nil {
		return argErr("platform", "%v", err)
	}
	if b, err := hex.DecodeString(a.Measurement); err != nil || len(b) != 32 || strings.ToLower(a.Measurement) != a.Measurement {
		return argErr("measurement", "must be 64 lowercase hex characters (SHA-256 / MRENCLAVE)")
	}
	return nil
}

func nodeCodeKey(a *NodeCode) []byte { return []byte(string(a.Platform) + ":" + a.Measurement) }

func applyAddNodeCode(w Writer, a *NodeCode) error {
	putJSON(w, TableNodeCode, nodeCodeKey(a), a)
	return nil
}

func applyRemoveNodeCode(w Writer, a *NodeCode) error {
	if _, ok, err := w.Get(TableNodeCode, nodeCodeKey(a)); err != nil {
		return err
	} else if !ok {
		return stateErr("measurement %s of platform %s is not allowed now", a.Measurement, a.Platform)
	}
	w.Delete(TableNodeCode, nodeCodeKey(a))
	return nil
}

// NodeCodeAllowed reports whether a measurement may join.
func NodeCodeAllowed(r Reader, platform enclave.Kind, measurement []byte) (bool, error) {
	_, ok, err := r.Get(TableNodeCode, nodeCodeKey(&NodeCode{Platform: platform, Measurement: hex.EncodeToString(measurement)}))
	return ok, err
}

type allowVirtualArgs struct {
	Allow *bool `json:"allow"`
}

func checkAllowVirtual(a *allowVirtualArgs) error {
	if a.Allow == nil {
		return argErr("allow", "must be true or false")
	}
	return nil
}

func applyAllowVirtual(w Writer, a *allowVirtualArgs) error {
	s, err := GetSettings(w)
	if err != nil {
		return err
	}
	s.AllowVirtualNodes = *a.Allow
	putJSON(w, TableSettings, settingsKey, s)
	return nil
}

// Nodes.

type nodeIDArgs struct {
	NodeID uint64 `json:"node_id"`
}

func checkNodeID(a *nodeIDArgs) error {
	if a.NodeID == 0 {
		return argErr("node_id", "must be a node id (positive)")
	}
	return nil
}

func applyTrustNode(w Writer, a *nodeIDArgs) error {
	n, err := GetNode(w, a.NodeID)
	if err != nil {
		return stateErr("node %d is not known", a.NodeID)
	}
	if n.Status != NodePending {
		return stateErr("node %d is %s, not pending", a.NodeID, n.Status)
	}
	m, err := hex.DecodeString(n.Measurement)
	if err != nil {
		return stateErr("node %d has a malformed measurement", a.NodeID)
	}
	if ok, err := NodeCodeAllowed(w, n.Platform, m); err != nil {
		return err
	} else if !ok {
		return stateErr("node %d runs code (%s %s) that is not allowed (add_node_code first)", a.NodeID, n.Platform, n.Measurement)
	}
	n.Status = NodeTrusted
	PutNode(w, n)
	return nil
}

func applyRemoveNode(w Writer, a *nodeIDArgs) error {
	n, err := GetNode(w, a.NodeID)
	if err != nil {
		return stateErr("node %d is not known", a.NodeID)
	}
	if n.Status == NodeRetired {
		return stateErr("node %d is already retired", a.NodeID)
	}
	if n.Status == NodeTrusted {
		nodes, err := Nodes(w)
		if err != nil {
			return err
		}
		others := 0
		for _, o := range nodes {
			if o.Status == NodeTrusted && o.ID != a.NodeID {
				others++
			}
		}
		if others == 0 {
			return stateErr("node %d is the last trusted node; add another before retiring it", a.NodeID)
		}
	}
	n.Status = NodeRetired
	PutNode(w, n)
	return nil
}

// Connectors: the ledgers the network is connected to. The connector
// issues check Config against their own schema.

// Connector is a registered ledger connector.
type Connector struct {
	Name   string          `json:"name"`
	Kind   string          `json:"kind"` // ethereum, fabric or native
	Config json.RawMessage `json:"config"`
}

// MaxConnectorConfig bounds a connector's configuration.
const MaxConnectorConfig = 64 << 10

func checkSetConnector(a *Connector) error {
	if err := validName(a.Name); err != nil {
		return argErr("name", "%v", err)
	}
	switch a.Kind {
	case "ethereum", "fabric", "native":
	default:
		return argErr("kind", "%q: want ethereum, fabric or native", a.Kind)
	}
	var obj map[string]json.RawMessage
	if len(a.Config) == 0 || json.Unmarshal(a.Config, &obj) != nil {
		return argErr("config", "must be a JSON object")
	}
	if len(a.Config) > MaxConnectorConfig {
		return argErr("config", "exceeds %d bytes", MaxConnectorConfig)
	}
	return nil
}

func applySetConnector(w Writer, a *Connector) error {
	putJSON(w, TableConnectors, []byte(a.Name), a)
	return nil
}

type nameArgs struct {
	Name string `json:"name"`
}

func checkNameArgs(a *nameArgs) error {
	if err := validName(a.Name); err != nil {
		return argErr("name", "%v", err)
	}
	return nil
}

func applyRemoveConnector(w Writer, a *nameArgs) error {
	if _, ok, err := w.Get(TableConnectors, []byte(a.Name)); err != nil {
		return err
	} else if !ok {
		return stateErr("connector %q is not registered", a.Name)
	}
	w.Delete(TableConnectors, []byte(a.Name))
	return nil
}

func validName(s string) error {
	if s == "" || len(s) > 64 {
		return errors.New("must be 1 to 64 characters")
	}
	for i, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || i > 0 && (c == '.' || c == '_' || c == '-')
		if !ok {
			return fmt.Errorf("%q: use letters, digits and . _ - (starting with a letter or digit)", s)
		}
	}
	return nil
}
