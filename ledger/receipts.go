package ledger

import (
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
)

// ErrNotSigned is returned for a committed transaction that no signature
// transaction covers yet; a receipt will be available shortly.
var ErrNotSigned = errors.New("transaction is committed but not yet signed")

// ErrInvalidTx is returned for a transaction id that can never commit.
var ErrInvalidTx = errors.New("transaction id is invalid")

// Receipt returns the receipt of a committed transaction.
func (s *Store) Receipt(id TxID) (*receipt.Receipt, error) {
	switch s.Status(id) {
	case StatusInvalid:
		return nil, fmt.Errorf("%s: %w", id, ErrInvalidTx)
	case StatusUnknown, StatusPending:
		return nil, fmt.Errorf("%s: %w", id, ErrUnknownTx)
	}
	var out *receipt.Receipt
	err := s.view(func(txn *badger.Txn) error {
		svc, err := serviceCertIn(txn)
		if err != nil {
			return err
		}
		ends, err := endorsementsIn(txn)
		if err != nil {
			return err
		}
		var sigSeqno uint64
		out, sigSeqno, err = buildReceipt(txn, id.Seqno, svc, ends)
		if errors.Is(err, errSigner) && sigSeqno <= s.Recovery().ImportedThrough && !endorsedBy(ends, svc) {
			return fmt.Errorf("%s (signed at seqno %d, by the previous service): %w", id, sigSeqno, ErrRecoveryPending)
		}
		return err
	})
	return out, err
}

// errSigner marks a receipt whose signature's node the service does not
// vouch for.
var errSigner = errors.New("the signing node is not endorsed by the service")

// buildReceipt builds the receipt of the transaction at seqno, checking
// the node certificate of the signature that covers it against svc
// (through ends). It returns the signature's seqno with any error after
// it is known.
func buildReceipt(txn *badger.Txn, seqno uint64, svc *x509.Certificate, ends []*x509.Certificate) (*receipt.Receipt, uint64, error) {
	e, err := getIndex(txn, seqno)
	if err != nil {
		return nil, 0, err
	}
	sigSeqno, info, err := nextSignature(txn, seqno)
	if err != nil {
		return nil, 0, err
	}
	se, err := getIndex(txn, sigSeqno)
	if err != nil {
		return nil, sigSeqno, err
	}
	proof, err := merkle.InclusionProof(nodeReader{txn}, seqno-1, sigSeqno-1)
	if err != nil {
		return nil, sigSeqno, fmt.Errorf("%w: proof of seqno %d: %v", ErrCorrupt, seqno, err)
	}
	ci, err := enclave.VerifyNodeCertEndorsed(info.NodeCert, svc, ends)
	if err != nil {
		return nil, sigSeqno, fmt.Errorf("%w: %w: signature %d: %v", ErrCorrupt, errSigner, sigSeqno, err)
	}
	if ci.EndorsedThrough != 0 && sigSeqno > ci.EndorsedThrough {
		return nil, sigSeqno, fmt.Errorf("%w: signature %d is by a node of a previous service, endorsed through seqno %d only", ErrCorrupt, sigSeqno, ci.EndorsedThrough)
	}
	return receipt.Build(e.leaf, proof, se.leaf.ID, info.Root, info.NodeID, ci.Platform, info.Signature, info.NodeCert), sigSeqno, nil
}

// ImportedReceipt returns, on a network recovered from an earlier ledger,
// the receipt of the imported transaction at seqno as the previous
// service's nodes signed it, and the transaction's encoded record (what
// the receipt's write_set_digest hashes). previous is the service
// certificate of the imported ledger; the signature that covers seqno
// must be in the import. Whoever relies on it verifies it against the
// previous service certificate they keep (receipt.VerifyEndorsed) and
// hashes the record.
func (s *Store) ImportedReceipt(seqno uint64, previous *x509.Certificate) (*receipt.Receipt, []byte, error) {
	through := s.Recovery().ImportedThrough
	if seqno == 0 || seqno > through {
		return nil, nil, fmt.Errorf("seqno %d is not in the imported ledger (1 to %d): %w", seqno, through, ErrUnknownTx)
	}
	var out *receipt.Receipt
	err := s.view(func(txn *badger.Txn) error {
		ends, err := endorsementsIn(txn)
		if err != nil {
			return err
		}
		var sigSeqno uint64
		out, sigSeqno, err = buildReceipt(txn, seqno, previous, ends)
		if err == nil && sigSeqno > through {
			err = fmt.Errorf("seqno %d: no signature of the imported ledger covers it: %w", seqno, ErrNotSigned)
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	rec, err := s.recordAt(seqno)
	if err != nil {
		return nil, nil, err
	}
	return out, rec.enc, nil
}

// nextSignature finds the first signature transaction after seqno.
func nextSignature(txn *badger.Txn, seqno uint64) (uint64, SignatureInfo, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixSig}})
	defer it.Close()
	it.Seek(seqKey(prefixSig, seqno+1))
	if !it.Valid() {
		return 0, SignatureInfo{}, fmt.Errorf("seqno %d: %w", seqno, ErrNotSigned)
	}
	k := it.Item().Key()
	sigSeqno := uint64(0)
	for _, b := range k[1:] {
		sigSeqno = sigSeqno<<8 | uint64(b)
	}
	v, err := it.Item().ValueCopy(nil)
	if err != nil {
		return 0, SignatureInfo{}, err
	}
	info, err := decodeSignatureInfo(v)
	if err != nil {
		return 0, SignatureInfo{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return sigSeqno, info, nil
}

func serviceCertIn(txn *badger.Txn) (*x509.Certificate, error) {
	r, ok, err := getRow(txn, TableService, ServiceCertKey)
	if err != nil {
		return nil, err
	}
	if !ok || r.deleted {
		return nil, errors.New("the service has no certificate yet")
	}
	return x509.ParseCertificate(r.value)
}

// ServiceCert returns the service certificate recorded at genesis, or nil
// if the ledger has none yet.
func (s *Store) ServiceCert() (*x509.Certificate, error) {
	v, _, ok, err := s.Get(TableService, ServiceCertKey)
	if err != nil || !ok {
		return nil, err
	}
	return x509.ParseCertificate(v)
}
