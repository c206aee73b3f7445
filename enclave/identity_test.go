package enclave

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func newService(t *testing.T, name string) *ServiceIdentity {
	t.Helper()
	si, err := NewServiceIdentity(name, time.Now())
	if err != nil {
		t.Fatalf("NewServiceIdentity: %v", err)
	}
	return si
}

func TestNewServiceIdentity(t *testing.T) {
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	si, err := NewServiceIdentity("coco-test", now)
	if err != nil {
		t.Fatal(err)
	}
	c := si.Cert
	if c.Subject.CommonName != "coco-test" || !c.IsCA || !c.BasicConstraintsValid {
		t.Errorf("subject %q IsCA=%v: want CA named coco-test", c.Subject.CommonName, c.IsCA)
	}
	if c.KeyUsage != x509.KeyUsageCertSign|x509.KeyUsageDigitalSignature {
		t.Errorf("KeyUsage = %v", c.KeyUsage)
	}
	if got := c.NotAfter.Sub(now); got < 10*365*24*time.Hour || got > 11*365*24*time.Hour {
		t.Errorf("validity after now = %v, want 10 years", got)
	}
	if c.NotBefore.After(now) {
		t.Errorf("NotBefore %v after creation time %v", c.NotBefore, now)
	}
	if c.SerialNumber.Sign() <= 0 || c.SerialNumber.BitLen() > 128 {
		t.Errorf("serial %v is not a positive 128-bit number", c.SerialNumber)
	}
	if err := c.CheckSignatureFrom(c); err != nil {
		t.Errorf("not self-signed: %v", err)
	}
	if other := newService(t, "coco-test"); other.Cert.SerialNumber.Cmp(c.SerialNumber) == 0 {
		t.Error("two identities share a serial number")
	}
	if _, err := NewServiceIdentity("", now); err == nil {
		t.Error("empty name accepted")
	}
}

func TestLoadServiceIdentity(t *testing.T) {
	si := newService(t, "svc")
	keyDER, err := si.MarshalKey()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadServiceIdentity(keyDER, si.CertDER)
	if err != nil {
		t.Fatalf("LoadServiceIdentity: %v", err)
	}
	if !loaded.Key.Equal(si.Key) || !loaded.Cert.Equal(si.Cert) || !bytes.Equal(loaded.CertDER, si.CertDER) {
		t.Error("loaded identity differs")
	}

	otherKeyDER, err := newService(t, "svc").MarshalKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadServiceIdentity(otherKeyDER, si.CertDER); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("mismatched key: %v, want key/certificate mismatch", err)
	}
	nodeKey := newP256(t)
	nodeDER, err := si.EndorseNode(nodeRequest(&nodeKey.PublicKey, 1))
	if err != nil {
		t.Fatal(err)
	}
	nodeKeyDER, err := x509.MarshalPKCS8PrivateKey(nodeKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadServiceIdentity(nodeKeyDER, nodeDER); err == nil || !strings.Contains(err.Error(), "not a CA") {
		t.Errorf("node certificate as service identity: %v, want not a CA", err)
	}
	if _, err := LoadServiceIdentity([]byte("junk"), si.CertDER); err == nil {
		t.Error("junk key accepted")
	}
}

