package enclave

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"time"
)

// EndorsedRange is what an endorsement vouches for: the ledger of the
// previous service from its first transaction through Through, whose last
// signature signed Root. Node certificates of the previous service verify
// through the endorsement only for signatures at seqnos 1..Through: the
// old nodes' keys vouch for nothing the recovered network did.
type EndorsedRange struct {
	Through uint64
	Root    []byte // 32 bytes: the Merkle root the last signature signed
}

// endorsedRangeOID names the certificate extension that carries an
// EndorsedRange (DER: SEQUENCE { through INTEGER, root OCTET STRING }).
func endorsedRangeOID() asn1.ObjectIdentifier {
	return asn1.ObjectIdentifier{2, 25, 199155458, 2}
}

type endorsedRangeASN1 struct {
	Through int64
	Root    []byte
}

// EndorsedRangeOf returns the range an endorsement vouches for.
func EndorsedRangeOf(c *x509.Certificate) (EndorsedRange, error) {
	var found *pkix.Extension
	for i := range c.Extensions {
		if c.Extensions[i].Id.Equal(endorsedRangeOID()) {
			if found != nil {
				return EndorsedRange{}, errors.New("endorsed range: extension present twice")
			}
			found = &c.Extensions[i]
		}
	}
	if found == nil {
		return EndorsedRange{}, errors.New("endorsed range: extension missing")
	}
	var v endorsedRangeASN1
	rest, err := asn1.Unmarshal(found.Value, &v)
	if err != nil || len(rest) != 0 || v.Through < 1 || len(v.Root) != 32 {
		return EndorsedRange{}, fmt.Errorf("endorsed range: malformed (%v)", err)
	}
	return EndorsedRange{Through: uint64(v.Through), Root: v.Root}, nil
}

// EndorsePrevious issues a certificate for the key of a previous service
// identity, signed by s: a network recovered from the ledger of an older
// one (which got a new service identity) vouches for the old identity, so
// that node certificates the old service endorsed, and receipts they
// signed, verify against the new service certificate through it.
//
// The endorsement has the previous certificate's exact subject and key
// and is a CA (it stands in for the previous service certificate as the
// issuer of node certificates); it is valid from the previous certificate's
// start for as long as s's own certificate. It carries r: it vouches for
// the previous service's signatures at seqnos 1..r.Through only.
func (s *ServiceIdentity) EndorsePrevious(previous *x509.Certificate, r EndorsedRange) ([]byte, error) {
	if previous == nil || !previous.IsCA {
		return nil, errors.New("endorse previous service: not a service (CA) certificate")
	}
	if r.Through < 1 || r.Through > 1<<62 || len(r.Root) != 32 {
		return nil, fmt.Errorf("endorse previous service: range through seqno %d with a %d-byte root: want a seqno from 1 and a 32-byte root", r.Through, len(r.Root))
	}
	ext, err := asn1.Marshal(endorsedRangeASN1{Through: int64(r.Through), Root: r.Root})
	if err != nil {
		return nil, fmt.Errorf("endorse previous service: %w", err)
	}
	if bytes.Equal(previous.Raw, s.Cert.Raw) {
		return nil, errors.New("endorse previous service: that is this service")
	}
	if _, ok := previous.PublicKey.(*ecdsa.PublicKey); !ok {
		return nil, fmt.Errorf("endorse previous service: key is %T, want ECDSA", previous.PublicKey)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, fmt.Errorf("endorse previous service: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		RawSubject:            previous.RawSubject,
		NotBefore:             previous.NotBefore,
		NotAfter:              s.Cert.NotAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		ExtraExtensions:       []pkix.Extension{{Id: endorsedRangeOID(), Critical: false, Value: ext}},
	}
	if tmpl.NotBefore.After(time.Now()) {
		tmpl.NotBefore = time.Now().Add(-clockSkew)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.Cert, previous.PublicKey, s.Key)
	if err != nil {
		return nil, fmt.Errorf("endorse previous service: %w", err)
	}
	return der, nil
}

// VerifyEndorsements returns the service certificates a chain of
// endorsements makes trustworthy from service: service itself, then each
// endorsement signed by service or by an endorsement already trusted, in
// any order. Endorsements that lead nowhere, or carry no valid
// EndorsedRange, are left out, not errors.
func VerifyEndorsements(service *x509.Certificate, endorsements []*x509.Certificate) []*x509.Certificate {
	var out []*x509.Certificate
	for _, t := range endorsedChain(service, endorsements) {
		out = append(out, t.cert)
	}
	return out
}

// trustedService is a service certificate trusted from the current one,
// and the last seqno its signatures are vouched for (0: no limit, the
// current service itself).
type trustedService struct {
	cert    *x509.Certificate
	through uint64
}

func endorsedChain(service *x509.Certificate, endorsements []*x509.Certificate) []trustedService {
	trusted := []trustedService{{cert: service}}
	left := append([]*x509.Certificate(nil), endorsements...)
	for progress := true; progress && len(left) > 0; {
		progress = false
		for i := 0; i < len(left); i++ {
			e := left[i]
			r, err := EndorsedRangeOf(e)
			if err != nil {
				continue
			}
			for _, t := range trusted {
				if e.IsCA && bytes.Equal(e.RawIssuer, t.cert.RawSubject) && e.CheckSignatureFrom(t.cert) == nil {
					// An endorsement by an endorsed service vouches for
					// no more than that service was vouched for.
					through := r.Through
					if t.through != 0 {
						through = min(through, t.through)
					}
					trusted = append(trusted, trustedService{cert: e, through: through})
					left = append(left[:i], left[i+1:]...)
					i--
					progress = true
					break
				}
			}
		}
	}
	return trusted
}

// VerifyNodeCertEndorsed is VerifyNodeCert against service or any
// previous service that endorsements lead to from it. For a certificate of
// a previous service, info.EndorsedThrough is the last seqno the
// endorsements vouch for: callers must refuse what the node signed after
// it.
func VerifyNodeCertEndorsed(der []byte, service *x509.Certificate, endorsements []*x509.Certificate) (*NodeCertInfo, error) {
	info, err := VerifyNodeCert(der, service)
	if err == nil || len(endorsements) == 0 {
		return info, err
	}
	for _, t := range endorsedChain(service, endorsements)[1:] {
		if info, err2 := VerifyNodeCert(der, t.cert); err2 == nil {
			info.EndorsedThrough = t.through
			return info, nil
		}
	}
	return nil, err
}
