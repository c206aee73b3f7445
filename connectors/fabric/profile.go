package fabric

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Profile is the part of a standard Hyperledger Fabric connection profile
// (the YAML or JSON file Fabric's tools and the test network produce) that
// the connector uses. Other sections (certificateAuthorities, orderers'
// options, x- extensions) are accepted and ignored: the peer's gateway
// reaches the orderers itself.
type Profile struct {
	Name          string                    `yaml:"name"`
	Version       string                    `yaml:"version"`
	Client        ProfileClient             `yaml:"client"`
	Organizations map[string]ProfileOrg     `yaml:"organizations"`
	Peers         map[string]ProfileNode    `yaml:"peers"`
	Orderers      map[string]ProfileNode    `yaml:"orderers"`
	Channels      map[string]ProfileChannel `yaml:"channels"`

	dir string // the profile file's directory; tlsCACerts paths start here
}

// ProfileClient names the organisation the client belongs to.
type ProfileClient struct {
	Organization string `yaml:"organization"`
}

// ProfileOrg is an organisation: its MSP id and its peers.
type ProfileOrg struct {
	MSPID string   `yaml:"mspid"`
	Peers []string `yaml:"peers"`
}

// ProfileNode is a peer or an orderer.
type ProfileNode struct {
	URL         string         `yaml:"url"` // grpcs://host:port (grpc:// without TLS)
	TLSCACerts  PEMSource      `yaml:"tlsCACerts"`
	GRPCOptions map[string]any `yaml:"grpcOptions"`
}

// ProfileChannel lists a channel's peers and their roles; the connector
// reads only the names.
type ProfileChannel struct {
	Orderers []string       `yaml:"orderers"`
	Peers    map[string]any `yaml:"peers"`
}

// PEMSource is PEM given inline (one string or a list, as profiles write
// it) or in a file.
type PEMSource struct {
	PEM  []string
	Path string
}

// UnmarshalYAML accepts {pem: "..."}, {pem: ["...", ...]} and {path: FILE}.
func (p *PEMSource) UnmarshalYAML(n *yaml.Node) error {
	var raw struct {
		PEM  yaml.Node `yaml:"pem"`
		Path string    `yaml:"path"`
	}
	if err := n.Decode(&raw); err != nil {
		return err
	}
	p.Path = raw.Path
	switch raw.PEM.Kind {
	case 0:
	case yaml.ScalarNode:
		p.PEM = []string{raw.PEM.Value}
	case yaml.SequenceNode:
		if err := raw.PEM.Decode(&p.PEM); err != nil {
			return err
		}
	default:
		return fmt.Errorf("line %d: pem: want a string or a list of strings", raw.PEM.Line)
	}
	return nil
}

// certPool returns the certificates p holds, reading its file if it names
// one (relative to dir).
func (p PEMSource) certPool(dir string) (*x509.CertPool, error) {
	var pems [][]byte
	for _, s := range p.PEM {
		pems = append(pems, []byte(s))
	}
	if p.Path != "" {
		path := p.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		pems = append(pems, b)
	}
	if len(pems) == 0 {
		return nil, errors.New("no certificates: set pem or path")
	}
	pool := x509.NewCertPool()
	for _, b := range pems {
		if !pool.AppendCertsFromPEM(b) {
			return nil, errors.New("no PEM certificate found")
		}
	}
	return pool, nil
}

// endpoint is a peer the connector can use as its gateway.
type endpoint struct {
	name       string
	target     string // host:port
	tls        bool
	serverName string // TLS server name (ssl-target-name-override, hostnameOverride)
	roots      *x509.CertPool
}

// parseURL accepts grpcs://host:port and grpc://host:port.
func parseURL(s string) (target string, tls bool, err error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", false, err
	}
	switch u.Scheme {
	case "grpcs":
		tls = true
	case "grpc":
	default:
		return "", false, fmt.Errorf("%q: want grpcs://host:port (or grpc:// without TLS)", s)
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil || host == "" {
		return "", false, fmt.Errorf("%q: want grpcs://host:port", s)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", false, fmt.Errorf("%q: bad port", s)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.User != nil {
		return "", false, fmt.Errorf("%q: want grpcs://host:port and nothing more", s)
	}
	return u.Host, tls, nil
}

// endpoint resolves the named peer, reporting each problem with its field.
func (p *Profile) endpoint(name string) (*endpoint, []error) {
	field := "peers." + name
	n, ok := p.Peers[name]
	if !ok {
		return nil, []error{fmt.Errorf("%s: no such peer in the connection profile", field)}
	}
	var errs []error
	target, tls, err := parseURL(n.URL)
	if err != nil {
		errs = append(errs, fmt.Errorf("%s.url: %w", field, err))
	}
	e := &endpoint{name: name, target: target, tls: tls}
	for _, opt := range []string{"ssl-target-name-override", "hostnameOverride"} {
		if v, ok := n.GRPCOptions[opt]; ok {
			s, isString := v.(string)
			if !isString {
				errs = append(errs, fmt.Errorf("%s.grpcOptions.%s: want a string", field, opt))
			} else if e.serverName == "" {
				e.serverName = s
			}
		}
	}
	if tls || len(n.TLSCACerts.PEM) != 0 || n.TLSCACerts.Path != "" {
		roots, err := n.TLSCACerts.certPool(p.dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s.tlsCACerts: %w", field, err))
		}
		e.roots = roots
	}
	return e, errs
}
