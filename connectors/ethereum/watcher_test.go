package ethereum

import (
	"context"
	"errors"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
)

var (
	fakeVault   = common.HexToAddress("0x00000000000000000000000000000000000000a1")
	fakeAnchor  = common.HexToAddress("0x00000000000000000000000000000000000000a2")
	fakeSigners = common.HexToAddress("0x00000000000000000000000000000000000000a3")
	fakeWrapped = common.HexToAddress("0x00000000000000000000000000000000000000a4")
	fakeToken   = common.HexToAddress("0x00000000000000000000000000000000000000b1")
	fakeHolder  = common.HexToAddress("0x00000000000000000000000000000000000000c1")
)

// fakeConnector is a connector with confirmations 2 on a fake chain that
// has the contracts' code and answers signers() with fakeSigners.
func fakeConnector(t *testing.T, f *fakeChain) *Connector {
	t.Helper()
	for _, a := range []common.Address{fakeVault, fakeAnchor, fakeSigners, fakeWrapped} {
		f.code[a] = true
	}
	f.call = func(ethereum.CallMsg) ([]byte, error) { return common.LeftPadBytes(fakeSigners.Bytes(), 32), nil }
	p := platform(t)
	dir := t.TempDir()
	if _, err := NewKey(p, filepath.Join(dir, "k")); err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Name: "fake", ChainID: 1337, RPC: []string{"http://fake"}, Confirmations: 2, PollInterval: 10 * time.Millisecond,
		Contracts:  Contracts{Vault: fakeVault.Hex(), Anchor: fakeAnchor.Hex(), Signers: fakeSigners.Hex(), Wrapped: []string{fakeWrapped.Hex()}},
		SigningKey: filepath.Join(dir, "k"), JournalDir: filepath.Join(dir, "j"),
	}
	c, err := New(cfg, Deps{Platform: p, Dial: func(context.Context, string) (Chain, error) { return f, nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func lockedLog(t *testing.T, f *fakeChain, block uint64, index uint, amount int64, account string) types.Log {
	t.Helper()
	ev := bindings.NewBridgeVault().GetABI().Events["Locked"]
	data, err := ev.Inputs.NonIndexed().Pack(big.NewInt(amount), "elsewhere", account)
	if err != nil {
		t.Fatal(err)
	}
	return types.Log{
		Address: fakeVault, Topics: []common.Hash{ev.ID, {byte(block), byte(index)}, common.BytesToHash(fakeToken.Bytes()), common.BytesToHash(fakeHolder.Bytes())},
		Data: data, BlockNumber: block, Index: index, BlockHash: f.hash(block), TxHash: common.Hash{0xee, byte(block), byte(index)},
	}
}

func burnedLog(t *testing.T, f *fakeChain, block uint64, index uint, bridge common.Address, account string) types.Log {
	t.Helper()
	ev := bindings.NewWrappedToken().GetABI().Events["BurnedForTransfer"]
	data, err := ev.Inputs.NonIndexed().Pack(big.NewInt(3), "elsewhere", account)
	if err != nil {
		t.Fatal(err)
	}
	return types.Log{
		Address: fakeWrapped, Topics: []common.Hash{ev.ID, {0xbb, byte(block), byte(index)}, common.BytesToHash(bridge.Bytes()), common.BytesToHash(fakeHolder.Bytes())},
		Data: data, BlockNumber: block, Index: index, BlockHash: f.hash(block),
	}
}

func TestDepositsSkipWhatIsNotOurs(t *testing.T) {
	f := newFakeChain(1337, 11) // head 10, final 8
	removed := lockedLog(t, f, 5, 1, 9, "removed")
	removed.Removed = true
	stranger := lockedLog(t, f, 5, 2, 9, "stranger")
	stranger.Address = common.HexToAddress("0x00000000000000000000000000000000000000ff")
	f.logs = []types.Log{
		lockedLog(t, f, 6, 0, 4, "later"), // out of order on purpose
		lockedLog(t, f, 5, 0, 1, "first"),
		removed,
		stranger,
		burnedLog(t, f, 5, 3, common.HexToAddress("0x00000000000000000000000000000000000000ee"), "other-bridge"),
		burnedLog(t, f, 5, 4, fakeVault, "burn"),
		lockedLog(t, f, 9, 0, 1, "not final yet"),
	}
	c := fakeConnector(t, f)
	ctx := context.Background()
	ds, cp, err := c.Deposits(ctx, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].DestinationAccount != "first" || ds[1].DestinationAccount != "burn" || ds[1].Kind != connectors.Burn ||
		ds[1].Asset != fakeWrapped.Hex() || ds[0].Asset != fakeToken.Hex() || ds[0].Holder != fakeHolder.Hex() {
		t.Fatalf("first page: %+v", ds)
	}
	ds, cp, err = c.Deposits(ctx, cp, 10)
	if err != nil || len(ds) != 1 || ds[0].DestinationAccount != "later" {
		t.Fatalf("second page: %+v %v", ds, err)
	}
	ds, cp2, err := c.Deposits(ctx, cp, 10)
	if err != nil || len(ds) != 0 || cp2 != cp {
		t.Fatalf("third page: %+v %q %v", ds, cp2, err)
	}
	f.extend(1, 0) // block 9 becomes final
	if ds, _, err := c.Deposits(ctx, cp, 10); err != nil || len(ds) != 1 || ds[0].DestinationAccount != "not final yet" {
		t.Fatalf("after one more block: %+v %v", ds, err)
	}
}

func TestDepositsRefuseInconsistentChains(t *testing.T) {
	f := newFakeChain(1337, 11)
	c := fakeConnector(t, f)
	ctx := context.Background()

	// A log that names another block hash than the chain has.
	stale := lockedLog(t, f, 5, 0, 1, "x")
	stale.BlockHash = common.Hash{0x66}
	f.logs = []types.Log{stale}
	if _, _, err := c.Deposits(ctx, "", 10); !errors.Is(err, ErrDeepReorg) || !errors.Is(err, connectors.ErrUnavailable) {
		t.Fatalf("log of another branch: %v", err)
	}

	// A log that claims to be Locked but is not shaped like it.
	short := lockedLog(t, f, 5, 0, 1, "x")
	short.Topics = short.Topics[:2]
	f.logs = []types.Log{short}
	if _, _, err := c.Deposits(ctx, "", 10); !errors.Is(err, ErrMalformed) {
		t.Fatalf("log with two topics: %v", err)
	}
	garbled := lockedLog(t, f, 5, 0, 1, "x")
	garbled.Data = garbled.Data[:40]
	f.logs = []types.Log{garbled}
	if _, _, err := c.Deposits(ctx, "", 10); !errors.Is(err, ErrMalformed) {
		t.Fatalf("log with cut data: %v", err)
	}

	// A checkpoint whose block changed: the chain was rebuilt from block 3.
	f.logs = nil
	_, cp, err := c.Deposits(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.headers = f.headers[:3]
	f.mu.Unlock()
	f.extend(10, 1)
	if _, _, err := c.Deposits(ctx, cp, 10); !errors.Is(err, ErrDeepReorg) {
		t.Fatalf("checkpoint block replaced: %v", err)
	}
	if _, _, err := c.Deposits(ctx, "eth1:1:1:0x00:end", 10); !errors.Is(err, ErrInvalid) {
		t.Fatalf("checkpoint of another chain: %v", err)
	}
}

// With contracts.native set, a lock of another token is not a deposit.
func TestDepositsOfNativeTokensOnly(t *testing.T) {
	f := newFakeChain(1337, 11)
	other := lockedLog(t, f, 5, 1, 2, "other token")
	other.Topics[2] = common.BytesToHash(common.HexToAddress("0x00000000000000000000000000000000000000b2").Bytes())
	f.logs = []types.Log{lockedLog(t, f, 5, 0, 1, "native"), other}
	c := fakeConnector(t, f)
	if ds, _, err := c.Deposits(context.Background(), "", 10); err != nil || len(ds) != 2 {
		t.Fatalf("without contracts.native, every lock: %+v %v", ds, err)
	}
	c.native[fakeToken] = true
	ds, _, err := c.Deposits(context.Background(), "", 10)
	if err != nil || len(ds) != 1 || ds[0].DestinationAccount != "native" {
		t.Fatalf("with contracts.native: %+v %v", ds, err)
	}
}
