package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSignAndVerifyEveryKeyType(t *testing.T) {
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	for name, key := range map[string]crypto.Signer{"p256": p256, "p384": p384, "ed25519": ed} {
		body := []byte(`{"x":1}`)
		req, _ := http.NewRequest("POST", "https://node/v1/native/transfers?x=1", nil)
		req.Header.Set(HeaderIdempotencyKey, "k")
		now := time.Now()
		if err := Sign(req, body, key, strings.Repeat("a", 64), "svc", now); err != nil {
			t.Fatal(err)
		}
		s, err := Parse(req.Header, now)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		msg := Message("svc", "POST", Target(req), req.Header.Get(HeaderDate), "k", body)
		if err := VerifyMessage(key.Public(), msg, s.Signature); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for what, bad := range map[string][]byte{
			"body":    Message("svc", "POST", Target(req), req.Header.Get(HeaderDate), "k", []byte(`{"x":2}`)),
			"service": Message("other", "POST", Target(req), req.Header.Get(HeaderDate), "k", body),
			"method":  Message("svc", "PUT", Target(req), req.Header.Get(HeaderDate), "k", body),
			"target":  Message("svc", "POST", "/v1/native/transfers", req.Header.Get(HeaderDate), "k", body),
			"key":     Message("svc", "POST", Target(req), req.Header.Get(HeaderDate), "k2", body),
		} {
			if VerifyMessage(key.Public(), bad, s.Signature) == nil {
				t.Errorf("%s: signature verified with another %s", name, what)
			}
		}
	}
}

func TestParseRefusesBadHeaders(t *testing.T) {
	now := time.Now()
	good := func() http.Header {
		h := http.Header{}
		h.Set(HeaderKeyID, strings.Repeat("a", 64))
		h.Set(HeaderSignature, "AAAA")
		h.Set(HeaderDate, strconv.FormatInt(now.UnixMilli(), 10))
		return h
	}
	if _, err := Parse(good(), now); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(http.Header){
		"unsigned":          func(h http.Header) { h.Del(HeaderKeyID); h.Del(HeaderDate); h.Del(HeaderSignature) },
		"short key id":      func(h http.Header) { h.Set(HeaderKeyID, "abc") },
		"upper key id":      func(h http.Header) { h.Set(HeaderKeyID, strings.Repeat("A", 64)) },
		"date not a number": func(h http.Header) { h.Set(HeaderDate, "yesterday") },
		"date too old": func(h http.Header) {
			h.Set(HeaderDate, strconv.FormatInt(now.Add(-MaxSkew-time.Second).UnixMilli(), 10))
		},
		"date too new": func(h http.Header) {
			h.Set(HeaderDate, strconv.FormatInt(now.Add(MaxSkew+time.Second).UnixMilli(), 10))
		},
		"not base64":      func(h http.Header) { h.Set(HeaderSignature, "!!") },
		"empty signature": func(h http.Header) { h.Set(HeaderSignature, "") },
	}
	for name, mutate := range cases {
		h := good()
		mutate(h)
		if _, err := Parse(h, now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
