package relay

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	multiaddr "github.com/multiformats/go-multiaddr"
	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
)

// Config is one node's configuration file (see configs/node.example.yaml).
type Config struct {
	Name     string       `yaml:"name"`
	DataDir  string       `yaml:"data_dir"`
	Platform enclave.Kind `yaml:"platform"`
	Listen   Listen       `yaml:"listen"`
	Public   Public       `yaml:"public"`
	Start    StartConfig  `yaml:"start"`
	Ledger   LedgerConfig `yaml:"ledger"`
	Raft     RaftConfig   `yaml:"raft"`
	Log      LogConfig    `yaml:"log"`
	// Connectors are the chains this node connects to (connectors.go).
	Connectors []ConnectorConfig `yaml:"connectors,omitempty"`
	// openChains, when set (tests), opens the chains instead of Connectors.
	openChains func() (map[string]*chain, error)

	// dir is the directory the file was read from; relative paths in the
	// file are relative to it.
	dir string
}

// Listen holds the addresses this node listens on.
type Listen struct {
	API  string `yaml:"api"`
	Raft string `yaml:"raft"`
	// P2P are libp2p multiaddrs for the mesh, e.g. /ip4/127.0.0.1/tcp/9001.
	P2P []string `yaml:"p2p"`
}

// Public says how other nodes and clients reach this node.
type Public struct {
	APIURL      string `yaml:"api_url"`
	RaftAddress string `yaml:"raft_address"`
}

// StartConfig says how a node that has never run enters a network.
type StartConfig struct {
	Mode    string        `yaml:"mode"` // genesis or join
	Genesis GenesisConfig `yaml:"genesis"`
	Join    JoinConfig    `yaml:"join"`
}

// GenesisConfig opens a new network.
type GenesisConfig struct {
	ServiceName       string `yaml:"service_name"`
	AllowVirtualNodes bool   `yaml:"allow_virtual_nodes"`
	// Constitution is a YAML file (see configs/constitution.default.yaml);
	// empty means the default constitution.
	Constitution string           `yaml:"constitution"`
	Members      []IdentityConfig `yaml:"members"`
	Users        []IdentityConfig `yaml:"users"`
}

// IdentityConfig names a member or user by certificate (or public key) file.
type IdentityConfig struct {
	Name          string `yaml:"name"`
	Cert          string `yaml:"cert"`
	EncryptionKey string `yaml:"encryption_key"`
}

// JoinConfig joins a running network.
type JoinConfig struct {
	// Peers are mesh addresses of nodes of the network, each ending in
	// /p2p/<peer id> (`coco info` lists them).
	Peers       []string `yaml:"peers"`
	ServiceCert string   `yaml:"service_cert"` // the network's service certificate (PEM file)
}

// LedgerConfig tunes signing.
type LedgerConfig struct {
	SignatureEvery    int           `yaml:"signature_every"`
	SignatureInterval time.Duration `yaml:"signature_interval"`
}

// RaftConfig tunes Raft.
type RaftConfig struct {
	RTT             time.Duration `yaml:"rtt"`
	ElectionRTT     uint64        `yaml:"election_rtt"`
	HeartbeatRTT    uint64        `yaml:"heartbeat_rtt"`
	SnapshotEntries uint64        `yaml:"snapshot_entries"`
}

// LogConfig sets logging.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// Start modes.
const (
	ModeGenesis = "genesis"
	ModeJoin    = "join"
)

// LoadConstitution reads a constitution file (YAML or JSON) and validates it.
func LoadConstitution(path string) (*governance.Constitution, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c governance.Constitution
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

// LoadConfig reads and validates a node configuration file. Unknown fields
// are errors.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	c.dir = abs
	if c.DataDir != "" {
		c.DataDir = c.Path(c.DataDir)
	}
	c.EnsureDefaults()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s:\n%w", path, err)
	}
	return &c, nil
}

