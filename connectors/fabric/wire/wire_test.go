package wire

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"strings"
	"testing"
)

// The payout digest is the documented encoding: SHA-256 of the tag, the
// channel, the chaincode, the kind (each a 4-byte big-endian length and
// the bytes), the 32-byte id, the asset, the recipient, and the amount as
// 32 bytes big-endian.
func TestPayoutDigestEncoding(t *testing.T) {
	d := Domain{Channel: "ch", Chaincode: "cc", Bridge: "b"}
	var id [32]byte
	id[31] = 9
	got, err := d.PayoutDigest(KindRelease, id, "COCO", "Org1MSP:x", big.NewInt(0x0102))
	if err != nil {
		t.Fatal(err)
	}
	var m bytes.Buffer
	for _, s := range []string{"coco/fabric/payout/v1", "ch", "cc", "b", "release"} {
		m.Write([]byte{0, 0, 0, byte(len(s))})
		m.WriteString(s)
	}
	m.Write(id[:])
	for _, s := range []string{"COCO", "Org1MSP:x"} {
		m.Write([]byte{0, 0, 0, byte(len(s))})
		m.WriteString(s)
	}
	m.Write(append(make([]byte, 30), 1, 2))
	want := sha256.Sum256(m.Bytes())
	if !bytes.Equal(got, want[:]) {
		t.Fatalf("digest %x, want %x", got, want)
	}
}

// Fixed values: a change of any encoding must come with a new tag.
func TestDigestsAreStable(t *testing.T) {
	d := Domain{Channel: "cocochannel", Chaincode: "cocobridge", Bridge: BridgeID("cocochannel", "cocobridge", "tx0")}
	var id, root [32]byte
	for i := range id {
		id[i], root[i] = byte(i), byte(255-i)
	}
	payout, err := d.PayoutDigest(KindMint, id, "wETH", "Org1MSP:abc", big.NewInt(600))
	if err != nil {
		t.Fatal(err)
	}
	signers, err := d.SignersDigest([]string{testIdentity(t, 2), testIdentity(t, 1)}, 2, 7)
	if err != nil {
		t.Fatal(err)
	}
	tid := d.TransferID("tx1")
	for name, c := range map[string]struct {
		got  []byte
		want string
	}{
		"payout":      {payout, "be2fef2db194fec0d0dbb33d619ef11a3a166bf835dff03885ece4863b5f0526"},
		"anchor":      {d.AnchorDigest(42, root, 1700000000000000000), "f7609e1122162adf67e165cb3c6a3b5c01fb12a20bdb15d48944c13483479761"},
		"signers":     {signers, "e5061864465e1b486351e063ffef06f9e6b082a091265bfadd7892dd45e2892f"},
		"transfer id": {tid[:], "32f1bb4f869a606866cfd6645e7aa11ec9fb9a3b2ad62f1089ab433da0cbac0a"},
	} {
		if hex.EncodeToString(c.got) != c.want {
			t.Errorf("%s digest %x, want %s", name, c.got, c.want)
		}
	}
}

