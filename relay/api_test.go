package relay

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger/receipt"
	"github.com/cocorelay/coco/relay/client"
	"github.com/cocorelay/coco/relay/signing"
)

// rawAPI sends hand-made requests, signed or not, to one node.
type rawAPI struct {
	t       *testing.T
	http    *http.Client
	service string
	key     crypto.Signer
	keyID   string
}

func newRawAPI(t *testing.T, s *Sandbox) *rawAPI {
	t.Helper()
	svc, err := client.LoadCert(filepath.Join(s.Dir, s.File.ServiceCert))
	if err != nil {
		t.Fatal(err)
	}
	key, err := client.LoadKey(filepath.Join(s.Dir, s.File.User.Key))
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := enclave.KeyID(key.Public())
	pool := x509.NewCertPool()
	pool.AddCert(svc)
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	t.Cleanup(hc.CloseIdleConnections)
	return &rawAPI{t: t, http: hc, service: signing.ServiceID(svc.Raw), key: key, keyID: kid}
}

type rawResponse struct {
	status int
	header http.Header
	body   []byte
	err    struct {
		Code, Message, Field string
	}
}

// do sends body to url; sign says whether to sign it; mutate may change the
// request after signing.
func (a *rawAPI) do(method, url string, body []byte, idem string, sign bool, mutate func(*http.Request)) *rawResponse {
	a.t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	if idem != "" {
		req.Header.Set(signing.HeaderIdempotencyKey, idem)
	}
	if sign {
		if err := signing.Sign(req, body, a.key, a.keyID, a.service, time.Now()); err != nil {
			a.t.Fatal(err)
		}
	}
	if mutate != nil {
		mutate(req)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := &rawResponse{status: resp.StatusCode, header: resp.Header, body: b}
	var wrap struct {
		Error *struct{ Code, Message, Field string } `json:"error"`
	}
	if json.Unmarshal(b, &wrap) == nil && wrap.Error != nil {
		r.err = *wrap.Error
	}
	return r
}

// setupUSD creates USD, alice (1000) and bob, and waits until everything is
// signed so that the committed position stays put while nothing happens.
func setupUSD(t *testing.T, s *Sandbox, c *client.Client) {
	t.Helper()
	ctx := t.Context()
	for _, step := range []func() error{
		func() error { _, err := c.CreateAsset(ctx, "USD", 2, ""); return err },
		func() error { _, err := c.CreateAccount(ctx, "alice", ""); return err },
		func() error { _, err := c.CreateAccount(ctx, "bob", ""); return err },
		func() error { _, err := c.Mint(ctx, "USD", "alice", "1000", ""); return err },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	settle(t, s)
}

// settle waits until the leader's last transaction is a signature.
func settle(t *testing.T, s *Sandbox) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		l, err := s.Leader(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if c := l.Store().Committed(); c.ID == c.LastSignature {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the ledger did not settle")
}

func TestBadInputIsRefusedAndChangesNothing(t *testing.T) {
	s := startSandbox(t, t.TempDir())
	c, err := SandboxClient(s.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	setupUSD(t, s, c)
	l, _ := s.Leader(t.Context())
	api := newRawAPI(t, s)
	base := l.APIURL()
	before := l.Store().Committed()

	transfer := func(fields string) []byte {
		return []byte(`{"asset":"USD","from":"alice","to":"bob","amount":"5"` + fields + `}`)
	}
	withBody := func(b string) []byte { return []byte(b) }
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	strangerID, _ := enclave.KeyID(stranger.Public())
	cases := []struct {
		name   string
		path   string
		body   []byte
		idem   string
		sign   bool
		mutate func(*http.Request)
		status int
		code   string
		field  string
	}{
		{"malformed JSON", "/v1/native/transfers", withBody(`{"asset":`), "k1", true, nil, 400, CodeInvalidJSON, ""},
		{"unknown field", "/v1/native/transfers", transfer(`,"bogus":1`), "k2", true, nil, 400, CodeInvalidJSON, "bogus"},
		{"trailing data", "/v1/native/transfers", append(transfer(""), []byte(`{}`)...), "k3", true, nil, 400, CodeInvalidJSON, ""},
		{"amount as a number", "/v1/native/transfers", withBody(`{"asset":"USD","from":"alice","to":"bob","amount":5}`), "k4", true, nil, 400, CodeInvalidJSON, "amount"},
		{"negative amount", "/v1/native/transfers", withBody(`{"asset":"USD","from":"alice","to":"bob","amount":"-5"}`), "k5", true, nil, 400, CodeInvalidArgument, "amount"},
		{"zero amount", "/v1/native/transfers", withBody(`{"asset":"USD","from":"alice","to":"bob","amount":"0"}`), "k6", true, nil, 400, CodeInvalidArgument, "amount"},
		{"overflowing amount", "/v1/native/transfers", withBody(`{"asset":"USD","from":"alice","to":"bob","amount":"115792089237316195423570985008687907853269984665640564039457584007913129639936"}`), "k7", true, nil, 400, CodeOverflow, "amount"},
		{"overflowing mint", "/v1/native/mint", withBody(`{"asset":"USD","account":"bob","amount":"115792089237316195423570985008687907853269984665640564039457584007913129639935"}`), "k8", true, nil, 400, CodeOverflow, "amount"},
		{"unknown asset", "/v1/native/transfers", withBody(`{"asset":"EUR","from":"alice","to":"bob","amount":"5"}`), "k9", true, nil, 404, CodeNotFound, "asset"},
		{"unknown account", "/v1/native/transfers", withBody(`{"asset":"USD","from":"alice","to":"carol","amount":"5"}`), "k10", true, nil, 404, CodeNotFound, "to"},
		{"missing field", "/v1/native/transfers", withBody(`{"asset":"USD","to":"bob","amount":"5"}`), "k11", true, nil, 400, CodeInvalidArgument, "from"},
		{"insufficient balance", "/v1/native/transfers", withBody(`{"asset":"USD","from":"alice","to":"bob","amount":"1001"}`), "k12", true, nil, 422, CodeInsufficient, "amount"},
		{"unsigned", "/v1/native/transfers", transfer(""), "k13", false, nil, 401, CodeUnauthenticated, ""},
		{"body changed after signing", "/v1/native/transfers", transfer(""), "k14", true, func(r *http.Request) {
			b := transfer(`,"memo":"x"`)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}, 401, CodeUnauthenticated, ""},
		{"idempotency key changed after signing", "/v1/native/transfers", transfer(""), "k15", true, func(r *http.Request) {
			r.Header.Set(signing.HeaderIdempotencyKey, "k15-other")
		}, 401, CodeUnauthenticated, ""},
		{"garbled signature", "/v1/native/transfers", transfer(""), "k16", true, func(r *http.Request) {
			r.Header.Set(signing.HeaderSignature, "not base64!")
		}, 401, CodeUnauthenticated, ""},
		{"key that is not a user", "/v1/native/transfers", transfer(""), "k17", false, func(r *http.Request) {
			if err := signing.Sign(r, transfer(""), stranger, strangerID, api.service, time.Now()); err != nil {
				t.Fatal(err)
			}
		}, 401, CodeUnauthenticated, ""},
		{"stale date", "/v1/native/transfers", transfer(""), "k18", false, func(r *http.Request) {
			if err := signing.Sign(r, transfer(""), api.key, api.keyID, api.service, time.Now().Add(-10*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}, 401, CodeUnauthenticated, ""},
		{"signed for another service", "/v1/native/transfers", transfer(""), "k19", false, func(r *http.Request) {
			if err := signing.Sign(r, transfer(""), api.key, api.keyID, strings.Repeat("0", 64), time.Now()); err != nil {
				t.Fatal(err)
			}
		}, 401, CodeUnauthenticated, ""},
		{"oversized body", "/v1/native/transfers", transfer(`,"memo":"` + strings.Repeat("m", MaxBodySize) + `"`), "k20", true, nil, 413, CodeBodyTooLarge, ""},
		{"no idempotency key", "/v1/native/transfers", transfer(""), "", true, nil, 400, CodeIdempotencyMissing, signing.HeaderIdempotencyKey},
		{"bad idempotency key", "/v1/native/transfers", transfer(""), "white space", true, nil, 400, CodeInvalidArgument, signing.HeaderIdempotencyKey},
		{"bad account name", "/v1/native/accounts", withBody(`{"account":"../etc"}`), "k21", true, nil, 400, CodeInvalidArgument, "account"},
		{"unknown endpoint", "/v1/native/teleport", transfer(""), "k22", true, nil, 404, CodeNotFound, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := api.do(http.MethodPost, base+tc.path, tc.body, tc.idem, tc.sign, tc.mutate)
			if r.status != tc.status || r.err.Code != tc.code || r.err.Field != tc.field {
				t.Fatalf("got %d %s (field %q): %s; want %d %s (field %q)", r.status, r.err.Code, r.err.Field, r.err.Message, tc.status, tc.code, tc.field)
			}
			if r.err.Message == "" {
				t.Fatal("error without a message")
			}
		})
	}
	// Reads refuse bad input too.
	if r := api.do(http.MethodGet, base+"/v1/tx/not-a-txid", nil, "", true, nil); r.status != 400 || r.err.Field != "txid" {
		t.Fatalf("bad txid: %d %+v", r.status, r.err)
	}
	if r := api.do(http.MethodGet, base+"/v1/native/accounts/alice", nil, "", false, nil); r.status != 401 {
		t.Fatalf("unsigned read: %d", r.status)
	}
	// The idempotency key of a refused request is still free.
	if r := api.do(http.MethodPost, base+"/v1/native/transfers", transfer(""), "k12", true, nil); r.status != 200 {
		t.Fatalf("reuse of a refused request's key: %d %+v", r.status, r.err)
	}
	// Nothing else committed: one transaction (the transfer just made) and
	// perhaps its signature.
	after := l.Store().Committed()
	if after.ID.Seqno > before.ID.Seqno+2 {
		t.Fatalf("refused requests committed transactions: %s -> %s", before.ID, after.ID)
	}
	a, err := c.Account(t.Context(), "alice")
	if err != nil || a.Balances["USD"] != "995" {
		t.Fatalf("alice: %+v, %v", a, err)
	}
}

func TestIdempotentReplayAndForwarding(t *testing.T) {
	s := startSandbox(t, t.TempDir())
	c, err := SandboxClient(s.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	setupUSD(t, s, c)
	ctx := t.Context()
	l, _ := s.Leader(ctx)
	var follower *Node
	for _, n := range s.Nodes {
		if n != l {
			follower = n
		}
	}
	// A write sent to a follower is forwarded to the leader.
	fc := c.WithURLs(follower.APIURL())
	first, err := fc.Transfer(ctx, "USD", "alice", "bob", "100", "once", "pay-1")
	if err != nil {
		t.Fatal(err)
	}
	if first.Replayed {
		t.Fatal("the first request was marked replayed")
	}
	// The same request again, to another node: the first answer, no effect.
	again, err := c.WithURLs(l.APIURL()).Transfer(ctx, "USD", "alice", "bob", "100", "once", "pay-1")
	if err != nil {
		t.Fatal(err)
	}
	if !again.Replayed || again.TxID != first.TxID || string(again.Result) != string(first.Result) {
		t.Fatalf("replay: %+v vs %+v", again, first)
	}
	// The same key for another request is refused.
	_, err = c.Transfer(ctx, "USD", "alice", "bob", "7", "other", "pay-1")
	var ce *client.Error
	if !asClientError(err, &ce) || ce.Status != 422 || ce.Code != CodeIdempotencyReused {
		t.Fatalf("reused key: %v", err)
	}
	bob, err := c.Account(ctx, "bob")
	if err != nil || bob.Balances["USD"] != "100" {
		t.Fatalf("bob holds %+v (%v): the transfer applied more than once or not at all", bob, err)
	}
	// Its receipt verifies offline; the transaction status says committed.
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	rb, err := c.Receipt(rctx, first.TxID)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := receipt.Verify(rb, s.Nodes[0].ServiceCert()); err != nil || v.TxID.String() != first.TxID {
		t.Fatalf("receipt: %+v, %v", v, err)
	}
	if st, err := c.TxStatus(ctx, first.TxID); err != nil || st != "committed" {
		t.Fatalf("status %q, %v", st, err)
	}
	// Node info states the platform and that virtual nodes are allowed.
	info, err := c.NodeInfo(ctx, follower.APIURL())
	if err != nil || info.Platform != "virtual" || !info.Insecure || !info.AllowVirtualNodes || info.Role != "follower" || info.LeaderURL != l.APIURL() {
		t.Fatalf("node info %+v, %v", info, err)
	}
}

func asClientError(err error, target **client.Error) bool {
	ce, ok := err.(*client.Error)
	if ok {
		*target = ce
	}
	return ok
}
