package itest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric"
	"github.com/cocorelay/coco/enclave"
)

// Assets of the itest network: the native token (its symbol) and a
// wrapped asset the bridge mints.
const (
	fabricOrigin  = "COCO"
	fabricWrapped = "wETH"
	fabricDepth   = 1
)

// fabricHarness is connectortest.Harness on a fabricNet: three relay keys
// (two must sign), three strangers, holders issued by Org1's CA, and the
// connector configured with Org1's connection profile and User1's sealed
// key.
type fabricHarness struct {
	n        *fabricNet
	platform enclave.Platform
	signers  []*fabric.RelayKey
	foreign  []*fabric.RelayKey
	config   string // the connector's configuration file
	log      *slog.Logger
	conn     *grpc.ClientConn // to Org1's peer, for the harness's own clients
	admin    *fabricClient    // Org1's admin: the token's minter
	holders  sync.Map         // account → *fabricClient
	caCert   *x509.Certificate
	caKey    crypto.Signer
}

// fabricClient is a Fabric identity with a gateway.
type fabricClient struct {
	gw       *client.Gateway
	contract *client.Contract
	account  string
}

func newFabricHarness(t *testing.T, n *fabricNet) *fabricHarness {
	t.Helper()
	h := &fabricHarness{n: n}
	var err error
	if h.platform, err = enclave.Open(enclave.Virtual, enclave.Options{}); err != nil {
		t.Fatal(err)
	}
	logFile, err := os.OpenFile(filepath.Join(n.dir, "logs", "connector.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logFile.Close() })
	h.log = slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug}))

	// Relay keys through the command line, as operators make them.
	keys := filepath.Join(n.dir, "relay")
	var ids []string
	for i := range 3 {
		path := filepath.Join(keys, fmt.Sprintf("signer%d.sealed", i))
		id := fabricLastLine(mustCmd(t, "fabric", "relay-key", "new", "--out", path))
		k, err := fabric.LoadRelayKey(h.platform, path)
		if err != nil {
			t.Fatal(err)
		}
		if k.Identity() != id {
			t.Fatalf("relay-key new printed %s, the key is %s", id, k.Identity())
		}
		if again := fabricLastLine(mustCmd(t, "fabric", "relay-key", "identity", "--key", path)); again != id {
			t.Fatalf("relay-key identity printed %s, want %s", again, id)
		}
		h.signers = append(h.signers, k)
		ids = append(ids, id)
		f, err := fabric.NewRelayKey(h.platform, filepath.Join(keys, fmt.Sprintf("stranger%d.sealed", i)))
		if err != nil {
			t.Fatal(err)
		}
		h.foreign = append(h.foreign, f)
	}
	set, _ := json.Marshal(ids)
	bridge, ok := strings.CutPrefix(fabricLastLine(n.script(t, "init", string(set), "2")), "bridge_id: ")
	if !ok {
		t.Fatal("network.sh init printed no bridge id")
	}

	// The connector's identity: Org1's User1, its key sealed.
	user := n.crypto("peerOrganizations", "org1.example.com", "users", "User1@org1.example.com", "msp")
	sealed := filepath.Join(n.dir, "user1.sealed")
	mustCmd(t, "fabric", "seal-key", "--key", filepath.Join(user, "keystore", "priv_sk"), "--out", sealed)
	h.config = filepath.Join(n.dir, "fabric.yaml")
	cfg := fmt.Sprintf(`coco:
  name: fabric-itest
  connection_profile: connection-org1.yaml
  channel: %s
  chaincode: %s
  bridge_id: %s
  identity:
    certificate: %s
    sealed_key: user1.sealed
  confirmations: %d
  timeouts: {evaluate: 5s, endorse: 10s, submit: 5s, commit: 20s}
  retry: {attempts: 4, backoff: 200ms, max_backoff: 1s}
`, fabricChannel, fabricChaincode, bridge, filepath.Join(user, "signcerts", "User1@org1.example.com-cert.pem"), fabricDepth)
	if err := os.WriteFile(h.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	if out := mustCmd(t, "fabric", "check", "--config", h.config); !strings.Contains(out, bridge) || !strings.Contains(out, ids[0]) {
		t.Fatalf("coco fabric check printed %s", out)
	}

	// The harness's own clients talk to Org1's peer.
	org1 := n.crypto("peerOrganizations", "org1.example.com")
	pool := x509.NewCertPool()
	if b, err := os.ReadFile(filepath.Join(org1, "tlsca", "tlsca.org1.example.com-cert.pem")); err != nil || !pool.AppendCertsFromPEM(b) {
		t.Fatalf("Org1's TLS CA: %v", err)
	}
	h.conn, err = grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", n.port(10)),
		grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: pool, ServerName: "peer0.org1.example.com"})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.conn.Close() })
	admin := filepath.Join(org1, "users", "Admin@org1.example.com", "msp")
	h.admin = h.client(t, fabricReadCert(t, filepath.Join(admin, "signcerts", "Admin@org1.example.com-cert.pem")),
		fabricReadKey(t, filepath.Join(admin, "keystore", "priv_sk")))
	h.caCert = fabricReadCert(t, filepath.Join(org1, "ca", "ca.org1.example.com-cert.pem"))
	h.caKey = fabricReadKey(t, filepath.Join(org1, "ca", "priv_sk"))
	// Gossip needs a moment after the channel is created before the
	// gateway's discovery knows Org2's peer, without which no transaction
	// can be endorsed by both organisations.
	deadline := time.Now().Add(time.Minute)
	for {
		_, err := h.admin.contract.Submit("Mint", client.WithArguments("1000000000000"))
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gateway never endorsed a transaction: %v\n%s", err, n.logs())
		}
		time.Sleep(200 * time.Millisecond)
	}
	return h
}

