package ethereum

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cocorelay/coco/connectors"
)

// maxSigners mirrors RelaySigners.MAX_SIGNERS.
const maxSigners = 32

// prepareSignatures turns relay signatures into what the contracts take:
// threshold of them, by distinct members of set, ordered by ascending
// signer address. A signature that does not recover to a member (a
// stranger, another chain's domain, another message) or whose claimed
// Signer is not the key that made it is dropped, as is a second one by the
// same member. Fewer than the threshold left is ErrRefused.
func prepareSignatures(digest []byte, sigs []connectors.Signature, set *connectors.Signers) ([][]byte, error) {
	members := map[common.Address]bool{}
	for _, s := range set.Set {
		members[common.HexToAddress(s)] = true
	}
	type signed struct {
		by  common.Address
		sig []byte
	}
	var good []signed
	seen := map[common.Address]bool{}
	var dropped []string
	for i, s := range sigs {
		by, sig, err := recoverSigner(digest, s.Sig)
		switch {
		case err != nil:
			dropped = append(dropped, fmt.Sprintf("#%d: %v", i, err))
		case s.Signer != "" && (!common.IsHexAddress(s.Signer) || common.HexToAddress(s.Signer) != by):
			dropped = append(dropped, fmt.Sprintf("#%d: made by %s, not by %s", i, by.Hex(), s.Signer))
		case !members[by]:
			dropped = append(dropped, fmt.Sprintf("#%d: %s is not in the signer set", i, by.Hex()))
		case seen[by]:
			dropped = append(dropped, fmt.Sprintf("#%d: %s signed twice", i, by.Hex()))
		default:
			seen[by] = true
			good = append(good, signed{by, sig})
		}
	}
	if len(good) < set.Threshold {
		return nil, refused("%d valid signatures by distinct members of the signer set, %d needed (dropped: %v)",
			len(good), set.Threshold, dropped)
	}
	slices.SortFunc(good, func(a, b signed) int { return bytes.Compare(a.by[:], b.by[:]) })
	out := make([][]byte, set.Threshold)
	for i := range out {
		out[i] = good[i].sig
	}
	return out, nil
}

// secp256k1N2 is half the curve order: signatures with a larger s are the
// malleable twin the contracts (OpenZeppelin ECDSA) refuse.
var secp256k1N2 = new(big.Int).Rsh(crypto.S256().Params().N, 1)

// recoverSigner checks a 65-byte r || s || v signature (v 0, 1, 27 or 28)
// and returns its signer and the signature with v as 27 or 28.
func recoverSigner(digest, sig []byte) (common.Address, []byte, error) {
	if len(sig) != 65 {
		return common.Address{}, nil, fmt.Errorf("%d bytes, want 65", len(sig))
	}
	norm := bytes.Clone(sig)
	if norm[64] >= 27 {
		norm[64] -= 27
	}
	if norm[64] > 1 {
		return common.Address{}, nil, fmt.Errorf("v = %d", sig[64])
	}
	if new(big.Int).SetBytes(norm[32:64]).Cmp(secp256k1N2) > 0 {
		return common.Address{}, nil, fmt.Errorf("high s (malleable form)")
	}
	pub, err := crypto.SigToPub(digest, norm)
	if err != nil {
		return common.Address{}, nil, err
	}
	norm[64] += 27
	return crypto.PubkeyToAddress(*pub), norm, nil
}

// AnchorDigest is the EIP-712 digest of an Anchor message: chain id and
// anchor contract (the domain), seqno, root and time in Unix nanoseconds.
func (c *Connector) AnchorDigest(a connectors.Anchor) ([]byte, error) {
	ns, err := anchorTime(a.Time)
	if err != nil {
		return nil, err
	}
	return c.anchorDomain.digest(anchorType, uintWord(a.Seqno), a.Root[:], uintWord(ns)), nil
}

func anchorTime(t time.Time) (uint64, error) {
	if t.Before(time.Unix(0, 0)) {
		return 0, invalid("anchor time %v: before 1970", t)
	}
	return uint64(t.UnixNano()), nil
}

