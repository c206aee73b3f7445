package ledger

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Sealing: how private data is encrypted before it leaves the leader.
//
// A record's private writes are encoded like public ones and encrypted
// with AES-256-GCM under the record key of the current ledger secret
// (secrets.go). The nonce is 96 random bits: a seqno is sealed again
// whenever a leader change re-executes it, with other contents, so it
// cannot be part of the nonce; random nonces are safe for far more
// records than one secret seals between rotations (the bound is 2^32). The
// additional data is the whole record before the ciphertext (version,
// kind, id, claims digest, public writes, secret version and nonce), so
// the ciphertext cannot be moved to another record. The Merkle leaf hashes
// the encoded record, ciphertext included: receipts verify without the
// secret.
//
// A proposed transaction's reads of private tables (which name private
// keys) travel sealed the same way under the reads key, bound to the
// transaction id; they live only in the Raft log.

const (
	nonceSize   = 12
	gcmOverhead = 16
)

func txNonce() [nonceSize]byte {
	var n [nonceSize]byte
	rand.Read(n[:])
	return n
}

// SealTx encodes an executed transaction for proposal: its record with the
// private writes sealed under the current ledger secret, and its reads
// with the private ones sealed. It fails if the transaction writes or
// reads a private table while this node holds no current secret.
func (s *Store) SealTx(rec *Record, reads []Read) (ProposedTx, error) {
	public, private := splitWrites(rec.Writes)
	var pubReads, privReads []Read
	for _, r := range reads {
		if IsPublic(r.Table) {
			pubReads = append(pubReads, r)
		} else {
			privReads = append(privReads, r)
		}
	}
	ptx := ProposedTx{Reads: pubReads}
	if private == nil && privReads == nil {
		ptx.Record = rec.Encode()
		return ptx, nil
	}
	if s.Recovery().Pending() {
		return ProposedTx{}, ErrRestorePending
	}
	version, secret := s.keys.current()
	if secret == nil {
		if version == 0 {
			return ProposedTx{}, fmt.Errorf("%w: the ledger has no secret yet (no genesis)", ErrSecretNotHeld)
		}
		return ProposedTx{}, fmt.Errorf("%w: version %d", ErrSecretNotHeld, version)
	}
	if err := s.checkFreshAfterRecovery(version); err != nil {
		return ProposedTx{}, err
	}
	if private != nil {
		ptx.Record = sealRecord(rec, public, private, secret)
	} else {
		ptx.Record = rec.Encode()
	}
	if privReads != nil {
		ptx.SealedReads = sealReads(rec.ID, privReads, secret)
	}
	return ptx, nil
}

// checkFreshAfterRecovery refuses, on a network recovered from an earlier
// one's ledger, to seal under a secret of the earlier network (every copy
// of its recovery shares, and any old node's disk, opens it): private
// transactions wait (ErrSecretPending) until the recovered network made a
// fresh secret, which the leader does once the restore is done
// (relay/secrets.go: the old nodes are retired).
func (s *Store) checkFreshAfterRecovery(version uint64) error {
	rc := s.Recovery()
	if rc.ImportedThrough == 0 {
		return nil
	}
	_, at, ok, err := s.Get(TableSecrets, secretKey(version))
	if err != nil {
		return err
	}
	if !ok || at <= rc.ImportedThrough {
		return fmt.Errorf("%w: the recovered network still uses ledger secret %d of the network it recovered; private transactions wait for a fresh secret", ErrSecretPending, version)
	}
	return nil
}

// splitWrites separates public from private writes, keeping their order.
func splitWrites(ws []Write) (public, private []Write) {
	n := 0
	for _, w := range ws {
		if !IsPublic(w.Table) {
			n++
		}
	}
	if n == 0 {
		return ws, nil
	}
	public, private = make([]Write, 0, len(ws)-n), make([]Write, 0, n)
	for _, w := range ws {
		if IsPublic(w.Table) {
			public = append(public, w)
		} else {
			private = append(private, w)
		}
	}
	return public, private
}

func sealRecord(rec *Record, public, private []Write, secret *Secret) []byte {
	p := encoder{b: make([]byte, 0, recordSizeHint(private)+8)}
	p.writes(private)
	sealed := &SealedWrites{Version: secret.version, Nonce: txNonce()}
	head, _ := rec.encodeHead(public, sealed)
	ctLen := len(p.b) + gcmOverhead
	out := make([]byte, 0, len(head)+uvarintLen(uint64(ctLen))+ctLen)
	out = binary.AppendUvarint(append(out, head...), uint64(ctLen))
	return secret.record.Seal(out, sealed.Nonce[:], p.b, head)
}