func (h *fabricHarness) client(t *testing.T, cert *x509.Certificate, key crypto.Signer) *fabricClient {
	t.Helper()
	id, err := identity.NewX509Identity("Org1MSP", cert)
	if err != nil {
		t.Fatal(err)
	}
	sign, err := identity.NewPrivateKeySign(key)
	if err != nil {
		t.Fatal(err)
	}
	gw, err := client.Connect(id, client.WithSign(sign), client.WithClientConnection(h.conn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close() })
	c := &fabricClient{gw: gw, contract: gw.GetNetwork(fabricChannel).GetContract(fabricChaincode)}
	account, err := c.contract.Evaluate("ClientAccountID")
	if err != nil {
		t.Fatal(err)
	}
	c.account = string(account)
	return c
}

func (h *fabricHarness) submit(t *testing.T, c *fabricClient, fn string, args ...string) []byte {
	t.Helper()
	out, err := c.contract.Submit(fn, client.WithArguments(args...))
	if err != nil {
		t.Fatalf("%s%q: %v", fn, args, err)
	}
	return out
}

func (h *fabricHarness) Connector(t *testing.T) connectors.Connector { return h.connector(t) }

func (h *fabricHarness) connector(t *testing.T) *fabric.Connector {
	t.Helper()
	cfg, err := fabric.LoadConfig(h.config)
	if err != nil {
		t.Fatal(err)
	}
	return h.connectorOf(t, cfg)
}

func (h *fabricHarness) connectorOf(t *testing.T, cfg *fabric.Config) *fabric.Connector {
	t.Helper()
	c, err := fabric.New(cfg, fabric.Options{Platform: h.platform, Logger: h.log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (h *fabricHarness) Depth() int      { return fabricDepth }
func (h *fabricHarness) Origin() string  { return fabricOrigin }
func (h *fabricHarness) Wrapped() string { return fabricWrapped }
func (h *fabricHarness) Threshold() int  { return 2 }

// NewHolder issues a new client certificate from Org1's CA and gives the
// holder 1,000,000 of the native token.
func (h *fabricHarness) NewHolder(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "holder-" + serial.Text(16), OrganizationalUnit: []string{"client"}},
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, h.caCert, &key.PublicKey, h.caKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	c := h.client(t, cert, key)
	h.holders.Store(c.account, c)
	h.submit(t, h.admin, "Transfer", c.account, "1000000")
	return c.account
}

func (h *fabricHarness) holder(t *testing.T, account string) *fabricClient {
	t.Helper()
	c, ok := h.holders.Load(account)
	if !ok {
		t.Fatalf("no holder %s", account)
	}
	return c.(*fabricClient)
}

func (h *fabricHarness) Lock(t *testing.T, holder string, amount *big.Int, destLedger, destAccount string) {
	h.submit(t, h.holder(t, holder), "Lock", amount.String(), destLedger, destAccount)
}

func (h *fabricHarness) Burn(t *testing.T, holder string, amount *big.Int, destLedger, destAccount string) {
	h.submit(t, h.holder(t, holder), "BurnForTransfer", fabricWrapped, amount.String(), destLedger, destAccount)
}

// Advance cuts n blocks: n transactions, each submitted after the one
// before was committed (a block per batch timeout at most).
func (h *fabricHarness) Advance(t *testing.T, n int) {
	for range n {
		h.submit(t, h.admin, "ClientAccountID")
	}
}

func (h *fabricHarness) Sign(t *testing.T, digest []byte, n int) []connectors.Signature {
	return fabricSign(t, h.signers[:n], digest)
}

func (h *fabricHarness) Foreign(t *testing.T, digest []byte, n int) []connectors.Signature {
	return fabricSign(t, h.foreign[:n], digest)
}

func fabricSign(t *testing.T, keys []*fabric.RelayKey, digest []byte) []connectors.Signature {
	t.Helper()
	var out []connectors.Signature
	for _, k := range keys {
		s, err := k.Sign(digest)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func fabricReadCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := identity.CertificateFromPEM(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cert
}

func fabricReadKey(t *testing.T, path string) crypto.Signer {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatalf("%s: no PEM", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return k.(crypto.Signer)
}

func fabricLastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
