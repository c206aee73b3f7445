package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/p2p"
	"github.com/cocorelay/coco/relay/client"
	"github.com/cocorelay/coco/relay/signing"
)

// SandboxFile is DIR/sandbox.json: how to reach and use a sandbox network.
// Paths are relative to DIR.
type SandboxFile struct {
	ServiceName string        `json:"service_name"`
	ServiceCert string        `json:"service_cert"`
	Platform    enclave.Kind  `json:"platform"`
	Insecure    bool          `json:"insecure"`
	Nodes       []SandboxNode `json:"nodes"`
	Member      Credential    `json:"member"`            // the first member
	Members     []Credential  `json:"members,omitempty"` // every member
	User        Credential    `json:"user"`
}

// MemberNamed returns the credential of the member called name.
func (f *SandboxFile) MemberNamed(name string) (Credential, error) {
	for _, m := range f.Members {
		if m.Name == name {
			return m, nil
		}
	}
	if f.Member.Name == name {
		return f.Member, nil
	}
	return Credential{}, fmt.Errorf("the sandbox has no member %q", name)
}

// SandboxNode is one node of a sandbox.
type SandboxNode struct {
	Name        string `json:"name"`
	APIURL      string `json:"api_url"`
	RaftAddress string `json:"raft_address"`
	Config      string `json:"config"`
}

// Credential is a member's or user's key files.
type Credential struct {
	Name             string `json:"name"`
	Cert             string `json:"cert"`
	Key              string `json:"key"`
	EncryptionKey    string `json:"encryption_key,omitempty"`
	EncryptionSecret string `json:"encryption_secret,omitempty"`
}

// SandboxOptions configure a sandbox.
type SandboxOptions struct {
	Dir     string
	Nodes   int // default 3
	Members int // default 1
	Host    string
	Logger  *slog.Logger
	// Tune may adjust each node's configuration before it is first written.
	Tune func(*Config)
	// Connectors, when set, returns the connectors node i (0-based) uses
	// on this start besides those in its file (which is not changed), with
	// absolute paths: the chains a sandbox starts beside its nodes.
	Connectors func(i int) []ConnectorConfig
	// atStart may adjust node i's configuration on every start (tests).
	atStart func(i int, cfg *Config)
}

// Sandbox is a whole network on this machine, every node in this process.
type Sandbox struct {
	Dir   string
	File  SandboxFile
	Nodes []*Node
	// Hints are more lines PrintUsage prints under "Try".
	Hints []string
}

const sandboxFileName = "sandbox.json"

// StartSandbox starts the sandbox in opts.Dir, creating it (service
// identity, one member, one user, node configs) the first time and
// resuming it with its data afterwards.
func StartSandbox(ctx context.Context, opts SandboxOptions) (*Sandbox, error) {
	if opts.Nodes == 0 {
		opts.Nodes = 3
	}
	if opts.Members == 0 {
		opts.Members = 1
	}
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	s := &Sandbox{Dir: dir}
	f, err := LoadSandboxFile(dir)
	fresh := errors.Is(err, os.ErrNotExist)
	switch {
	case fresh:
		if f, err = createSandbox(dir, opts); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	}
	s.File = *f
	ok := false
	defer func() {
		if !ok {
			s.Shutdown(context.Background())
		}
	}()
	for i, sn := range f.Nodes {
		cfg, err := LoadConfig(filepath.Join(dir, sn.Config))
		if err != nil {
			return nil, err
		}
		if opts.Connectors != nil {
			cfg.Connectors = append(cfg.Connectors, opts.Connectors(i)...)
		}
		if opts.atStart != nil {
			opts.atStart(i, cfg)
		}
		n, err := Start(ctx, *cfg, opts.Logger.With("node", sn.Name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sn.Name, err)
		}
		s.Nodes = append(s.Nodes, n)
		svc := filepath.Join(dir, f.ServiceCert)
		if _, err := os.Stat(svc); i == 0 && (fresh || errors.Is(err, os.ErrNotExist)) {
			// The others join node1's network: wait for its genesis and
			// publish the service certificate they trust.
			if err := n.WaitOpen(ctx); err != nil {
				return nil, err
			}
			if err := writeFileAtomic(svc, enclave.EncodeCertPEM(n.ServiceCert().Raw), 0o644); err != nil {
				return nil, err
			}
		}
	}
	for _, n := range s.Nodes {
		if err := n.WaitOpen(ctx); err != nil {
			return nil, err
		}
	}
	ok = true
	return s, nil
}

