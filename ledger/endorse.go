package ledger

import (
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/cocorelay/coco/enclave"
)

// Endorsements of earlier services. A network recovered from the ledger of
// an earlier one has a new service certificate; it records, in
// TableService under key "endorsements", certificates by which it vouches
// for the earlier service keys (enclave.ServiceIdentity.EndorsePrevious),
// so that the signatures of the earlier nodes, and receipts built on them,
// verify against the new service certificate.

// ErrRecoveryPending is returned for the receipt of a transaction of a
// previous service while the recovered service has not yet recorded its
// endorsement of that service: it does so only once the members'
// recovery shares are in and the private tables are restored. The
// receipt is available then; nothing is wrong with the ledger.
var ErrRecoveryPending = errors.New("the recovered service does not vouch for the previous service yet: receipts of its transactions are available once enough members have submitted their recovery shares")

// endorsedBy reports whether one of ends is issued by svc: the service
// has recorded its endorsement of its previous one.
func endorsedBy(ends []*x509.Certificate, svc *x509.Certificate) bool {
	for _, e := range ends {
		if e.CheckSignatureFrom(svc) == nil {
			return true
		}
	}
	return false
}

// EndorsementsKey is the key of the endorsements in TableService: a JSON
// list of DER certificates.
var EndorsementsKey = []byte("endorsements")

// AddEndorsement records an endorsement (DER) in tx.
func AddEndorsement(tx *Tx, der []byte) error {
	var list [][]byte
	b, ok, err := tx.Get(TableService, EndorsementsKey)
	if err != nil {
		return err
	}
	if ok {
		if err := json.Unmarshal(b, &list); err != nil {
			return fmt.Errorf("%w: service endorsements: %v", ErrCorrupt, err)
		}
	}
	if _, err := x509.ParseCertificate(der); err != nil {
		return fmt.Errorf("service endorsement: %w", err)
	}
	out, _ := json.Marshal(append(list, der))
	tx.Put(TableService, EndorsementsKey, out)
	return nil
}

// Endorsements returns the recorded endorsements of earlier services.
func (s *Store) Endorsements() ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	err := s.view(func(txn *badger.Txn) error {
		var err error
		out, err = endorsementsIn(txn)
		return err
	})
	return out, err
}

func endorsementsIn(txn *badger.Txn) ([]*x509.Certificate, error) {
	r, ok, err := getRow(txn, TableService, EndorsementsKey)
	if err != nil || !ok || r.deleted {
		return nil, err
	}
	var list [][]byte
	if err := json.Unmarshal(r.value, &list); err != nil {
		return nil, fmt.Errorf("%w: service endorsements: %v", ErrCorrupt, err)
	}
	out := make([]*x509.Certificate, 0, len(list))
	for i, der := range list {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("%w: service endorsement %d: %v", ErrCorrupt, i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// SignedRange returns what an endorsement of the service that signed the
// ledger through seqno vouches for (enclave.EndorsedRange): seqnos 1 to
// seqno, which must be a signature transaction, and the root it signed.
// A recovered network endorses its previous service with the range of the
// imported ledger (Recovery().ImportedThrough).
func (s *Store) SignedRange(seqno uint64) (enclave.EndorsedRange, error) {
	var out enclave.EndorsedRange
	if seqno == 0 {
		return out, fmt.Errorf("signed range: seqno 0: %w", ErrNotSigned)
	}
	err := s.view(func(txn *badger.Txn) error {
		sig, info, err := nextSignature(txn, seqno-1)
		if err != nil {
			return err
		}
		if sig != seqno {
			return fmt.Errorf("signed range: seqno %d is not a signature transaction: %w", seqno, ErrNotSigned)
		}
		out = enclave.EndorsedRange{Through: seqno, Root: append([]byte(nil), info.Root[:]...)}
		return nil
	})
	return out, err
}
