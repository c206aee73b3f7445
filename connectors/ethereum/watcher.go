package ethereum

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cocorelay/coco/connectors"
)

// checkpoint is where the watcher resumes. It names a final block by
// number and hash, and either says the block was read completely or which
// log index in it was reported last (a Deposits call that stopped at its
// limit mid-block). The zero checkpoint (the empty string) starts at
// start_block.
//
// Encoded: "eth1:<chain id>:<block>:<block hash>:<log index>|end", e.g.
// "eth1:1337:120:0x3f…a1:end" or "eth1:1337:120:0x3f…a1:4".
type checkpoint struct {
	fresh  bool
	height uint64
	hash   common.Hash
	done   bool // block height read completely
	index  uint // if !done: the last log index reported in block height
}

const checkpointPrefix = "eth1"

func (cp checkpoint) encode(chainID uint64) connectors.Checkpoint {
	if cp.fresh {
		return ""
	}
	last := "end"
	if !cp.done {
		last = strconv.FormatUint(uint64(cp.index), 10)
	}
	return connectors.Checkpoint(fmt.Sprintf("%s:%d:%d:%s:%s", checkpointPrefix, chainID, cp.height, cp.hash.Hex(), last))
}

func decodeCheckpoint(s connectors.Checkpoint, chainID uint64) (checkpoint, error) {
	if s == "" {
		return checkpoint{fresh: true}, nil
	}
	bad := func(why string) (checkpoint, error) {
		return checkpoint{}, invalid("checkpoint %q: %s", string(s), why)
	}
	parts := strings.Split(string(s), ":")
	if len(parts) != 5 || parts[0] != checkpointPrefix {
		return bad("not an Ethereum connector checkpoint")
	}
	id, err := strconv.ParseUint(parts[1], 10, 64)
	if err != nil || id != chainID {
		return bad(fmt.Sprintf("made on chain %s, this is chain %d", parts[1], chainID))
	}
	var cp checkpoint
	if cp.height, err = strconv.ParseUint(parts[2], 10, 64); err != nil {
		return bad("block number")
	}
	if len(parts[3]) != 66 || !strings.HasPrefix(parts[3], "0x") {
		return bad("block hash")
	}
	cp.hash = common.HexToHash(parts[3])
	if parts[4] == "end" {
		cp.done = true
	} else {
		i, err := strconv.ParseUint(parts[4], 10, 32)
		if err != nil {
			return bad("log index")
		}
		cp.index = uint(i)
	}
	return cp, nil
}

// Deposits returns up to limit final Locked (vault) and BurnedForTransfer
// (wrapped tokens, through this vault) events after the checkpoint, in
// chain order, and the checkpoint after the last one returned (or after
// the last final block, if fewer than limit were found). A block is final
// at Confirmations below the head; nothing above it is read, so a
// reorganisation above it is invisible. The checkpoint's block hash is
// checked first: if it changed, the chain reorganised below the depth and
// the call fails with ErrDeepReorg.
func (c *Connector) Deposits(ctx context.Context, after connectors.Checkpoint, limit int) ([]connectors.Deposit, connectors.Checkpoint, error) {
	if limit <= 0 {
		return nil, after, invalid("limit %d: must be positive", limit)
	}
	cp, err := decodeCheckpoint(after, c.cfg.ChainID)
	if err != nil {
		return nil, after, err
	}
	if err := c.checkContracts(ctx); err != nil {
		return nil, after, err
	}
	// One endpoint's view of the chain for the whole call: its head, its
	// blocks and its logs. If it fails, the call starts again on the next.
	var out []connectors.Deposit
	next := after
	err = c.chain.pinned(ctx, "deposits", func(ctx context.Context, ch Chain) error {
		var err error
		out, next, err = c.deposits(ctx, ch, cp, after, limit)
		return err
	})
	if err != nil {
		return nil, after, err
	}
	return out, next, nil
}

