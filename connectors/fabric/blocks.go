package fabric

import (
	"crypto/sha256"
	"encoding/asn1"
	"math/big"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

// blockTx is what the connector needs of one transaction in a block.
type blockTx struct {
	id     string
	valid  bool          // committed as VALID (not MVCC-invalidated or otherwise refused)
	events []actionEvent // chaincode events of its actions (valid endorser transactions only)
}

// actionEvent is the event a chaincode action set.
type actionEvent struct {
	chaincode string // the chaincode the action ran
	event     *peer.ChaincodeEvent
}

// parseBlock reads the transactions of a committed block. Invalid
// transactions are reported but not parsed further: nothing of theirs
// counts. A valid transaction that cannot be parsed is an error (the
// peers validated it, so the block or this code is wrong), never a panic
// and never silently skipped.
func parseBlock(b *common.Block) ([]blockTx, error) {
	if b.GetHeader() == nil {
		return nil, malformed("block without header")
	}
	data := b.GetData().GetData()
	md := b.GetMetadata().GetMetadata()
	if len(md) <= int(common.BlockMetadataIndex_TRANSACTIONS_FILTER) {
		return nil, malformed("block %d has no transaction validation flags", b.GetHeader().GetNumber())
	}
	flags := md[common.BlockMetadataIndex_TRANSACTIONS_FILTER]
	if len(flags) != len(data) {
		return nil, malformed("block %d: %d validation flags for %d transactions", b.GetHeader().GetNumber(), len(flags), len(data))
	}
	txs := make([]blockTx, len(data))
	for i, raw := range data {
		txs[i].valid = peer.TxValidationCode(flags[i]) == peer.TxValidationCode_VALID
		if !txs[i].valid {
			continue
		}
		if err := parseTx(raw, &txs[i]); err != nil {
			return nil, malformed("block %d transaction %d: %v", b.GetHeader().GetNumber(), i, err)
		}
	}
	return txs, nil
}

func parseTx(raw []byte, tx *blockTx) error {
	var env common.Envelope
	var payload common.Payload
	var ch common.ChannelHeader
	if err := proto.Unmarshal(raw, &env); err != nil {
		return err
	}
	if err := proto.Unmarshal(env.GetPayload(), &payload); err != nil {
		return err
	}
	if err := proto.Unmarshal(payload.GetHeader().GetChannelHeader(), &ch); err != nil {
		return err
	}
	tx.id = ch.GetTxId()
	if common.HeaderType(ch.GetType()) != common.HeaderType_ENDORSER_TRANSACTION {
		return nil // configuration: no chaincode events
	}
	var t peer.Transaction
	if err := proto.Unmarshal(payload.GetData(), &t); err != nil {
		return err
	}
	for _, action := range t.GetActions() {
		var cap peer.ChaincodeActionPayload
		var prp peer.ProposalResponsePayload
		var cca peer.ChaincodeAction
		if err := proto.Unmarshal(action.GetPayload(), &cap); err != nil {
			return err
		}
		if err := proto.Unmarshal(cap.GetAction().GetProposalResponsePayload(), &prp); err != nil {
			return err
		}
		if err := proto.Unmarshal(prp.GetExtension(), &cca); err != nil {
			return err
		}
		if len(cca.GetEvents()) == 0 {
			continue
		}
		ev := &peer.ChaincodeEvent{}
		if err := proto.Unmarshal(cca.GetEvents(), ev); err != nil {
			return err
		}
		tx.events = append(tx.events, actionEvent{chaincode: cca.GetChaincodeId().GetName(), event: ev})
	}
	return nil
}

// blockHash is the hash Fabric chains blocks with: SHA-256 of the ASN.1
// DER sequence (number, previous hash, data hash) of the header.
func blockHash(h *common.BlockHeader) []byte {
	der, err := asn1.Marshal(struct {
		Number       *big.Int
		PreviousHash []byte
		DataHash     []byte
	}{new(big.Int).SetUint64(h.GetNumber()), h.GetPreviousHash(), h.GetDataHash()})
	if err != nil {
		panic("fabric: ASN.1 encoding of a block header: " + err.Error()) // only fixed types: cannot fail
	}
	sum := sha256.Sum256(der)
	return sum[:]
}
