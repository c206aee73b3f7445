package chaincode

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

const (
	testChannel   = "cocochannel"
	testChaincode = "cocobridge"
	native        = "COCO"
	wrapped       = "wETH"
)

// env is the bridge chaincode on an in-memory ledger, with two
// organisations' users and relay keys.
type env struct {
	t       *testing.T
	l       *memLedger
	cc      *contractapi.ContractChaincode
	org1    *org
	org2    *org
	minter  *user // Org1's: it initialized the token
	dom     wire.Domain
	relays  []*ecdsa.PrivateKey
	strange []*ecdsa.PrivateKey
}

type org struct {
	msp  string
	key  *ecdsa.PrivateKey
	cert *x509.Certificate
}

type user struct {
	name    string
	creator []byte // serialized msp identity
	account string
}

// newEnv initializes the token (supply 1,000,000 held by the minter) and
// the bridge with 3 relay nodes, 2 of which must sign.
func newEnv(t *testing.T) *env {
	t.Helper()
	cc, err := New()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, l: newMemLedger(testChannel, testChaincode), cc: cc}
	e.org1 = newOrg(t, "Org1MSP", "ca.org1.example.com")
	e.org2 = newOrg(t, "Org2MSP", "ca.org2.example.com")
	e.minter = e.user(e.org1, "minter")
	e.must(e.minter, "Initialize", "Coco Token", native, "2")
	e.must(e.minter, "Mint", "1000000")
	var ids []string
	for range 3 {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		e.relays = append(e.relays, k)
		ids = append(ids, identity(t, k))
		s, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		e.strange = append(e.strange, s)
	}
	set, _ := json.Marshal(ids)
	e.must(e.minter, "SetupBridge", string(set), "2")
	e.dom = wire.Domain{Channel: testChannel, Chaincode: testChaincode, Bridge: e.must(e.minter, "BridgeID")}
	return e
}

func newOrg(t *testing.T, mspID, caName string) *org {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: caName, Organization: []string{"example"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &org{msp: mspID, key: key, cert: cert}
}

// user issues a client certificate from o's CA and learns its account.
func (e *env) user(o *org, name string) *user {
	e.t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: name, OrganizationalUnit: []string{"client"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, o.cert, &key.PublicKey, o.key)
	if err != nil {
		e.t.Fatal(err)
	}
	creator, err := proto.Marshal(&msp.SerializedIdentity{Mspid: o.msp, IdBytes: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})})
	if err != nil {
		e.t.Fatal(err)
	}
	u := &user{name: name, creator: creator}
	u.account = e.must(u, "ClientAccountID")
	return u
}

// simulate endorses fn(args) by u on the current state without
// committing it.
func (e *env) simulate(u *user, fn string, args ...string) (*memStub, string, error) {
	s := e.l.newStub(u.creator, fn, args...)
	resp := e.cc.Invoke(s)
	if resp.GetStatus() != 200 {
		return s, "", errors.New(resp.GetMessage())
	}
	return s, string(resp.GetPayload()), nil
}

// call simulates and commits fn(args) by u. A transaction the ledger
// invalidates (MVCC) is an error too.
func (e *env) call(u *user, fn string, args ...string) (string, error) {
	s, out, err := e.simulate(u, fn, args...)
	if err != nil {
		return "", err
	}
	if !e.l.commit(s) {
		return "", errors.New("MVCC conflict")
	}
	return out, nil
}

func (e *env) must(u *user, fn string, args ...string) string {
	e.t.Helper()
	out, err := e.call(u, fn, args...)
	if err != nil {
		e.t.Fatalf("%s%q by %s: %v", fn, args, u.name, err)
	}
	return out
}

// refused checks that fn(args) is refused on its merits and changes
// nothing.
func (e *env) refused(u *user, fn string, args ...string) {
	e.t.Helper()
	before := e.l.version
	_, err := e.call(u, fn, args...)
	if err == nil || !strings.HasPrefix(err.Error(), wire.RefusedPrefix) {
		e.t.Fatalf("%s%q by %s: %v, want a refusal", fn, args, u.name, err)
	}
	if e.l.version != before {
		e.t.Fatalf("%s%q was refused but committed", fn, args)
	}
}

func identity(t *testing.T, k *ecdsa.PrivateKey) string {
	id, err := wire.Identity(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// sign returns the signatures of keys over digest as the chaincode takes
// them (a JSON array).
func sign(t *testing.T, digest []byte, keys ...*ecdsa.PrivateKey) string {
	t.Helper()
	var sigs []wire.Signature
	for _, k := range keys {
		sig, err := ecdsa.SignASN1(rand.Reader, k, digest)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, wire.Signature{Signer: identity(t, k), Sig: sig})
	}
	b, _ := json.Marshal(sigs)
	return string(b)
}

func payoutDigest(t *testing.T, d wire.Domain, kind string, id [32]byte, asset, to string, amount int64) []byte {
	t.Helper()
	digest, err := d.PayoutDigest(kind, id, asset, to, big.NewInt(amount))
	if err != nil {
		t.Fatal(err)
	}
	return digest
}

func newID() ([32]byte, string) {
	var id [32]byte
	rand.Read(id[:])
	return id, hexID(id)
}

func hexID(id [32]byte) string { return hex.EncodeToString(id[:]) }

// amounts sums, per asset, every balance in the committed state and reads
// every supply.
func (e *env) amounts() (balances, supplies map[string]*big.Int) {
	balances, supplies = map[string]*big.Int{}, map[string]*big.Int{}
	for k, v := range e.l.state {
		if !strings.HasPrefix(k, "\x00") {
			continue
		}
		parts := strings.Split(k[1:len(k)-1], "\x00")
		amt, err := wire.ParseAmount(string(v.value))
		switch parts[0] {
		case objBalance, objSupply:
			if err != nil {
				e.t.Fatalf("state %q = %q: %v", k, v.value, err)
			}
		default:
			continue
		}
		m := balances
		if parts[0] == objSupply {
			m = supplies
		}
		if m[parts[1]] == nil {
			m[parts[1]] = new(big.Int)
		}
		m[parts[1]].Add(m[parts[1]], amt)
	}
	return balances, supplies
}

// conserved checks that every asset's supply is the sum of its balances.
func (e *env) conserved() {
	e.t.Helper()
	balances, supplies := e.amounts()
	for asset, s := range supplies {
		b := balances[asset]
		if b == nil {
			b = new(big.Int)
		}
		if b.Cmp(s) != 0 {
			e.t.Fatalf("%s: balances sum to %s, supply is %s", asset, b, s)
		}
	}
	for asset := range balances {
		if supplies[asset] == nil {
			e.t.Fatalf("%s has balances but no supply", asset)
		}
	}
}

func (e *env) balance(asset, account string) int64 {
	e.t.Helper()
	v, err := e.call(e.minter, "AssetBalanceOf", asset, account)
	if err != nil {
		e.t.Fatal(err)
	}
	n, _ := new(big.Int).SetString(v, 10)
	return n.Int64()
}

func newRand(seed uint64) *mrand.Rand { return mrand.New(mrand.NewPCG(seed, seed)) }
