package ledger

import (
	"bytes"
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

const recordVersion = 1

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
type Record struct {
	Kind   Kind
	ID     TxID
	Claims merkle.Hash // digest of the claims a receipt may disclose; zero if none
	Writes []Write
}

// Encode returns the canonical encoding of r.
func (r *Record) Encode() []byte {
	e := encoder{b: make([]byte, 0, 64+recordSizeHint(r.Writes))}
	e.u8(recordVersion)
	e.u8(uint8(r.Kind))
	e.u64(r.ID.View)
	e.u64(r.ID.Seqno)
	e.raw(r.Claims[:])
	e.uvarint(uint64(len(r.Writes)))
	for _, w := range r.Writes {
		e.str(w.Table)
		e.bytes(w.Key)
		if w.Delete {
			e.u8(2)
			continue
		}
		e.u8(1)
		e.bytes(w.Value)
	}
	return e.b
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
		return nil, fmt.Errorf("record version %d is not supported", v)
	}
	r := &Record{Kind: Kind(d.u8())}
	r.ID.View = d.u64()
	r.ID.Seqno = d.u64()
	copy(r.Claims[:], d.raw(merkle.HashSize))
	n := d.uvarint()
	if d.err == nil && n > MaxWrites {
		return nil, fmt.Errorf("record has %d writes, more than %d", n, MaxWrites)
	}
	if d.err == nil {
		r.Writes = make([]Write, 0, n)
	}
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
		r.Writes = append(r.Writes, w)
	}
	if err := d.finish(); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r, nil
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
	for i, w := range r.Writes {
		if err := ValidTableName(w.Table); err != nil {
			return fmt.Errorf("record %s write %d: %w", r.ID, i, err)
		}
		if i > 0 && compareWrite(&r.Writes[i-1], &w) >= 0 {
			return fmt.Errorf("record %s: writes are not sorted and unique at %d", r.ID, i)
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
