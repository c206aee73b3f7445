package fabric

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
)

// cursor is where observation resumes: the next transaction to read.
type cursor struct {
	block uint64
	tx    uint32
}

// checkpointPrefix starts every checkpoint; the channel and chaincode
// follow, so that a checkpoint of another deployment is refused.
const checkpointPrefix = "fabric1"

// Checkpoint encodes a cursor: fabric1:CHANNEL:CHAINCODE:BLOCK:TX, where
// BLOCK and TX are the next transaction to read. Everything before it
// has been reported.
func (c *Connector) checkpoint(at cursor) connectors.Checkpoint {
	return connectors.Checkpoint(fmt.Sprintf("%s:%s:%s:%d:%d", checkpointPrefix, c.cfg.Channel, c.cfg.Chaincode, at.block, at.tx))
}

// cursor decodes a checkpoint; the empty one starts at coco.start_block.
func (c *Connector) cursor(cp connectors.Checkpoint) (cursor, error) {
	if cp == "" {
		return cursor{block: c.cfg.StartBlock}, nil
	}
	f := strings.Split(string(cp), ":")
	if len(f) != 5 || f[0] != checkpointPrefix {
		return cursor{}, fmt.Errorf("checkpoint %.100q: not a Fabric checkpoint", cp)
	}
	if f[1] != c.cfg.Channel || f[2] != c.cfg.Chaincode {
		return cursor{}, fmt.Errorf("checkpoint %.100q: of chaincode %s on channel %s, not %s on %s", cp, f[2], f[1], c.cfg.Chaincode, c.cfg.Channel)
	}
	block, err1 := strconv.ParseUint(f[3], 10, 64)
	tx, err2 := strconv.ParseUint(f[4], 10, 32)
	if err1 != nil || err2 != nil {
		return cursor{}, fmt.Errorf("checkpoint %.100q: bad block or transaction number", cp)
	}
	return cursor{block: block, tx: uint32(tx)}, nil
}

// Deposits returns up to limit deposits (Lock, BurnForTransfer and
// PullDeposit of the bridge chaincode, in valid transactions only) after the checkpoint, in
// ledger order, and the checkpoint to resume from. A deposit is reported
// once coco.confirmations blocks follow its block. One call reads at most
// coco.max_blocks blocks.
func (c *Connector) Deposits(ctx context.Context, after connectors.Checkpoint, limit int) ([]connectors.Deposit, connectors.Checkpoint, error) {
	at, err := c.cursor(after)
	if err != nil {
		return nil, after, fmt.Errorf("fabric %s: %w", c.cfg.Name, err)
	}
	if limit < 1 {
		return nil, after, fmt.Errorf("fabric %s: deposits: limit %d, want at least 1", c.cfg.Name, limit)
	}
	height, err := c.chainHeight(ctx)
	if err != nil {
		return nil, after, err
	}
	if height == 0 || height-1 < c.cfg.Confirmations || at.block > height-1-c.cfg.Confirmations {
		return nil, c.checkpoint(at), nil // nothing final after the checkpoint
	}
	last := min(height-1-c.cfg.Confirmations, at.block+c.cfg.MaxBlocks-1)
	var out []connectors.Deposit
	err = c.retry(ctx, "read blocks", func(ctx context.Context, p *gatewayPeer) error {
		// Resumes where an earlier try stopped: at and out only grow.
		return c.readBlocks(ctx, p, at.block, last, func(b *common.Block) (bool, error) {
			n := b.GetHeader().GetNumber()
			if n != at.block {
				return false, malformed("asked for block %d, received %d", at.block, n)
			}
			txs, err := parseBlock(b)
			if err != nil {
				return false, err
			}
			hash := hex.EncodeToString(blockHash(b.GetHeader()))
			// Nothing of a block counts until it is read to the end or
			// to the limit, so that a failed try leaves at and out as
			// they were.
			var found []connectors.Deposit
			for i := int(at.tx); i < len(txs); i++ {
				d, ok, err := c.deposit(txs[i], n, uint32(i), hash)
				if err != nil {
					return false, err
				}
				if !ok {
					continue
				}
				found = append(found, d)
				if len(out)+len(found) == limit {
					out = append(out, found...)
					at = cursor{block: n, tx: uint32(i) + 1}
					return true, nil
				}
			}
			out = append(out, found...)
			at = cursor{block: n + 1}
			return n == last, nil
		})
	})
	if err != nil && len(out) == 0 {
		return nil, after, err
	}
	if err != nil {
		// What was read is complete up to the cursor: report it now and
		// let the next call retry the rest.
		c.log.Warn("fabric deposits: reading stopped early", "next_block", at.block, "err", err)
	}
	return out, c.checkpoint(at), nil
}

