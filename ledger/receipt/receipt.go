// Package receipt defines what makes a Coco ledger verifiable by anyone:
// transaction ids, Merkle leaves, the message a node signs over a root, and
// receipts — a self-contained JSON proof that a transaction is in the
// ledger — with their offline verification against the service certificate.
package receipt

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger/merkle"
)

// Version is the receipt format version.
const Version = 1

// Receipt proves that a transaction is in the ledger. See
// configs/receipt.md for the format. Every field is checked by Verify:
// txid and the digests make the leaf, the proof leads from it to root,
// root and the signature transaction id are what the node signed, and the
// node certificate (which states the node id and platform) is endorsed by
// the service certificate.
type Receipt struct {
	Version        int       `json:"version"`
	TxID           string    `json:"txid"`
	WriteSetDigest string    `json:"write_set_digest"`
	ClaimsDigest   string    `json:"claims_digest"`
	Proof          []string  `json:"proof"`
	Signature      Signature `json:"signature"`
}

// Signature is the signature transaction that covers the receipt's transaction.
type Signature struct {
	TxID      string `json:"txid"`
	Root      string `json:"root"`
	NodeID    uint64 `json:"node_id"`
	Platform  string `json:"platform"`
	Signature string `json:"signature"`
	NodeCert  string `json:"node_cert"`
}

// Build assembles a receipt.
func Build(leaf Leaf, proof []merkle.Hash, sig TxID, root merkle.Hash, nodeID uint64, platform enclave.Kind, signature, nodeCertDER []byte) *Receipt {
	r := &Receipt{
		Version:        Version,
		TxID:           leaf.ID.String(),
		WriteSetDigest: leaf.WriteSetDigest.String(),
		ClaimsDigest:   leaf.Claims.String(),
		Proof:          make([]string, len(proof)),
		Signature: Signature{
			TxID:      sig.String(),
			Root:      root.String(),
			NodeID:    nodeID,
			Platform:  string(platform),
			Signature: base64.StdEncoding.EncodeToString(signature),
			NodeCert:  string(enclave.EncodeCertPEM(nodeCertDER)),
		},
	}
	for i, h := range proof {
		r.Proof[i] = h.String()
	}
	return r
}

// Marshal returns the canonical JSON form: indented, fields in order,
// ending in a newline.
func (r *Receipt) Marshal() []byte {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		panic(err) // a Receipt always marshals
	}
	return append(b, '\n')
}

// ErrInvalid wraps every reason a receipt does not verify.
var ErrInvalid = errors.New("receipt is not valid")

// Verified is what a valid receipt proves.
type Verified struct {
	TxID        TxID
	SignatureID TxID
	NodeID      uint64
	Platform    enclave.Kind
	Root        merkle.Hash
	Claims      merkle.Hash
	// WriteSetDigest is the transaction's write-set digest, as proved.
	WriteSetDigest merkle.Hash
}

// Summary is a one-line description of a verified receipt.
func (v *Verified) Summary() string {
	return fmt.Sprintf("receipt valid: transaction %s is in the ledger, signed at %s by node %d (%s platform), root %s",
		v.TxID, v.SignatureID, v.NodeID, v.Platform, v.Root.String()[:16])
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Verify checks a receipt in its JSON form against the service certificate,
// offline. Any change to a field's meaning, and any change to the JSON other
// than white space, makes it fail.
func Verify(data []byte, service *x509.Certificate) (*Verified, error) {
	return VerifyEndorsed(data, service, nil)
}

// VerifyEndorsed is Verify for a service that was recovered from the
// ledger of an earlier one: a receipt the earlier service issued verifies
// through endorsements, certificates by which the current service (or an
// endorsed earlier one) vouches for an earlier service's key (GET
// /v1/service/endorsements; enclave.ServiceIdentity.EndorsePrevious).
func VerifyEndorsed(data []byte, service *x509.Certificate, endorsements []*x509.Certificate) (*Verified, error) {
	var r Receipt
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, invalid("malformed JSON: %v", err)
	}
	if dec.More() {
		return nil, invalid("trailing data after the receipt")
	}
	// encoding/json matches names case-insensitively and accepts duplicate
	// fields; comparing with the canonical encoding refuses both, and any
	// other non-canonical spelling of a value.
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		return nil, invalid("malformed JSON: %v", err)
	}
	canon, _ := json.Marshal(&r)
	if !bytes.Equal(compact.Bytes(), canon) {
		return nil, invalid("not in canonical form (field names, order or value encodings differ from what the ledger issues)")
	}
	return r.verify(service, endorsements)
}

