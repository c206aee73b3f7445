package enclave

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strconv"
	"time"
)

// nodeExtensionOID identifies the Coco node extension: 2.25.199155458.1.
//
// 2.25 is the UUID arc (ITU-T X.667). A full 128-bit UUID arc cannot be used
// because Go's crypto/x509 refuses to parse certificates whose extension OIDs
// have an arc of 2^31 or more (cryptobyte's ReadASN1ObjectIdentifier), which
// would break every TLS handshake. 199155458 is the low 31 bits of the random
// UUID 2db83bed-ca6e-42cb-a257-f1a00bdedf02 (that is, the arc of the UUID
// 00000000-0000-0000-0000-00000bdedf02); arc .1 under it is this extension.
// Replace it with an arc under a registered IANA enterprise number if Coco
// obtains one.
func nodeExtensionOID() asn1.ObjectIdentifier {
	return asn1.ObjectIdentifier{2, 25, 199155458, 1}
}

// nodeExtension is the value of the Coco node extension:
//
//	CocoNode ::= SEQUENCE {
//	    nodeID      INTEGER,     -- 1 .. 2^64-1
//	    platform    UTF8String,  -- "virtual" or "sgx"
//	    measurement OCTET STRING }
//
// It is not critical: the facts are endorsed by the service identity's
// signature either way, and a critical unknown extension would make ordinary
// TLS clients that only trust the service certificate reject node
// certificates. Coco verifiers (VerifyNodeCert) require it.
type nodeExtension struct {
	NodeID      *big.Int
	Platform    string `asn1:"utf8"`
	Measurement []byte
}

const (
	serviceValidityYears = 10
	nodeDefaultValidity  = 365 * 24 * time.Hour
	clockSkew            = time.Hour
)

// ServiceIdentity is the network's CA, created at genesis. Its certificate
// is what clients trust; it endorses node certificates.
type ServiceIdentity struct {
	Key     *ecdsa.PrivateKey
	Cert    *x509.Certificate
	CertDER []byte
}

// NewServiceIdentity creates a self-signed ECDSA P-256 CA named name, valid
// from now-1h for 10 years.
func NewServiceIdentity(name string, now time.Time) (*ServiceIdentity, error) {
	if name == "" {
		return nil, errors.New("service identity: name is empty")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("service identity: generate key: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, fmt.Errorf("service identity: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              now.AddDate(serviceValidityYears, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true, // it signs node certificates only
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("service identity: create certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("service identity: parse certificate: %w", err)
	}
	return &ServiceIdentity{Key: key, Cert: cert, CertDER: der}, nil
}

// LoadServiceIdentity restores a service identity from its PKCS#8 key and
// DER certificate, checking that the certificate is a CA for that key.
func LoadServiceIdentity(keyDER, certDER []byte) (*ServiceIdentity, error) {
	key, err := parseP256PKCS8(keyDER)
	if err != nil {
		return nil, fmt.Errorf("service identity key: %w", err)
	}
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		return nil, fmt.Errorf("service identity certificate: %w", err)
	}
	if !cert.BasicConstraintsValid || !cert.IsCA {
		return nil, errors.New("service identity certificate: not a CA")
	}
	if !key.PublicKey.Equal(cert.PublicKey) {
		return nil, errors.New("service identity: key does not match certificate")
	}
	return &ServiceIdentity{Key: key, Cert: cert, CertDER: bytes.Clone(certDER)}, nil
}

// MarshalKey returns the service key as PKCS#8 DER, the form
// LoadServiceIdentity takes. Store it sealed.
func (s *ServiceIdentity) MarshalKey() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(s.Key)
	if err != nil {
		return nil, fmt.Errorf("service identity key: %w", err)
	}
	return der, nil
}

// NodeCertRequest describes the node certificate to issue.
type NodeCertRequest struct {
	NodeID      uint64           // must be non-zero
	PublicKey   crypto.PublicKey // the node key, ECDSA P-256
	Platform    Kind
	Measurement []byte // non-empty
	DNSNames    []string
	IPAddresses []net.IP
	// NotBefore and NotAfter bound validity; zero means now-1h and now+1y.
	NotBefore, NotAfter time.Time
}

// Validate checks the request.
func (r NodeCertRequest) Validate() error {
	if r.NodeID == 0 {
		return errors.New("NodeID: must be non-zero")
	}
	pub, ok := r.PublicKey.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return fmt.Errorf("PublicKey: %T, want ECDSA P-256", r.PublicKey)
	}
	if err := r.Platform.Validate(); err != nil {
		return fmt.Errorf("Platform: %w", err)
	}
	if len(r.Measurement) == 0 {
		return errors.New("Measurement: empty")
	}
	if !r.NotBefore.IsZero() && !r.NotAfter.IsZero() && !r.NotAfter.After(r.NotBefore) {
		return fmt.Errorf("NotAfter %s: not after NotBefore %s", r.NotAfter, r.NotBefore)
	}
	return nil
}

// NodeCommonName is the subject common name of node id's certificate.
func NodeCommonName(id uint64) string {
	return "coco-node-" + strconv.FormatUint(id, 10)
}

