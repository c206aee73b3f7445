package simtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"math/big"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	geth "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
)

// These tests call the contracts directly, without the connector's own
// checks in front of them: every check that matters is on chain.

var (
	vaultABI   = bindings.NewBridgeVault()
	tokenABI   = bindings.NewWrappedToken()
	testABI    = bindings.NewTestToken()
	signersABI = bindings.NewRelaySigners()
	anchorABI  = bindings.NewAnchor()
)

// revert returns the reason a call from `from` reverts, failing the test if
// it does not.
func (c *chain) revert(from common.Address, to common.Address, data []byte) string {
	c.t.Helper()
	_, err := c.client.CallContract(context.Background(), geth.CallMsg{From: from, To: &to, Data: data}, nil)
	if err == nil {
		c.t.Fatalf("call to %s succeeded, want a revert", to.Hex())
	}
	reason, ok := ethereum.RevertReason(err)
	if !ok {
		c.t.Fatalf("call to %s: %v, want a revert", to.Hex(), err)
	}
	return reason
}

// mustRevertOnChain mines the call as a transaction (gas given, so nothing
// estimates it away) and checks that it reverted there too.
func (c *chain) mustRevertOnChain(name string, from *common.Address, to common.Address, data []byte, want string) {
	c.t.Helper()
	sender := crypto.PubkeyToAddress(c.faucet.PublicKey)
	if from != nil && *from != sender {
		c.t.Fatal("mustRevertOnChain sends from the faucet only")
	}
	if got := c.revert(sender, to, data); !strings.HasPrefix(got, want) {
		c.t.Fatalf("%s: reverts with %q, want %s", name, got, want)
	}
	r, err := c.trySend(c.faucet, to, data, nil, 500_000)
	if err != nil {
		c.t.Fatalf("%s: %v", name, err)
	}
	if r.Status != types.ReceiptStatusFailed {
		c.t.Fatalf("%s: mined with status %d, want a revert", name, r.Status)
	}
}

// sigs signs digest with the given signers and orders the signatures by
// signer address, as the contracts want.
func sigs(t *testing.T, digest []byte, keys ...*ethereum.Key) [][]byte {
	t.Helper()
	slices.SortFunc(keys, func(a, b *ethereum.Key) int { return bytes.Compare(a.Address().Bytes(), b.Address().Bytes()) })
	var out [][]byte
	for _, k := range keys {
		s, err := k.Sign(digest)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s.Sig)
	}
	return out
}

// ascending orders signatures by the address each recovers to over
// digest, as the contracts want them, so that a refusal is about who
// signed and not about the order.
func ascending(t *testing.T, digest []byte, sigs [][]byte) [][]byte {
	t.Helper()
	signer := func(sig []byte) []byte {
		s := append([]byte(nil), sig...)
		if s[64] >= 27 {
			s[64] -= 27
		}
		pub, err := crypto.SigToPub(digest, s)
		if err != nil {
			t.Fatal(err)
		}
		return crypto.PubkeyToAddress(*pub).Bytes()
	}
	out := slices.Clone(sigs)
	slices.SortFunc(out, func(a, b []byte) int { return bytes.Compare(signer(a), signer(b)) })
	return out
}

func randomID(t *testing.T) [32]byte {
	var id [32]byte
	if _, err := rand.Read(id[:]); err != nil {
		t.Fatal(err)
	}
	return id
}

