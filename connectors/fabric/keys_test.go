package fabric

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
	"github.com/cocorelay/coco/enclave"
)

func TestRelayKeys(t *testing.T) {
	p, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "keys", "relay.sealed")
	k, err := NewRelayKey(p, path)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("sealed key file: %v %v", info, err)
	}
	if _, err := NewRelayKey(p, path); err == nil {
		t.Fatal("an existing key was replaced")
	}
	again, err := LoadRelayKey(p, path)
	if err != nil || again.Identity() != k.Identity() {
		t.Fatalf("loaded %v %v, want %s", again, err, k.Identity())
	}
	digest := sha256.Sum256([]byte("payout"))
	sig, err := again.Sign(digest[:])
	if err != nil {
		t.Fatal(err)
	}
	if sig.Signer != k.Identity() || wire.CountValid([]string{k.Identity()}, digest[:], []wire.Signature{{Signer: sig.Signer, Sig: sig.Sig}}) != 1 {
		t.Fatalf("the chaincode's check refuses the key's signature %+v", sig)
	}
	if _, err := k.Sign(digest[:31]); err == nil {
		t.Fatal("signed a digest of 31 bytes")
	}
	if k.String() != k.Identity() || k.LogValue().String() != k.Identity() {
		t.Fatal("the key prints more than its identity")
	}
	// A sealed client key is not a relay key, and the other way round.
	f := writeTestFiles(t)
	if _, err := LoadRelayKey(f.platform, f.sealed); err == nil || !strings.Contains(err.Error(), "not a sealed Coco Fabric relay key") {
		t.Fatalf("a client key loaded as a relay key: %v", err)
	}
	if _, err := loadClientKey(p, path); err == nil {
		t.Fatal("a relay key loaded as a client key")
	}
}

func TestSealClientKey(t *testing.T) {
	f := writeTestFiles(t)
	k, err := loadClientKey(f.platform, f.sealed)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := readCertificate(f.cert)
	if err != nil {
		t.Fatal(err)
	}
	if !k.Public().(*ecdsa.PublicKey).Equal(cert.PublicKey) {
		t.Fatal("the unsealed key is not the certificate's")
	}
	if err := SealClientKey(f.platform, f.keyPEM, f.sealed); err == nil {
		t.Fatal("an existing sealed key was replaced")
	}
	// SEC 1 keys (EC PRIVATE KEY) are accepted too.
	ec, _ := x509.MarshalECPrivateKey(k.(*ecdsa.PrivateKey))
	sec1 := filepath.Join(f.dir, "sec1.pem")
	os.WriteFile(sec1, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ec}), 0o600)
	if err := SealClientKey(f.platform, sec1, filepath.Join(f.dir, "sec1.sealed")); err != nil {
		t.Fatal(err)
	}
	if err := SealClientKey(f.platform, f.cert, filepath.Join(f.dir, "x.sealed")); err == nil {
		t.Fatal("a certificate was sealed as a key")
	}
}

func TestNew(t *testing.T) {
	defer goleak.VerifyNone(t)
	f := writeTestFiles(t)
	path := f.config(t, `coco:
  name: fabric-org1
  connection_profile: profile.json
  channel: mychannel
  chaincode: cocobridge
  bridge_id: `+testBridge+`
  identity: {certificate: cert.pem, sealed_key: key.sealed}
`)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(cfg, Options{}); err == nil {
		t.Fatal("New without a platform")
	}
	// No peer is running: New connects lazily and does not fail.
	c, err := New(cfg, Options{Platform: f.platform})
	if err != nil {
		t.Fatal(err)
	}
	if c.Name() != "fabric-org1" || c.Domain() != (wire.Domain{Channel: "mychannel", Chaincode: "cocobridge", Bridge: testBridge}) {
		t.Fatalf("name %s, domain %+v", c.Name(), c.Domain())
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Balance(t.Context(), "COCO", "x"); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("a call after Close: %v", err)
	}

	// A certificate that is not the sealed key's.
	other := writeTestFiles(t)
	cfg.Coco.Identity.Certificate = other.cert
	if _, err := New(cfg, Options{Platform: f.platform}); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Fatalf("mismatched key and certificate: %v", err)
	}
}

func TestSignedPayoutFile(t *testing.T) {
	var id connectors.ID
	id[0] = 7
	p := connectors.Payout{ID: id, Kind: connectors.Mint, Asset: "wETH", To: "Org1MSP:x", Amount: big.NewInt(600)}
	sigs := []connectors.Signature{{Signer: "p256:02aa", Sig: []byte{1, 2, 3}}}
	b, err := json.Marshal(NewSignedPayout(p, sigs))
	if err != nil {
		t.Fatal(err)
	}
	var sp SignedPayout
	if err := json.Unmarshal(b, &sp); err != nil {
		t.Fatal(err)
	}
	gotP, gotSigs, err := sp.Parse()
	if err != nil || gotP.ID != id || gotP.Kind != p.Kind || gotP.Amount.Cmp(p.Amount) != 0 || gotP.To != p.To ||
		len(gotSigs) != 1 || string(gotSigs[0].Sig) != string(sigs[0].Sig) {
		t.Fatalf("round trip: %+v %+v %v", gotP, gotSigs, err)
	}
	_, _, err = SignedPayout{Kind: "burn", Amount: "-1", Signatures: []SignatureJSON{{Sig: "zz"}}}.Parse()
	for _, field := range []string{"id", "amount", "kind", "asset", "to", "signatures[0].sig"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("the error does not name %s: %v", field, err)
		}
	}
}
