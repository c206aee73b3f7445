package governance

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cocorelay/coco/ledger"
)

// Settings fixed at genesis (governance changes them later).
type Settings struct {
	ServiceName string `json:"service_name"`
	// AllowVirtualNodes admits nodes on the insecure virtual platform. A
	// network that allows them says so in node info and the sandbox.
	AllowVirtualNodes bool `json:"allow_virtual_nodes"`
}

var settingsKey = []byte("service")

// GetSettings returns the service settings.
func GetSettings(r Reader) (*Settings, error) {
	var s Settings
	b, ok, err := r.Get(TableSettings, settingsKey)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("governance: the service has no settings yet (no genesis)")
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("governance: corrupt settings: %w", err)
	}
	return &s, nil
}

// Identity names a member or user at genesis by its PEM certificate or key.
type Identity struct {
	Name          string
	Cert          string
	EncryptionKey string // members only
}

// Genesis is what opens a network.
type Genesis struct {
	Settings    Settings
	ServiceCert []byte // DER
	Members     []Identity
	Users       []Identity
	FirstNode   Node
	// Constitution in force from genesis; nil means DefaultConstitution.
	Constitution *Constitution
}

// Validate reports every problem with the genesis.
func (g *Genesis) Validate() error {
	var errs []error
	if g.Settings.ServiceName == "" {
		errs = append(errs, errors.New("genesis: service name: must be set"))
	}
	if len(g.ServiceCert) == 0 {
		errs = append(errs, errors.New("genesis: service certificate: must be set"))
	}
	if len(g.Members) == 0 {
		errs = append(errs, errors.New("genesis: members: at least one is needed"))
	}
	if err := checkNodeCode(&NodeCode{Platform: g.FirstNode.Platform, Measurement: g.FirstNode.Measurement}); err != nil {
		errs = append(errs, fmt.Errorf("genesis: first node: %w", err))
	}
	if g.Constitution != nil {
		if err := g.Constitution.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("genesis: %w", err))
		}
	}
	for i, id := range append(append([]Identity(nil), g.Members...), g.Users...) {
		field := fmt.Sprintf("genesis: members[%d]", i)
		if i >= len(g.Members) {
			field = fmt.Sprintf("genesis: users[%d]", i-len(g.Members))
		}
		if id.Name == "" {
			errs = append(errs, fmt.Errorf("%s: name: must be set", field))
		}
		if _, _, err := ParseIdentityKey(id.Cert); err != nil {
			errs = append(errs, fmt.Errorf("%s: cert: %w", field, err))
		}
	}
	return errors.Join(errs...)
}

// ApplyGenesis writes the genesis records in tx. It reports false if the
// network already had its genesis (and writes nothing).
func ApplyGenesis(tx *ledger.Tx, g *Genesis) (bool, error) {
	if err := g.Validate(); err != nil {
		return false, err
	}
	if _, ok, err := tx.Get(ledger.TableService, ledger.ServiceCertKey); err != nil {
		return false, err
	} else if ok {
		return false, nil
	}
	tx.Put(ledger.TableService, ledger.ServiceCertKey, g.ServiceCert)
	putJSON(tx, TableSettings, settingsKey, g.Settings)
	for _, id := range g.Members {
		_, kid, _ := ParseIdentityKey(id.Cert)
		putJSON(tx, TableMembers, []byte(kid), Member{ID: kid, Name: id.Name, Cert: id.Cert, EncryptionKey: id.EncryptionKey, Status: StatusActive})
		if err := addToIndex(tx, memberIndexKey, kid); err != nil {
			return false, err
		}
	}
	c := g.Constitution
	if c == nil {
		c = DefaultConstitution()
	}
	putConstitution(tx, c)
	for _, id := range g.Users {
		_, kid, _ := ParseIdentityKey(id.Cert)
		putJSON(tx, TableUsers, []byte(kid), User{ID: kid, Name: id.Name, Cert: id.Cert, Status: StatusActive})
	}
	n := g.FirstNode
	// The code the network starts with may join it.
	putJSON(tx, TableNodeCode, nodeCodeKey(&NodeCode{Platform: n.Platform, Measurement: n.Measurement}), NodeCode{Platform: n.Platform, Measurement: n.Measurement})
	id, err := NextNodeID(tx)
	if err != nil {
		return false, err
	}
	if n.ID != id {
		return false, fmt.Errorf("genesis: first node has id %d, want %d", n.ID, id)
	}
	PutNode(tx, &n)
	return true, nil
}
