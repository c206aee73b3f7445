package governance

import (
	"encoding/json"
	"fmt"
	"slices"
)

// The ids of the active members are kept in one list, so that a
// transaction can count them and walk them without scanning a table.
var memberIndexKey = []byte("active_members")

func activeMembers(r Reader) ([]string, error) {
	b, ok, err := r.Get(TableSettings, memberIndexKey)
	if err != nil || !ok {
		return nil, err
	}
	var ids []string
	return ids, unmarshal(b, &ids, "member index")
}

// ActiveMembers returns the key ids of the active members.
func ActiveMembers(r Reader) ([]string, error) { return activeMembers(r) }

func countActiveMembers(r Reader) (int, error) {
	ids, err := activeMembers(r)
	return len(ids), err
}

func addToIndex(w Writer, key []byte, id string) error {
	ids, err := activeMembers(w)
	if err != nil {
		return err
	}
	if !slices.Contains(ids, id) {
		ids = append(ids, id)
		slices.Sort(ids)
		putJSON(w, TableSettings, key, ids)
	}
	return nil
}

func removeFromIndex(w Writer, key []byte, id string) error {
	ids, err := activeMembers(w)
	if err != nil {
		return err
	}
	putJSON(w, TableSettings, key, slices.DeleteFunc(ids, func(x string) bool { return x == id }))
	return nil
}

func unmarshal(b []byte, v any, what string) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("governance: corrupt %s: %w", what, err)
	}
	return nil
}
