package governance

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger"
)

func pubPEM(t *testing.T, pub any) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func certPEM(t *testing.T, key any, pub any) string {
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "x"}, NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func TestParseIdentityKey(t *testing.T) {
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	edPub, edKey, _ := ed25519.GenerateKey(rand.Reader)
	for name, text := range map[string]string{
		"p256 key": pubPEM(t, &p256.PublicKey), "p384 cert": certPEM(t, p384, &p384.PublicKey),
		"ed25519 key": pubPEM(t, edPub), "ed25519 cert": certPEM(t, edKey, edPub),
	} {
		pub, id, err := ParseIdentityKey(text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, _ := enclave.KeyID(pub)
		if id != want || len(id) != 64 {
			t.Fatalf("%s: id %q", name, id)
		}
	}
	for name, text := range map[string]string{
		"p521":        pubPEM(t, &p521.PublicKey),
		"not PEM":     "hello",
		"two blocks":  pubPEM(t, edPub) + pubPEM(t, edPub),
		"wrong block": string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}})),
		"garbage":     string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1, 2}})),
	} {
		if _, _, err := ParseIdentityKey(text); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestGenesisWritesOnce(t *testing.T) {
	svc, _ := enclave.NewServiceIdentity("gov test", time.Now())
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	userPub, _, _ := ed25519.GenerateKey(rand.Reader)
	g := &Genesis{
		Settings:    Settings{ServiceName: "gov test", AllowVirtualNodes: true},
		ServiceCert: svc.CertDER,
		Members:     []Identity{{Name: "m0", Cert: pubPEM(t, edPub)}},
		Users:       []Identity{{Name: "u0", Cert: pubPEM(t, userPub)}},
		FirstNode:   Node{ID: 1, Status: NodeTrusted, RaftAddress: "127.0.0.1:1", APIURL: "https://127.0.0.1:2", Platform: enclave.Virtual, Measurement: strings.Repeat("ab", 32)},
	}
	st := ledger.NewMapState()
	run := func(seq uint64) (bool, error) {
		tx := ledger.NewTx(ledger.TxID{View: 1, Seqno: seq}, time.Now(), st)
		ok, err := ApplyGenesis(tx, g)
		if err == nil {
			rec, _, ferr := tx.Finish()
			if ferr != nil {
				t.Fatal(ferr)
			}
			st.Apply(rec)
		}
		return ok, err
	}
	if ok, err := run(1); !ok || err != nil {
		t.Fatalf("genesis: %v %v", ok, err)
	}
	if ok, err := run(2); ok || err != nil {
		t.Fatalf("second genesis: %v %v", ok, err)
	}
	r := stateGetter{st}
	_, uid, _ := ParseIdentityKey(g.Users[0].Cert)
	if u, err := GetUser(r, uid); err != nil || u.Name != "u0" {
		t.Fatalf("user: %+v %v", u, err)
	}
	_, mid, _ := ParseIdentityKey(g.Members[0].Cert)
	if _, err := GetUser(r, mid); !errors.Is(err, ErrUnknownIdentity) {
		t.Fatalf("a member is not a user: %v", err)
	}
	if m, err := GetMember(r, mid); err != nil || m.Name != "m0" {
		t.Fatalf("member: %+v %v", m, err)
	}
	if n, err := GetNode(r, 1); err != nil || n.APIURL != g.FirstNode.APIURL {
		t.Fatalf("node: %+v %v", n, err)
	}
	if last, _ := LastNodeID(r); last != 1 {
		t.Fatalf("last node id %d", last)
	}
	s, err := GetSettings(r)
	if err != nil || !s.AllowVirtualNodes {
		t.Fatalf("settings %+v %v", s, err)
	}
	bad := *g
	bad.Members = nil
	bad.Users = []Identity{{Name: "", Cert: "junk"}}
	err = bad.Validate()
	for _, want := range []string{"members: at least one", "users[0]: name", "users[0]: cert"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validation does not report %q: %v", want, err)
		}
	}
}

type stateGetter struct{ s *ledger.MapState }

func (g stateGetter) Get(table string, key []byte) ([]byte, bool, error) {
	v, _, ok, err := g.s.Get(table, key)
	return v, ok, err
}
