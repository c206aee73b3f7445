package enclave

import (
	"crypto/x509"
	"errors"
	"testing"
	"time"
)

func TestEndorsePreviousServiceChains(t *testing.T) {
	// Three generations of one network, all named alike (as a recovered
	// network usually is): s0, then s1 recovered from it, then s2.
	var svcs []*ServiceIdentity
	for range 3 {
		s, err := NewServiceIdentity("consortium", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, s)
	}
	node := newP256(t)
	nodeDER, err := svcs[0].EndorseNode(NodeCertRequest{NodeID: 3, PublicKey: &node.PublicKey, Platform: Virtual, Measurement: []byte("m")})
	if err != nil {
		t.Fatal(err)
	}
	endorse := func(by, prev int) *x509.Certificate {
		der, err := svcs[by].EndorsePrevious(svcs[prev].Cert, EndorsedRange{Through: uint64(100 * (3 - by)), Root: make([]byte, 32)})
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	e1, e2 := endorse(1, 0), endorse(2, 1)

	if _, err := VerifyNodeCertEndorsed(nodeDER, svcs[2].Cert, nil); !errors.Is(err, ErrBadNodeCert) {
		t.Fatalf("without endorsements: %v", err)
	}
	for name, chain := range map[string][]*x509.Certificate{"in order": {e2, e1}, "reversed": {e1, e2}} {
		info, err := VerifyNodeCertEndorsed(nodeDER, svcs[2].Cert, chain)
		if err != nil || info.NodeID != 3 {
			t.Fatalf("%s: %+v %v", name, info, err)
		}
	}
	if _, err := VerifyNodeCertEndorsed(nodeDER, svcs[2].Cert, []*x509.Certificate{e1}); err == nil {
		t.Fatal("a chain with a gap verified")
	}
	if _, err := VerifyNodeCertEndorsed(nodeDER, svcs[1].Cert, []*x509.Certificate{e1}); err != nil {
		t.Fatalf("one step: %v", err)
	}
	// An outsider's "endorsement" of s0 (same names, its own key) leads nowhere.
	outsider, _ := NewServiceIdentity("consortium", time.Now())
	forged, err := outsider.EndorsePrevious(svcs[0].Cert, EndorsedRange{Through: 1, Root: make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	fc, _ := x509.ParseCertificate(forged)
	if got := VerifyEndorsements(svcs[2].Cert, []*x509.Certificate{fc}); len(got) != 1 {
		t.Fatalf("a forged endorsement is trusted: %d", len(got))
	}
	if _, err := svcs[1].EndorsePrevious(svcs[1].Cert, EndorsedRange{Through: 1, Root: make([]byte, 32)}); err == nil {
		t.Fatal("a service endorsed itself")
	}
}

// An endorsement vouches for the previous service's signatures at seqnos
// 1..Through only; through a chain, for no more than every link does.
func TestEndorsementCarriesItsRange(t *testing.T) {
	var svcs []*ServiceIdentity
	for range 3 {
		s, err := NewServiceIdentity("consortium", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, s)
	}
	node := newP256(t)
	nodeDER, err := svcs[0].EndorseNode(NodeCertRequest{NodeID: 3, PublicKey: &node.PublicKey, Platform: Virtual, Measurement: []byte("m")})
	if err != nil {
		t.Fatal(err)
	}
	root := make([]byte, 32)
	root[0] = 7
	endorse := func(by, prev int, through uint64) *x509.Certificate {
		der, err := svcs[by].EndorsePrevious(svcs[prev].Cert, EndorsedRange{Through: through, Root: root})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := x509.ParseCertificate(der)
		return c
	}
	e1 := endorse(1, 0, 40)
	r, err := EndorsedRangeOf(e1)
	if err != nil || r.Through != 40 || r.Root[0] != 7 {
		t.Fatalf("range %+v, %v", r, err)
	}
	info, err := VerifyNodeCertEndorsed(nodeDER, svcs[1].Cert, []*x509.Certificate{e1})
	if err != nil || info.EndorsedThrough != 40 {
		t.Fatalf("one step: %+v, %v", info, err)
	}
	// s2 endorses s1 through 90, but s1 vouched for s0 through 40 only.
	info, err = VerifyNodeCertEndorsed(nodeDER, svcs[2].Cert, []*x509.Certificate{endorse(2, 1, 90), e1})
	if err != nil || info.EndorsedThrough != 40 {
		t.Fatalf("chain: %+v, %v", info, err)
	}
	// The service's own node certificates have no limit.
	own, _ := svcs[1].EndorseNode(NodeCertRequest{NodeID: 4, PublicKey: &node.PublicKey, Platform: Virtual, Measurement: []byte("m")})
	if info, err := VerifyNodeCertEndorsed(own, svcs[1].Cert, []*x509.Certificate{e1}); err != nil || info.EndorsedThrough != 0 {
		t.Fatalf("own node: %+v, %v", info, err)
	}
	for _, bad := range []EndorsedRange{{Through: 0, Root: root}, {Through: 5, Root: root[:31]}} {
		if _, err := svcs[1].EndorsePrevious(svcs[0].Cert, bad); err == nil {
			t.Errorf("endorsed with range %+v", bad)
		}
	}
}
