package chaincode

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// memLedger is an in-memory channel ledger with Fabric's commit rules: a
// transaction is simulated against the committed state (it does not see
// its own writes), records the version of every key it read, and commits
// only if none of those keys changed since (MVCC); otherwise it is
// invalid and changes nothing. One chaincode event per transaction.
type memLedger struct {
	channel, chaincode string
	state              map[string]versioned
	version            uint64 // of the last committed transaction
	events             []*peer.ChaincodeEvent
}

type versioned struct {
	value   []byte
	version uint64
}

func newMemLedger(channel, chaincode string) *memLedger {
	return &memLedger{channel: channel, chaincode: chaincode, state: map[string]versioned{}}
}

// memStub is shim.ChaincodeStubInterface for one transaction on a
// memLedger.
type memStub struct {
	l        *memLedger
	txID     string
	args     [][]byte
	creator  []byte
	proposal *peer.SignedProposal
	reads    map[string]uint64 // version read; 0: absent
	writes   map[string][]byte // nil: deleted
	event    *peer.ChaincodeEvent
}

var _ shim.ChaincodeStubInterface = (*memStub)(nil)

// newStub starts a transaction by creator (a serialized msp identity)
// invoking fn(args) under the ledger's chaincode name.
func (l *memLedger) newStub(creator []byte, fn string, args ...string) *memStub {
	return l.newStubVia(l.chaincode, creator, fn, args...)
}

// newStubVia is newStub for a client's proposal to chaincode invoked,
// which calls this ledger's chaincode (a cross-chaincode call: the callee
// sees the caller's signed proposal) unless invoked is its name.
func (l *memLedger) newStubVia(invoked string, creator []byte, fn string, args ...string) *memStub {
	id := make([]byte, 32)
	rand.Read(id)
	s := &memStub{l: l, txID: hex.EncodeToString(id), creator: creator, reads: map[string]uint64{}, writes: map[string][]byte{}}
	s.args = append(s.args, []byte(fn))
	for _, a := range args {
		s.args = append(s.args, []byte(a))
	}
	ext, _ := proto.Marshal(&peer.ChaincodeHeaderExtension{ChaincodeId: &peer.ChaincodeID{Name: invoked}})
	ch, _ := proto.Marshal(&common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: l.channel, TxId: s.txID, Extension: ext})
	sh, _ := proto.Marshal(&common.SignatureHeader{Creator: creator})
	hdr, _ := proto.Marshal(&common.Header{ChannelHeader: ch, SignatureHeader: sh})
	prop, _ := proto.Marshal(&peer.Proposal{Header: hdr})
	s.proposal = &peer.SignedProposal{ProposalBytes: prop}
	return s
}

// commit applies the transaction's writes and event if nothing it read
// changed; it reports whether the transaction was valid.
func (l *memLedger) commit(s *memStub) bool {
	for k, v := range s.reads {
		if l.state[k].version != v {
			return false
		}
	}
	l.version++
	for k, v := range s.writes {
		if v == nil {
			delete(l.state, k)
		} else {
			l.state[k] = versioned{value: v, version: l.version}
		}
	}
	if s.event != nil {
		l.events = append(l.events, s.event)
	}
	return true
}

func (s *memStub) GetArgs() [][]byte { return s.args }

func (s *memStub) GetStringArgs() []string {
	out := make([]string, len(s.args))
	for i, a := range s.args {
		out[i] = string(a)
	}
	return out
}

func (s *memStub) GetFunctionAndParameters() (string, []string) {
	a := s.GetStringArgs()
	if len(a) == 0 {
		return "", []string{}
	}
	return a[0], a[1:]
}

func (s *memStub) GetArgsSlice() ([]byte, error) { return slices.Concat(s.args...), nil }
func (s *memStub) GetTxID() string               { return s.txID }
func (s *memStub) GetChannelID() string          { return s.l.channel }

func (s *memStub) InvokeChaincode(string, [][]byte, string) *peer.Response {
	return &peer.Response{Status: shim.ERROR, Message: "memstub: no other chaincodes"}
}

func (s *memStub) GetState(key string) ([]byte, error) {
	if key == "" {
		return nil, errors.New("memstub: empty key")
	}
	v, ok := s.l.state[key]
	s.reads[key] = v.version
	if !ok {
		return nil, nil
	}
	return slices.Clone(v.value), nil
}