func createSandbox(dir string, opts SandboxOptions) (*SandboxFile, error) {
	f := &SandboxFile{ServiceName: "Coco sandbox", ServiceCert: "service_cert.pem", Platform: enclave.Virtual, Insecure: true}
	creds := filepath.Join(dir, "credentials")
	var members []*client.Identity
	for i := range opts.Members {
		m, err := client.NewIdentity(creds, fmt.Sprintf("member%d", i), true, client.Ed25519)
		if err != nil {
			return nil, err
		}
		members = append(members, m)
	}

	user, err := client.NewIdentity(creds, "user0", false, client.Ed25519)
	if err != nil {
		return nil, err
	}
	rel := func(p string) string {
		if p == "" {
			return ""
		}
		r, _ := filepath.Rel(dir, p)
		return r
	}
	for _, m := range members {
		f.Members = append(f.Members, Credential{Name: m.Name, Cert: rel(m.Cert), Key: rel(m.Key), EncryptionKey: rel(m.EncryptionKey), EncryptionSecret: rel(m.EncryptionSecret)})
	}
	f.Member = f.Members[0]
	f.User = Credential{Name: user.Name, Cert: rel(user.Cert), Key: rel(user.Key)}
	// The sandbox trusts nodes running allowed code (its own binary) as
	// soon as they join; a real network votes on each.
	constitution := governance.DefaultConstitution()
	constitution.AutoTrustNodes = true
	cb, err := yaml.Marshal(constitution)
	if err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, "constitution.yaml"), append([]byte("# The sandbox's constitution: nodes running allowed code are trusted when they join.\n"), cb...), 0o644); err != nil {
		return nil, err
	}
	var joinPeers []string
	taken := map[string]bool{}
	for i := 1; i <= opts.Nodes; i++ {
		var addrs [3]string
		for j := range addrs {
			if addrs[j], err = freePort(opts.Host, taken); err != nil {
				return nil, err
			}
		}
		api, raft := addrs[0], addrs[1]
		_, p2pPort, _ := net.SplitHostPort(addrs[2])
		p2pAddr := fmt.Sprintf("/ip4/%s/tcp/%s", opts.Host, p2pPort)
		name := fmt.Sprintf("node%d", i)
		cfg := Config{
			Name: name, DataDir: "data", Platform: enclave.Virtual,
			Listen: Listen{API: api, Raft: raft, P2P: []string{p2pAddr}},
			Public: Public{APIURL: "https://" + api, RaftAddress: raft},
			Log:    LogConfig{Level: "info", Format: "text"},
		}
		if i == 1 {
			g := GenesisConfig{ServiceName: f.ServiceName, AllowVirtualNodes: true, Constitution: "../constitution.yaml",
				Users: []IdentityConfig{{Name: user.Name, Cert: "../" + f.User.Cert}}}
			for _, m := range f.Members {
				g.Members = append(g.Members, IdentityConfig{Name: m.Name, Cert: "../" + m.Cert, EncryptionKey: "../" + m.EncryptionKey})
			}
			cfg.Start = StartConfig{Mode: ModeGenesis, Genesis: g}
			// Make node1's key now (as node1 would on its first start) so
			// that the others know its peer id in the mesh.
			peerID, err := sandboxPeerID(filepath.Join(dir, name, "data"))
			if err != nil {
				return nil, err
			}
			joinPeers = []string{p2pAddr + "/p2p/" + peerID}
		} else {
			cfg.Start = StartConfig{Mode: ModeJoin, Join: JoinConfig{Peers: joinPeers, ServiceCert: "../" + f.ServiceCert}}
		}
		if opts.Tune != nil {
			opts.Tune(&cfg)
		}
		b, err := yaml.Marshal(&cfg)
		if err != nil {
			return nil, err
		}
		path := filepath.Join(name, "node.yaml")
		header := []byte("# Generated by coco sandbox. Paths are relative to this file.\n")
		if err := writeFileAtomic(filepath.Join(dir, path), append(header, b...), 0o600); err != nil {
			return nil, err
		}
		f.Nodes = append(f.Nodes, SandboxNode{Name: name, APIURL: cfg.Public.APIURL, RaftAddress: raft, Config: path})
	}
	b, _ := json.MarshalIndent(f, "", "  ")
	if err := writeFileAtomic(filepath.Join(dir, sandboxFileName), append(b, '\n'), 0o644); err != nil {
		return nil, err
	}
	return f, nil
}

