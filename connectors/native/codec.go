package native

import (
	"encoding/binary"
	"errors"
	"time"
)

// Records are stored in a compact binary form: every transfer reads an
// asset and two accounts and writes two history entries, on the leader and
// on every replica, so their size and decoding cost are paid many times.
// The form is deterministic: a version byte, then the fields in order,
// strings as a uvarint length and the bytes, times as Unix seconds (8
// bytes, two's complement) and nanoseconds (4 bytes), big endian.
const recordV1 = 1

// Kinds of history entries as stored; kindOther is followed by the kind
// as a string.
const (
	kindOther byte = iota
	kindMint
	kindBurn
	kindTransferIn
	kindTransferOut
)

var errCorrupt = errors.New("malformed record")

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(t.Unix()))
	return binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
}

func strSize(s string) int { return binary.MaxVarintLen16 + len(s) }

const timeSize = 12

// reader decodes a binary record. It reads from one string copy of the
// record, so the strings it returns share a single allocation. The first
// error sticks.
type reader struct {
	s   string
	err error
}

func newReader(b []byte) *reader {
	if len(b) == 0 || b[0] != recordV1 {
		return &reader{err: errCorrupt}
	}
	return &reader{s: string(b[1:])}
}

func (r *reader) fail() { r.err = errCorrupt }

func (r *reader) byte() byte {
	if r.err != nil || len(r.s) < 1 {
		r.fail()
		return 0
	}
	c := r.s[0]
	r.s = r.s[1:]
	return c
}

func (r *reader) str() string {
	if r.err != nil {
		return ""
	}
	n, k := uvarint(r.s)
	if k <= 0 || n > uint64(len(r.s)-k) {
		r.fail()
		return ""
	}
	v := r.s[k : k+int(n)]
	r.s = r.s[k+int(n):]
	return v
}

func (r *reader) time() time.Time {
	if r.err != nil || len(r.s) < timeSize {
		r.fail()
		return time.Time{}
	}
	var sec int64
	var v uint64
	for i := range timeSize {
		v = v<<8 | uint64(r.s[i])
		if i == 7 {
			v, sec = 0, int64(v)
		}
	}
	nsec := uint32(v)
	r.s = r.s[timeSize:]
	if nsec >= 1e9 {
		r.fail()
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

// done reports the first error, or an error if bytes are left over.
func (r *reader) done() error {
	if r.err == nil && len(r.s) != 0 {
		return errCorrupt
	}
	return r.err
}

// uvarint decodes a minimally encoded uvarint from the start of s.
func uvarint(s string) (uint64, int) {
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if c == 0 && i > 0 {
				return 0, -1 // not minimal
			}
			return v, i + 1
		}
	}
	return 0, -1
}

func (a *Asset) encode() []byte {
	b := make([]byte, 0, 2+strSize(a.ID)+strSize(a.Issuer)+strSize(a.Supply)+timeSize)
	b = append(b, recordV1)
	b = appendStr(b, a.ID)
	b = appendStr(b, a.Issuer)
	b = append(b, a.Decimals)
	b = appendStr(b, a.Supply)
	return appendTime(b, a.Created)
}

func (a *Asset) decode(b []byte) error {
	r := newReader(b)
	a.ID, a.Issuer, a.Decimals, a.Supply, a.Created = r.str(), r.str(), r.byte(), r.str(), r.time()
	return r.done()
}

func (a *Account) encode() []byte {
	b := make([]byte, 0, 1+strSize(a.ID)+strSize(a.Owner)+timeSize)
	b = append(b, recordV1)
	b = appendStr(b, a.ID)
	b = appendStr(b, a.Owner)
	return appendTime(b, a.Created)
}

func (a *Account) decode(b []byte) error {
	r := newReader(b)
	a.ID, a.Owner, a.Created = r.str(), r.str(), r.time()
	return r.done()
}

func (e *Entry) encode() []byte {
	return e.appendTo(make([]byte, 0, 2+strSize(e.TxID)+strSize(e.Kind)+strSize(e.Asset)+strSize(e.Amount)+strSize(e.Counterparty)+strSize(e.Memo)+timeSize))
}

// appendTo appends the encoded entry to b.
func (e *Entry) appendTo(b []byte) []byte {
	b = append(b, recordV1)
	b = appendStr(b, e.TxID)
	switch e.Kind {
	case KindMint:
		b = append(b, kindMint)
	case KindBurn:
		b = append(b, kindBurn)
	case KindTransferIn:
		b = append(b, kindTransferIn)
	case KindTransferOut:
		b = append(b, kindTransferOut)
	default:
		b = appendStr(append(b, kindOther), e.Kind)
	}
	b = appendStr(b, e.Asset)
	b = appendStr(b, e.Amount)
	b = appendStr(b, e.Counterparty)
	b = appendStr(b, e.Memo)
	return appendTime(b, e.At)
}

func (e *Entry) decode(b []byte) error {
	r := newReader(b)
	e.TxID = r.str()
	switch k := r.byte(); k {
	case kindMint:
		e.Kind = KindMint
	case kindBurn:
		e.Kind = KindBurn
	case kindTransferIn:
		e.Kind = KindTransferIn
	case kindTransferOut:
		e.Kind = KindTransferOut
	case kindOther:
		e.Kind = r.str()
	default:
		r.fail()
	}
	e.Asset, e.Amount, e.Counterparty, e.Memo, e.At = r.str(), r.str(), r.str(), r.str(), r.time()
	return r.done()
}
