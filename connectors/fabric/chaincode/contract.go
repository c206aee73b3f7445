package chaincode

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// Contract is the bridge contract. Its exported methods are the chaincode's
// transactions.
type Contract struct {
	contractapi.Contract
}

// New returns the chaincode, ready for shim.ChaincodeServer or tests.
func New() (*contractapi.ContractChaincode, error) {
	cc, err := contractapi.NewChaincode(&Contract{})
	if err != nil {
		return nil, fmt.Errorf("bridge chaincode: %w", err)
	}
	cc.Info.Title = "Coco bridge"
	cc.Info.Version = "1.0.0"
	return cc, nil
}

// Escrow is the account that holds locked native tokens. It contains no
// colon, so no client account can be named like it.
const Escrow = "coco.bridge.escrow"

// MaxDecimals is the most decimals the native token may declare.
const MaxDecimals = 36

// Keys of the world state.
const (
	keyMeta    = "meta"    // meta (JSON)
	keySigners = "signers" // wire.Signers (JSON)
	keyBridge  = "bridge"  // the bridge id (wire.BridgeID)
	keyName    = "name"    // the chaincode's own name, as SetupBridge was invoked
	keyLatest  = "anchor.latest"

	objBalance         = "balance"         // asset, account → decimal
	objSupply          = "supply"          // asset → decimal
	objAllowance       = "allowance"       // owner, spender → decimal
	objDeposit         = "deposit"         // id → wire.Deposit
	objPayout          = "payout"          // id → wire.Payout
	objCancel          = "cancel"          // id → wire.Cancel
	objBridgeAllowance = "bridgeallowance" // holder, user, asset → decimal (ApproveBridge)
	objAnchor          = "anchor"          // seqno (20 digits) → wire.Anchor
)

// meta is the native token's description and who may mint it.
type meta struct {
	Name      string `json:"name"`
	Symbol    string `json:"symbol"`
	Decimals  int    `json:"decimals"`
	MinterMSP string `json:"minterMsp"`
}

// errInvariant reports state that correct code never produces.
func errInvariant(what string) error { return fmt.Errorf("broken invariant: %s", what) }

// refusef returns a refusal on the merits (see wire.RefusedPrefix).
func refusef(format string, args ...any) error {
	return errors.New(wire.RefusedPrefix + fmt.Sprintf(format, args...))
}

// state wraps one invocation's stub. Fabric's GetState does not see the
// invocation's own writes; state does, so that code reading a key it
// wrote reads what it wrote.
type state struct {
	ctx    contractapi.TransactionContextInterface
	writes map[string][]byte
}

func newState(ctx contractapi.TransactionContextInterface) *state {
	return &state{ctx: ctx, writes: map[string][]byte{}}
}

func (s *state) get(key string) ([]byte, error) {
	if v, ok := s.writes[key]; ok {
		return v, nil
	}
	v, err := s.ctx.GetStub().GetState(key)
	if err != nil {
		return nil, fmt.Errorf("read state: %w", err)
	}
	return v, nil
}

func (s *state) put(key string, v []byte) error {
	if err := s.ctx.GetStub().PutState(key, v); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	s.writes[key] = v
	return nil
}

func (s *state) key(obj string, attrs ...string) (string, error) {
	k, err := s.ctx.GetStub().CreateCompositeKey(obj, attrs)
	if err != nil {
		return "", refusef("%v", err)
	}
	return k, nil
}

func (s *state) getJSON(key string, v any) (bool, error) {
	b, err := s.get(key)
	if err != nil || b == nil {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("state %q: %w", key, err)
	}
	return true, nil
}

func (s *state) putJSON(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.put(key, b)
}

func (s *state) amount(obj string, attrs ...string) (*big.Int, error) {
	k, err := s.key(obj, attrs...)
	if err != nil {
		return nil, err
	}
	b, err := s.get(k)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return new(big.Int), nil
	}
	v, err := wire.ParseAmount(string(b))
	if err != nil {
		return nil, fmt.Errorf("state %q: %w", k, err)
	}
	return v, nil
}

func (s *state) setAmount(v *big.Int, obj string, attrs ...string) error {
	k, err := s.key(obj, attrs...)
	if err != nil {
		return err
	}
	return s.put(k, []byte(v.String()))
}

func (s *state) meta() (*meta, error) {
	var m meta
	ok, err := s.getJSON(keyMeta, &m)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refusef("the token is not initialized (call Initialize)")
	}
	return &m, nil
}

func (s *state) signers() (*wire.Signers, error) {
	var set wire.Signers
	ok, err := s.getJSON(keySigners, &set)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refusef("the bridge is not set up (call SetupBridge)")
	}
	return &set, nil
}

// emit sets the invocation's chaincode event (Fabric keeps one).
func (s *state) emit(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.ctx.GetStub().SetEvent(name, b)
}

// caller returns the invoking client's account: "MSPID:" + client id.
// Only a client's own proposal to this chaincode acts for it: a call from
// another chaincode (which carries the client's identity, so that chaincode
// could lock or spend the client's tokens without the client asking) is
// refused once the bridge is set up and knows its name.
func caller(ctx contractapi.TransactionContextInterface) (string, string, error) {
	if err := direct(ctx); err != nil {
		return "", "", err
	}
	id := ctx.GetClientIdentity()
	msp, err := id.GetMSPID()
	if err != nil {
		return "", "", fmt.Errorf("client identity: %w", err)
	}
	cid, err := id.GetID()
	if err != nil {
		return "", "", fmt.Errorf("client identity: %w", err)
	}
	return msp + ":" + cid, msp, nil
}

