package relay

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/merkle"
	"github.com/cocorelay/coco/ledger/receipt"
)

// Anchoring: the leader records the signed root of the shared ledger on
// every connected chain, every N transactions or T (governance's anchor
// policy), authorised by k trusted nodes that each check the root against
// their own ledger. An anchor is a signature transaction's seqno S and
// the root it signed (of the first S-1 transactions). Anyone can then
// check a receipt against a chain: GET /v1/tx/{txid}/inclusion proves the
// transaction's leaf is in the tree an anchor names (anchor_proof.go), and
// `coco receipt verify --anchored` reads the anchor from the chain.

// AnchorRecord is an anchor the relay recorded on a chain.
type AnchorRecord struct {
	Ledger  string    `json:"ledger"`
	Seqno   uint64    `json:"seqno"`
	Root    string    `json:"root"`
	Time    time.Time `json:"time"`
	TxHash  string    `json:"tx_hash"`
	Height  uint64    `json:"height"`
	Signers []string  `json:"signers"`
}

func anchorKey(ledgerName string, seqno uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(ledgerName), 0), seqno)
}

func latestAnchorKey(ledgerName string) []byte {
	return append(append([]byte(ledgerName), 0), "latest"...)
}

// latestAnchor returns the newest anchor recorded for a chain, or nil.
func latestAnchor(r storeReader, ledgerName string) (*AnchorRecord, error) {
	b, ok, err := r.Get(tableAnchors, latestAnchorKey(ledgerName))
	if err != nil || !ok {
		return nil, err
	}
	var a AnchorRecord
	return &a, json.Unmarshal(b, &a)
}

func (x *transfers) runAnchors(c *chain) {
	defer x.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var lastErr time.Time
	for {
		select {
		case <-x.ctx.Done():
			return
		case <-t.C:
		}
		if !x.n.IsLeader() {
			continue
		}
		if err := x.maybeAnchor(c); err != nil && time.Since(lastErr) > 30*time.Second {
			x.log.Warn("anchor", "ledger", c.name, "err", err)
			lastErr = time.Now()
		}
	}
}

// anchorDue says whether a chain whose latest anchor is last (nil: none)
// should anchor the signature at seqno sig now.
func anchorDue(p *governance.AnchorPolicy, last *AnchorRecord, sig uint64, now time.Time) bool {
	if sig < 2 || last != nil && sig <= last.Seqno {
		return false
	}
	if last == nil {
		return true
	}
	if p.EveryTx > 0 && sig-last.Seqno >= p.EveryTx {
		return true
	}
	iv := p.IntervalDuration()
	return iv > 0 && now.Sub(last.Time) >= iv
}

func (x *transfers) maybeAnchor(c *chain) error {
	r := readerOf(x.n.store)
	if reg, err := governance.GetConnector(r, c.name); err != nil || c.matches(reg) != nil {
		return err
	}
	policy, err := governance.GetAnchorPolicy(r)
	if err != nil {
		return err
	}
	last, err := latestAnchor(r, c.name)
	if err != nil {
		return err
	}
	sig := x.n.store.Committed().LastSignature.Seqno
	now := time.Now().UTC()
	if !anchorDue(policy, last, sig, now) {
		return nil
	}
	f, err := x.n.store.FrontierAt(sig - 1)
	if err != nil {
		return err
	}
	a := connectors.Anchor{Seqno: sig, Root: f.Root(), Time: now}
	ctx, cancel := context.WithTimeout(x.ctx, 2*time.Minute)
	defer cancel()
	if on, err := c.conn.LatestAnchor(ctx); err != nil {
		return err
	} else if on != nil && on.Seqno >= sig {
		return nil // a newer one is there already (a leader before this one)
	}
	set, err := x.signerSet(ctx, c, false)
	if err != nil {
		return err
	}
	g := x.gather(ctx, []cosignItem{{Kind: signAnchor, Ledger: c.name, Anchor: &a}}, []int{set.Threshold}, []accept{inSet(c.kind, set)})[0]
	if len(g.sigs) < set.Threshold {
		return fmt.Errorf("%d of %d signatures for anchor %d (%s)", len(g.sigs), set.Threshold, sig, g.refusals())
	}
	res, err := c.conn.RecordAnchor(ctx, a, g.sigs)
	if err != nil {
		return err
	}
	rec := AnchorRecord{Ledger: c.name, Seqno: sig, Root: hex.EncodeToString(a.Root[:]), Time: now, TxHash: res.TxHash, Height: res.Height, Signers: signersOf(g.sigs)}
	_, err = x.execute(func(tx *ledger.Tx) (any, error) {
		b := encodeJSON(rec)
		tx.Put(tableAnchors, anchorKey(c.name, sig), b)
		tx.Put(tableAnchors, latestAnchorKey(c.name), b)
		return nil, nil
	})
	if err == nil {
		x.log.Info("anchored the ledger", "ledger", c.name, "seqno", sig, "tx", res.TxHash)
	}
	return err
}

