package receipt

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestDisclosureShowsOneClaim(t *testing.T) {
	claims, err := NewClaims([2]string{"transfer_id", "ab12"}, [2]string{"amount", "4242"}, [2]string{"memo", "secret memo"})
	if err != nil {
		t.Fatal(err)
	}
	v := &Verified{Claims: ClaimsDigest(claims)}
	d, err := Disclose(claims, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Verify(v); err != nil {
		t.Fatal(err)
	}
	// The disclosure says nothing of the other claims' values.
	b, _ := json.Marshal(d)
	if strings.Contains(string(b), "4242") || strings.Contains(string(b), "secret memo") {
		t.Fatalf("disclosure leaks another claim: %s", b)
	}
	// Any change is refused.
	for name, mutate := range map[string]func(*Disclosure){
		"value":         func(d *Disclosure) { d.Claim.Value = "ab13" },
		"name":          func(d *Disclosure) { d.Claim.Name = "amount" },
		"salt":          func(d *Disclosure) { d.Claim.Salt = append([]byte(nil), d.Claim.Salt...); d.Claim.Salt[0] ^= 1 },
		"index":         func(d *Disclosure) { d.Index = 1 },
		"bad index":     func(d *Disclosure) { d.Index = 7 },
		"digest":        func(d *Disclosure) { d.Digests = append([]string(nil), d.Digests...); d.Digests[2] = d.Digests[1] },
		"dropped":       func(d *Disclosure) { d.Digests = d.Digests[:2] },
		"short salt":    func(d *Disclosure) { d.Claim.Salt = d.Claim.Salt[:4] },
		"hex of digest": func(d *Disclosure) { d.Digests = append([]string(nil), d.Digests...); d.Digests[1] = "zz" },
	} {
		var c Disclosure
		json.Unmarshal(b, &c)
		mutate(&c)
		if err := c.Verify(v); err == nil {
			t.Errorf("%s: changed disclosure verified", name)
		}
	}
	// Another transaction's claims digest does not match.
	other, _ := NewClaims([2]string{"transfer_id", "ab12"})
	if err := d.Verify(&Verified{Claims: ClaimsDigest(other)}); !errors.Is(err, ErrClaimMismatch) {
		t.Fatalf("against another digest: %v", err)
	}
	// Same claims, fresh salts: another digest (values cannot be guessed
	// from digests).
	again, _ := NewClaims([2]string{"transfer_id", "ab12"}, [2]string{"amount", "4242"}, [2]string{"memo", "secret memo"})
	if ClaimsDigest(again) == v.Claims {
		t.Fatal("salts do not change the digest")
	}
}