func nodeRequest(pub any, id uint64) NodeCertRequest {
	return NodeCertRequest{
		NodeID:      id,
		PublicKey:   pub,
		Platform:    Virtual,
		Measurement: bytes.Repeat([]byte{0xA5}, 32),
		DNSNames:    []string{"node.coco.test"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
}

func TestEndorseAndVerifyNodeCert(t *testing.T) {
	si := newService(t, "svc")
	key := newP256(t)
	for _, tt := range []struct {
		id       uint64
		platform Kind
	}{{1, Virtual}, {1<<64 - 1, SGX}, {42, SGX}} {
		req := nodeRequest(&key.PublicKey, tt.id)
		req.Platform = tt.platform
		der, err := si.EndorseNode(req)
		if err != nil {
			t.Fatalf("EndorseNode: %v", err)
		}
		info, err := VerifyNodeCert(der, si.Cert)
		if err != nil {
			t.Fatalf("VerifyNodeCert: %v", err)
		}
		if info.NodeID != tt.id || info.Platform != tt.platform || !bytes.Equal(info.Measurement, req.Measurement) {
			t.Errorf("info = id %d platform %q measurement %x; want %d %q %x",
				info.NodeID, info.Platform, info.Measurement, tt.id, tt.platform, req.Measurement)
		}
		if !key.PublicKey.Equal(info.PublicKey) {
			t.Error("public key not recovered")
		}
		c := info.Cert
		if c.Subject.CommonName != NodeCommonName(tt.id) || c.IsCA {
			t.Errorf("subject %q IsCA=%v", c.Subject.CommonName, c.IsCA)
		}
		if len(c.ExtKeyUsage) != 2 || c.ExtKeyUsage[0] != x509.ExtKeyUsageServerAuth || c.ExtKeyUsage[1] != x509.ExtKeyUsageClientAuth {
			t.Errorf("ExtKeyUsage = %v, want server and client auth", c.ExtKeyUsage)
		}
		if len(c.UnhandledCriticalExtensions) != 0 {
			t.Errorf("unhandled critical extensions %v would break ordinary TLS clients", c.UnhandledCriticalExtensions)
		}
	}
}

func TestVerifyNodeCertIgnoresValidityPeriod(t *testing.T) {
	si := newService(t, "svc")
	req := nodeRequest(&newP256(t).PublicKey, 7)
	req.NotBefore = time.Now().Add(-48 * time.Hour)
	req.NotAfter = time.Now().Add(-24 * time.Hour)
	der, err := si.EndorseNode(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyNodeCert(der, si.Cert); err != nil {
		t.Errorf("expired node certificate refused: %v", err)
	}
}

func TestVerifyNodeCertRefuses(t *testing.T) {
	si := newService(t, "svc")
	impostor := newService(t, "svc") // same name, different key
	key := newP256(t)
	req := nodeRequest(&key.PublicKey, 3)
	good, err := si.EndorseNode(req)
	if err != nil {
		t.Fatal(err)
	}
	fromImpostor, err := impostor.EndorseNode(req)
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(good)
	i := bytes.Index(tampered, req.Measurement)
	if i < 0 {
		t.Fatal("measurement not found in certificate")
	}
	tampered[i] ^= 0xFF
	plain, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber: big.NewInt(5),
		Subject:      pkix.Name{CommonName: NodeCommonName(3)},
		NotBefore:    time.Now(),
		NotAfter:     time.Now().Add(time.Hour),
	}, si.Cert, &key.PublicKey, si.Key)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, wantMsg string
		der           []byte
		service       *x509.Certificate
	}{
		{"signed by another service identity", "signature", fromImpostor, si.Cert},
		{"tampered", "signature", tampered, si.Cert},
		{"no node extension", "missing", plain, si.Cert},
		{"checked against the wrong service", "signature", good, impostor.Cert},
		{"not DER", "", []byte("junk"), si.Cert},
		{"service certificate itself", "", si.CertDER, si.Cert},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := VerifyNodeCert(tt.der, tt.service)
			if !errors.Is(err, ErrBadNodeCert) || info != nil {
				t.Fatalf("VerifyNodeCert = %+v, %v; want ErrBadNodeCert", info, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

func TestNodeExtensionEncoding(t *testing.T) {
	si := newService(t, "svc")
	der, err := si.EndorseNode(nodeRequest(&newP256(t).PublicKey, 9))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	var found int
	for _, e := range cert.Extensions {
		if e.Id.String() == "2.25.199155458.1" {
			found++
			if e.Critical {
				t.Error("node extension is critical")
			}
			// SEQUENCE { INTEGER 9, UTF8String "virtual", OCTET STRING <32 bytes> }
			want := append([]byte{0x30, 3 + 9 + 34, 0x02, 0x01, 0x09, 0x0C, 0x07}, "virtual"...)
			want = append(append(want, 0x04, 0x20), bytes.Repeat([]byte{0xA5}, 32)...)
			if !bytes.Equal(e.Value, want) {
				t.Errorf("extension value %x, want %x", e.Value, want)
			}
		}
	}
	if found != 1 {
		t.Errorf("node extension found %d times, want once", found)
	}
}

func TestEndorseNodeValidatesRequest(t *testing.T) {
	si := newService(t, "svc")
	pub := &newP256(t).PublicKey
	tests := []struct {
		name string
		mod  func(*NodeCertRequest)
	}{
		{"zero node id", func(r *NodeCertRequest) { r.NodeID = 0 }},
		{"nil key", func(r *NodeCertRequest) { r.PublicKey = nil }},
		{"non-ECDSA key", func(r *NodeCertRequest) { r.PublicKey = []byte("key") }},
		{"unknown platform", func(r *NodeCertRequest) { r.Platform = "tdx" }},
		{"empty measurement", func(r *NodeCertRequest) { r.Measurement = nil }},
		{"inverted validity", func(r *NodeCertRequest) {
			r.NotBefore = time.Now()
			r.NotAfter = r.NotBefore.Add(-time.Minute)
		}},
		{"NotAfter before default NotBefore", func(r *NodeCertRequest) { r.NotAfter = time.Now().Add(-2 * time.Hour) }},
	}
	for _, tt := range tests {
		req := nodeRequest(pub, 1)
		tt.mod(&req)
		if _, err := si.EndorseNode(req); err == nil {
			t.Errorf("%s: EndorseNode succeeded", tt.name)
		}
	}
}

// TestNodeCertServesTLS checks that node certificates work with ordinary
// TLS peers that trust only the service certificate, in both directions.
func TestNodeCertServesTLS(t *testing.T) {
	defer goleak.VerifyNone(t)
	si := newService(t, "svc")
	serverKey, clientKey := newP256(t), newP256(t)
	serverDER, err := si.EndorseNode(nodeRequest(&serverKey.PublicKey, 1))
	if err != nil {
		t.Fatal(err)
	}
	clientDER, err := si.EndorseNode(nodeRequest(&clientKey.PublicKey, 2))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(si.Cert)
	serverConf := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{serverDER}, PrivateKey: serverKey}},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pool,
		MinVersion:   tls.VersionTLS13,
	}
	clientConf := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{clientDER}, PrivateKey: clientKey}},
		RootCAs:      pool,
		ServerName:   "node.coco.test",
		MinVersion:   tls.VersionTLS13,
	}

	serverState, clientErr, serverErr := handshake(t, serverConf, clientConf)
	if clientErr != nil || serverErr != nil {
		t.Fatalf("handshake: client %v, server %v", clientErr, serverErr)
	}
	peer, err := VerifyNodeCert(serverState.PeerCertificates[0].Raw, si.Cert)
	if err != nil || peer.NodeID != 2 {
		t.Errorf("server sees client node %+v, %v; want node 2", peer, err)
	}

	// A client that trusts a different service refuses the server.
	otherPool := x509.NewCertPool()
	otherPool.AddCert(newService(t, "svc").Cert)
	distrusting := clientConf.Clone()
	distrusting.RootCAs = otherPool
	_, clientErr, _ = handshake(t, serverConf, distrusting)
	var unknownAuthority x509.UnknownAuthorityError
	if !errors.As(clientErr, &unknownAuthority) {
		t.Errorf("client trusting another service: %v, want unknown authority", clientErr)
	}
}

// handshake runs a TLS handshake over net.Pipe, exchanges one byte when it
// succeeds, and closes both ends before returning. It closes the pipe rather
// than the TLS connections: close_notify alerts written by both sides at
// once would block on the unbuffered pipe until tls's 5s write deadline.
func handshake(t *testing.T, serverConf, clientConf *tls.Config) (serverState tls.ConnectionState, clientErr, serverErr error) {
	t.Helper()
	c1, c2 := net.Pipe()
	server, client := tls.Server(c1, serverConf), tls.Client(c2, clientConf)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer c1.Close()
		if serverErr = server.Handshake(); serverErr != nil {
			return
		}
		serverState = server.ConnectionState()
		buf := make([]byte, 1)
		if _, serverErr = server.Read(buf); serverErr == nil {
			_, serverErr = server.Write(buf)
		}
	}()
	clientErr = client.Handshake()
	if clientErr == nil {
		buf := []byte{'x'}
		if _, clientErr = client.Write(buf); clientErr == nil {
			_, clientErr = client.Read(buf)
		}
	}
	c2.Close()
	<-done
	return serverState, clientErr, serverErr
}