// EndorseNode issues a DER node certificate for req, usable for TLS server
// and client authentication and carrying the Coco node extension.
func (s *ServiceIdentity) EndorseNode(req NodeCertRequest) (der []byte, err error) {
	if err := req.Validate(); err != nil {
		return nil, fmt.Errorf("endorse node: %w", err)
	}
	ext, err := asn1.Marshal(nodeExtension{
		NodeID:      new(big.Int).SetUint64(req.NodeID),
		Platform:    string(req.Platform),
		Measurement: req.Measurement,
	})
	if err != nil {
		return nil, fmt.Errorf("endorse node: encode extension: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, fmt.Errorf("endorse node: %w", err)
	}
	now := time.Now()
	notBefore, notAfter := req.NotBefore, req.NotAfter
	if notBefore.IsZero() {
		notBefore = now.Add(-clockSkew)
	}
	if notAfter.IsZero() {
		notAfter = now.Add(nodeDefaultValidity)
	}
	if !notAfter.After(notBefore) {
		return nil, fmt.Errorf("endorse node: validity %s .. %s is empty", notBefore, notAfter)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: NodeCommonName(req.NodeID)},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		DNSNames:              req.DNSNames,
		IPAddresses:           req.IPAddresses,
		ExtraExtensions:       []pkix.Extension{{Id: nodeExtensionOID(), Critical: false, Value: ext}},
	}
	der, err = x509.CreateCertificate(rand.Reader, tmpl, s.Cert, req.PublicKey, s.Key)
	if err != nil {
		return nil, fmt.Errorf("endorse node: create certificate: %w", err)
	}
	return der, nil
}

// NodeCertInfo is what a verified node certificate says.
type NodeCertInfo struct {
	NodeID      uint64
	Platform    Kind
	Measurement []byte
	PublicKey   crypto.PublicKey
	Cert        *x509.Certificate
	// EndorsedThrough is 0 for a certificate of the service itself; for
	// one of a previous service, verified through endorsements
	// (VerifyNodeCertEndorsed), the last seqno they vouch for.
	EndorsedThrough uint64
}

// VerifyNodeCert checks that der is a node certificate signed by
// serviceCert and carrying a valid Coco node extension, and returns what it
// says. It deliberately does NOT check the validity period, so that old
// receipts signed by the node keep verifying; TLS checks it separately.
// Errors wrap ErrBadNodeCert.
func VerifyNodeCert(der []byte, serviceCert *x509.Certificate) (*NodeCertInfo, error) {
	if serviceCert == nil {
		return nil, errors.New("verify node certificate: service certificate is nil")
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadNodeCert, err)
	}
	if !bytes.Equal(cert.RawIssuer, serviceCert.RawSubject) {
		return nil, fmt.Errorf("%w: issuer %q is not the service %q", ErrBadNodeCert, cert.Issuer, serviceCert.Subject)
	}
	if err := cert.CheckSignatureFrom(serviceCert); err != nil {
		return nil, fmt.Errorf("%w: signature: %w", ErrBadNodeCert, err)
	}
	if cert.IsCA {
		return nil, fmt.Errorf("%w: is a CA certificate", ErrBadNodeCert)
	}
	ext, err := findNodeExtension(cert)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadNodeCert, err)
	}
	if want := NodeCommonName(ext.nodeID); cert.Subject.CommonName != want {
		return nil, fmt.Errorf("%w: common name %q, want %q", ErrBadNodeCert, cert.Subject.CommonName, want)
	}
	return &NodeCertInfo{
		NodeID:      ext.nodeID,
		Platform:    ext.platform,
		Measurement: ext.measurement,
		PublicKey:   cert.PublicKey,
		Cert:        cert,
	}, nil
}

type nodeFacts struct {
	nodeID      uint64
	platform    Kind
	measurement []byte
}

func findNodeExtension(cert *x509.Certificate) (nodeFacts, error) {
	oid := nodeExtensionOID()
	var found *pkix.Extension
	for i := range cert.Extensions {
		if cert.Extensions[i].Id.Equal(oid) {
			if found != nil {
				return nodeFacts{}, fmt.Errorf("node extension %s: present twice", oid)
			}
			found = &cert.Extensions[i]
		}
	}
	if found == nil {
		return nodeFacts{}, fmt.Errorf("node extension %s: missing", oid)
	}
	var ext nodeExtension
	rest, err := asn1.Unmarshal(found.Value, &ext)
	if err != nil {
		return nodeFacts{}, fmt.Errorf("node extension: %w", err)
	}
	if len(rest) != 0 {
		return nodeFacts{}, errors.New("node extension: trailing data")
	}
	if ext.NodeID == nil || ext.NodeID.Sign() <= 0 || !ext.NodeID.IsUint64() {
		return nodeFacts{}, fmt.Errorf("node extension: node id %v out of range 1..2^64-1", ext.NodeID)
	}
	platform, err := ParseKind(ext.Platform)
	if err != nil {
		return nodeFacts{}, fmt.Errorf("node extension: %w", err)
	}
	if len(ext.Measurement) == 0 {
		return nodeFacts{}, errors.New("node extension: measurement is empty")
	}
	return nodeFacts{nodeID: ext.NodeID.Uint64(), platform: platform, measurement: ext.Measurement}, nil
}

// randomSerial returns a random positive 128-bit certificate serial number.
func randomSerial() (*big.Int, error) {
	limit := new(big.Int).Lsh(big.NewInt(1), 128)
	for {
		n, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return nil, fmt.Errorf("serial number: %w", err)
		}
		if n.Sign() > 0 {
			return n, nil
		}
	}
}
