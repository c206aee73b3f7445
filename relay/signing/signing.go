// Package signing defines how API clients sign requests and how the relay
// checks them. A signed request carries:
//
//	Coco-Key-Id:     hex SHA-256 of the signer's public key (DER SPKI)
//	Coco-Date:       the signing time, Unix milliseconds
//	Coco-Signature:  base64 signature over the message below
//	Idempotency-Key: required on writes, covered by the signature
//
// The signed message is these lines joined by "\n":
//
//	coco-request-v1
//	<service id: hex SHA-256 of the service certificate (DER)>
//	<method>
//	<request target: path, and "?" and the raw query if there is one>
//	<Coco-Date>
//	<Idempotency-Key, or empty>
//	<hex SHA-256 of the body>
//
// Keys are ECDSA P-256 (signature over SHA-256, ASN.1), ECDSA P-384
// (SHA-384, ASN.1) or Ed25519 (the message itself). A request dated more
// than MaxSkew from the relay's clock is refused, so a captured request can
// be replayed only within that window, and then a write returns its first
// answer (idempotency keys), never a second effect.
package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Header names.
const (
	HeaderKeyID          = "Coco-Key-Id"
	HeaderDate           = "Coco-Date"
	HeaderSignature      = "Coco-Signature"
	HeaderIdempotencyKey = "Idempotency-Key"
)

// MaxSkew is how far a request's date may be from the relay's clock.
const MaxSkew = 5 * time.Minute

// ServiceID identifies a service in signed messages.
func ServiceID(serviceCertDER []byte) string {
	h := sha256.Sum256(serviceCertDER)
	return hex.EncodeToString(h[:])
}

// Message builds the signed message.
func Message(service, method, target, date, idemKey string, body []byte) []byte {
	const version = "coco-request-v1"
	h := sha256.Sum256(body)
	b := make([]byte, 0, len(version)+len(service)+len(method)+len(target)+len(date)+len(idemKey)+hex.EncodedLen(len(h))+6)
	for _, part := range [...]string{version, service, method, target, date, idemKey} {
		b = append(b, part...)
		b = append(b, '\n')
	}
	return hex.AppendEncode(b, h[:])
}

// Target returns the request target as signed.
func Target(r *http.Request) string {
	if r.URL.RawQuery != "" {
		return r.URL.EscapedPath() + "?" + r.URL.RawQuery
	}
	return r.URL.EscapedPath()
}

// Sign adds the signature headers to req, whose body is body.
func Sign(req *http.Request, body []byte, key crypto.Signer, keyID, service string, now time.Time) error {
	date := strconv.FormatInt(now.UnixMilli(), 10)
	msg := Message(service, req.Method, Target(req), date, req.Header.Get(HeaderIdempotencyKey), body)
	sig, err := SignMessage(key, msg)
	if err != nil {
		return err
	}
	req.Header.Set(HeaderKeyID, keyID)
	req.Header.Set(HeaderDate, date)
	req.Header.Set(HeaderSignature, base64.StdEncoding.EncodeToString(sig))
	return nil
}

// SignMessage signs msg with key as the scheme requires for its type.
func SignMessage(key crypto.Signer, msg []byte) ([]byte, error) {
	switch pub := key.Public().(type) {
	case *ecdsa.PublicKey:
		if pub.Curve == elliptic.P384() {
			d := sha512.Sum384(msg)
			return key.Sign(rand.Reader, d[:], crypto.SHA384)
		}
		d := sha256.Sum256(msg)
		return key.Sign(rand.Reader, d[:], crypto.SHA256)
	case ed25519.PublicKey:
		return key.Sign(rand.Reader, msg, crypto.Hash(0))
	default:
		return nil, fmt.Errorf("signing: key type %T is not supported", pub)
	}
}

// ErrSignature is returned for a signature that does not verify.
var ErrSignature = errors.New("signature does not verify")

// VerifyMessage checks sig over msg with pub.
func VerifyMessage(pub crypto.PublicKey, msg, sig []byte) error {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		var ok bool
		if k.Curve == elliptic.P384() {
			d := sha512.Sum384(msg)
			ok = ecdsa.VerifyASN1(k, d[:], sig)
		} else {
			d := sha256.Sum256(msg)
			ok = ecdsa.VerifyASN1(k, d[:], sig)
		}
		if !ok {
			return ErrSignature
		}
		return nil
	case ed25519.PublicKey:
		if !ed25519.Verify(k, msg, sig) {
			return ErrSignature
		}
		return nil
	}
	return fmt.Errorf("signing: key type %T is not supported", pub)
}

// lowerHex reports whether s is made of lowercase hex digits only.
func lowerHex(s string) bool {
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Signed is what a request's signature headers say.
type Signed struct {
	KeyID     string
	Date      time.Time
	Signature []byte
}

// Parse reads and checks the form of a request's signature headers and its
// date against now. Errors name the header.
func Parse(h http.Header, now time.Time) (*Signed, error) {
	keyID, date, sig := h.Get(HeaderKeyID), h.Get(HeaderDate), h.Get(HeaderSignature)
	switch {
	case keyID == "" && date == "" && sig == "":
		return nil, errors.New("request is not signed: set " + HeaderKeyID + ", " + HeaderDate + " and " + HeaderSignature)
	case len(keyID) != 64 || !lowerHex(keyID):
		return nil, fmt.Errorf("%s: must be 64 lowercase hex characters", HeaderKeyID)
	}
	ms, err := strconv.ParseInt(date, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%s: must be Unix milliseconds", HeaderDate)
	}
	t := time.UnixMilli(ms)
	if d := now.Sub(t); d > MaxSkew || d < -MaxSkew {
		return nil, fmt.Errorf("%s: %s is more than %s from the relay's clock (%s)", HeaderDate, t.UTC().Format(time.RFC3339), MaxSkew, now.UTC().Format(time.RFC3339))
	}
	s, err := base64.StdEncoding.Strict().DecodeString(sig)
	if err != nil || len(s) == 0 {
		return nil, fmt.Errorf("%s: must be base64", HeaderSignature)
	}
	return &Signed{KeyID: keyID, Date: t, Signature: s}, nil
}
