package relay

import (
	"errors"
	"net/http"

	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/governance"
)

// Who may read a transfer's details (parties, amount, memo, legs). The
// transfer tables are private (encrypted under the ledger secret, see
// ledger.IsPublic); the API is the only way to read them, and it answers
// "not found" to anyone this rule does not admit, so that ids say nothing
// either. Readers are:
//
//   - the members, who govern the network;
//   - the auditors the members designated (set_auditors);
//   - the transfer's parties: the user that requested it and the owners
//     of the native accounts at either end.
//
// Anything else a caller can learn is in the public tables (governance,
// nodes, connectors, anchored roots).

// transferVisible reports whether c may read t. s reads committed state.
func transferVisible(s native.State, c *caller, t *Transfer) bool {
	if c == nil {
		return false
	}
	if c.Member || (c.ID != "" && t.Requester == c.ID) {
		return true
	}
	if ok, err := governance.IsAuditor(readerOf(s), c.ID); err == nil && ok {
		return true
	}
	for _, e := range []Endpoint{t.Source, t.Destination} {
		if native.ValidName("account", e.Account) != nil {
			continue
		}
		if a, err := native.GetAccount(s, e.Account); err == nil && a.Owner == c.ID {
			return true
		}
	}
	return false
}

// accountVisible reports whether c may read account a (its balances and
// history, which name counterparties, amounts and memos): its owner, the
// members and the designated auditors.
func accountVisible(s native.State, c *caller, a *native.Account) bool {
	if c == nil || a == nil {
		return false
	}
	if c.Member || (c.ID != "" && a.Owner == c.ID) {
		return true
	}
	ok, err := governance.IsAuditor(readerOf(s), c.ID)
	return err == nil && ok
}

// visibleAccount returns the committed account id if c may read it. A
// missing account and one c may not read get the same answer, so that
// the API is no oracle for which accounts exist.
func visibleAccount(s native.State, c *caller, id string) (*native.Account, error) {
	a, err := native.GetAccount(s, id)
	if err == nil && accountVisible(s, c, a) {
		return a, nil
	}
	if err != nil && !errors.Is(err, native.ErrNotFound) {
		return nil, err
	}
	return nil, apiError(http.StatusNotFound, CodeNotFound, "account", "account %q does not exist", id)
}
