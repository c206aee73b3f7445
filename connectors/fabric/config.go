package fabric

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// Config is one Fabric ledger as the connector sees it: a standard
// connection profile and a coco section, in one YAML or JSON file (see
// configs/fabric.example.yaml and configs/fabric.md). LoadConfig reads,
// defaults and validates it.
type Config struct {
	Profile Profile
	Coco    Coco
}

// Coco is the connector's own section of the file.
type Coco struct {
	// Name is the ledger's name in routes.
	Name string `yaml:"name"`
	// ConnectionProfile, if set, is the file holding the connection
	// profile; the configuration file then holds only the coco section.
	ConnectionProfile string `yaml:"connection_profile"`
	// Channel and Chaincode name the bridge chaincode's deployment.
	Channel   string `yaml:"channel"`
	Chaincode string `yaml:"chaincode"`
	// BridgeID is the id the chaincode's SetupBridge made (`coco fabric
	// check` and `network.sh init` print it). Relay signatures are bound
	// to it, so that a deployment with the same channel and chaincode
	// names on another network never accepts them; pinning it here means
	// no peer can make this node sign for another bridge.
	BridgeID string `yaml:"bridge_id"`
	// Peers are the gateway peers to use, in order of preference; on
	// failure the connector moves to the next. Default: the client
	// organisation's peers in the profile.
	Peers []string `yaml:"peers"`
	// Identity is the client identity that signs proposals.
	Identity Identity `yaml:"identity"`
	// Confirmations is how many blocks must follow a deposit's block
	// before the deposit is reported. Fabric's ordering is final, so 0
	// (report at commit) is safe; more gives operators time to react.
	Confirmations uint64 `yaml:"confirmations"`
	// StartBlock is where observation starts from an empty checkpoint,
	// normally the block that committed the chaincode definition.
	StartBlock uint64 `yaml:"start_block"`
	// MaxBlocks bounds the blocks one Deposits call reads (default 1000).
	MaxBlocks uint64 `yaml:"max_blocks"`
	// MaxMessageMiB bounds one reply from a peer, in MiB (default 100,
	// as the peer's own limit; a block can be up to the channel's
	// AbsoluteMaxBytes). A larger reply is that peer's failure.
	MaxMessageMiB int      `yaml:"max_message_mib"`
	Timeouts      Timeouts `yaml:"timeouts"`
	Retry         Retry    `yaml:"retry"`

	dir string // the configuration file's directory
}

// Identity is an X.509 identity of the client organisation. The private
// key is never in plaintext on disk: it is sealed by the node's platform
// (`coco fabric seal-key`) and unsealed inside it.
type Identity struct {
	MSPID       string `yaml:"msp_id"`      // default: the client organisation's mspid
	Certificate string `yaml:"certificate"` // PEM file
	SealedKey   string `yaml:"sealed_key"`  // file written by enclave.WriteSealed
	// TLSCertificate and TLSSealedKey, if set, are the client's TLS
	// certificate (PEM, normally issued by the organisation's TLS CA) and
	// its key, sealed like sealed_key: presented to peers that require TLS
	// client authentication (peer.tls.clientAuthRequired).
	TLSCertificate string `yaml:"tls_certificate"`
	TLSSealedKey   string `yaml:"tls_sealed_key"`
}

// Timeouts bound each remote call.
type Timeouts struct {
	Connect  time.Duration `yaml:"connect"`  // establishing a connection (default 5s)
	Evaluate time.Duration `yaml:"evaluate"` // a query (default 10s)
	Endorse  time.Duration `yaml:"endorse"`  // collecting endorsements (default 30s)
	Submit   time.Duration `yaml:"submit"`   // handing a transaction to the orderers (default 10s)
	Commit   time.Duration `yaml:"commit"`   // waiting for the commit (default 1m)
}

// Retry says how often a call that failed for a reason that may pass
// (unavailable peer or orderer, failed endorsement, MVCC conflict) is
// tried again before the connector reports the ledger unavailable.
type Retry struct {
	Attempts   int           `yaml:"attempts"`    // tries in all (default 5)
	Backoff    time.Duration `yaml:"backoff"`     // pause before the second try, doubled after each (default 200ms)
	MaxBackoff time.Duration `yaml:"max_backoff"` // longest pause (default 5s)
}

