package fabric

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors/fabric/wire"
	"github.com/cocorelay/coco/enclave"
)

// testFiles writes a certificate, its key sealed by the virtual platform,
// a TLS CA and a connection profile into dir.
type testFiles struct {
	dir, cert, keyPEM, sealed, tlsCA, profile string
	platform                                  enclave.Platform
}

func writeTestFiles(t *testing.T) *testFiles {
	t.Helper()
	dir := t.TempDir()
	f := &testFiles{dir: dir, cert: filepath.Join(dir, "cert.pem"), keyPEM: filepath.Join(dir, "key.pem"),
		sealed: filepath.Join(dir, "key.sealed"), tlsCA: filepath.Join(dir, "tlsca.pem"), profile: filepath.Join(dir, "profile.json")}
	var err error
	if f.platform, err = enclave.Open(enclave.Virtual, enclave.Options{}); err != nil {
		t.Fatal(err)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "User1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(key)
	write := func(path string, b []byte) {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(f.cert, certPEM)
	write(f.tlsCA, certPEM)
	write(f.keyPEM, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))
	if err := SealClientKey(f.platform, f.keyPEM, f.sealed); err != nil {
		t.Fatal(err)
	}
	// A profile as the Fabric test network writes it: JSON, PEM inline.
	inline := strings.ReplaceAll(strings.TrimSpace(string(certPEM)), "\n", `\n`)
	write(f.profile, []byte(`{
  "name": "test-network-org1", "version": "1.0.0",
  "client": {"organization": "Org1", "connection": {"timeout": {"peer": {"endorser": "300"}}}},
  "organizations": {"Org1": {"mspid": "Org1MSP", "peers": ["peer0.org1.example.com"], "certificateAuthorities": ["ca.org1.example.com"]}},
  "peers": {"peer0.org1.example.com": {"url": "grpcs://localhost:7051",
    "tlsCACerts": {"pem": "`+inline+`"},
    "grpcOptions": {"ssl-target-name-override": "peer0.org1.example.com", "hostnameOverride": "peer0.org1.example.com"}}},
  "certificateAuthorities": {"ca.org1.example.com": {"url": "https://localhost:7054", "caName": "ca-org1", "httpOptions": {"verify": false}}}
}`))
	return f
}

var testBridge = wire.BridgeID("mychannel", "cocobridge", "tx0")

func (f *testFiles) config(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(f.dir, "fabric.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadConfigWithProfileFile(t *testing.T) {
	f := writeTestFiles(t)
	cfg, err := LoadConfig(f.config(t, `coco:
  name: fabric-org1
  connection_profile: profile.json
  channel: mychannel
  chaincode: cocobridge
  bridge_id: `+testBridge+`
  identity: {certificate: cert.pem, sealed_key: key.sealed}
`))
	if err != nil {
		t.Fatal(err)
	}
	k := cfg.Coco
	if k.Identity.MSPID != "Org1MSP" || len(k.Peers) != 1 || k.Peers[0] != "peer0.org1.example.com" {
		t.Fatalf("defaults from the profile: %+v", k)
	}
	if k.Retry.Attempts != 5 || k.Timeouts.Commit != time.Minute || k.MaxBlocks != 1000 || k.Confirmations != 0 {
		t.Fatalf("defaults: %+v", k)
	}
	if k.Identity.Certificate != f.cert {
		t.Fatalf("certificate path %q, want it resolved to %q", k.Identity.Certificate, f.cert)
	}
	ep, errs := cfg.Profile.endpoint("peer0.org1.example.com")
	if len(errs) != 0 || ep.target != "localhost:7051" || !ep.tls || ep.serverName != "peer0.org1.example.com" || ep.roots == nil {
		t.Fatalf("endpoint %+v %v", ep, errs)
	}
}

func TestLoadConfigInlineProfile(t *testing.T) {
	f := writeTestFiles(t)
	_, err := LoadConfig(f.config(t, `name: inline
client: {organization: Org1}
organizations:
  Org1: {mspid: Org1MSP, peers: [p0, p1]}
peers:
  p0: {url: "grpcs://127.0.0.1:7051", tlsCACerts: {path: tlsca.pem}}
  p1: {url: "grpcs://127.0.0.1:8051", tlsCACerts: {pem: ["`+strings.ReplaceAll(mustRead(t, f.tlsCA), "\n", `\n`)+`"]}}
x-extension: {anything: goes}
coco:
  name: fabric
  channel: mychannel
  chaincode: cocobridge
  bridge_id: `+testBridge+`
  peers: [p1, p0]
  identity: {certificate: cert.pem, sealed_key: key.sealed}
  confirmations: 2
  timeouts: {commit: 30s}
  retry: {attempts: 3, backoff: 100ms, max_backoff: 2s}
`))
	if err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// Validate reports every problem at once, each naming its field.
func TestValidateNamesEveryBadField(t *testing.T) {
	f := writeTestFiles(t)
	_, err := LoadConfig(f.config(t, `client: {organization: Org9}
organizations:
  Org1: {mspid: Org1MSP, peers: [p0]}
peers:
  p0: {url: "http://127.0.0.1:7051", grpcOptions: {ssl-target-name-override: 7}}
  p1: {url: "grpcs://127.0.0.1", tlsCACerts: {path: missing.pem}}
coco:
  name: "bad name!"
  channel: MyChannel
  chaincode: "cc with spaces"
  bridge_id: ABC
  peers: [p0, p1, p1, ghost]
  identity: {certificate: key.pem, sealed_key: key.pem}
  max_blocks: 1000000
  timeouts: {evaluate: -1s}
  retry: {attempts: 0, backoff: 2s, max_backoff: 1s}
`))
	if err == nil {
		t.Fatal("a bad configuration was accepted")
	}
	for _, field := range []string{"coco.name", "coco.channel", "coco.chaincode", "coco.bridge_id", "client.organization",
		"peers.p0.url", "peers.p0.grpcOptions.ssl-target-name-override", "peers.p1.url", "peers.p1.tlsCACerts",
		`coco.peers: "p1" is listed twice`, "peers.ghost", "coco.identity.msp_id", "coco.identity.certificate",
		"coco.identity.sealed_key", "plaintext", "coco.max_blocks", "coco.timeouts.evaluate", "coco.retry.max_backoff"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("the error does not name %s:\n%v", field, err)
		}
	}
	// attempts: 0 means the default; a negative count is named.
	_, err = LoadConfig(f.config(t, `coco: {name: a, channel: a, chaincode: a, retry: {attempts: -1}, misspelt: 1}`))
	if err == nil || !strings.Contains(err.Error(), "misspelt") {
		t.Errorf("an unknown coco field: %v", err)
	}
	if _, err := LoadConfig(f.config(t, `name: no coco section`)); err == nil || !strings.Contains(err.Error(), "no coco section") {
		t.Errorf("no coco section: %v", err)
	}
}

func TestExampleConfigParses(t *testing.T) {
	c, err := ReadConfig("../../configs/fabric.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = c.Validate()
	// The example names files only a deployment has; everything else in it
	// must be valid.
	for _, line := range strings.Split(err.Error(), "\n") {
		if !strings.Contains(line, "no such file") {
			t.Errorf("configs/fabric.example.yaml: %s", line)
		}
	}
	if c.Coco.Name == "" || c.Coco.Channel == "" || len(c.Coco.Peers) == 0 {
		t.Errorf("example: %+v", c.Coco)
	}
}