// Every field, and the domain, changes the digest; lengths keep fields
// apart.
func TestDigestsSeparate(t *testing.T) {
	d := Domain{Channel: "ch", Chaincode: "cc", Bridge: "b1"}
	var id [32]byte
	base, _ := d.PayoutDigest(KindMint, id, "a", "b", big.NewInt(1))
	var other [32]byte
	other[0] = 1
	variants := map[string]func() ([]byte, error){
		"kind":     func() ([]byte, error) { return d.PayoutDigest(KindRelease, id, "a", "b", big.NewInt(1)) },
		"id":       func() ([]byte, error) { return d.PayoutDigest(KindMint, other, "a", "b", big.NewInt(1)) },
		"asset|to": func() ([]byte, error) { return d.PayoutDigest(KindMint, id, "ab", "", big.NewInt(1)) },
		"to":       func() ([]byte, error) { return d.PayoutDigest(KindMint, id, "a", "c", big.NewInt(1)) },
		"amount":   func() ([]byte, error) { return d.PayoutDigest(KindMint, id, "a", "b", big.NewInt(2)) },
		"channel": func() ([]byte, error) {
			return Domain{"ch2", "cc", "b1"}.PayoutDigest(KindMint, id, "a", "b", big.NewInt(1))
		},
		"chaincode": func() ([]byte, error) {
			return Domain{"ch", "cc2", "b1"}.PayoutDigest(KindMint, id, "a", "b", big.NewInt(1))
		},
		"bridge": func() ([]byte, error) {
			return Domain{"ch", "cc", "b2"}.PayoutDigest(KindMint, id, "a", "b", big.NewInt(1))
		},
		"shifted": func() ([]byte, error) {
			return Domain{"c", "hcc", "b1"}.PayoutDigest(KindMint, id, "a", "b", big.NewInt(1))
		},
	}
	for name, f := range variants {
		got, err := f()
		if err != nil {
			if name == "asset|to" {
				continue // an empty recipient is refused outright
			}
			t.Fatalf("%s: %v", name, err)
		}
		if bytes.Equal(got, base) {
			t.Errorf("changing %s leaves the digest unchanged", name)
		}
	}
	for _, bad := range []*big.Int{nil, big.NewInt(0), big.NewInt(-1), new(big.Int).Lsh(big.NewInt(1), 256)} {
		if _, err := d.PayoutDigest(KindMint, id, "a", "b", bad); err == nil {
			t.Errorf("amount %v accepted", bad)
		}
	}
	if _, err := d.PayoutDigest("burn", id, "a", "b", big.NewInt(1)); err == nil {
		t.Error("kind burn accepted for a payout")
	}
	s1, _ := d.SignersDigest([]string{testIdentity(t, 1), testIdentity(t, 2)}, 2, 1)
	s2, _ := d.SignersDigest([]string{testIdentity(t, 2), testIdentity(t, 1)}, 2, 1)
	s3, _ := d.SignersDigest([]string{testIdentity(t, 2), testIdentity(t, 1)}, 2, 2)
	if s1 == nil || !bytes.Equal(s1, s2) || bytes.Equal(s1, s3) {
		t.Error("the signer digest depends on order or ignores the nonce")
	}
	c := d.CancelDigest(id)
	otherID := id
	otherID[31] ^= 1
	for name, x := range map[string][]byte{
		"payout":    base,
		"other id":  d.CancelDigest(otherID),
		"other cc":  Domain{"ch", "cc2", "b1"}.CancelDigest(id),
		"other b":   Domain{"ch", "cc", "b2"}.CancelDigest(id),
		"other ch":  Domain{"ch2", "cc", "b1"}.CancelDigest(id),
		"anchor id": d.AnchorDigest(0, id, 0),
	} {
		if bytes.Equal(c, x) {
			t.Errorf("the cancel digest equals the %s digest", name)
		}
	}
}

func TestBridgeIDs(t *testing.T) {
	a, b := BridgeID("ch", "cc", "tx1"), BridgeID("ch", "cc", "tx2")
	if a == b || CheckBridgeID(a) != nil || BridgeID("ch", "cc", "tx1") != a {
		t.Fatalf("bridge ids %s %s", a, b)
	}
	for _, bad := range []string{"", "ab", strings.ToUpper(a), a + "00"} {
		if CheckBridgeID(bad) == nil {
			t.Errorf("bridge id %q accepted", bad)
		}
	}
	if (Domain{"ch", "cc", "x"}).Validate() == nil || (Domain{"ch", "cc", a}).Validate() != nil {
		t.Error("Domain.Validate")
	}
}

