package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cocorelay/coco/ledger/merkle"
)

// Kind says what a ledger record holds.
type Kind uint8

const (
	// KindApp is an application or governance write set.
	KindApp Kind = 1
	// KindSignature holds the leader's signature over the Merkle root of
	// every earlier transaction.
	KindSignature Kind = 2
	// KindViewStart opens a view: from here on only its leader may append.
	KindViewStart Kind = 3
)

func (k Kind) String() string {
	switch k {
	case KindApp:
		return "app"
	case KindSignature:
		return "signature"
	case KindViewStart:
		return "view-start"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// recordVersion 2 keeps private writes sealed (see seal.go); version 1
// held them in the clear and is not read any more.
const recordVersion = 2

// Limits on what one transaction may hold.
const (
	MaxTableName = 128
	MaxKeySize   = 4 << 10
	MaxValueSize = 1 << 20
	MaxWrites    = 10000
)

// Internal tables are written only by the ledger itself.
const (
	internalPrefix  = "public:coco.internal."
	TableViews      = internalPrefix + "views"
	TableSignatures = internalPrefix + "signatures"
	// TableService holds the service identity; key "cert" is the DER
	// certificate that endorses every node certificate.
	TableService = "public:coco.service"
)

// ServiceCertKey is the key of the service certificate in TableService.
var ServiceCertKey = []byte("cert")

// IsPublic reports whether a table is public (stored in the clear).
// Every other table is private.
func IsPublic(table string) bool { return strings.HasPrefix(table, "public:") }

// ValidTableName reports why a table name is not acceptable, or nil.
func ValidTableName(t string) error {
	if t == "" || len(t) > MaxTableName {
		return fmt.Errorf("table name must be 1 to %d characters", MaxTableName)
	}
	for _, c := range []byte(t) {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == ':'
		if !ok {
			return fmt.Errorf("table name %q: only a-z, 0-9 and . _ - : are allowed", t)
		}
	}
	return nil
}

// Write is one change in a write set. Delete writes have no Value.
type Write struct {
	Table  string
	Key    []byte
	Value  []byte
	Delete bool
}

// Record is one transaction as the ledger stores it and the Merkle tree
// covers it. Writes are sorted by table, then key, each pair at most once.
//
// Writes to private tables are never stored in the clear: Store.SealTx
// encrypts them into Sealed under the ledger secret, and the encoding holds
// the public writes and that ciphertext. A decoded record has the public
// writes in Writes and the private ones still in Sealed; Store.OpenRecord
// decrypts them into Writes as well.
type Record struct {
	Kind   Kind
	ID     TxID
	Claims merkle.Hash // digest of the claims a receipt may disclose; zero if none
	Writes []Write
	Sealed *SealedWrites // the private writes, encrypted; nil if there are none
}

// SealedWrites are a record's private writes, encrypted with AES-256-GCM
// under a key derived from ledger secret Version.
type SealedWrites struct {
	Version    uint64
	Nonce      [nonceSize]byte
	Ciphertext []byte
}

// Encode returns the canonical encoding of r. It panics if r holds a
// private write in the clear: those must be sealed (Store.SealTx).
func (r *Record) Encode() []byte {
	for _, w := range r.Writes {
		if !IsPublic(w.Table) {
			panic(fmt.Sprintf("ledger: record %s writes private table %s in the clear; seal it (Store.SealTx)", r.ID, w.Table))
		}
	}
	b, _ := r.encodeHead(r.Writes, r.Sealed)
	if r.Sealed != nil {
		e := encoder{b: b}
		e.bytes(r.Sealed.Ciphertext)
		b = e.b
	}
	return b
}

// encodeHead encodes r up to the sealed ciphertext (exclusive): the bytes
// the ciphertext is bound to. aadEnd is their length.
func (r *Record) encodeHead(public []Write, sealed *SealedWrites) (b []byte, aadEnd int) {
	n := 64 + recordSizeHint(public)
	if sealed != nil {
		n += 32 + len(sealed.Ciphertext)
	}
	e := encoder{b: make([]byte, 0, n)}
	e.u8(recordVersion)
	e.u8(uint8(r.Kind))
	e.u64(r.ID.View)
	e.u64(r.ID.Seqno)
	e.raw(r.Claims[:])
	e.writes(public)
	if sealed == nil {
		e.u8(0)
		return e.b, len(e.b)
	}
	e.u8(1)
	e.uvarint(sealed.Version)
	e.raw(sealed.Nonce[:])
	return e.b, len(e.b)
}

// writes encodes a write set: a count, then each write.
func (e *encoder) writes(ws []Write) {
	e.uvarint(uint64(len(ws)))
	for _, w := range ws {
		e.str(w.Table)
		e.bytes(w.Key)
		if w.Delete {
			e.u8(2)
			continue
		}
		e.u8(1)
		e.bytes(w.Value)
	}
}

func recordSizeHint(ws []Write) int {
	n := 0
	for _, w := range ws {
		n += len(w.Table) + len(w.Key) + len(w.Value) + 8
	}
	return n
}

// DecodeRecord parses and validates an encoded record. The returned record
// aliases b.
func DecodeRecord(b []byte) (*Record, error) { return decodeRecord(b, nil) }

// tableNames interns table names while records are decoded: the records
// of a batch write the same few tables over and over.
type tableNames struct{ names []string }

func (t *tableNames) name(b []byte) string {
	if t == nil {
		return string(b)
	}
	for _, s := range t.names {
		if s == string(b) {
			return s
		}
	}
	s := string(b)
	if len(t.names) < 32 {
		t.names = append(t.names, s)
	}
	return s
}

func decodeRecord(b []byte, names *tableNames) (*Record, error) {
	d := decoder{b: b}
	if v := d.u8(); d.err == nil && v != recordVersion {
		if v == 1 {
			return nil, errors.New("record version 1 (private writes in the clear) is not supported: this ledger predates encrypted private tables")
		}
		return nil, fmt.Errorf("record version %d is not supported", v)
	}
	r := &Record{Kind: Kind(d.u8())}
	r.ID.View = d.u64()
	r.ID.Seqno = d.u64()
	copy(r.Claims[:], d.raw(merkle.HashSize))
	r.Writes = d.writes(names)
	switch flag := d.u8(); {
	case d.err != nil:
	case flag == 1:
		s := &SealedWrites{Version: d.uvarint()}
		copy(s.Nonce[:], d.raw(nonceSize))
		s.Ciphertext = d.bytes(MaxBatchSize)
		if d.err == nil && (s.Version == 0 || len(s.Ciphertext) < gcmOverhead) {
			d.fail(errors.New("malformed sealed writes"))
		}
		r.Sealed = s
	case flag != 0:
		d.fail(fmt.Errorf("unknown sealed flag %d", flag))
	}
	if err := d.finish(); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// writes decodes what encoder.writes wrote.
func (d *decoder) writes(names *tableNames) []Write {
	n := d.uvarint()
	if d.err == nil && n > MaxWrites {
		d.fail(fmt.Errorf("%d writes, more than %d", n, MaxWrites))
	}
	if d.err != nil {
		return nil
	}
	ws := make([]Write, 0, min(n, uint64(len(d.b))))
	for i := uint64(0); i < n && d.err == nil; i++ {
		w := Write{Table: names.name(d.bytes(MaxTableName)), Key: d.bytes(MaxKeySize)}
		switch op := d.u8(); op {
		case 1:
			w.Value = d.bytes(MaxValueSize)
		case 2:
			w.Delete = true
		default:
			d.fail(fmt.Errorf("write %d: unknown operation %d", i, op))
		}
		ws = append(ws, w)
	}
	return ws
}

func (r *Record) validate() error {
	switch r.Kind {
	case KindApp, KindSignature, KindViewStart:
	default:
		return fmt.Errorf("record %s: unknown kind %d", r.ID, r.Kind)
	}
	if r.ID.View == 0 || r.ID.Seqno == 0 {
		return fmt.Errorf("record has no transaction id")
	}
	if r.Sealed != nil && r.Kind != KindApp {
		return fmt.Errorf("record %s: a %s record cannot hold private writes", r.ID, r.Kind)
	}
	return validWrites(r.ID, r.Writes, true)
}

// validWrites checks that ws are sorted and unique, with valid table names
// that are all public (or all private).
func validWrites(id TxID, ws []Write, public bool) error {
	for i, w := range ws {
		if err := ValidTableName(w.Table); err != nil {
			return fmt.Errorf("record %s write %d: %w", id, i, err)
		}
		if IsPublic(w.Table) != public {
			return fmt.Errorf("record %s write %d: table %s is in the wrong part of the record", id, i, w.Table)
		}
		if i > 0 && compareWrite(&ws[i-1], &w) >= 0 {
			return fmt.Errorf("record %s: writes are not sorted and unique at %d", id, i)
		}
	}
	return nil
}

func compareWrite(a, b *Write) int {
	if c := strings.Compare(a.Table, b.Table); c != 0 {
		return c
	}
	return bytes.Compare(a.Key, b.Key)
}

// sortWrites puts writes in canonical order. Callers guarantee uniqueness.
func sortWrites(ws []Write) {
	slices.SortFunc(ws, func(a, b Write) int { return compareWrite(&a, &b) })
}