// LoadConfig reads a configuration file, resolves relative paths against
// the directory of the file that holds them, fills in defaults and
// validates it. Unknown fields of the coco section are errors; unknown
// fields of the connection profile are ignored, as Fabric's tools do.
func LoadConfig(path string) (*Config, error) {
	c, err := ReadConfig(path)
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s:\n%w", path, err)
	}
	return c, nil
}

// ReadConfig is LoadConfig without Validate.
func ReadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	var file struct {
		Profile `yaml:",inline"`
		Coco    yaml.Node `yaml:"coco"`
	}
	if err := yaml.Unmarshal(b, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c := &Config{Profile: file.Profile}
	c.Profile.dir = dir
	if file.Coco.Kind == 0 {
		return nil, fmt.Errorf("%s: no coco section", path)
	}
	// Decode the coco section strictly: a misspelt field is an error.
	section, err := yaml.Marshal(&file.Coco)
	if err != nil {
		return nil, fmt.Errorf("%s: coco: %w", path, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(section))
	dec.KnownFields(true)
	if err := dec.Decode(&c.Coco); err != nil {
		return nil, fmt.Errorf("%s: coco: %w", path, err)
	}
	c.Coco.dir = dir
	if p := c.Coco.ConnectionProfile; p != "" {
		if len(c.Profile.Peers) != 0 || len(c.Profile.Organizations) != 0 {
			return nil, fmt.Errorf("%s: coco.connection_profile is set, so the file must not hold a profile of its own", path)
		}
		profile, err := readProfile(c.Coco.path(p))
		if err != nil {
			return nil, fmt.Errorf("%s: coco.connection_profile: %w", path, err)
		}
		c.Profile = *profile
	}
	c.Coco.Identity.Certificate = c.Coco.path(c.Coco.Identity.Certificate)
	c.Coco.Identity.SealedKey = c.Coco.path(c.Coco.Identity.SealedKey)
	c.Coco.Identity.TLSCertificate = c.Coco.path(c.Coco.Identity.TLSCertificate)
	c.Coco.Identity.TLSSealedKey = c.Coco.path(c.Coco.Identity.TLSSealedKey)
	c.EnsureDefaults()
	return c, nil
}

func readProfile(path string) (*Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p Profile
	if err := yaml.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if p.dir, err = filepath.Abs(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return &p, nil
}

func (c *Coco) path(p string) string {
	if p == "" || filepath.IsAbs(p) || c.dir == "" {
		return p
	}
	return filepath.Join(c.dir, p)
}

// EnsureDefaults fills in what the file left out.
func (c *Config) EnsureDefaults() {
	k := &c.Coco
	if org, ok := c.Profile.Organizations[c.Profile.Client.Organization]; ok {
		if len(k.Peers) == 0 {
			k.Peers = append([]string(nil), org.Peers...)
		}
		if k.Identity.MSPID == "" {
			k.Identity.MSPID = org.MSPID
		}
	}
	if k.MaxBlocks == 0 {
		k.MaxBlocks = 1000
	}
	if k.MaxMessageMiB == 0 {
		k.MaxMessageMiB = 100
	}
	t := &k.Timeouts
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&t.Connect, 5 * time.Second}, {&t.Evaluate, 10 * time.Second}, {&t.Endorse, 30 * time.Second},
		{&t.Submit, 10 * time.Second}, {&t.Commit, time.Minute},
		{&k.Retry.Backoff, 200 * time.Millisecond}, {&k.Retry.MaxBackoff, 5 * time.Second}} {
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	if k.Retry.Attempts == 0 {
		k.Retry.Attempts = 5
	}
}

// Names Fabric accepts (channel: configtx's rule; chaincode: lifecycle's).
var (
	channelName   = regexp.MustCompile(`^[a-z][a-z0-9.-]{0,248}$`)
	chaincodeName = regexp.MustCompile(`^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$`)
	ledgerName    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
)

// Validate reports every problem at once, each naming its field.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	k := &c.Coco
	if !ledgerName.MatchString(k.Name) {
		bad("coco.name", "%q: want 1 to 64 letters, digits, . _ - (the ledger's name in routes)", k.Name)
	}
	if !channelName.MatchString(k.Channel) {
		bad("coco.channel", "%q: want a Fabric channel name (lowercase letters, digits, . -)", k.Channel)
	}
	if !chaincodeName.MatchString(k.Chaincode) {
		bad("coco.chaincode", "%q: want a Fabric chaincode name", k.Chaincode)
	}
	if err := wire.CheckBridgeID(k.BridgeID); err != nil {
		bad("coco.bridge_id", "%v (the chaincode's BridgeID, printed by `coco fabric check`)", err)
	}
	if c.Profile.Client.Organization == "" {
		bad("client.organization", "required (the organisation the identity belongs to)")
	} else if _, ok := c.Profile.Organizations[c.Profile.Client.Organization]; !ok {
		bad("client.organization", "%q is not among organizations", c.Profile.Client.Organization)
	}
	if len(k.Peers) == 0 {
		bad("coco.peers", "no gateway peer: list one here or under the client organisation's peers")
	}
	seen := map[string]bool{}
	for _, name := range k.Peers {
		if seen[name] {
			bad("coco.peers", "%q is listed twice", name)
			continue
		}
		seen[name] = true
		_, perrs := c.Profile.endpoint(name)
		errs = append(errs, perrs...)
	}
	if k.Identity.MSPID == "" {
		bad("coco.identity.msp_id", "required (or the client organisation's mspid)")
	}
	if k.Identity.Certificate == "" {
		bad("coco.identity.certificate", "required (a PEM certificate file)")
	} else if _, err := readCertificate(k.Identity.Certificate); err != nil {
		bad("coco.identity.certificate", "%v", err)
	}
	if k.Identity.SealedKey == "" {
		bad("coco.identity.sealed_key", "required (a key sealed with `coco fabric seal-key`; never a plaintext key)")
	} else if b, err := os.ReadFile(k.Identity.SealedKey); err != nil {
		bad("coco.identity.sealed_key", "%v", err)
	} else if blk, _ := pem.Decode(b); blk != nil {
		bad("coco.identity.sealed_key", "%s holds a plaintext PEM key: seal it with `coco fabric seal-key`", k.Identity.SealedKey)
	}
	switch id := k.Identity; {
	case (id.TLSCertificate == "") != (id.TLSSealedKey == ""):
		bad("coco.identity.tls_certificate", "tls_certificate and tls_sealed_key go together (a TLS client certificate and its sealed key)")
	case id.TLSCertificate != "":
		if _, err := readCertificate(id.TLSCertificate); err != nil {
			bad("coco.identity.tls_certificate", "%v", err)
		}
		if b, err := os.ReadFile(id.TLSSealedKey); err != nil {
			bad("coco.identity.tls_sealed_key", "%v", err)
		} else if blk, _ := pem.Decode(b); blk != nil {
			bad("coco.identity.tls_sealed_key", "%s holds a plaintext PEM key: seal it with `coco fabric seal-key`", id.TLSSealedKey)
		}
	}
	if k.MaxBlocks > 100000 {
		bad("coco.max_blocks", "%d: at most 100000", k.MaxBlocks)
	}
	t := k.Timeouts
	for _, d := range []struct {
		field string
		v     time.Duration
	}{{"coco.timeouts.connect", t.Connect}, {"coco.timeouts.evaluate", t.Evaluate}, {"coco.timeouts.endorse", t.Endorse},
		{"coco.timeouts.submit", t.Submit}, {"coco.timeouts.commit", t.Commit},
		{"coco.retry.backoff", k.Retry.Backoff}, {"coco.retry.max_backoff", k.Retry.MaxBackoff}} {
		if d.v < 0 {
			bad(d.field, "%v: must not be negative", d.v)
		}
	}
	if k.MaxMessageMiB < 1 || k.MaxMessageMiB > 1024 {
		bad("coco.max_message_mib", "%d: want 1 to 1024", k.MaxMessageMiB)
	}
	if k.Retry.Attempts < 1 || k.Retry.Attempts > 100 {
		bad("coco.retry.attempts", "%d: want 1 to 100", k.Retry.Attempts)
	}
	if k.Retry.MaxBackoff < k.Retry.Backoff {
		bad("coco.retry.max_backoff", "%v: less than coco.retry.backoff (%v)", k.Retry.MaxBackoff, k.Retry.Backoff)
	}
	return errors.Join(errs...)
}

func readCertificate(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%s: no PEM CERTIFICATE block", path)
	}
	cert, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cert, nil
}