func TestIdentities(t *testing.T) {
	for range 20 {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		id, err := Identity(&k.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := ParseIdentity(id)
		if err != nil || !pub.Equal(&k.PublicKey) {
			t.Fatalf("%s parses to %v, %v", id, pub, err)
		}
	}
	good := testIdentity(t, 1)
	for _, bad := range []string{"", good[:len(good)-2], "p256:" + strings.ToUpper(good[5:]), "p384:" + good[5:],
		"p256:04" + good[7:], "p256:02" + strings.Repeat("ff", 32)} {
		if _, err := ParseIdentity(bad); err == nil {
			t.Errorf("identity %q accepted", bad)
		}
	}
}

func TestCountValid(t *testing.T) {
	digest := sha256.Sum256([]byte("x"))
	var keys []*ecdsa.PrivateKey
	var set []string
	for i := range 4 {
		k, _ := ecdsa.ParseRawPrivateKey(elliptic.P256(), append(make([]byte, 31), byte(i+1)))
		keys = append(keys, k)
		id, _ := Identity(&k.PublicKey)
		if i < 3 {
			set = append(set, id)
		}
	}
	sig := func(i int, d []byte) Signature {
		s, err := ecdsa.SignASN1(rand.Reader, keys[i], d)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := Identity(&keys[i].PublicKey)
		return Signature{Signer: id, Sig: s}
	}
	other := sha256.Sum256([]byte("y"))
	s0 := sig(0, digest[:])
	forged := sig(3, digest[:])
	forged.Signer = set[1]
	for name, c := range map[string]struct {
		sigs []Signature
		want int
	}{
		"none":                  {nil, 0},
		"two distinct":          {[]Signature{sig(0, digest[:]), sig(2, digest[:])}, 2},
		"one repeated":          {[]Signature{s0, s0, sig(0, digest[:])}, 1},
		"not a member":          {[]Signature{sig(3, digest[:])}, 0},
		"member key, stranger":  {[]Signature{forged}, 0},
		"other digest":          {[]Signature{sig(1, other[:])}, 0},
		"garbage and one valid": {[]Signature{{Signer: set[2], Sig: []byte("junk")}, sig(1, digest[:])}, 1},
	} {
		if got := CountValid(set, digest[:], c.sigs); got != c.want {
			t.Errorf("%s: %d valid, want %d", name, got, c.want)
		}
	}
	if err := CheckSignerSet(append(set, set[0]), 2); err == nil {
		t.Error("a set with a repeated identity accepted")
	}
	if err := CheckSignerSet(set, 4); err == nil {
		t.Error("threshold above the set accepted")
	}
	if err := CheckSignerSet(set, 0); err == nil {
		t.Error("threshold 0 accepted")
	}
}

// Two disjoint groups of a set must never both be able to authorise: the
// threshold is a majority (2k > n).
func TestSignerSetThresholdIsAMajority(t *testing.T) {
	var set []string
	for range 4 {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		id, err := Identity(&k.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		set = append(set, id)
	}
	for n := 1; n <= 4; n++ {
		for k := 1; k <= n; k++ {
			err := CheckSignerSet(set[:n], k)
			if majority := 2*k > n; majority != (err == nil) {
				t.Errorf("%d of %d: %v", k, n, err)
			}
		}
	}
}

func TestRefusalCode(t *testing.T) {
	msg := "rpc error: code = Unknown desc = evaluate call to endorser returned error: chaincode response 500, " +
		Refusal(CodeExecuted, "transfer 00 was executed") + "\n"
	if got := RefusalCode(msg); got != CodeExecuted {
		t.Errorf("code %q in %q", got, msg)
	}
	for _, s := range []string{RefusedPrefix + "no code here", "not a refusal [executed]", RefusedPrefix + "[]", ""} {
		if got := RefusalCode(s); got != "" {
			t.Errorf("code %q in %q", got, s)
		}
	}
}

func TestParseAmount(t *testing.T) {
	max := MaxAmount().String()
	for _, ok := range []string{"0", "1", "600", max} {
		if v, err := ParseAmount(ok); err != nil || v.String() != ok {
			t.Errorf("%q: %v %v", ok, v, err)
		}
	}
	over := new(big.Int).Add(MaxAmount(), big.NewInt(1)).String()
	for _, bad := range []string{"", "-1", "+1", "01", "1.0", "1e3", " 1", "0x10", over, strings.Repeat("9", 100)} {
		if _, err := ParseAmount(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := ParsePositive("0"); err == nil {
		t.Error("ParsePositive accepted 0")
	}
}

func testIdentity(t *testing.T, seed byte) string {
	t.Helper()
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), append(make([]byte, 31), seed))
	if err != nil {
		t.Fatal(err)
	}
	id, err := Identity(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