func (c *Connector) deposits(ctx context.Context, ch Chain, cp checkpoint, after connectors.Checkpoint, limit int) ([]connectors.Deposit, connectors.Checkpoint, error) {
	head, err := ch.BlockNumber(ctx)
	if err != nil {
		return nil, after, err
	}
	if head < c.cfg.Confirmations {
		return nil, after, nil
	}
	final := head - c.cfg.Confirmations
	from := c.cfg.StartBlock
	if !cp.fresh {
		if cp.height > final {
			return nil, after, nil // a lagging endpoint; try again later
		}
		h, err := ch.HeaderByNumber(ctx, new(big.Int).SetUint64(cp.height))
		if err != nil {
			return nil, after, err
		}
		if h.Hash() != cp.hash {
			return nil, after, fmt.Errorf("%w (%w): block %d was %s at the checkpoint and is %s now",
				ErrDeepReorg, connectors.ErrUnavailable, cp.height, cp.hash.Hex(), h.Hash().Hex())
		}
		from = cp.height
		if cp.done {
			from++
		}
	}
	var out []connectors.Deposit
	span := c.cfg.LogRange
	for from <= final {
		to := min(final, from+span-1)
		found, next, err := c.scan(ctx, ch, from, to, cp, limit-len(out))
		if tooManyLogs(err) && to > from {
			// The endpoint will not return this many logs at once.
			span = max(1, (to-from+1)/2)
			c.log.Info("ethereum: eth_getLogs range too large; halved", "from", from, "blocks", span)
			continue
		}
		if err != nil {
			return nil, after, err
		}
		out = append(out, found...)
		cp = next
		if !cp.done {
			break // limit reached
		}
		from = to + 1
	}
	return out, cp.encode(c.cfg.ChainID), nil
}

// scan reads the blocks from..to. It skips what cp says was reported and
// returns at most limit deposits and the checkpoint after them.
func (c *Connector) scan(ctx context.Context, ch Chain, from, to uint64, cp checkpoint, limit int) ([]connectors.Deposit, checkpoint, error) {
	last, err := ch.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return nil, cp, err
	}
	addrs := []common.Address{c.vault}
	for w := range c.wrapped {
		addrs = append(addrs, w)
	}
	slices.SortFunc(addrs, func(a, b common.Address) int { return a.Cmp(b) })
	lockedID := c.vaultABI.GetABI().Events["Locked"].ID
	burnedID := c.tokenABI.GetABI().Events["BurnedForTransfer"].ID
	logs, err := ch.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
		Addresses: addrs, Topics: [][]common.Hash{{lockedID, burnedID}},
	})
	if err != nil {
		return nil, cp, err
	}
	// The blocks read must be the ones the head's ancestry had before the
	// query: if block `to` changed meanwhile, so may have any below it.
	again, err := ch.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return nil, cp, err
	}
	if again.Hash() != last.Hash() {
		return nil, cp, fmt.Errorf("%w (%w): block %d changed from %s to %s while it was read",
			ErrDeepReorg, connectors.ErrUnavailable, to, last.Hash().Hex(), again.Hash().Hex())
	}
	slices.SortFunc(logs, func(a, b types.Log) int {
		if a.BlockNumber != b.BlockNumber {
			return cmpUint(a.BlockNumber, b.BlockNumber)
		}
		return cmpUint(uint64(a.Index), uint64(b.Index))
	})
	hashes := map[uint64]common.Hash{to: last.Hash()}
	var out []connectors.Deposit
	for i := range logs {
		l := &logs[i]
		if l.Removed {
			continue
		}
		if l.BlockNumber < from || l.BlockNumber > to {
			return nil, cp, malformed("eth_getLogs for blocks %d..%d returned a log of block %d", from, to, l.BlockNumber)
		}
		if !cp.fresh && !cp.done && l.BlockNumber == cp.height && l.Index <= cp.index {
			continue // reported before
		}
		d, ok, err := c.decodeDeposit(l, lockedID, burnedID)
		if err != nil {
			return nil, cp, err
		}
		if !ok {
			continue
		}
		h, ok := hashes[l.BlockNumber]
		if !ok {
			hdr, err := ch.HeaderByNumber(ctx, new(big.Int).SetUint64(l.BlockNumber))
			if err != nil {
				return nil, cp, err
			}
			h = hdr.Hash()
			hashes[l.BlockNumber] = h
		}
		if h != l.BlockHash {
			return nil, cp, fmt.Errorf("%w (%w): a log of block %d names block hash %s, the chain has %s",
				ErrDeepReorg, connectors.ErrUnavailable, l.BlockNumber, l.BlockHash.Hex(), h.Hex())
		}
		out = append(out, d)
		if len(out) == limit {
			return out, checkpoint{height: l.BlockNumber, hash: l.BlockHash, index: l.Index}, nil
		}
	}
	return out, checkpoint{height: to, hash: last.Hash(), done: true}, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// decodeDeposit turns a log into a deposit. ok is false for a log that is
