package ledger

import (
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
)

// SignatureRecord builds the signature transaction id that signs root, the
// root of the tree of every transaction before it.
func SignatureRecord(signer crypto.Signer, nodeID uint64, nodeCert []byte, id TxID, root merkle.Hash) (*Record, error) {
	digest := sha256.Sum256(receipt.SignedRootMessage(id, root))
	sig, err := signer.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("sign root at %s: %w", id, err)
	}
	info := SignatureInfo{NodeID: nodeID, Root: root, Signature: sig, NodeCert: nodeCert}
	return &Record{Kind: KindSignature, ID: id, Writes: []Write{{Table: TableSignatures, Key: SignatureKey, Value: info.encode()}}}, nil
}