func (s *memStub) GetMultipleStates(keys ...string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		v, err := s.GetState(k)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (s *memStub) PutState(key string, value []byte) error {
	if key == "" || !utf8.ValidString(key) {
		return fmt.Errorf("memstub: key %q: empty or not UTF-8", key)
	}
	if value == nil {
		value = []byte{}
	}
	s.writes[key] = slices.Clone(value)
	return nil
}

func (s *memStub) DelState(key string) error {
	s.writes[key] = nil
	return nil
}

func (s *memStub) CreateCompositeKey(objectType string, attributes []string) (string, error) {
	return shim.CreateCompositeKey(objectType, attributes)
}

func (s *memStub) SplitCompositeKey(key string) (string, []string, error) {
	if !strings.HasPrefix(key, "\x00") || !strings.HasSuffix(key, "\x00") {
		return "", nil, fmt.Errorf("memstub: %q is not a composite key", key)
	}
	parts := strings.Split(key[1:len(key)-1], "\x00")
	return parts[0], parts[1:], nil
}

// GetStateByPartialCompositeKey lists committed keys with the prefix, in
// key order (reads are recorded as for GetState).
func (s *memStub) GetStateByPartialCompositeKey(objectType string, keys []string) (shim.StateQueryIteratorInterface, error) {
	prefix, err := shim.CreateCompositeKey(objectType, keys)
	if err != nil {
		return nil, err
	}
	var kvs []*queryresult.KV
	for k, v := range s.l.state {
		if strings.HasPrefix(k, prefix) {
			s.reads[k] = v.version
			kvs = append(kvs, &queryresult.KV{Namespace: s.l.chaincode, Key: k, Value: slices.Clone(v.value)})
		}
	}
	slices.SortFunc(kvs, func(a, b *queryresult.KV) int { return strings.Compare(a.Key, b.Key) })
	return &memIterator{kvs: kvs}, nil
}

type memIterator struct{ kvs []*queryresult.KV }

func (it *memIterator) HasNext() bool { return len(it.kvs) > 0 }
func (it *memIterator) Close() error  { return nil }
func (it *memIterator) Next() (*queryresult.KV, error) {
	if len(it.kvs) == 0 {
		return nil, errors.New("memstub: no more results")
	}
	kv := it.kvs[0]
	it.kvs = it.kvs[1:]
	return kv, nil
}

func (s *memStub) SetEvent(name string, payload []byte) error {
	if name == "" {
		return errors.New("memstub: event name must not be empty")
	}
	s.event = &peer.ChaincodeEvent{ChaincodeId: s.l.chaincode, TxId: s.txID, EventName: name, Payload: slices.Clone(payload)}
	return nil
}

func (s *memStub) GetCreator() ([]byte, error)                        { return s.creator, nil }
func (s *memStub) GetTransient() (map[string][]byte, error)           { return map[string][]byte{}, nil }
func (s *memStub) GetBinding() ([]byte, error)                        { return nil, nil }
func (s *memStub) GetDecorations() map[string][]byte                  { return nil }
func (s *memStub) GetSignedProposal() (*peer.SignedProposal, error)   { return s.proposal, nil }
func (s *memStub) GetTxTimestamp() (*timestamppb.Timestamp, error)    { return timestamppb.Now(), nil }
func (s *memStub) StartWriteBatch()                                   {}
func (s *memStub) FinishWriteBatch() error                            { return nil }
func (s *memStub) SetStateValidationParameter(string, []byte) error   { return errUnsupported }
func (s *memStub) GetStateValidationParameter(string) ([]byte, error) { return nil, errUnsupported }

// What the bridge chaincode never uses: range queries over simple keys,
// rich queries, history and private data.
var errUnsupported = errors.New("memstub: not supported")

func (s *memStub) GetStateByRange(string, string) (shim.StateQueryIteratorInterface, error) {
	return nil, errUnsupported
}
func (s *memStub) GetStateByRangeWithPagination(string, string, int32, string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	return nil, nil, errUnsupported
}
func (s *memStub) GetStateByPartialCompositeKeyWithPagination(string, []string, int32, string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	return nil, nil, errUnsupported
}
func (s *memStub) GetAllStatesCompositeKeyWithPagination(int32, string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	return nil, nil, errUnsupported
}
func (s *memStub) GetQueryResult(string) (shim.StateQueryIteratorInterface, error) {
	return nil, errUnsupported
}
func (s *memStub) GetQueryResultWithPagination(string, int32, string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	return nil, nil, errUnsupported
}
func (s *memStub) GetHistoryForKey(string) (shim.HistoryQueryIteratorInterface, error) {
	return nil, errUnsupported
}
func (s *memStub) GetPrivateData(string, string) ([]byte, error) { return nil, errUnsupported }
func (s *memStub) GetMultiplePrivateData(string, ...string) ([][]byte, error) {
	return nil, errUnsupported
}
func (s *memStub) GetPrivateDataHash(string, string) ([]byte, error) { return nil, errUnsupported }
func (s *memStub) PutPrivateData(string, string, []byte) error       { return errUnsupported }
func (s *memStub) DelPrivateData(string, string) error               { return errUnsupported }
func (s *memStub) PurgePrivateData(string, string) error             { return errUnsupported }
func (s *memStub) SetPrivateDataValidationParameter(string, string, []byte) error {
	return errUnsupported
}
func (s *memStub) GetPrivateDataValidationParameter(string, string) ([]byte, error) {
	return nil, errUnsupported
}
func (s *memStub) GetPrivateDataByRange(string, string, string) (shim.StateQueryIteratorInterface, error) {
	return nil, errUnsupported
}
func (s *memStub) GetPrivateDataByPartialCompositeKey(string, string, []string) (shim.StateQueryIteratorInterface, error) {
	return nil, errUnsupported
}
func (s *memStub) GetPrivateDataQueryResult(string, string) (shim.StateQueryIteratorInterface, error) {
	return nil, errUnsupported
}
