package native

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/ledger"
)

// chain applies transactions to a MapState in order, like the replicas do.
type chain struct {
	t     *testing.T
	state *ledger.MapState
	seq   uint64
}

func newChain(t *testing.T) *chain { return &chain{t: t, state: ledger.NewMapState()} }

// run executes fn as one transaction; on error nothing is applied.
func (c *chain) run(fn func(tx *ledger.Tx) error) error {
	c.seq++
	tx := ledger.NewTx(ledger.TxID{View: 1, Seqno: c.seq}, time.Unix(1700000000, 0), c.state)
	if err := fn(tx); err != nil {
		c.seq--
		return err
	}
	rec, _, err := tx.Finish()
	if err != nil {
		c.t.Fatal(err)
	}
	c.state.Apply(rec)
	return nil
}

func (c *chain) must(fn func(tx *ledger.Tx) error) {
	c.t.Helper()
	if err := c.run(fn); err != nil {
		c.t.Fatal(err)
	}
}

func amt(s string) *uint256.Int { return uint256.MustFromDecimal(s) }

func setup(t *testing.T) *chain {
	c := newChain(t)
	c.must(func(tx *ledger.Tx) error { _, err := CreateAsset(tx, "bank", "USD", 2); return err })
	for _, a := range []struct{ id, owner string }{{"treasury", "bank"}, {"alice", "alice"}, {"bob", "bob"}} {
		c.must(func(tx *ledger.Tx) error { _, err := CreateAccount(tx, a.owner, a.id); return err })
	}
	c.must(func(tx *ledger.Tx) error { _, err := Mint(tx, "bank", "USD", "treasury", amt("1000")); return err })
	return c
}

func TestMintTransferBurn(t *testing.T) {
	c := setup(t)
	c.must(func(tx *ledger.Tx) error {
		_, err := Transfer(tx, "bank", "USD", "treasury", "alice", amt("300"), "salary")
		return err
	})
	c.must(func(tx *ledger.Tx) error {
		_, err := Transfer(tx, "alice", "USD", "alice", "bob", amt("120"), "")
		return err
	})
	c.must(func(tx *ledger.Tx) error { _, err := Burn(tx, "bob", "USD", "bob", amt("20")); return err })
	want := map[string]string{"treasury": "700", "alice": "180", "bob": "100"}
	for acct, w := range want {
		b, err := Balance(c.state, "USD", acct)
		if err != nil || b.Dec() != w {
			t.Errorf("%s holds %v (%v), want %s", acct, b, err, w)
		}
	}
	a, _ := GetAsset(c.state, "USD")
	if a.Supply != "980" || a.Issuer != "bank" || a.Decimals != 2 {
		t.Fatalf("asset %+v", a)
	}
	bals, err := Balances(c.state, "alice")
	if err != nil || bals["USD"] != "180" || len(bals) != 1 {
		t.Fatalf("balances %v, %v", bals, err)
	}
	page, err := History(c.state, "alice", "", 10)
	if err != nil || len(page.Entries) != 2 || page.Entries[0].Kind != KindTransferIn || page.Entries[0].Memo != "salary" ||
		page.Entries[1].Kind != KindTransferOut || page.Entries[1].Counterparty != "bob" {
		t.Fatalf("history %+v, %v", page, err)
	}
	first, _ := History(c.state, "alice", "", 1)
	if first.Next == "" || len(first.Entries) != 1 {
		t.Fatalf("first page %+v", first)
	}
	rest, _ := History(c.state, "alice", first.Next, 10)
	if len(rest.Entries) != 1 || rest.Entries[0].TxID != page.Entries[1].TxID || rest.Next != "" {
		t.Fatalf("second page %+v", rest)
	}
}