// RecordAnchor records a with the signatures of at least k distinct
// members of the signer set. Recording an anchor that is there already
// sends nothing and returns the earlier transaction; an older seqno than
// the latest is ErrRefused.
func (c *Connector) RecordAnchor(ctx context.Context, a connectors.Anchor, sigs []connectors.Signature) (*connectors.Result, error) {
	digest, err := c.AnchorDigest(a)
	if err != nil {
		return nil, err
	}
	ns, _ := anchorTime(a.Time)
	if err := c.checkContracts(ctx); err != nil {
		return nil, err
	}
	key := "anchor:" + strconv.FormatUint(a.Seqno, 10)
	f := c.txm.inFlight(key)
	if f == nil {
		at, err := callView(ctx, c, c.anchor, c.anchorABI.PackRootAt(a.Seqno), nil, c.anchorABI.UnpackRootAt)
		if err != nil {
			return nil, err
		}
		if at.Root != ([32]byte{}) || at.Time != 0 {
			if at.Root != a.Root || at.Time != ns {
				return nil, refused("anchor %d: a different root is recorded for this seqno", a.Seqno)
			}
			return c.earlierAnchor(ctx, a.Seqno)
		}
		set, err := c.Signers(ctx)
		if err != nil {
			return nil, err
		}
		packed, err := prepareSignatures(digest, sigs, set)
		if err != nil {
			return nil, err
		}
		data, err := c.anchorABI.TryPackRecord(a.Seqno, a.Root, ns, packed)
		if err != nil {
			return nil, invalid("encode anchor: %v", err)
		}
		if f, err = c.txm.submit(ctx, txRequest{Key: key, To: &c.anchor, Data: data}); err != nil {
			return nil, err
		}
	}
	r, err := f.wait(ctx)
	if err != nil {
		return nil, err
	}
	if r.Status != 1 {
		reason, _ := c.replayReason(ctx, r, f)
		return nil, refused("anchor %d: transaction %s reverted: %s", a.Seqno, r.TxHash.Hex(), reason)
	}
	return &connectors.Result{TxHash: r.TxHash.Hex(), Height: r.BlockNumber.Uint64()}, nil
}

func (c *Connector) earlierAnchor(ctx context.Context, seqno uint64) (*connectors.Result, error) {
	topics := [][]common.Hash{{c.anchorABI.GetABI().Events["Anchored"].ID}, {common.BigToHash(new(big.Int).SetUint64(seqno))}}
	recorded := func(ctx context.Context, ch Chain, at *big.Int) (bool, error) {
		r, err := callOn(ctx, ch, c.cfg.ChainID, c.anchor, c.anchorABI.PackRootAt(seqno), at, c.anchorABI.UnpackRootAt)
		return r.Root != ([32]byte{}) || r.Time != 0, err
	}
	lg, err := c.earlierEvent(ctx, c.anchor, topics, fmt.Sprintf("anchor %d", seqno), recorded)
	if err != nil {
		return nil, err
	}
	if lg == nil {
		c.log.Warn("ethereum: anchored earlier, but its event was not found", "seqno", seqno, "start_block", c.cfg.StartBlock)
		return &connectors.Result{}, nil
	}
	return &connectors.Result{TxHash: lg.TxHash.Hex(), Height: lg.BlockNumber}, nil
}

// LatestAnchor returns the newest anchor recorded (as of the latest
// block), or nil if there is none.
func (c *Connector) LatestAnchor(ctx context.Context) (*connectors.Anchor, error) {
	l, err := callView(ctx, c, c.anchor, c.anchorABI.PackLatest(), nil, c.anchorABI.UnpackLatest)
	if err != nil {
		return nil, err
	}
	if l.Seqno == 0 {
		return nil, nil
	}
	if l.Time > uint64(1<<63-1) {
		return nil, malformed("anchor %d: time %d out of range", l.Seqno, l.Time)
	}
	return &connectors.Anchor{Seqno: l.Seqno, Root: l.Root, Time: time.Unix(0, int64(l.Time)).UTC()}, nil
}