// sandboxPeerID creates the node key in dataDir the way a virtual node
// does and returns its peer id.
func sandboxPeerID(dataDir string) (string, error) {
	pl, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		return "", err
	}
	key, _, err := enclave.LoadOrCreateNodeKey(pl, filepath.Join(dataDir, "keys", "node.key"))
	if err != nil {
		return "", err
	}
	return p2p.PeerIDOf(&key.PublicKey)
}

// freePort returns host:port of a port that was free a moment ago and is
// not in taken, and adds it to taken: ports picked together for nodes
// that start one after another must differ, though none is bound yet. It
// picks below Linux's ephemeral range (32768 up), so that the source port
// of some outgoing connection does not take it before the node listens.
func freePort(host string, taken map[string]bool) (string, error) {
	for range 100 {
		addr := net.JoinHostPort(host, strconv.Itoa(20000+rand.IntN(12000)))
		if taken[addr] {
			continue
		}
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			taken[addr] = true
			return addr, nil
		}
	}
	return "", fmt.Errorf("no free port on %s between 20000 and 32000", host)
}

// LoadSandboxFile reads DIR/sandbox.json.
func LoadSandboxFile(dir string) (*SandboxFile, error) {
	b, err := os.ReadFile(filepath.Join(dir, sandboxFileName))
	if err != nil {
		return nil, err
	}
	var f SandboxFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, sandboxFileName), err)
	}
	if len(f.Nodes) == 0 {
		return nil, fmt.Errorf("%s lists no nodes", filepath.Join(dir, sandboxFileName))
	}
	return &f, nil
}

// SandboxClient returns a client acting as the sandbox's user.
func SandboxClient(dir string) (*client.Client, error) {
	f, err := LoadSandboxFile(dir)
	if err != nil {
		return nil, err
	}
	return f.Client(dir, f.User)
}

// Client returns a client for the sandbox in dir acting as cred.
func (f *SandboxFile) Client(dir string, cred Credential) (*client.Client, error) {
	svc, err := client.LoadCert(filepath.Join(dir, f.ServiceCert))
	if err != nil {
		return nil, err
	}
	key, err := client.LoadKey(filepath.Join(dir, cred.Key))
	if err != nil {
		return nil, err
	}
	var urls []string
	for _, n := range f.Nodes {
		urls = append(urls, n.APIURL)
	}
	return client.New(client.Config{URLs: urls, ServiceCert: svc, Key: key})
}