// invokedAs is the channel and the name this chaincode was invoked under,
// as the signed proposal says.
func invokedAs(ctx contractapi.TransactionContextInterface) (channel, chaincode string, err error) {
	stub := ctx.GetStub()
	sp, err := stub.GetSignedProposal()
	if err != nil {
		return "", "", fmt.Errorf("signed proposal: %w", err)
	}
	var prop peer.Proposal
	var hdr common.Header
	var ch common.ChannelHeader
	var ext peer.ChaincodeHeaderExtension
	// Each step reads a field of the message the step before decoded.
	steps := []func() error{
		func() error { return proto.Unmarshal(sp.GetProposalBytes(), &prop) },
		func() error { return proto.Unmarshal(prop.GetHeader(), &hdr) },
		func() error { return proto.Unmarshal(hdr.GetChannelHeader(), &ch) },
		func() error { return proto.Unmarshal(ch.GetExtension(), &ext) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return "", "", fmt.Errorf("signed proposal: %w", err)
		}
	}
	channel, chaincode = stub.GetChannelID(), ext.GetChaincodeId().GetName()
	if channel == "" || chaincode == "" {
		return "", "", errors.New("signed proposal: no channel or chaincode name")
	}
	return channel, chaincode, nil
}

// direct refuses an invocation by another chaincode: the signed proposal
// names the chaincode the client invoked, which must be this one (its name
// as SetupBridge recorded it).
func direct(ctx contractapi.TransactionContextInterface) error {
	own, err := ctx.GetStub().GetState(keyName)
	if err != nil {
		return fmt.Errorf("read state: %w", err)
	}
	if own == nil {
		return nil // not set up: only the minter's setup calls act yet
	}
	_, invoked, err := invokedAs(ctx)
	if err != nil {
		return err
	}
	if invoked != string(own) {
		return refusef("called through chaincode %.64q: only a client's own proposal to %s acts for it", invoked, own)
	}
	return nil
}

// domain is what relay signatures must be bound to: the channel, the
// chaincode name SetupBridge recorded (never the name of this invocation:
// a proposal to another chaincode that calls this one names that one) and
// the bridge id SetupBridge fixed. It refuses an invocation through
// another chaincode (direct), so every function that acts on relay
// signatures refuses one.
func (s *state) domain() (wire.Domain, error) {
	if err := direct(s.ctx); err != nil {
		return wire.Domain{}, err
	}
	bridge, err := s.get(keyBridge)
	if err != nil {
		return wire.Domain{}, err
	}
	if bridge == nil {
		return wire.Domain{}, refusef("the bridge is not set up (call SetupBridge)")
	}
	name, err := s.get(keyName)
	if err != nil {
		return wire.Domain{}, err
	}
	if len(name) == 0 {
		return wire.Domain{}, errInvariant("the bridge is set up but its chaincode name is not recorded")
	}
	return wire.Domain{Channel: s.ctx.GetStub().GetChannelID(), Chaincode: string(name), Bridge: string(bridge)}, nil
}

// Argument checks. Each returns a refusal naming the argument.

func checkAssetName(field, s string) error {
	if err := wire.CheckAssetName(s); err != nil {
		return refusef("%s: %v", field, err)
	}
	return nil
}

// checkText accepts what wire.CheckText accepts.
func checkText(field, s string, max int) error {
	if err := wire.CheckText(s, max); err != nil {
		return refusef("%s: %v", field, err)
	}
	return nil
}

func checkAccount(field, s string) error { return checkText(field, s, wire.MaxAccount) }

func parsePositive(field, s string) (*big.Int, error) {
	v, err := wire.ParsePositive(s)
	if err != nil {
		return nil, refusef("%s: %v", field, err)
	}
	return v, nil
}

func parseID(s string) (string, [32]byte, error) {
	var id [32]byte
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 || strings.ToLower(s) != s {
		return "", id, refusef("transfer id %.80q: want 64 lowercase hex characters", s)
	}
	copy(id[:], b)
	return s, id, nil
}

func parseUint(field, s string) (uint64, error) {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, refusef("%s %.40q: want a decimal integer", field, s)
	}
	return v, nil
}

func parseSignatures(s string) ([]wire.Signature, error) {
	var sigs []wire.Signature
	if err := json.Unmarshal([]byte(s), &sigs); err != nil {
		return nil, refusef("signatures: want a JSON array of {signer, sig}: %v", err)
	}
	if len(sigs) > wire.MaxSigners {
		return nil, refusef("signatures: %d, at most %d", len(sigs), wire.MaxSigners)
	}
	return sigs, nil
}

// authorise checks that sigs hold valid signatures over digest by at
// least the threshold of distinct members of the current signer set.
func (s *state) authorise(digest []byte, sigsJSON string) error {
	set, err := s.signers()
	if err != nil {
		return err
	}
	sigs, err := parseSignatures(sigsJSON)
	if err != nil {
		return err
	}
	if n := wire.CountValid(set.Set, digest, sigs); n < set.Threshold {
		return refusef("%d valid signatures of distinct trusted relay nodes, need %d", n, set.Threshold)
	}
	return nil
}