// EnsureDefaults fills in what the file left out.
func (c *Config) EnsureDefaults() {
	if c.Platform == "" {
		c.Platform = enclave.Virtual
	}
	if c.Public.RaftAddress == "" {
		c.Public.RaftAddress = c.Listen.Raft
	}
	if c.Public.APIURL == "" && c.Listen.API != "" {
		c.Public.APIURL = "https://" + c.Listen.API
	}
	if c.Ledger.SignatureEvery == 0 {
		c.Ledger.SignatureEvery = 1000
	}
	if c.Ledger.SignatureInterval == 0 {
		c.Ledger.SignatureInterval = 200 * time.Millisecond
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.Log.Format == "" {
		c.Log.Format = "text"
	}
}

// Path resolves a path from the file relative to the file's directory.
func (c *Config) Path(p string) string {
	if p == "" || filepath.IsAbs(p) || c.dir == "" {
		return p
	}
	return filepath.Join(c.dir, p)
}

// Validate reports every problem, each naming its field.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if c.DataDir == "" {
		bad("data_dir", "must be set")
	}
	if err := c.Platform.Validate(); err != nil {
		bad("platform", "%v", err)
	}
	checkHostPort := func(field, v string) {
		if v == "" {
			bad(field, "must be set (host:port)")
			return
		}
		if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
			bad(field, "%q is not host:port", v)
		}
	}
	checkHostPort("listen.api", c.Listen.API)
	checkHostPort("listen.raft", c.Listen.Raft)
	if len(c.Listen.P2P) == 0 {
		bad("listen.p2p", "at least one libp2p multiaddr, e.g. /ip4/127.0.0.1/tcp/9001")
	}
	for i, a := range c.Listen.P2P {
		if _, err := multiaddr.NewMultiaddr(a); err != nil {
			bad(fmt.Sprintf("listen.p2p[%d]", i), "%q: %v", a, err)
		}
	}
	checkHostPort("public.raft_address", c.Public.RaftAddress)
	if u, err := url.Parse(c.Public.APIURL); err != nil || u.Scheme != "https" || u.Host == "" || u.Path != "" && u.Path != "/" {
		bad("public.api_url", "%q must be an https URL with a host and no path", c.Public.APIURL)
	}
	switch c.Start.Mode {
	case ModeGenesis:
		g := c.Start.Genesis
		if g.ServiceName == "" {
			bad("start.genesis.service_name", "must be set")
		}
		if len(g.Members) == 0 {
			bad("start.genesis.members", "at least one member is needed")
		}
		for i, m := range g.Members {
			c.checkIdentity(fmt.Sprintf("start.genesis.members[%d]", i), m, bad)
		}
		for i, u := range g.Users {
			c.checkIdentity(fmt.Sprintf("start.genesis.users[%d]", i), u, bad)
			if u.EncryptionKey != "" {
				bad(fmt.Sprintf("start.genesis.users[%d].encryption_key", i), "only members have encryption keys")
			}
		}
		if g.Constitution != "" {
			if _, err := LoadConstitution(c.Path(g.Constitution)); err != nil {
				bad("start.genesis.constitution", "%v", err)
			}
		}
		if c.Platform == enclave.Virtual && !g.AllowVirtualNodes {
			bad("start.genesis.allow_virtual_nodes", "must be true for a network whose first node is virtual")
		}
	case ModeJoin:
		if len(c.Start.Join.Peers) == 0 {
			bad("start.join.peers", "at least one mesh address of a node of the network (…/p2p/<peer id>)")
		}
		for i, a := range c.Start.Join.Peers {
			if _, err := peer.AddrInfoFromString(a); err != nil {
				bad(fmt.Sprintf("start.join.peers[%d]", i), "%q: want a multiaddr ending in /p2p/<peer id>: %v", a, err)
			}
		}
		if c.Start.Join.ServiceCert == "" {
			bad("start.join.service_cert", "must name the network's service certificate file")
		} else if _, err := os.Stat(c.Path(c.Start.Join.ServiceCert)); err != nil {
			bad("start.join.service_cert", "%v", err)
		}
	default:
		bad("start.mode", "%q: must be %q or %q", c.Start.Mode, ModeGenesis, ModeJoin)
	}
	if c.Ledger.SignatureEvery < 1 {
		bad("ledger.signature_every", "must be at least 1")
	}
	if c.Ledger.SignatureInterval < time.Millisecond {
		bad("ledger.signature_interval", "must be at least 1ms")
	}
	if c.Raft.RTT != 0 && c.Raft.RTT < time.Millisecond {
		bad("raft.rtt", "must be at least 1ms")
	}
	if c.Raft.ElectionRTT != 0 && c.Raft.HeartbeatRTT != 0 && c.Raft.ElectionRTT < 2*c.Raft.HeartbeatRTT {
		bad("raft.election_rtt", "must be at least twice raft.heartbeat_rtt")
	}
	c.validateConnectors(bad)
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "%q: must be debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad("log.format", "%q: must be text or json", c.Log.Format)
	}
	return errors.Join(errs...)
}

func (c *Config) checkIdentity(field string, id IdentityConfig, bad func(string, string, ...any)) {
	if id.Name == "" {
		bad(field+".name", "must be set")
	}
	if id.Cert == "" {
		bad(field+".cert", "must name a certificate or public key file")
	} else if _, err := os.Stat(c.Path(id.Cert)); err != nil {
		bad(field+".cert", "%v", err)
	}
	if id.EncryptionKey != "" {
		if _, err := os.Stat(c.Path(id.EncryptionKey)); err != nil {
			bad(field+".encryption_key", "%v", err)
		}
	}
}