func (c *chain) balance(token, who common.Address) *big.Int {
	c.t.Helper()
	out, err := c.call(token, testABI.PackBalanceOf(who))
	if err != nil {
		c.t.Fatal(err)
	}
	b, err := testABI.UnpackBalanceOf(out)
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// The digests the connector computes offline are the contracts' own.
func TestDigestsMatchContracts(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	id := randomID(t)
	to := common.HexToAddress("0x00000000000000000000000000000000000000AA")
	for _, kind := range []connectors.PayoutKind{connectors.Release, connectors.Mint} {
		token := c.dep.TestToken
		pack, unpack := vaultABI.PackReleaseDigest, vaultABI.UnpackReleaseDigest
		if kind == connectors.Mint {
			token = c.dep.Wrapped[0]
			pack, unpack = vaultABI.PackMintDigest, vaultABI.UnpackMintDigest
		}
		p := connectors.Payout{ID: id, Kind: kind, Asset: token.Hex(), To: to.Hex(), Amount: big.NewInt(12345)}
		mine, err := conn.PayoutDigest(p)
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.call(c.dep.Vault, pack(id, token, to, big.NewInt(12345)))
		if err != nil {
			t.Fatal(err)
		}
		theirs, _ := unpack(out)
		if !bytes.Equal(mine, theirs[:]) {
			t.Fatalf("%s digest %x, the vault says %x", kind, mine, theirs)
		}
	}
	mine, err := conn.CancelDigest(id)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.call(c.dep.Vault, vaultABI.PackCancelDigest(id))
	if err != nil {
		t.Fatal(err)
	}
	if theirs, _ := vaultABI.UnpackCancelDigest(out); !bytes.Equal(mine, theirs[:]) {
		t.Fatalf("cancel digest %x, the vault says %x", mine, theirs)
	}
	a := connectors.Anchor{Seqno: 7, Root: id, Time: time.Unix(1700000000, 123456789)}
	mine, err = conn.AnchorDigest(a)
	if err != nil {
		t.Fatal(err)
	}
	out, err = c.call(c.dep.Anchor, anchorABI.PackAnchorDigest(7, id, uint64(a.Time.UnixNano())))
	if err != nil {
		t.Fatal(err)
	}
	if theirs, _ := anchorABI.UnpackAnchorDigest(out); !bytes.Equal(mine, theirs[:]) {
		t.Fatalf("anchor digest %x, the contract says %x", mine, theirs)
	}
	var set []common.Address
	var hexSet []string
	for _, s := range c.signers {
		set = append(set, s.Address())
		hexSet = append(hexSet, s.Address().Hex())
	}
	mine, err = conn.SignersDigest(connectors.Signers{Set: hexSet, Threshold: 2, Nonce: 9})
	if err != nil {
		t.Fatal(err)
	}
	out, err = c.call(c.dep.Signers, signersABI.PackUpdateDigest(set, big.NewInt(2), 9))
	if err != nil {
		t.Fatal(err)
	}
	if theirs, _ := signersABI.UnpackUpdateDigest(out); !bytes.Equal(mine, theirs[:]) {
		t.Fatalf("signer update digest %x, the contract says %x", mine, theirs)
	}
}

func TestReleaseNeedsThresholdOfDistinctSignersOnThisChain(t *testing.T) {
	c := newChain(t)
	c.deploy()
	h := harness{c}
	holder := h.NewHolder(t)
	h.Lock(t, holder, big.NewInt(1000), "elsewhere", "alice")

	conn := c.connector(c.config())
	id := randomID(t)
	to := common.HexToAddress("0x00000000000000000000000000000000000000BB")
	amount := big.NewInt(600)
	p := connectors.Payout{ID: id, Kind: connectors.Release, Asset: c.dep.TestToken.Hex(), To: to.Hex(), Amount: amount}
	digest, err := conn.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	release := func(s [][]byte) []byte { return vaultABI.PackRelease(id, c.dep.TestToken, to, amount, s) }
	s0, s1, s2 := c.signers[0], c.signers[1], c.signers[2]
	valid := sigs(t, digest, s0, s1)

	// The same message for chain 1 (same vault address): another domain.
	cfg1 := c.config()
	cfg1.ChainID, cfg1.Dev, cfg1.JournalDir = 1, false, filepath.Join(c.dir, "journal-chain1")
	foreign, err := ethereum.New(cfg1, c.deps())
	if err != nil {
		t.Fatal(err)
	}
	defer foreign.Close()
	foreignDigest, err := foreign.PayoutDigest(p)
	if err != nil {
		t.Fatal(err)
	}
	more := p
	more.Amount = big.NewInt(601)
	moreDigest, _ := conn.PayoutDigest(more)
	mint := p
	mint.Kind, mint.Asset = connectors.Mint, c.dep.Wrapped[0].Hex()
	mintDigest, _ := conn.PayoutDigest(mint)
	highS := bytes.Clone(valid[0])
	sv := new(big.Int).SetBytes(highS[32:64])
	sv.Sub(crypto.S256().Params().N, sv)
	sv.FillBytes(highS[32:64])
	highS[64] ^= 1 // 27 <-> 28: the malleable twin of a valid signature

	for _, tc := range []struct {
		name string
		sigs [][]byte
		want string
	}{
		{"no signatures", nil, "NotEnoughSignatures"},
		{"fewer than k", valid[:1], "NotEnoughSignatures"},
		{"one signer twice", [][]byte{valid[0], valid[0]}, "SignersNotAscending"},
		{"out of order", [][]byte{valid[1], valid[0]}, "SignersNotAscending"},
		{"signed for another chain", sigs(t, foreignDigest, s0, s1), "UnknownSigner"},
		{"signed over another amount", sigs(t, moreDigest, s0, s1), "UnknownSigner"},
		{"signed as a mint", sigs(t, mintDigest, s0, s1), "UnknownSigner"},
		{"strangers", c.strangers(t, digest, 2), "UnknownSigner"},
		{"a stranger with a signer", append(valid[:1:1], c.strangers(t, digest, 1)...), ""},
		{"truncated signature", [][]byte{valid[0][:64], valid[1]}, "MalformedSignature"},
		{"malleable twin", [][]byte{highS, valid[1]}, "MalformedSignature"},
	} {
		want := tc.want
		if want == "" { // order-dependent: either way it must revert
			r := c.revert(crypto.PubkeyToAddress(c.faucet.PublicKey), c.dep.Vault, release(tc.sigs))
			if !strings.HasPrefix(r, "UnknownSigner") && !strings.HasPrefix(r, "SignersNotAscending") {
				t.Fatalf("%s: reverts with %s", tc.name, r)
			}
			continue
		}
		c.mustRevertOnChain(tc.name, nil, c.dep.Vault, release(tc.sigs), want)
	}
	if got := c.balance(c.dep.TestToken, to); got.Sign() != 0 {
		t.Fatalf("refused releases paid %s", got)
	}

	// k valid signatures, also with a third one: pays once.
	r, err := c.trySend(c.faucet, c.dep.Vault, release(sigs(t, digest, s0, s1, s2)), nil, 500_000)
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("release with valid signatures: %v %+v", err, r)
	}
	if got := c.balance(c.dep.TestToken, to); got.Cmp(amount) != 0 {
		t.Fatalf("recipient has %s, want %s", got, amount)
	}
	c.mustRevertOnChain("the same id again", nil, c.dep.Vault, release(valid), "AlreadyExecuted")
	c.mustRevertOnChain("the same id as a mint", nil, c.dep.Vault,
		vaultABI.PackMint(id, c.dep.Wrapped[0], to, amount, sigs(t, mintDigest, s0, s1)), "AlreadyExecuted")
	if got := c.balance(c.dep.TestToken, to); got.Cmp(amount) != 0 {
		t.Fatalf("recipient has %s after replays, want %s", got, amount)
	}
}