func (r *Receipt) verify(service *x509.Certificate, endorsements []*x509.Certificate) (*Verified, error) {
	if r.Version != Version {
		return nil, invalid("version %d is not supported (want %d)", r.Version, Version)
	}
	id, err := ParseTxID(r.TxID)
	if err != nil {
		return nil, invalid("txid: %v", err)
	}
	sigID, err := ParseTxID(r.Signature.TxID)
	if err != nil {
		return nil, invalid("signature.txid: %v", err)
	}
	if sigID.Seqno <= id.Seqno {
		return nil, invalid("signature %s does not come after transaction %s", sigID, id)
	}
	wsd, err := parseHash("write_set_digest", r.WriteSetDigest)
	if err != nil {
		return nil, err
	}
	claims, err := parseHash("claims_digest", r.ClaimsDigest)
	if err != nil {
		return nil, err
	}
	root, err := parseHash("signature.root", r.Signature.Root)
	if err != nil {
		return nil, err
	}
	proof := make([]merkle.Hash, len(r.Proof))
	for i, p := range r.Proof {
		if proof[i], err = parseHash(fmt.Sprintf("proof[%d]", i), p); err != nil {
			return nil, err
		}
	}
	leaf := Leaf{ID: id, WriteSetDigest: wsd, Claims: claims}
	got, err := merkle.RootFromInclusionProof(leaf.Hash(), id.Seqno-1, sigID.Seqno-1, proof)
	if err != nil {
		return nil, invalid("proof: %v", err)
	}
	if got != root {
		return nil, invalid("the proof leads to root %s, not the signed root %s", got, root)
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(r.Signature.Signature)
	if err != nil || base64.StdEncoding.EncodeToString(sig) != r.Signature.Signature {
		return nil, invalid("signature.signature is not canonical base64")
	}
	cert, err := enclave.ParseCertPEM([]byte(r.Signature.NodeCert))
	if err != nil {
		return nil, invalid("signature.node_cert: %v", err)
	}
	if !bytes.Equal(enclave.EncodeCertPEM(cert.Raw), []byte(r.Signature.NodeCert)) {
		return nil, invalid("signature.node_cert is not in canonical PEM form")
	}
	info, err := enclave.VerifyNodeCertEndorsed(cert.Raw, service, endorsements)
	if err != nil {
		return nil, invalid("signature.node_cert is not endorsed by the service certificate: %v", err)
	}
	if info.EndorsedThrough != 0 && sigID.Seqno > info.EndorsedThrough {
		return nil, invalid("signature %s is by node %d of a previous service, whose endorsement covers seqnos 1 to %d only", sigID, info.NodeID, info.EndorsedThrough)
	}
	if info.NodeID != r.Signature.NodeID {
		return nil, invalid("signature.node_id is %d but the certificate is for node %d", r.Signature.NodeID, info.NodeID)
	}
	if string(info.Platform) != r.Signature.Platform {
		return nil, invalid("signature.platform is %q but the certificate says %q", r.Signature.Platform, info.Platform)
	}
	pub, ok := info.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return nil, invalid("node certificate key is not ECDSA")
	}
	digest := sha256.Sum256(SignedRootMessage(sigID, root))
	if !ecdsa.VerifyASN1(pub, digest[:], sig) {
		return nil, invalid("signature.signature does not verify with the node's key")
	}
	return &Verified{TxID: id, SignatureID: sigID, NodeID: info.NodeID, Platform: info.Platform, Root: root, Claims: claims, WriteSetDigest: wsd}, nil
}

func parseHash(field, s string) (merkle.Hash, error) {
	var h merkle.Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != merkle.HashSize || hex.EncodeToString(b) != s {
		return h, invalid("%s is not %d bytes of lowercase hex", field, merkle.HashSize)
	}
	copy(h[:], b)
	return h, nil
}