// secretFunc returns the secret of a version, or an error wrapping
// ErrSecretNotHeld.
type secretFunc func(version uint64) (*Secret, error)

// openWrites decrypts a decoded record's private writes; enc is the record
// as encoded. names interns table names (may be nil).
func openWrites(rec *Record, enc []byte, secrets secretFunc, names *tableNames) ([]Write, error) {
	sw := rec.Sealed
	secret, err := secrets(sw.Version)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", rec.ID, err)
	}
	aadEnd := len(enc) - len(sw.Ciphertext) - uvarintLen(uint64(len(sw.Ciphertext)))
	plain, err := secret.record.Open(nil, sw.Nonce[:], sw.Ciphertext, enc[:aadEnd])
	if err != nil {
		return nil, fmt.Errorf("record %s: private writes do not decrypt under secret %d: %w: %v", rec.ID, sw.Version, ErrUndecryptable, err)
	}
	d := decoder{b: plain}
	ws := d.writes(names)
	if err := d.finish(); err != nil {
		return nil, fmt.Errorf("record %s: private writes: %w", rec.ID, err)
	}
	if len(ws) == 0 {
		return nil, fmt.Errorf("record %s: sealed but no private writes", rec.ID)
	}
	if err := validWrites(rec.ID, ws, false); err != nil {
		return nil, err
	}
	return ws, nil
}

// mergeWrites returns public and private writes in canonical order.
func mergeWrites(public, private []Write) []Write {
	out := make([]Write, 0, len(public)+len(private))
	out = append(append(out, public...), private...)
	sortWrites(out)
	return out
}

// OpenRecord decodes an encoded record and decrypts its private writes
// with the secrets this node holds. Writes then holds every write.
func (s *Store) OpenRecord(enc []byte) (*Record, error) {
	rec, err := DecodeRecord(enc)
	if err != nil || rec.Sealed == nil {
		return rec, err
	}
	private, err := openWrites(rec, enc, s.keys.get, nil)
	if err != nil {
		return nil, err
	}
	rec.Writes = mergeWrites(rec.Writes, private)
	return rec, nil
}

func readsAAD(id TxID) []byte {
	b := binary.BigEndian.AppendUint64([]byte("coco/reads/v1"), id.View)
	return binary.BigEndian.AppendUint64(b, id.Seqno)
}

func sealReads(id TxID, reads []Read, secret *Secret) []byte {
	p := encoder{}
	p.uvarint(uint64(len(reads)))
	for _, r := range reads {
		p.str(r.Table)
		p.bytes(r.Key)
		p.u64(r.Version)
	}
	nonce := txNonce()
	e := encoder{b: make([]byte, 0, 10+nonceSize+len(p.b)+gcmOverhead)}
	e.uvarint(secret.version)
	e.raw(nonce[:])
	return secret.reads.Seal(e.b, nonce[:], p.b, readsAAD(id))
}

// openReads decrypts what sealReads made for transaction id.
func openReads(id TxID, b []byte, secrets secretFunc) ([]Read, error) {
	d := decoder{b: b}
	version := d.uvarint()
	nonce := d.raw(nonceSize)
	if d.err != nil || len(d.b) < gcmOverhead {
		return nil, errors.New("malformed sealed reads")
	}
	secret, err := secrets(version)
	if err != nil {
		return nil, err
	}
	plain, err := secret.reads.Open(nil, nonce, d.b, readsAAD(id))
	if err != nil {
		return nil, fmt.Errorf("sealed reads do not decrypt under secret %d: %w: %v", version, ErrUndecryptable, err)
	}
	p := decoder{b: plain}
	n := p.uvarint()
	if p.err == nil && n > MaxWrites {
		return nil, fmt.Errorf("%d sealed reads, more than %d", n, MaxWrites)
	}
	reads := make([]Read, 0, min(n, uint64(len(plain))))
	for i := uint64(0); i < n && p.err == nil; i++ {
		r := Read{Table: string(p.bytes(MaxTableName)), Key: p.bytes(MaxKeySize), Version: p.u64()}
		if p.err == nil && IsPublic(r.Table) {
			return nil, fmt.Errorf("sealed read of public table %s", r.Table)
		}
		reads = append(reads, r)
	}
	if err := p.finish(); err != nil {
		return nil, fmt.Errorf("sealed reads: %w", err)
	}
	return slices.Clip(reads), nil
}