func (c *chain) strangers(t *testing.T, digest []byte, n int) [][]byte {
	var out [][]byte
	for _, s := range (harness{c}).Foreign(t, digest, n) {
		out = append(out, s.Sig)
	}
	return out
}

// create deploys a contract from the faucet and returns its address.
func (c *chain) create(bin string, args []byte) common.Address {
	c.t.Helper()
	code, err := hexutil.Decode(bin)
	if err != nil {
		c.t.Fatal(err)
	}
	ctx := context.Background()
	from := crypto.PubkeyToAddress(c.faucet.PublicKey)
	nonce, err := c.client.PendingNonceAt(ctx, from)
	if err != nil {
		c.t.Fatal(err)
	}
	head, _ := c.client.HeaderByNumber(ctx, nil)
	tip := big.NewInt(1_000_000_000)
	tx, err := types.SignNewTx(c.faucet, types.LatestSignerForChainID(big.NewInt(1337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: tip,
		GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip),
		Gas:       5_000_000, Data: append(code, args...),
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.sendRetrying(tx); err != nil {
		c.t.Fatal(err)
	}
	c.commit(1)
	r, err := c.client.TransactionReceipt(ctx, tx.Hash())
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		c.t.Fatalf("create: %v %+v", err, r)
	}
	return r.ContractAddress
}

func TestMintAndBurnLimits(t *testing.T) {
	c := newChain(t)
	c.deploy()
	owner := crypto.PubkeyToAddress(c.faucet.PublicKey)
	token := c.create(bindings.WrappedTokenMetaData.Bin, tokenABI.PackConstructor("Limited", "LIM", 18, owner, common.Address{}, new(big.Int), new(big.Int)))
	day := big.NewInt(86400)
	mintMax := new(big.Int).Mul(day, big.NewInt(1000)) // refills 1000 a second
	burnMax := new(big.Int).Mul(day, big.NewInt(10))
	c.send(c.faucet, token, tokenABI.PackSetLimits(c.dep.Vault, mintMax, burnMax), nil)

	// Only the owner sets limits; a bridge without limits mints nothing.
	stranger := c.newHolder()
	if r := c.revert(stranger, token, tokenABI.PackSetLimits(stranger, mintMax, mintMax)); !strings.HasPrefix(r, "OwnableUnauthorizedAccount") {
		t.Fatalf("setLimits by a stranger: %s", r)
	}
	if r := c.revert(stranger, token, tokenABI.PackMint(stranger, big.NewInt(1))); !strings.HasPrefix(r, "LimitExceeded") {
		t.Fatalf("mint by a non-bridge: %s", r)
	}

	// Through the vault, with valid signatures: up to the limit and no
	// more. (The connector mints only configured wrapped tokens, so the
	// digest comes from the vault itself.)
	mint := func(amount *big.Int) []byte {
		id := randomID(t)
		out, err := c.call(c.dep.Vault, vaultABI.PackMintDigest(id, token, stranger, amount))
		if err != nil {
			t.Fatal(err)
		}
		d, _ := vaultABI.UnpackMintDigest(out)
		return vaultABI.PackMint(id, token, stranger, amount, sigs(t, d[:], c.signers[0], c.signers[1]))
	}
	over := new(big.Int).Add(mintMax, big.NewInt(1))
	c.mustRevertOnChain("mint over the limit", nil, c.dep.Vault, mint(over), "LimitExceeded")
	c.send(c.faucet, c.dep.Vault, mint(mintMax), nil)
	// (It refills by 1000 a second, so ask for more than a few seconds give.)
	c.mustRevertOnChain("mint with the limit used up", nil, c.dep.Vault, mint(big.NewInt(1_000_000)), "LimitExceeded")
	if got := c.balance(token, stranger); got.Cmp(mintMax) != 0 {
		t.Fatalf("minted %s, want %s", got, mintMax)
	}

	// The limit refills linearly: half a day later, about half of it.
	if err := c.sim.AdjustTime(12 * time.Hour); err != nil {
		t.Fatal(err)
	}
	out, _ := c.call(token, tokenABI.PackMintingCurrentLimitOf(c.dep.Vault))
	avail, _ := tokenABI.UnpackMintingCurrentLimitOf(out)
	half := new(big.Int).Div(mintMax, big.NewInt(2))
	if avail.Cmp(half) < 0 || avail.Cmp(new(big.Int).Add(half, big.NewInt(100_000))) > 0 {
		t.Fatalf("after 12h the vault may mint %s, want about %s", avail, half)
	}

	// Burning for a transfer is limited by the chosen bridge's burn limit.
	burn := func(bridge common.Address, amount *big.Int) []byte {
		return tokenABI.PackBurnForTransfer(bridge, amount, "elsewhere", "erin")
	}
	if r := c.revert(stranger, token, burn(c.dep.Vault, new(big.Int).Add(burnMax, big.NewInt(1)))); !strings.HasPrefix(r, "LimitExceeded") {
		t.Fatalf("burn over the limit: %s", r)
	}
	if r := c.revert(stranger, token, burn(stranger, big.NewInt(1))); !strings.HasPrefix(r, "LimitExceeded") {
		t.Fatalf("burn through a non-bridge: %s", r)
	}
	c.send(c.holderKey(stranger.Hex()), token, burn(c.dep.Vault, burnMax), nil)
	if r := c.revert(stranger, token, burn(c.dep.Vault, big.NewInt(1000))); !strings.HasPrefix(r, "LimitExceeded") {
		t.Fatalf("burn with the limit used up: %s", r)
	}
	want := new(big.Int).Sub(mintMax, burnMax)
	if got := c.balance(token, stranger); got.Cmp(want) != 0 {
		t.Fatalf("balance after burn %s, want %s", got, want)
	}
}

// After a signer change, the old set's signatures no longer count and the
// new set's do.
func TestSignerChangeTakesEffect(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	ctx := context.Background()
	newcomer, err := ethereum.NewKey(c.platform, filepath.Join(c.dir, "keys", "newcomer.sealed"))
	if err != nil {
		t.Fatal(err)
	}
	next := connectors.Signers{Set: []string{c.signers[0].Address().Hex(), c.signers[1].Address().Hex(), newcomer.Address().Hex()}, Threshold: 2, Nonce: 1}
	d, err := conn.SignersDigest(next)
	if err != nil {
		t.Fatal(err)
	}
	var set []common.Address
	for _, s := range next.Set {
		set = append(set, common.HexToAddress(s))
	}
	faucet := crypto.PubkeyToAddress(c.faucet.PublicKey)
	if r := c.revert(faucet, c.dep.Signers, signersABI.PackUpdate(set, big.NewInt(1), 1, sigs(t, d, c.signers[0], c.signers[1]))); !strings.HasPrefix(r, "UnknownSigner") {
		t.Fatalf("update with signatures over another threshold: %s", r)
	}
	if r := c.revert(faucet, c.dep.Signers, signersABI.PackUpdate(set, big.NewInt(2), 2, sigs(t, d, c.signers[0], c.signers[1]))); !strings.HasPrefix(r, "BadNonce") {
		t.Fatalf("update skipping a nonce: %s", r)
	}
	if _, err := conn.UpdateSigners(ctx, next, c.sign(d, 2)); err != nil {
		t.Fatal(err)
	}
	// A threshold that is not a majority is refused by the contract.
	weak := connectors.Signers{Set: next.Set[:2], Threshold: 1, Nonce: 2}
	wd := weakDigest(t, c, weak)
	if r := c.revert(faucet, c.dep.Signers, signersABI.PackUpdate(set[:2], big.NewInt(1), 2, sigs(t, wd, c.signers[0], c.signers[1]))); !strings.HasPrefix(r, "InvalidSignerSet") {
		t.Fatalf("update to 1 of 2: %s", r)
	}

	h := harness{c}
	holder := h.NewHolder(t)
	h.Lock(t, holder, big.NewInt(10), "elsewhere", "x")
	id := randomID(t)
	to := common.HexToAddress("0x00000000000000000000000000000000000000CC")
	p := connectors.Payout{ID: id, Kind: connectors.Release, Asset: c.dep.TestToken.Hex(), To: to.Hex(), Amount: big.NewInt(10)}
	pd, _ := conn.PayoutDigest(p)
	release := func(s [][]byte) []byte { return vaultABI.PackRelease(id, c.dep.TestToken, to, big.NewInt(10), s) }
	if r := c.revert(faucet, c.dep.Vault, release(sigs(t, pd, c.signers[1], c.signers[2]))); !strings.HasPrefix(r, "UnknownSigner") {
		t.Fatalf("release signed by a removed signer: %s", r)
	}
	c.send(c.faucet, c.dep.Vault, release(sigs(t, pd, c.signers[1], newcomer)), nil)
}

// weakDigest computes an update digest the connector itself refuses to
// make (its checks mirror the contract's), straight from the contract.
func weakDigest(t *testing.T, c *chain, s connectors.Signers) []byte {
	var set []common.Address
	for _, a := range s.Set {
		set = append(set, common.HexToAddress(a))
	}
	out, err := c.call(c.dep.Signers, signersABI.PackUpdateDigest(set, big.NewInt(int64(s.Threshold)), s.Nonce))
	if err != nil {
		t.Fatal(err)
	}
	d, _ := signersABI.UnpackUpdateDigest(out)
	return d[:]
}

// Cancel on the vault itself: k signers over the Cancel message only; a
// cancelled id never pays out (release or mint) and cannot be cancelled
// again; a paid out id cannot be cancelled.
func TestCancelOnChain(t *testing.T) {
	c := newChain(t)
	c.deploy()
	conn := c.connector(c.config())
	s0, s1 := c.signers[0], c.signers[1]
	to := common.HexToAddress("0x00000000000000000000000000000000000000CC")
	wrapped := c.dep.Wrapped[0]
	id := randomID(t)
	digest, _ := conn.CancelDigest(id)
	mintDigest, _ := conn.PayoutDigest(connectors.Payout{ID: id, Kind: connectors.Mint, Asset: wrapped.Hex(), To: to.Hex(), Amount: big.NewInt(5)})
	cancel := func(s [][]byte) []byte { return vaultABI.PackCancel(id, s) }
	c.mustRevertOnChain("too few", nil, c.dep.Vault, cancel(sigs(t, digest, s0)), "NotEnoughSignatures")
	c.mustRevertOnChain("strangers", nil, c.dep.Vault, cancel(c.strangers(t, digest, 2)), "UnknownSigner")
	c.mustRevertOnChain("signed as a mint", nil, c.dep.Vault, cancel(sigs(t, mintDigest, s0, s1)), "UnknownSigner")
	// What the connector's prepareSignatures would drop before sending, sent
	// anyway: the vault itself refuses it.
	other := randomID(t)
	otherDigest, _ := conn.CancelDigest(other)
	one := sigs(t, digest, s0)[0]
	c.mustRevertOnChain("one signer, repeated", nil, c.dep.Vault, cancel([][]byte{one, one}), "SignersNotAscending")
	c.mustRevertOnChain("a signer and a stranger", nil, c.dep.Vault, cancel(ascending(t, digest, append(sigs(t, digest, s0), c.strangers(t, digest, 1)...))), "UnknownSigner")
	c.mustRevertOnChain("signed for another id", nil, c.dep.Vault, cancel(ascending(t, digest, sigs(t, otherDigest, s0, s1))), "UnknownSigner")
	c.mustRevertOnChain("one of two signed for another id", nil, c.dep.Vault, cancel(ascending(t, digest, append(sigs(t, digest, s0), sigs(t, otherDigest, s1)...))), "UnknownSigner")
	c.mustRevertOnChain("a truncated signature", nil, c.dep.Vault, cancel([][]byte{sigs(t, digest, s0)[0], sigs(t, digest, s1)[0][:64]}), "MalformedSignature")
	if out, err := c.call(c.dep.Vault, vaultABI.PackCancelled(id)); err != nil || len(out) != 32 || out[31] != 0 {
		t.Fatalf("cancelled(id) after refused cancellations: %x %v", out, err)
	}
	r, err := c.trySend(c.faucet, c.dep.Vault, cancel(sigs(t, digest, s0, s1)), nil, 500_000)
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("cancel with valid signatures: %v %+v", err, r)
	}
	for fn, want := range map[string]bool{"executed": false, "cancelled": true} {
		pack := map[string][]byte{"executed": vaultABI.PackExecuted(id), "cancelled": vaultABI.PackCancelled(id)}[fn]
		out, err := c.call(c.dep.Vault, pack)
		if err != nil || len(out) != 32 || (out[31] == 1) != want {
			t.Fatalf("%s(id) after cancel: %x %v, want %v", fn, out, err, want)
		}
	}
	c.mustRevertOnChain("mint of a cancelled id", nil, c.dep.Vault,
		vaultABI.PackMint(id, wrapped, to, big.NewInt(5), sigs(t, mintDigest, s0, s1)), "TransferCancelled")
	c.mustRevertOnChain("cancel again", nil, c.dep.Vault, cancel(sigs(t, digest, s0, s1)), "TransferCancelled")
	if got := c.balance(wrapped, to); got.Sign() != 0 {
		t.Fatalf("cancelled mint paid %s", got)
	}

	paid := randomID(t)
	paidDigest, _ := conn.PayoutDigest(connectors.Payout{ID: paid, Kind: connectors.Mint, Asset: wrapped.Hex(), To: to.Hex(), Amount: big.NewInt(7)})
	c.send(c.faucet, c.dep.Vault, vaultABI.PackMint(paid, wrapped, to, big.NewInt(7), sigs(t, paidDigest, s0, s1)), nil)
	paidCancel, _ := conn.CancelDigest(paid)
	c.mustRevertOnChain("cancel of a paid out id", nil, c.dep.Vault, vaultABI.PackCancel(paid, sigs(t, paidCancel, s0, s1)), "AlreadyExecuted")
}

// The wrapped token's limits are set for the vault at construction, and
// only the owner (not the account that deployed it) changes them.
func TestWrappedTokenLimitsBelongToTheOwner(t *testing.T) {
	c := newChain(t)
	owner := common.HexToAddress("0x00000000000000000000000000000000000000D0") // a multisig, say
	c.deployWith(owner)
	token := c.dep.Wrapped[0]
	out, err := c.call(token, tokenABI.PackMintingMaxLimitOf(c.dep.Vault))
	if err != nil || new(big.Int).SetBytes(out).Cmp(limit) != 0 {
		t.Fatalf("vault's minting limit %x %v, want %s", out, err, limit)
	}
	out, _ = c.call(token, tokenABI.PackOwner())
	if common.BytesToAddress(out) != owner {
		t.Fatalf("owner %x, want %s", out, owner.Hex())
	}
	if r := c.revert(c.account, token, tokenABI.PackSetLimits(c.account, limit, limit)); !strings.HasPrefix(r, "OwnableUnauthorizedAccount") {
		t.Fatalf("setLimits by the deploying relay account: %s", r)
	}
}