func TestRefusals(t *testing.T) {
	c := setup(t)
	max := new(uint256.Int).SetAllOne()
	cases := []struct {
		name  string
		fn    func(tx *ledger.Tx) error
		kind  error
		field string
	}{
		{"mint by non-issuer", func(tx *ledger.Tx) error { _, err := Mint(tx, "alice", "USD", "alice", amt("1")); return err }, ErrForbidden, "asset"},
		{"transfer from another's account", func(tx *ledger.Tx) error {
			_, err := Transfer(tx, "bob", "USD", "alice", "bob", amt("1"), "")
			return err
		}, ErrNotFound, "from"}, // the same answer as a missing account: no existence oracle
		{"burn from another's account", func(tx *ledger.Tx) error { _, err := Burn(tx, "alice", "USD", "bob", amt("1")); return err }, ErrNotFound, "account"},
		{"unknown asset", func(tx *ledger.Tx) error {
			_, err := Transfer(tx, "bank", "EUR", "treasury", "alice", amt("1"), "")
			return err
		}, ErrNotFound, "asset"},
		{"unknown source", func(tx *ledger.Tx) error {
			_, err := Transfer(tx, "bank", "USD", "nobody", "alice", amt("1"), "")
			return err
		}, ErrNotFound, "from"},
		{"unknown destination", func(tx *ledger.Tx) error {
			_, err := Transfer(tx, "bank", "USD", "treasury", "nobody", amt("1"), "")
			return err
		}, ErrNotFound, "to"},
		{"insufficient", func(tx *ledger.Tx) error {
			_, err := Transfer(tx, "bank", "USD", "treasury", "alice", amt("1001"), "")
			return err
		}, ErrInsufficient, "amount"},
		{"to self", func(tx *ledger.Tx) error {
			_, err := Transfer(tx, "bank", "USD", "treasury", "treasury", amt("1"), "")
			return err
		}, ErrInvalid, "to"},
		{"zero", func(tx *ledger.Tx) error {
			_, err := Transfer(tx, "bank", "USD", "treasury", "alice", new(uint256.Int), "")
			return err
		}, ErrInvalid, "amount"},
		{"supply overflow", func(tx *ledger.Tx) error { _, err := Mint(tx, "bank", "USD", "alice", max); return err }, ErrOverflow, "amount"},
		{"long memo", func(tx *ledger.Tx) error {
			_, err := Transfer(tx, "bank", "USD", "treasury", "alice", amt("1"), strings.Repeat("m", MaxMemo+1))
			return err
		}, ErrInvalid, "memo"},
		{"duplicate asset", func(tx *ledger.Tx) error { _, err := CreateAsset(tx, "alice", "USD", 0); return err }, ErrExists, "asset"},
		{"duplicate account", func(tx *ledger.Tx) error { _, err := CreateAccount(tx, "bob", "alice"); return err }, ErrExists, "account"},
		{"bad account name", func(tx *ledger.Tx) error { _, err := CreateAccount(tx, "bob", "-x"); return err }, ErrInvalid, "account"},
		{"bad decimals", func(tx *ledger.Tx) error { _, err := CreateAsset(tx, "bob", "X", 77); return err }, ErrInvalid, "decimals"},
	}
	before := c.seq
	for _, tc := range cases {
		err := c.run(tc.fn)
		var ne *Error
		if !errors.Is(err, tc.kind) || !errors.As(err, &ne) || ne.Field != tc.field {
			t.Errorf("%s: got %v, want %v on field %s", tc.name, err, tc.kind, tc.field)
		}
	}
	if c.seq != before {
		t.Fatal("a refused operation committed")
	}
	b, _ := Balance(c.state, "USD", "treasury")
	if b.Dec() != "1000" {
		t.Fatalf("treasury changed to %s", b.Dec())
	}
}

func TestParseAmount(t *testing.T) {
	ok := map[string]string{"1": "1", "42": "42", strings.Repeat("9", 77): strings.Repeat("9", 77),
		"115792089237316195423570985008687907853269984665640564039457584007913129639935": "115792089237316195423570985008687907853269984665640564039457584007913129639935"}
	for in, want := range ok {
		v, err := ParseAmount("amount", in)
		if err != nil || v.Dec() != want {
			t.Errorf("ParseAmount(%q) = %v, %v", in, v, err)
		}
	}
	bad := map[string]error{"": ErrInvalid, "0": ErrInvalid, "-5": ErrInvalid, "007": ErrInvalid, "1.5": ErrInvalid, "1e3": ErrInvalid, " 1": ErrInvalid, "+1": ErrInvalid,
		"115792089237316195423570985008687907853269984665640564039457584007913129639936": ErrOverflow, strings.Repeat("1", 79): ErrOverflow}
	for in, kind := range bad {
		if _, err := ParseAmount("amount", in); !errors.Is(err, kind) || !strings.HasPrefix(err.Error(), "amount: ") {
			t.Errorf("ParseAmount(%q) = %v, want %v naming the field", in, err, kind)
		}
	}
}

// Total supply per asset equals the sum of balances after every one of
// many random operations, including refused ones.
func TestSupplyConservedOverRandomOperations(t *testing.T) {
	c := newChain(t)
	rng := rand.New(rand.NewPCG(1, 2))
	assets := []string{"USD", "EUR"}
	var accounts []string
	for i := range 8 {
		accounts = append(accounts, fmt.Sprintf("a%d", i))
		c.must(func(tx *ledger.Tx) error {
			_, err := CreateAccount(tx, fmt.Sprintf("u%d", i%4), accounts[i])
			return err
		})
	}
	for _, a := range assets {
		c.must(func(tx *ledger.Tx) error { _, err := CreateAsset(tx, "u0", a, 0); return err })
	}
	owner := func(acct string) string { return fmt.Sprintf("u%d", (int(acct[1])-'0')%4) }
	for i := 0; i < 3000; i++ {
		asset := assets[rng.IntN(len(assets))]
		a, b := accounts[rng.IntN(len(accounts))], accounts[rng.IntN(len(accounts))]
		n := uint256.NewInt(uint64(rng.IntN(500)))
		var err error
		switch op := rng.IntN(10); {
		case op == 0:
			err = c.run(func(tx *ledger.Tx) error { _, err := Mint(tx, "u0", asset, a, n); return err })
		case op == 1:
			err = c.run(func(tx *ledger.Tx) error { _, err := Burn(tx, owner(a), asset, a, n); return err })
		default:
			caller := owner(a)
			if rng.IntN(8) == 0 {
				caller = "intruder"
			}
			err = c.run(func(tx *ledger.Tx) error { _, err := Transfer(tx, caller, asset, a, b, n, ""); return err })
		}
		var ne *Error
		if err != nil && !errors.As(err, &ne) {
			t.Fatalf("operation %d: unexpected error %v", i, err)
		}
		for _, as := range assets {
			sum := new(uint256.Int)
			for _, acct := range accounts {
				bal, err := Balance(c.state, as, acct)
				if err != nil {
					t.Fatal(err)
				}
				sum.Add(sum, bal)
			}
			info, _ := GetAsset(c.state, as)
			if sum.Dec() != info.Supply {
				t.Fatalf("after operation %d: %s balances sum to %s, supply is %s", i, as, sum.Dec(), info.Supply)
			}
		}
	}
}