// deposit returns the deposit a transaction made, if any.
func (c *Connector) deposit(tx blockTx, block uint64, index uint32, blockHash string) (connectors.Deposit, bool, error) {
	if !tx.valid {
		return connectors.Deposit{}, false, nil
	}
	for _, ae := range tx.events {
		ev := ae.event
		if ae.chaincode != c.cfg.Chaincode || ev.GetChaincodeId() != c.cfg.Chaincode {
			continue
		}
		kind := connectors.Lock
		switch ev.GetEventName() {
		case wire.EventLocked:
		case wire.EventBurned:
			kind = connectors.Burn
		default:
			continue
		}
		d, err := c.parseDeposit(ev.GetPayload(), kind, tx.id)
		if err != nil {
			return connectors.Deposit{}, false, fmt.Errorf("block %d transaction %d (%s): %w", block, index, tx.id, err)
		}
		d.At = connectors.Position{Height: block, TxIndex: index, TxHash: tx.id, BlockHash: blockHash}
		return d, true, nil
	}
	return connectors.Deposit{}, false, nil
}

func (c *Connector) parseDeposit(payload []byte, kind connectors.DepositKind, txID string) (connectors.Deposit, error) {
	var rec wire.Deposit
	if err := json.Unmarshal(payload, &rec); err != nil {
		return connectors.Deposit{}, malformed("deposit event: %v", err)
	}
	id, err := connectors.ParseID(rec.ID)
	if err != nil || id.String() != rec.ID {
		return connectors.Deposit{}, malformed("deposit event: transfer id %.80q", rec.ID)
	}
	if rec.Pulled() {
		// The relay assigned the id (PullDeposit); the chaincode refused
		// it unless it was open. The user must be one it accepts.
		if err := wire.CheckUser(rec.User); err != nil {
			return connectors.Deposit{}, malformed("deposit event: user: %v", err)
		}
	} else if want := c.domain.TransferID(txID); id != want {
		return connectors.Deposit{}, malformed("deposit event: transfer id %q, want %x", rec.ID, want)
	}
	amt, err := wire.ParsePositive(rec.Amount)
	if err != nil {
		return connectors.Deposit{}, malformed("deposit event: %v", err)
	}
	if rec.Kind != string(kind) || rec.TxID != txID || rec.Asset == "" || rec.Holder == "" ||
		rec.DestinationLedger == "" || rec.DestinationAccount == "" {
		return connectors.Deposit{}, malformed("deposit event: %q", payload)
	}
	return connectors.Deposit{
		ID: id, Kind: kind, Asset: rec.Asset, Holder: rec.Holder, Amount: amt,
		DestinationLedger: rec.DestinationLedger, DestinationAccount: rec.DestinationAccount,
	}, nil
}

// deliverError is a status the deliver service ended a stream with.
type deliverError struct{ status common.Status }

func (e *deliverError) Error() string { return "deliver: " + e.status.String() }

// readBlocks streams blocks from..to from the peer's deliver service and
// hands each to fn until fn says stop, the last block was handled or the
// stream fails. A stream that sends nothing for coco.timeouts.evaluate is
// abandoned.
func (c *Connector) readBlocks(ctx context.Context, p *gatewayPeer, from, to uint64, fn func(*common.Block) (stop bool, err error)) error {
	req, err := p.network.NewBlockEventsRequest(client.WithStartBlock(from))
	if err != nil {
		return err
	}
	raw, err := req.Bytes()
	if err != nil {
		return err
	}
	var env common.Envelope
	if err := proto.Unmarshal(raw, &env); err != nil {
		return err
	}
	if env.Signature, err = c.sign(req.Digest()); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	idle := time.AfterFunc(c.cfg.Timeouts.Evaluate, cancel)
	defer idle.Stop()
	stream, err := peer.NewDeliverClient(p.conn).Deliver(ctx)
	if err != nil {
		return err
	}
	if err := stream.Send(&env); err != nil {
		return err
	}
	for {
		resp, err := stream.Recv()
		if err != nil {
			return err
		}
		idle.Reset(c.cfg.Timeouts.Evaluate)
		switch r := resp.GetType().(type) {
		case *peer.DeliverResponse_Block:
			stop, err := fn(r.Block)
			if err != nil || stop || r.Block.GetHeader().GetNumber() >= to {
				return err
			}
		case *peer.DeliverResponse_Status:
			return &deliverError{status: r.Status}
		}
	}
}