// not one of ours (a burn through another bridge); a log that claims to be
// ours but does not decode is ErrMalformed.
func (c *Connector) decodeDeposit(l *types.Log, lockedID, burnedID common.Hash) (d connectors.Deposit, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, ok, err = connectors.Deposit{}, false, malformed("log %s/%d: decoder panicked: %v", l.TxHash.Hex(), l.Index, r)
		}
	}()
	if len(l.Topics) == 0 {
		return d, false, nil
	}
	d.At = connectors.Position{
		Height: l.BlockNumber, TxIndex: uint32(l.TxIndex), EventIndex: uint32(l.Index),
		TxHash: l.TxHash.Hex(), BlockHash: l.BlockHash.Hex(),
	}
	switch {
	case l.Address == c.vault && l.Topics[0] == lockedID:
		if len(l.Topics) != 4 {
			return d, false, malformed("Locked log %s/%d has %d topics, want 4", l.TxHash.Hex(), l.Index, len(l.Topics))
		}
		ev, err := c.vaultABI.UnpackLockedEvent(l)
		if err != nil {
			return d, false, malformed("Locked log %s/%d: %v", l.TxHash.Hex(), l.Index, err)
		}
		if len(c.native) > 0 && !c.native[ev.Token] {
			return d, false, nil // a lock of a token the config does not bridge
		}
		d.ID, d.Kind, d.Asset, d.Holder = ev.Id, connectors.Lock, ev.Token.Hex(), ev.Holder.Hex()
		d.Amount, d.DestinationLedger, d.DestinationAccount = ev.Amount, ev.DestinationLedger, ev.DestinationAccount
	case c.wrapped[l.Address] && l.Topics[0] == burnedID:
		if len(l.Topics) != 4 {
			return d, false, malformed("BurnedForTransfer log %s/%d has %d topics, want 4", l.TxHash.Hex(), l.Index, len(l.Topics))
		}
		ev, err := c.tokenABI.UnpackBurnedForTransferEvent(l)
		if err != nil {
			return d, false, malformed("BurnedForTransfer log %s/%d: %v", l.TxHash.Hex(), l.Index, err)
		}
		if ev.Bridge != c.vault {
			return d, false, nil
		}
		d.ID, d.Kind, d.Asset, d.Holder = ev.Id, connectors.Burn, l.Address.Hex(), ev.Holder.Hex()
		d.Amount, d.DestinationLedger, d.DestinationAccount = ev.Amount, ev.DestinationLedger, ev.DestinationAccount
	default:
		return d, false, nil
	}
	if d.Amount == nil || d.Amount.Sign() <= 0 {
		return d, false, malformed("log %s/%d: amount %v", l.TxHash.Hex(), l.Index, d.Amount)
	}
	return d, true, nil
}
