package relay

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/relay/client"
)

// memState is committed state in memory: what transactions executed over
// it wrote, applied in order.
type memState struct {
	rows map[string][]byte
	seq  uint64
}

func (m *memState) Get(table string, key []byte) ([]byte, uint64, bool, error) {
	v, ok := m.rows[table+"\x00"+string(key)]
	return v, 0, ok, nil
}

func (m *memState) Scan(table string, prefix, after []byte, limit int) ([]ledger.KV, error) {
	var out []ledger.KV
	for k, v := range m.rows {
		t, key, _ := bytes.Cut([]byte(k), []byte{0})
		if string(t) == table && bytes.HasPrefix(key, prefix) && (after == nil || bytes.Compare(key, after) > 0) {
			out = append(out, ledger.KV{Key: key, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b ledger.KV) int { return bytes.Compare(a.Key, b.Key) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// exec runs fn as a transaction and applies its writes.
func (m *memState) exec(t *testing.T, fn func(tx *ledger.Tx) error) {
	t.Helper()
	m.seq++
	tx := ledger.NewTx(ledger.TxID{View: 1, Seqno: m.seq}, time.Now(), m)
	if err := fn(tx); err != nil {
		t.Fatal(err)
	}
	rec, _, err := tx.Finish()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range rec.Writes {
		m.rows[w.Table+"\x00"+string(w.Key)] = w.Value
	}
}

// Issue 8, must show 2: a transfer's parties, the members and the
// designated auditors read its details; nobody else does.
func TestTransferVisibility(t *testing.T) {
	s := &memState{rows: map[string][]byte{}}
	s.exec(t, func(tx *ledger.Tx) error {
		if _, err := native.CreateAccount(tx, "owner-of-alice", "alice"); err != nil {
			return err
		}
		_, err := native.CreateAccount(tx, "owner-of-bob", "bob")
		return err
	})
	tr := &Transfer{ID: "ab", Amount: "10", Memo: "rent",
		Source:      Endpoint{Ledger: "native", Account: "alice"},
		Destination: Endpoint{Ledger: "sepolia", Account: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"},
		Requester:   "requesting-user"}
	cases := []struct {
		name string
		c    *caller
		want bool
	}{
		{"member", &caller{ID: "m1", Member: true}, true},
		{"requester", &caller{ID: "requesting-user"}, true},
		{"owner of the source account", &caller{ID: "owner-of-alice"}, true},
		{"owner of an unrelated account", &caller{ID: "owner-of-bob"}, false},
		{"another user", &caller{ID: "stranger"}, false},
		{"auditor before designation", &caller{ID: "auditor-1"}, false},
		{"anonymous", &caller{}, false},
		{"no caller", nil, false},
	}
	for _, c := range cases {
		if got := transferVisible(s, c.c, tr); got != c.want {
			t.Errorf("%s: visible = %v, want %v", c.name, got, c.want)
		}
	}
	// Designated by governance (the row set_auditors writes).
	ids, _ := json.Marshal([]string{"auditor-1"})
	s.rows[governance.TableConfidentiality+"\x00auditors"] = ids
	if ok, err := governance.IsAuditor(readerOf(s), "auditor-1"); err != nil || !ok {
		t.Fatalf("IsAuditor = %v, %v", ok, err)
	}
	if !transferVisible(s, &caller{ID: "auditor-1"}, tr) {
		t.Error("a designated auditor cannot read the transfer")
	}
	if transferVisible(s, &caller{ID: "stranger"}, tr) {
		t.Error("designating an auditor let another user in")
	}
	// A transfer with no requester does not match an anonymous caller.
	chain := *tr
	chain.Requester, chain.Source = "", Endpoint{Ledger: "sepolia", Account: "0xabc"}
	if transferVisible(s, &caller{}, &chain) {
		t.Error("an anonymous caller matched a transfer with no requester")
	}
}

// Issue 8, must show 2 (receipts): a transaction's receipt discloses one
// chosen claim, verified against the service, without the rest of the
// transaction or its other claims.
func TestReceiptDisclosesOneClaim(t *testing.T) {
	s := startSandbox(t, t.TempDir())
	ctx := t.Context()
	l, err := s.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := receipt.NewClaims([2]string{"transfer_id", "7f3a"}, [2]string{"amount", "987654"}, [2]string{"memo", "board bonus"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := l.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) {
		tx.Put("private:coco.test.claims", []byte("7f3a"), []byte("987654 board bonus"))
		tx.SetClaims(receipt.ClaimsDigest(claims))
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := SandboxClient(s.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	raw, err := c.Receipt(ctx, out.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "987654") || strings.Contains(string(raw), "board bonus") {
		t.Fatalf("the receipt holds private data: %s", raw)
	}
	v, err := receipt.Verify(raw, l.ServiceCert())
	if err != nil {
		t.Fatal(err)
	}
	d, err := receipt.Disclose(claims, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(d)
	if strings.Contains(string(b), "987654") || strings.Contains(string(b), "board bonus") {
		t.Fatalf("the disclosure of one claim holds the others: %s", b)
	}
	if err := d.Verify(v); err != nil {
		t.Fatalf("disclosed claim against the verified receipt: %v", err)
	}
	forged := *d
	forged.Claim.Value = "7f3b"
	if err := forged.Verify(v); err == nil {
		t.Fatal("a changed claim verified")
	}
}

// A native account's balances and history (counterparties, amounts,
// memos) are readable by its owner, the members and the designated
// auditors; any other user gets the answer a missing account gets, and a
// transfer from someone else's account is refused like one from a missing
// account.
func TestNativeAccountVisibilityHTTP(t *testing.T) {
	g := startGovSandbox(t, t.TempDir())
	ctx := t.Context()
	newUser := func(name string) (*client.Client, string) {
		id, err := client.NewIdentity(t.TempDir(), name, false, client.Ed25519)
		if err != nil {
			t.Fatal(err)
		}
		cert, _ := readFileString(id.Cert)
		key, err := client.LoadKey(id.Key)
		if err != nil {
			t.Fatal(err)
		}
		_, kid, err := governance.ParseIdentityKey(cert)
		if err != nil {
			t.Fatal(err)
		}
		g.pass(action(governance.ActionSetUser, map[string]string{"name": name, "cert": cert}))
		return g.c.WithKey(key), kid
	}
	owner, _ := newUser("owner")
	other, _ := newUser("other")
	auditor, auditorID := newUser("auditor")
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(owner.CreateAsset(ctx, "USD", 2, ""))
	must(owner.CreateAccount(ctx, "alice", ""))
	must(owner.CreateAccount(ctx, "bob", ""))
	must(owner.Mint(ctx, "USD", "alice", "1000", ""))
	must(owner.Transfer(ctx, "USD", "alice", "bob", "250", "secret memo", ""))

	errOf := func(err error) *client.Error {
		t.Helper()
		var ce *client.Error
		if !errors.As(err, &ce) {
			t.Fatalf("got %v, want an API error", err)
		}
		return ce
	}
	// The owner reads both.
	if a, err := owner.Account(ctx, "alice"); err != nil || a.Balances["USD"] != "750" {
		t.Fatalf("owner: %+v, %v", a, err)
	}
	if h, err := owner.History(ctx, "alice", "", 10); err != nil || !strings.Contains(string(h), "secret memo") {
		t.Fatalf("owner history: %s, %v", h, err)
	}
	// Another user: the same 404 as for a missing account.
	_, errMissing := other.Account(ctx, "nobody")
	missing := errOf(errMissing)
	for _, acct := range []string{"alice", "bob"} {
		a, err := other.Account(ctx, acct)
		if err == nil {
			t.Fatalf("another user read %s: %+v", acct, a)
		}
		ce := errOf(err)
		if ce.Status != 404 || ce.Code != missing.Code || strings.ReplaceAll(ce.Message, acct, "nobody") != missing.Message {
			t.Fatalf("another user reading %s: %d %s %q; missing account: %d %s %q", acct, ce.Status, ce.Code, ce.Message, missing.Status, missing.Code, missing.Message)
		}
		h, err := other.History(ctx, acct, "", 10)
		if err == nil || errOf(err).Status != 404 {
			t.Fatalf("another user read the history of %s: %s, %v", acct, h, err)
		}
	}
	// Moving someone else's balance is refused like moving a missing one's.
	_, errTheirs := other.Transfer(ctx, "USD", "alice", "bob", "1", "", "")
	_, errNone := other.Transfer(ctx, "USD", "nobody", "bob", "1", "", "")
	a, b := errOf(errTheirs), errOf(errNone)
	if a.Status != b.Status || a.Code != b.Code || strings.ReplaceAll(a.Message, "alice", "nobody") != b.Message {
		t.Fatalf("transfer from another's account %d %s %q, from a missing one %d %s %q", a.Status, a.Code, a.Message, b.Status, b.Code, b.Message)
	}
	// Members read every account.
	if a, err := g.c.WithKey(g.keys[1]).Account(ctx, "bob"); err != nil || a.Balances["USD"] != "250" {
		t.Fatalf("member: %+v, %v", a, err)
	}
	// An auditor only once governance designates it.
	if _, err := auditor.Account(ctx, "bob"); err == nil {
		t.Fatal("an undesignated auditor read an account")
	}
	g.pass(action(governance.ActionSetAuditors, map[string][]string{"user_ids": {auditorID}}))
	if h, err := auditor.History(ctx, "bob", "", 10); err != nil || !strings.Contains(string(h), "secret memo") {
		t.Fatalf("auditor history: %s, %v", h, err)
	}
}
