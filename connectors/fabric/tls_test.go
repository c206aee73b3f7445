package fabric

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/cocorelay/coco/connectors"
)

// testCA is a certificate authority for TLS tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key}
}

// issue makes a leaf certificate for name with usage.
func (ca *testCA) issue(t *testing.T, name string, usage x509.ExtKeyUsage) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return cert, key
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A peer that requires TLS client authentication answers a connector
// configured with a TLS client certificate its client CA issued, and
// refuses one without (ErrUnavailable); the certificate and its sealed
// key go together and must match.
func TestTLSClientCertificate(t *testing.T) {
	f := writeTestFiles(t)
	serverCA, clientCA := newTestCA(t, "tlsca.server"), newTestCA(t, "tlsca.client")
	srvCert, srvKey := serverCA.issue(t, "peer0.test", x509.ExtKeyUsageServerAuth)
	clients := x509.NewCertPool()
	clients.AddCert(clientCA.cert)
	srv := grpc.NewServer(grpc.Creds(credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{srvCert.Raw}, PrivateKey: srvKey}},
		ClientAuth:   tls.RequireAndVerifyClientCert, ClientCAs: clients, MinVersion: tls.VersionTLS12,
	})))
	gateway.RegisterGatewayServer(srv, &bigGateway{size: 16})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)

	writePEM(t, filepath.Join(f.dir, "server-ca.pem"), "CERTIFICATE", serverCA.cert.Raw)
	if err := os.WriteFile(filepath.Join(f.dir, "mtls.json"), []byte(`{"name": "n", "version": "1.0.0", "client": {"organization": "Org1"},
  "organizations": {"Org1": {"mspid": "Org1MSP", "peers": ["peer0"]}},
  "peers": {"peer0": {"url": "grpcs://`+lis.Addr().String()+`", "tlsCACerts": {"path": "server-ca.pem"},
    "grpcOptions": {"ssl-target-name-override": "peer0.test"}}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tlsCert, tlsKey := clientCA.issue(t, "relay-node", x509.ExtKeyUsageClientAuth)
	writePEM(t, filepath.Join(f.dir, "tls-cert.pem"), "CERTIFICATE", tlsCert.Raw)
	der, _ := x509.MarshalPKCS8PrivateKey(tlsKey)
	writePEM(t, filepath.Join(f.dir, "tls-key.pem"), "PRIVATE KEY", der)
	if err := SealClientKey(f.platform, filepath.Join(f.dir, "tls-key.pem"), filepath.Join(f.dir, "tls-key.sealed")); err != nil {
		t.Fatal(err)
	}
	config := func(identity string) string {
		return f.config(t, `coco:
  name: fabric-org1
  connection_profile: mtls.json
  channel: mychannel
  chaincode: cocobridge
  bridge_id: `+testBridge+`
  identity: {certificate: cert.pem, sealed_key: key.sealed`+identity+`}
  retry: {attempts: 1}
`)
	}
	ask := func(identity string) error {
		t.Helper()
		cfg, err := LoadConfig(config(identity))
		if err != nil {
			t.Fatal(err)
		}
		conn, err := New(cfg, Options{Platform: f.platform})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_, err = conn.LedgerBridgeID(t.Context())
		return err
	}
	// With the certificate: the peer answers (16 zero bytes are no bridge
	// id, so the answer is read and found malformed).
	if err := ask(", tls_certificate: tls-cert.pem, tls_sealed_key: tls-key.sealed"); !errors.Is(err, errMalformed) {
		t.Fatalf("with a TLS client certificate: %v, want the peer's answer", err)
	}
	if err := ask(""); !errors.Is(err, connectors.ErrUnavailable) || errors.Is(err, errMalformed) {
		t.Fatalf("without a TLS client certificate: %v, want ErrUnavailable", err)
	}

	if _, err := LoadConfig(config(", tls_certificate: tls-cert.pem")); err == nil || !strings.Contains(err.Error(), "coco.identity.tls_certificate") {
		t.Fatalf("a TLS certificate without its key: %v", err)
	}
	if _, err := LoadConfig(config(", tls_certificate: tls-cert.pem, tls_sealed_key: tls-key.pem")); err == nil || !strings.Contains(err.Error(), "plaintext") {
		t.Fatalf("a plaintext TLS key: %v", err)
	}
	cfg, err := LoadConfig(config(", tls_certificate: cert.pem, tls_sealed_key: tls-key.sealed"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(cfg, Options{Platform: f.platform}); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Fatalf("a TLS key of another certificate: %v", err)
	}
}
