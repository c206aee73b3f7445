package governance

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Confidentiality settings the members govern: rotating the ledger secret,
// the recovery threshold and the auditors who may read every transfer.
const (
	ActionTriggerLedgerRekey    = "trigger_ledger_rekey"
	ActionSetRecoveryThreshold  = "set_recovery_threshold"
	ActionSetAuditors           = "set_auditors"
	maxAuditors                 = 64
	defaultRecoveryThresholdMin = 1
)

// TableConfidentiality holds those settings:
//
//	"rekey"     → RekeyRequest
//	"threshold" → recovery threshold (JSON number)
//	"auditors"  → sorted list of user ids (JSON)
const TableConfidentiality = "public:coco.gov.confidentiality"

var (
	rekeyKey     = []byte("rekey")
	thresholdKey = []byte("threshold")
	auditorsKey  = []byte("auditors")
)

// RekeyRequest counts the accepted trigger_ledger_rekey actions. The
// leader rotates the ledger secret (relay/secrets.go) until the ledger's
// latest secret answers request Count.
type RekeyRequest struct {
	Count  uint64 `json:"count"`
	Reason string `json:"reason,omitempty"`
}

// GetRekeyRequest returns the latest rekey request (zero if none).
func GetRekeyRequest(r Reader) (RekeyRequest, error) {
	var req RekeyRequest
	err := getSetting(r, TableConfidentiality, rekeyKey, &req)
	return req, err
}

// ErrThresholdUnreachable: the governed recovery threshold is more than
// the members that hold an encryption key (one left or lost its key). The
// threshold is never lowered silently: the members set a new one
// (set_recovery_threshold) or give members keys (set_member).
var ErrThresholdUnreachable = errors.New("recovery threshold unreachable")

// RecoveryThreshold returns how many member shares recover the network:
// the governed setting, or a majority of the members that have an
// encryption key when none is set. A setting above holders is an error
// wrapping ErrThresholdUnreachable that names the field.
func RecoveryThreshold(r Reader, holders int) (int, error) {
	var k int
	if err := getSetting(r, TableConfidentiality, thresholdKey, &k); err != nil {
		return 0, err
	}
	if k == 0 {
		return max(holders/2+1, defaultRecoveryThresholdMin), nil
	}
	if k > holders {
		return 0, fmt.Errorf("%w: %w", ErrThresholdUnreachable, argErr("threshold", "the recovery threshold is %d but only %d active members have an encryption key; set a lower threshold (set_recovery_threshold) or give members encryption keys (set_member)", k, holders))
	}
	return k, nil
}

// Auditors returns the user ids governance designated as auditors.
func Auditors(r Reader) ([]string, error) {
	var ids []string
	err := getSetting(r, TableConfidentiality, auditorsKey, &ids)
	return ids, err
}

// IsAuditor reports whether user id is a designated auditor.
func IsAuditor(r Reader, id string) (bool, error) {
	ids, err := Auditors(r)
	return slices.Contains(ids, id), err
}

// getSetting reads a JSON row; v is left as it is if there is none.
func getSetting(r Reader, table string, key []byte, v any) error {
	b, ok, err := r.Get(table, key)
	if err != nil || !ok {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("governance: corrupt %s/%s: %w", table, key, err)
	}
	return nil
}

type rekeyArgs struct {
	Reason string `json:"reason,omitempty"`
}

func checkRekey(a *rekeyArgs) error {
	if len(a.Reason) > 256 {
		return argErr("reason", "at most 256 characters")
	}
	return nil
}

func applyRekey(w Writer, a *rekeyArgs) error {
	req, err := GetRekeyRequest(w)
	if err != nil {
		return err
	}
	req.Count++
	req.Reason = a.Reason
	putJSON(w, TableConfidentiality, rekeyKey, req)
	return nil
}

type thresholdArgs struct {
	Threshold int `json:"threshold"`
}

func checkThreshold(a *thresholdArgs) error {
	if a.Threshold < 1 || a.Threshold > 255 {
		return argErr("threshold", "%d: want 1 to 255 member shares", a.Threshold)
	}
	return nil
}

func applyThreshold(w Writer, a *thresholdArgs) error {
	holders, err := RecoveryMembers(w)
	if err != nil {
		return err
	}
	if a.Threshold > len(holders) {
		return stateErr("threshold %d: only %d active members have an encryption key", a.Threshold, len(holders))
	}
	putJSON(w, TableConfidentiality, thresholdKey, a.Threshold)
	return nil
}

type auditorsArgs struct {
	UserIDs []string `json:"user_ids"`
}

func checkAuditors(a *auditorsArgs) error {
	if len(a.UserIDs) > maxAuditors {
		return argErr("user_ids", "%d auditors: at most %d", len(a.UserIDs), maxAuditors)
	}
	for i, id := range a.UserIDs {
		if id == "" {
			return argErr(fmt.Sprintf("user_ids[%d]", i), "empty user id")
		}
	}
	return nil
}

func applyAuditors(w Writer, a *auditorsArgs) error {
	ids := slices.Clone(a.UserIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, id := range ids {
		if _, err := GetUser(w, id); err != nil {
			return stateErr("auditor %s: %v", id, err)
		}
	}
	putJSON(w, TableConfidentiality, auditorsKey, ids)
	return nil
}
