package wire

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"strings"
	"testing"
)

const testUser = "aa00000000000000000000000000000000000000000000000000000000000001"

// The pull digest is the documented encoding: the tag and domain, the
// kind, the 32-byte id, asset, holder, user, the amount as 32 bytes
// big-endian, the destination ledger and account, strings length-prefixed.
func TestPullDigestEncoding(t *testing.T) {
	d := Domain{Channel: "ch", Chaincode: "cc", Bridge: "b"}
	var id [32]byte
	id[0] = 7
	got, err := d.PullDigest(KindLock, id, "COCO", "Org1MSP:h", testUser, big.NewInt(0x0304), "eth", "0xa")
	if err != nil {
		t.Fatal(err)
	}
	var m bytes.Buffer
	str := func(ss ...string) {
		for _, s := range ss {
			m.Write([]byte{0, 0, 0, byte(len(s))})
			m.WriteString(s)
		}
	}
	str("coco/fabric/pull/v1", "ch", "cc", "b", "lock")
	m.Write(id[:])
	str("COCO", "Org1MSP:h", testUser)
	m.Write(append(make([]byte, 30), 3, 4))
	str("eth", "0xa")
	want := sha256.Sum256(m.Bytes())
	if !bytes.Equal(got, want[:]) {
		t.Fatalf("digest %x, want %x", got, want)
	}
}

// Every field, and the domain, changes the pull digest; it never equals
// a payout or cancel digest of the same id.
func TestPullDigestSeparates(t *testing.T) {
	d := Domain{Channel: "ch", Chaincode: "cc", Bridge: "b1"}
	var id, other [32]byte
	other[5] = 1
	type f struct {
		dom                     Domain
		kind                    string
		id                      [32]byte
		asset, holder, user     string
		amount                  int64
		destLedger, destAccount string
	}
	base := f{d, KindBurn, id, "wETH", "Org1MSP:h", testUser, 5, "eth", "0xa"}
	digest := func(x f) []byte {
		t.Helper()
		b, err := x.dom.PullDigest(x.kind, x.id, x.asset, x.holder, x.user, big.NewInt(x.amount), x.destLedger, x.destAccount)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b0 := digest(base)
	for name, change := range map[string]func(*f){
		"domain":         func(x *f) { x.dom.Bridge = "b2" },
		"channel":        func(x *f) { x.dom.Channel = "ch2" },
		"kind":           func(x *f) { x.kind = KindLock },
		"id":             func(x *f) { x.id = other },
		"asset":          func(x *f) { x.asset = "wBTC" },
		"holder":         func(x *f) { x.holder = "Org2MSP:h" },
		"user":           func(x *f) { x.user = "bb" + testUser[2:] },
		"amount":         func(x *f) { x.amount = 6 },
		"ledger":         func(x *f) { x.destLedger = "eth2" },
		"account":        func(x *f) { x.destAccount = "0xb" },
		"ledger|account": func(x *f) { x.destLedger, x.destAccount = "eth0", "xa" },
	} {
		x := base
		change(&x)
		if bytes.Equal(digest(x), b0) {
			t.Errorf("changing %s leaves the pull digest unchanged", name)
		}
	}
	payout, _ := d.PayoutDigest(KindMint, id, "wETH", "Org1MSP:h", big.NewInt(5))
	if bytes.Equal(payout, b0) || bytes.Equal(d.CancelDigest(id), b0) {
		t.Error("the pull digest equals a payout or cancel digest")
	}
}

// PullDigest refuses what the chaincode refuses.
func TestPullDigestRefusesBadFields(t *testing.T) {
	d := Domain{Channel: "ch", Chaincode: "cc", Bridge: "b1"}
	var id [32]byte
	for name, c := range map[string]struct {
		kind, asset, holder, user, ledger, account string
		amount                                     *big.Int
	}{
		"kind mint":           {KindMint, "a", "M:h", testUser, "eth", "0x", big.NewInt(1)},
		"no asset":            {KindLock, "", "M:h", testUser, "eth", "0x", big.NewInt(1)},
		"bad asset":           {KindLock, ".a", "M:h", testUser, "eth", "0x", big.NewInt(1)},
		"holder without MSP":  {KindLock, "a", "h", testUser, "eth", "0x", big.NewInt(1)},
		"holder control char": {KindLock, "a", "M:h\n", testUser, "eth", "0x", big.NewInt(1)},
		"user uppercase":      {KindLock, "a", "M:h", strings.ToUpper(testUser), "eth", "0x", big.NewInt(1)},
		"user short":          {KindLock, "a", "M:h", testUser[2:], "eth", "0x", big.NewInt(1)},
		"no ledger":           {KindLock, "a", "M:h", testUser, "", "0x", big.NewInt(1)},
		"long ledger":         {KindLock, "a", "M:h", testUser, strings.Repeat("l", MaxLedgerName+1), "0x", big.NewInt(1)},
		"long account":        {KindLock, "a", "M:h", testUser, "eth", strings.Repeat("a", MaxAccount+1), big.NewInt(1)},
		"zero":                {KindLock, "a", "M:h", testUser, "eth", "0x", big.NewInt(0)},
		"nil amount":          {KindLock, "a", "M:h", testUser, "eth", "0x", nil},
		"too large":           {KindLock, "a", "M:h", testUser, "eth", "0x", new(big.Int).Lsh(big.NewInt(1), 256)},
	} {
		if _, err := d.PullDigest(c.kind, id, c.asset, c.holder, c.user, c.amount, c.ledger, c.account); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A fixed value: a change of the encoding must come with a new tag.
func TestPullDigestIsStable(t *testing.T) {
	d := Domain{Channel: "cocochannel", Chaincode: "cocobridge", Bridge: BridgeID("cocochannel", "cocobridge", "tx0")}
	var id [32]byte
	for i := range id {
		id[i] = byte(i)
	}
	got, err := d.PullDigest(KindBurn, id, "wETH", "Org1MSP:abc", testUser, big.NewInt(600), "ethereum", "0xabc")
	if err != nil {
		t.Fatal(err)
	}
	if want := "f632523cc7d7f4675258dc622f8d8999c4c91d81be52e10a2623b5b1bc190747"; hex.EncodeToString(got) != want {
		t.Fatalf("pull digest %x, want %s", got, want)
	}
}
