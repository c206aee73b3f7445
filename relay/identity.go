package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/cocorelay/coco/consensus"
	"github.com/cocorelay/coco/enclave"
)

// localIdentity is what a node keeps about its place in the network:
// its id, its certificate, the service certificate and (sealed) the service
// key, which every trusted node holds so that any leader can admit nodes.
type localIdentity struct {
	NodeID      uint64
	Mode        string
	RaftAddress string
	ServiceCert *x509.Certificate
	NodeCert    *x509.Certificate
	Service     *enclave.ServiceIdentity
	// Trusted are the nodes the network trusted when this node joined: the
	// Raft peers it accepts until its own ledger has caught up.
	Trusted []uint64
}

// identityFile is data_dir/node.json, written last: its presence means the
// node has joined (or opened) a network.
type identityFile struct {
	NodeID      uint64   `json:"node_id"`
	Mode        string   `json:"mode"`
	RaftAddress string   `json:"raft_address"`
	Trusted     []uint64 `json:"trusted_at_join,omitempty"`
}

func (n *Node) paths() (file, svcCert, nodeCert, svcKey string) {
	d := n.cfg.DataDir
	return filepath.Join(d, "node.json"), filepath.Join(d, "service_cert.pem"), filepath.Join(d, "node_cert.pem"), filepath.Join(d, "keys", "service.key")
}

func (id *localIdentity) bootstrap() consensus.Bootstrap {
	if id.Mode == ModeJoin {
		return consensus.Bootstrap{Join: true}
	}
	return consensus.Bootstrap{Members: map[uint64]string{id.NodeID: id.RaftAddress}}
}

// identity loads the node's identity, or creates it by genesis or join.
func (n *Node) identity(ctx context.Context) (*localIdentity, error) {
	file, _, _, _ := n.paths()
	if _, err := os.Stat(file); err == nil {
		return n.loadIdentity()
	}
	switch n.cfg.Start.Mode {
	case ModeGenesis:
		return n.createIdentity()
	case ModeJoin:
		return n.join(ctx)
	}
	return nil, fmt.Errorf("start.mode %q", n.cfg.Start.Mode)
}

func (n *Node) loadIdentity() (*localIdentity, error) {
	file, svcPath, certPath, keyPath := n.paths()
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var f identityFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	id := &localIdentity{NodeID: f.NodeID, Mode: f.Mode, RaftAddress: f.RaftAddress, Trusted: f.Trusted}
	if id.ServiceCert, err = readCert(svcPath); err != nil {
		return nil, err
	}
	if id.NodeCert, err = readCert(certPath); err != nil {
		return nil, err
	}
	keyDER, err := enclave.ReadSealed(n.platform, keyPath)
	if err != nil {
		return nil, fmt.Errorf("service key: %w", err)
	}
	if id.Service, err = enclave.LoadServiceIdentity(keyDER, id.ServiceCert.Raw); err != nil {
		return nil, err
	}
	if err := id.check(n.key); err != nil {
		return nil, err
	}
	if f.RaftAddress != n.cfg.Public.RaftAddress {
		return nil, fmt.Errorf("public.raft_address: the node joined as %s and cannot move to %s", f.RaftAddress, n.cfg.Public.RaftAddress)
	}
	return id, nil
}

// check verifies that the node certificate is the service's and ours.
func (id *localIdentity) check(key *ecdsa.PrivateKey) error {
	info, err := enclave.VerifyNodeCert(id.NodeCert.Raw, id.ServiceCert)
	if err != nil {
		return fmt.Errorf("node certificate: %w", err)
	}
	if !key.PublicKey.Equal(info.PublicKey) {
		return errors.New("node certificate is for another key")
	}
	if info.NodeID != id.NodeID {
		return fmt.Errorf("node certificate is for node %d, not %d", info.NodeID, id.NodeID)
	}
	return nil
}

// createIdentity opens a network: a new service identity, node 1.
func (n *Node) createIdentity() (*localIdentity, error) {
	svc, err := enclave.NewServiceIdentity(n.cfg.Start.Genesis.ServiceName, time.Now())
	if err != nil {
		return nil, err
	}
	id := &localIdentity{NodeID: 1, Mode: ModeGenesis, RaftAddress: n.cfg.Public.RaftAddress, ServiceCert: svc.Cert, Service: svc}
	der, err := svc.EndorseNode(n.certRequest(1))
	if err != nil {
		return nil, err
	}
	if id.NodeCert, err = x509.ParseCertificate(der); err != nil {
		return nil, err
	}
	return id, n.saveIdentity(id)
}

// certRequest asks for a certificate that serves the node's API host.
func (n *Node) certRequest(nodeID uint64) enclave.NodeCertRequest {
	req := enclave.NodeCertRequest{NodeID: nodeID, PublicKey: &n.key.PublicKey, Platform: n.platform.Kind(), Measurement: n.platform.Measurement()}
	req.DNSNames, req.IPAddresses = apiHostNames(n.cfg.Public.APIURL)
	return req
}

func apiHostNames(apiURL string) ([]string, []net.IP) {
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, nil
	}
	if ip := net.ParseIP(u.Hostname()); ip != nil {
		return nil, []net.IP{ip}
	}
	return []string{u.Hostname()}, nil
}

func (n *Node) saveIdentity(id *localIdentity) error {
	file, svcPath, certPath, keyPath := n.paths()
	keyDER, err := id.Service.MarshalKey()
	if err != nil {
		return err
	}
	if err := enclave.WriteSealed(n.platform, keyPath, keyDER); err != nil {
		return fmt.Errorf("seal service key: %w", err)
	}
	if err := writeFileAtomic(svcPath, enclave.EncodeCertPEM(id.ServiceCert.Raw), 0o644); err != nil {
		return err
	}
	if err := writeFileAtomic(certPath, enclave.EncodeCertPEM(id.NodeCert.Raw), 0o644); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(identityFile{NodeID: id.NodeID, Mode: id.Mode, RaftAddress: id.RaftAddress, Trusted: id.Trusted}, "", "  ")
	return writeFileAtomic(file, append(b, '\n'), 0o600)
}

func readCert(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := enclave.ParseCertPEM(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// writeFileAtomic writes via a temporary file, fsync and rename.
func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