// PrintUsage writes how to use the sandbox.
func (s *Sandbox) PrintUsage(w io.Writer) {
	f := s.File
	fmt.Fprintf(w, "Coco sandbox %q is running: %d nodes, service certificate %s\n", f.ServiceName, len(f.Nodes), filepath.Join(s.Dir, f.ServiceCert))
	if f.Insecure {
		fmt.Fprintln(w, "WARNING: every node runs on the virtual platform and the network allows virtual nodes: no TEE protects keys or data. Development only.")
		fmt.Fprintln(w, "Nodes running this build are trusted as soon as they join (constitution: auto_trust_nodes); a production network votes on each.")
	}
	for i, n := range f.Nodes {
		role, mesh := "follower", ""
		if i < len(s.Nodes) {
			if s.Nodes[i].IsLeader() {
				role = "leader"
			}
			if addrs := s.Nodes[i].mesh.Addrs(); len(addrs) > 0 {
				mesh = ", mesh " + addrs[0]
			}
		}
		fmt.Fprintf(w, "  %-6s %s  (raft %s%s, %s)\n", n.Name, n.APIURL, n.RaftAddress, mesh, role)
	}
	fmt.Fprintf(w, "Member credential: %s, %s\nUser credential:   %s, %s\n",
		filepath.Join(s.Dir, f.Member.Cert), filepath.Join(s.Dir, f.Member.Key), filepath.Join(s.Dir, f.User.Cert), filepath.Join(s.Dir, f.User.Key))
	fmt.Fprintf(w, "Network description: %s\n\nTry, in another terminal:\n", filepath.Join(s.Dir, sandboxFileName))
	d := s.Dir
	fmt.Fprintf(w, "  coco native asset create USD --decimals 2 --sandbox %s\n", d)
	fmt.Fprintf(w, "  coco native account create alice --sandbox %s && coco native account create bob --sandbox %s\n", d, d)
	fmt.Fprintf(w, "  coco native mint USD alice 1000 --sandbox %s\n", d)
	fmt.Fprintf(w, "  coco native transfer USD alice bob 250 --memo rent --sandbox %s\n", d)
	fmt.Fprintf(w, "  coco receipt get <txid> -o receipt.json --sandbox %s\n", d)
	fmt.Fprintf(w, "  coco receipt verify receipt.json --service-cert %s\n", filepath.Join(d, f.ServiceCert))
	fmt.Fprintf(w, "  coco bench native --sandbox %s\n", d)
	for _, h := range s.Hints {
		fmt.Fprintln(w, h)
	}
	fmt.Fprintln(w, "Press Ctrl-C to stop; run `coco sandbox` with the same --dir to resume with its data.")
}

// Decide proposes actions as the sandbox's first member and votes for
// them, and returns once the proposal is accepted.
func (s *Sandbox) Decide(ctx context.Context, actions ...governance.Action) error {
	f := s.File
	c, err := f.Client(s.Dir, f.Member)
	if err != nil {
		return err
	}
	defer c.Close()
	svc, err := client.LoadCert(filepath.Join(s.Dir, f.ServiceCert))
	if err != nil {
		return err
	}
	key, err := client.LoadKey(filepath.Join(s.Dir, f.Member.Key))
	if err != nil {
		return err
	}
	id, err := enclave.KeyID(key.Public())
	if err != nil {
		return err
	}
	service := signing.ServiceID(svc.Raw)
	submit := func(typ, proposal string, payload any) (*governance.Proposal, error) {
		b, err := json.Marshal(payload)
		if err != nil {
			return nil, err
		}
		signed, err := governance.Sign(key, id, service, typ, proposal, time.Now(), b)
		if err != nil {
			return nil, err
		}
		w, err := c.SubmitGovernance(ctx, typ, proposal, signed)
		if err != nil {
			return nil, err
		}
		var p governance.Proposal
		if err := json.Unmarshal(w.Result, &p); err != nil {
			return nil, fmt.Errorf("%s: %w", typ, err)
		}
		return &p, nil
	}
	p, err := submit(governance.MsgProposal, "", map[string]any{"actions": actions})
	if err != nil {
		return fmt.Errorf("proposal: %w", err)
	}
	if p.State == governance.StateAccepted {
		return nil
	}
	pid := p.ID
	if p, err = submit(governance.MsgBallot, pid, map[string]string{"vote": governance.VoteFor}); err != nil {
		return fmt.Errorf("ballot on %s: %w", pid, err)
	}
	if p.State != governance.StateAccepted {
		return fmt.Errorf("proposal %s is %s", p.ID, p.State)
	}
	return nil
}

// Shutdown stops every node.
func (s *Sandbox) Shutdown(ctx context.Context) error {
	var errs []error
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		if err := s.Nodes[i].Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	s.Nodes = nil
	return errors.Join(errs...)
}

// Leader returns the node that leads, waiting up to ctx.
func (s *Sandbox) Leader(ctx context.Context) (*Node, error) {
	for {
		for _, n := range s.Nodes {
			if n.IsLeader() {
				return n, nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no leader: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