// Signers returns the set RelaySigners enforces now (latest block), as
// checksummed addresses.
//
// The set, its threshold and its nonce are read from one endpoint at one
// block, so that they belong together.
func (c *Connector) Signers(ctx context.Context) (*connectors.Signers, error) {
	var set []common.Address
	var k *big.Int
	var nonce uint64
	err := c.chain.pinned(ctx, "signers", func(ctx context.Context, ch Chain) error {
		head, err := ch.BlockNumber(ctx)
		if err != nil {
			return err
		}
		at := new(big.Int).SetUint64(head)
		if set, err = callOn(ctx, ch, c.cfg.ChainID, c.signers, c.signersABI.PackSigners(), at, c.signersABI.UnpackSigners); err != nil {
			return err
		}
		if k, err = callOn(ctx, ch, c.cfg.ChainID, c.signers, c.signersABI.PackThreshold(), at, c.signersABI.UnpackThreshold); err != nil {
			return err
		}
		nonce, err = callOn(ctx, ch, c.cfg.ChainID, c.signers, c.signersABI.PackNonce(), at, c.signersABI.UnpackNonce)
		return err
	})
	if err != nil {
		return nil, err
	}
	if k == nil {
		return nil, malformed("no signer set at %s", c.signers.Hex())
	}
	if !k.IsInt64() || k.Int64() < 1 || k.Int64() > int64(len(set)) {
		return nil, malformed("signer set of %d with threshold %v", len(set), k)
	}
	out := &connectors.Signers{Threshold: int(k.Int64()), Nonce: nonce}
	for _, a := range set {
		out.Set = append(out.Set, a.Hex())
	}
	return out, nil
}

type signerSet struct {
	set       []common.Address
	threshold *big.Int
	nonce     uint64
}

// parseSigners checks next as RelaySigners would: 1..32 distinct non-zero
// addresses, a threshold that is a majority of them.
func parseSigners(next connectors.Signers) (signerSet, error) {
	out := signerSet{threshold: big.NewInt(int64(next.Threshold)), nonce: next.Nonce}
	n := len(next.Set)
	if n == 0 || n > maxSigners {
		return out, invalid("signer set of %d: want 1..%d", n, maxSigners)
	}
	if next.Threshold < 1 || next.Threshold > n || 2*next.Threshold <= n {
		return out, invalid("threshold %d of %d signers: want a majority", next.Threshold, n)
	}
	seen := map[common.Address]bool{}
	for i, s := range next.Set {
		a, err := parseAddress(fmt.Sprintf("signer %d", i), s)
		if err != nil {
			return out, err
		}
		if seen[a] {
			return out, invalid("signer %s listed twice", a.Hex())
		}
		seen[a] = true
		out.set = append(out.set, a)
	}
	return out, nil
}

// SignersDigest is the EIP-712 digest of an UpdateSigners message: chain
// id and RelaySigners contract (the domain), the new set in order, its
// threshold and the nonce (the current one plus one).
func (c *Connector) SignersDigest(next connectors.Signers) ([]byte, error) {
	s, err := parseSigners(next)
	if err != nil {
		return nil, err
	}
	return c.signersDigest(s), nil
}

func (c *Connector) signersDigest(s signerSet) []byte {
	return c.signersDomain.digest(updateType, addressArrayHash(s.set), word(s.threshold), uintWord(s.nonce))
}

// UpdateSigners replaces the signer set, authorised by at least k
// distinct members of the current one. A nonce other than the current one
// plus one (a replay, or a skipped change) is ErrRefused.
func (c *Connector) UpdateSigners(ctx context.Context, next connectors.Signers, sigs []connectors.Signature) (*connectors.Result, error) {
	s, err := parseSigners(next)
	if err != nil {
		return nil, err
	}
	if err := c.checkContracts(ctx); err != nil {
		return nil, err
	}
	key := "signers:" + strconv.FormatUint(s.nonce, 10)
	f := c.txm.inFlight(key)
	if f == nil {
		cur, err := c.Signers(ctx)
		if err != nil {
			return nil, err
		}
		if s.nonce != cur.Nonce+1 {
			return nil, refused("signer change with nonce %d: the set's nonce is %d, so the next change is %d", s.nonce, cur.Nonce, cur.Nonce+1)
		}
		packed, err := prepareSignatures(c.signersDigest(s), sigs, cur)
		if err != nil {
			return nil, err
		}
		data, err := c.signersABI.TryPackUpdate(s.set, s.threshold, s.nonce, packed)
		if err != nil {
			return nil, invalid("encode signer change: %v", err)
		}
		if f, err = c.txm.submit(ctx, txRequest{Key: key, To: &c.signers, Data: data}); err != nil {
			return nil, err
		}
	}
	r, err := f.wait(ctx)
	if err != nil {
		return nil, err
	}
	if r.Status != 1 {
		reason, _ := c.replayReason(ctx, r, f)
		return nil, refused("signer change %d: transaction %s reverted: %s", s.nonce, r.TxHash.Hex(), reason)
	}
	return &connectors.Result{TxHash: r.TxHash.Hex(), Height: r.BlockNumber.Uint64()}, nil
}