// anchors lists the anchors recorded for a chain, newest first.
func (n *Node) anchors(ledgerName string, limit int) ([]AnchorRecord, error) {
	kvs, err := n.store.Scan(tableAnchors, append([]byte(ledgerName), 0), nil, 100000)
	if err != nil {
		return nil, err
	}
	out := []AnchorRecord{}
	for _, kv := range kvs {
		if len(kv.Key) != len(ledgerName)+1+8 {
			continue // the "latest" row
		}
		var a AnchorRecord
		if err := json.Unmarshal(kv.Value, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seqno > out[j].Seqno })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Inclusion is a proof that a transaction is in the tree of the first
// TreeSize transactions: what `coco receipt verify --anchored` checks
// against the root an anchor on a chain names.
type Inclusion struct {
	TxID           string   `json:"txid"`
	TreeSize       uint64   `json:"tree_size"`
	WriteSetDigest string   `json:"write_set_digest"`
	ClaimsDigest   string   `json:"claims_digest"`
	Proof          []string `json:"proof"`
	Root           string   `json:"root"`
}

// inclusion proves id is in the tree of the first size transactions.
func (n *Node) inclusion(id ledger.TxID, size uint64) (*Inclusion, error) {
	if size < id.Seqno || size > n.store.Committed().ID.Seqno {
		return nil, apiError(400, CodeInvalidArgument, "tree_size", "tree_size %d must be at least the transaction's seqno %d and at most the committed %d", size, id.Seqno, n.store.Committed().ID.Seqno)
	}
	rc, err := n.store.Receipt(id)
	if err != nil {
		return nil, err
	}
	fr := &frontierNodes{n: n}
	proof, err := merkle.InclusionProof(fr, id.Seqno-1, size)
	if err != nil {
		return nil, err
	}
	f, err := n.store.FrontierAt(size)
	if err != nil {
		return nil, err
	}
	out := &Inclusion{TxID: id.String(), TreeSize: size, WriteSetDigest: rc.WriteSetDigest, ClaimsDigest: rc.ClaimsDigest, Root: f.Root().String()}
	for _, h := range proof {
		out.Proof = append(out.Proof, h.String())
	}
	return out, nil
}

// VerifyInclusion checks an inclusion proof against root, and that it is
// about the transaction a verified receipt proves.
func VerifyInclusion(in *Inclusion, v *receipt.Verified, root merkle.Hash) error {
	if in.TxID != v.TxID.String() {
		return fmt.Errorf("the proof is about %s, the receipt about %s", in.TxID, v.TxID)
	}
	wsd, err := parseHashHex(in.WriteSetDigest)
	if err != nil {
		return err
	}
	if v.Claims.String() != in.ClaimsDigest {
		return errors.New("the proof's claims digest differs from the receipt's")
	}
	if wsd != v.WriteSetDigest {
		return errors.New("the proof's write-set digest differs from the receipt's")
	}
	leaf := receipt.Leaf{ID: v.TxID, WriteSetDigest: wsd, Claims: v.Claims}
	var path []merkle.Hash
	for _, p := range in.Proof {
		h, err := parseHashHex(p)
		if err != nil {
			return err
		}
		path = append(path, h)
	}
	return merkle.VerifyInclusion(leaf.Hash(), v.TxID.Seqno-1, in.TreeSize, path, root)
}

func parseHashHex(s string) (merkle.Hash, error) {
	var h merkle.Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("%q is not a 64-hex-character hash", s)
	}
	copy(h[:], b)
	return h, nil
}

// frontierNodes reads Merkle nodes through what the ledger exports: a
// left node (even index) is the last subtree of the frontier that ends
// with it; a right node is hashed from its children; a leaf is read from
// its transaction's receipt.
type frontierNodes struct {
	n     *Node
	views []viewStart
}

type viewStart struct{ view, start uint64 }

func (f *frontierNodes) Node(level uint8, index uint64) (merkle.Hash, error) {
	if index%2 == 0 {
		fr, err := f.n.store.FrontierAt((index + 1) << level)
		if err != nil {
			return merkle.Hash{}, err
		}
		enc := fr.Encode()
		var h merkle.Hash
		copy(h[:], enc[len(enc)-merkle.HashSize:])
		return h, nil
	}
	if level == 0 {
		return f.leaf(index + 1)
	}
	l, err := f.Node(level-1, 2*index)
	if err != nil {
		return merkle.Hash{}, err
	}
	r, err := f.Node(level-1, 2*index+1)
	if err != nil {
		return merkle.Hash{}, err
	}
	return merkle.NodeHash(l, r), nil
}

// leaf returns the leaf hash of the transaction at seqno.
func (f *frontierNodes) leaf(seqno uint64) (merkle.Hash, error) {
	if f.views == nil {
		kvs, err := f.n.store.Scan(ledger.TableViews, nil, nil, 1<<20)
		if err != nil {
			return merkle.Hash{}, err
		}
		for _, kv := range kvs {
			if len(kv.Key) == 8 {
				f.views = append(f.views, viewStart{view: binary.BigEndian.Uint64(kv.Key), start: kv.Version})
			}
		}
		sort.Slice(f.views, func(i, j int) bool { return f.views[i].start < f.views[j].start })
	}
	i := sort.Search(len(f.views), func(i int) bool { return f.views[i].start > seqno }) - 1
	if i < 0 {
		return merkle.Hash{}, fmt.Errorf("no view holds seqno %d", seqno)
	}
	id := ledger.TxID{View: f.views[i].view, Seqno: seqno}
	rc, err := f.n.store.Receipt(id)
	if err != nil {
		return merkle.Hash{}, err
	}
	wsd, err := parseHashHex(rc.WriteSetDigest)
	if err != nil {
		return merkle.Hash{}, err
	}
	claims, err := parseHashHex(rc.ClaimsDigest)
	if err != nil {
		return merkle.Hash{}, err
	}
	return receipt.Leaf{ID: id, WriteSetDigest: wsd, Claims: claims}.Hash(), nil
}
