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
		e, err := getIndex(txn, id.Seqno)
		if err != nil {
			return err
		}
		sigSeqno, info, err := nextSignature(txn, id.Seqno)
		if err != nil {
			return err
		}
		se, err := getIndex(txn, sigSeqno)
		if err != nil {
			return err
		}
		proof, err := merkle.InclusionProof(nodeReader{txn}, id.Seqno-1, sigSeqno-1)
		if err != nil {
			return fmt.Errorf("%w: proof of %s: %v", ErrCorrupt, id, err)
		}
		svc, err := serviceCertIn(txn)
		if err != nil {
			return err
		}
		ends, err := endorsementsIn(txn)
		if err != nil {
			return err
		}
		ci, err := enclave.VerifyNodeCertEndorsed(info.NodeCert, svc, ends)
		if err != nil {
			return fmt.Errorf("%w: signature %d: %v", ErrCorrupt, sigSeqno, err)
		}
		if ci.EndorsedThrough != 0 && sigSeqno > ci.EndorsedThrough {
			return fmt.Errorf("%w: signature %d is by a node of a previous service, endorsed through seqno %d only", ErrCorrupt, sigSeqno, ci.EndorsedThrough)
		}
		out = receipt.Build(e.leaf, proof, se.leaf.ID, info.Root, info.NodeID, ci.Platform, info.Signature, info.NodeCert)
		return nil
	})
	return out, err
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
