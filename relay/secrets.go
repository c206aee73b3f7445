package relay

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// The ledger secret in the node (see ledger/secrets.go for what it
// protects). It is made in the genesis transaction, sealed to the first
// node; a joining node receives every secret sealed to its attested key
// with its certificate (join.go); the leader makes the next one, sealed to
// the nodes trusted then, when the members ask (trigger_ledger_rekey) and
// when a node is removed, in the transaction that accepts the proposal,
// so that a removed node reads nothing written after its removal. Each time the
// secret, the members or the recovery threshold change, the leader
// re-splits the recovery key into member shares (governance/recovery.go).

// tableSecretState is the relay's own bookkeeping: "rekeys" → the count of
// trigger_ledger_rekey requests answered (8 bytes, big endian);
// "excluded" → ids of the removed nodes a secret was made without (JSON).
const tableSecretState = "public:coco.relay.secrets"

var (
	rekeysAnsweredKey = []byte("rekeys")
	excludedKey       = []byte("excluded")
)

// applyGenesis writes the genesis records and the first ledger secret.
func (n *Node) applyGenesis(tx *ledger.Tx, g *governance.Genesis) (any, error) {
	ok, err := governance.ApplyGenesis(tx, g)
	if err != nil || !ok {
		return ok, err
	}
	secret, err := n.store.NextSecret(tx, []*ecdsa.PublicKey{&n.key.PublicKey}, "genesis")
	if err != nil {
		return nil, err
	}
	if ms, err := governance.RecoveryMembers(tx); err == nil && len(ms) == 0 {
		n.log.Warn("no member has an encryption key: the network cannot be recovered if every node is lost (give members one with set_member)")
	}
	return true, writeRecoveryShares(tx, secret)
}

// runSecrets keeps, on the leader, the ledger secret and the recovery
// shares up to date with governance.
func (n *Node) runSecrets() {
	defer n.wg.Done()
	t := time.NewTicker(300 * time.Millisecond)
	defer t.Stop()
	var warned time.Time // of an unreachable recovery threshold, at most once a minute
	for {
		select {
		case <-n.stop:
			return
		case <-t.C:
		}
		if !n.IsLeader() || n.retired.Load() || n.store.LockedOut() != nil {
			continue
		}
		if svc, _ := n.store.ServiceCert(); svc == nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := n.completeRestore(ctx); err != nil { // recover_api.go
			n.log.Warn("restore private tables", "err", err)
		}
		out, err := n.exec.Execute(ctx, n.maintainSecrets)
		cancel()
		switch {
		case errors.Is(err, ledger.ErrSecretPending):
		case errors.Is(err, governance.ErrThresholdUnreachable):
			if time.Since(warned) > time.Minute {
				warned = time.Now()
				n.log.Warn("recovery shares not re-split", "err", err)
			}
		case err != nil:
			n.log.Debug("ledger secret upkeep", "err", err)
		case !out.ID.IsZero():
			n.log.Info("ledger secret upkeep", "did", out.Value, "txid", out.ID)
		}
	}
}

// maintainSecrets rotates the ledger secret if it must and re-splits the
// recovery shares if they are stale. It writes nothing when all is well.
func (n *Node) maintainSecrets(tx *ledger.Tx) (any, error) {
	rec, err := ledger.LatestSecretRecord(tx)
	if err != nil || rec == nil {
		return "", err
	}
	did, err := n.rotateIfNeeded(tx)
	if err != nil || did != "" {
		return did, err
	}
	stale, rotate, err := recoverySharesStale(tx, rec.Version)
	if err != nil || !stale {
		return "", err
	}
	if rotate {
		// Re-splitting would wrap the same secret again, and the old
		// share set in the public ledger would still recover it: with a
		// member that left, under a key a member replaced, or with fewer
		// shares than the new threshold. A new secret spends the old set.
		keys, err := trustedNodeKeys(tx)
		if err != nil {
			return "", err
		}
		secret, err := n.store.NextSecret(tx, keys, "recovery_shares")
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("ledger secret %d made (the recovery share holders or threshold tightened)", secret.Version()), writeRecoveryShares(tx, secret)
	}
	secret, err := n.store.CurrentSecret(tx)
	if err != nil {
		return "", err
	}
	return "recovery shares re-split", writeRecoveryShares(tx, secret)
}

// rotateIfNeeded makes the next ledger secret in tx if governance asked
// for one (trigger_ledger_rekey) or removed a node since the last one. It
// writes nothing unless it makes the secret.
func (n *Node) rotateIfNeeded(tx *ledger.Tx) (string, error) {
	removed, done, err := newlyRemoved(tx)
	if err != nil {
		return "", err
	}
	req, err := governance.GetRekeyRequest(tx)
	if err != nil {
		return "", err
	}
	answered, err := rekeysAnswered(tx)
	if err != nil {
		return "", err
	}
	reason := ""
	switch {
	case req.Count > answered:
		reason = governance.ActionTriggerLedgerRekey
	case len(removed) > 0:
		reason = governance.ActionRemoveNode
	default:
		return "", nil
	}
	keys, err := trustedNodeKeys(tx)
	if err != nil {
		return "", err
	}
	secret, err := n.store.NextSecret(tx, keys, reason)
	if err != nil {
		return "", err
	}
	if req.Count > answered {
		tx.Put(tableSecretState, rekeysAnsweredKey, binary.BigEndian.AppendUint64(nil, req.Count))
	}
	if len(removed) > 0 {
		b, _ := json.Marshal(append(done, removed...))
		tx.Put(tableSecretState, excludedKey, b)
	}
	if err := writeRecoveryShares(tx, secret); errors.Is(err, governance.ErrThresholdUnreachable) {
		// The rotation must happen (a removed node holds the old secret);
		// the recovery shares wait for the members to fix the threshold.
		n.log.Warn("ledger secret made without new recovery shares: the network cannot be recovered to it until the members fix the threshold", "err", err)
	} else if err != nil {
		return "", err
	}
	return fmt.Sprintf("ledger secret %d made (%s)", secret.Version(), reason), nil
}

// rotateAfterGovernance runs in the transaction that applied a governance
// request: a removal or a rekey takes effect in that very transaction, so
// that nothing is written after a node's removal under a secret it holds.
// If the secret cannot be made now (a change is still in flight), the
// upkeep loop makes it shortly; the request itself never fails for it.
func (n *Node) rotateAfterGovernance(tx *ledger.Tx) {
	if _, err := ledger.LatestSecretRecord(tx); err != nil {
		return
	}
	if did, err := n.rotateIfNeeded(tx); err != nil {
		n.log.Debug("ledger secret not rotated with the governance request; the upkeep loop will", "err", err)
	} else if did != "" {
		n.log.Info("ledger secret upkeep", "did", did, "txid", tx.ID())
	}
}

func rekeysAnswered(tx *ledger.Tx) (uint64, error) {
	b, ok, err := tx.Get(tableSecretState, rekeysAnsweredKey)
	if err != nil || !ok {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("%s/rekeys holds %d bytes", tableSecretState, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// trustedNodeKeys returns the keys of the trusted nodes.
func trustedNodeKeys(r governance.Reader) ([]*ecdsa.PublicKey, error) {
	nodes, err := governance.Nodes(r)
	if err != nil {
		return nil, err
	}
	var keys []*ecdsa.PublicKey
	for _, nd := range nodes {
		if nd.Status != governance.NodeTrusted {
			continue
		}
		pub, err := enclave.ParsePublicKeyPEM([]byte(nd.PublicKey))
		if err != nil {
			return nil, fmt.Errorf("node %d: public key: %w", nd.ID, err)
		}
		keys = append(keys, pub)
	}
	return keys, nil
}

// newlyRemoved returns the ids of the nodes removed (retired) since the
// last rotation for a removal, and the ids already rotated away from:
// every trusted node may hold the current secret, so each removal needs a
// new one.
func newlyRemoved(tx *ledger.Tx) (removed, done []uint64, err error) {
	nodes, err := governance.Nodes(tx)
	if err != nil {
		return nil, nil, err
	}
	if b, ok, err := tx.Get(tableSecretState, excludedKey); err != nil {
		return nil, nil, err
	} else if ok {
		if err := json.Unmarshal(b, &done); err != nil {
			return nil, nil, fmt.Errorf("%s/excluded: %w", tableSecretState, err)
		}
	}
	for _, nd := range nodes {
		if nd.Status == governance.NodeRetired && !slices.Contains(done, nd.ID) {
			removed = append(removed, nd.ID)
		}
	}
	return removed, done, nil
}

// recoverySharesStale reports whether the recovery record does not hold
// the current secret for the current members (and their encryption keys)
// and threshold, and whether a new secret must replace the one it wraps:
// when the old share set would still recover the secret with more power
// than the members now grant (a member that left or replaced its key
// still holds its share; a raised threshold is not met by the old set's
// lower one). A member added or a threshold lowered only needs a new
// split.
func recoverySharesStale(r governance.Reader, version uint64) (stale, rotate bool, err error) {
	rs, err := governance.GetRecoveryShares(r)
	if err != nil || rs == nil {
		return rs == nil && err == nil, false, err
	}
	members, err := governance.RecoveryMembers(r)
	if err != nil {
		return false, false, err
	}
	if len(members) == 0 {
		// Nobody can hold a share: spend the old set once (a new secret
		// and an empty record, writeRecoveryShares), then nothing.
		return len(rs.Shares) > 0, len(rs.Shares) > 0, nil
	}
	k, err := governance.RecoveryThreshold(r, len(members))
	if err != nil {
		return false, false, err
	}
	keyIDs := make(map[string]string, len(members))
	for _, m := range members {
		if keyIDs[m.ID], err = enclave.KeyID(m.Key); err != nil {
			return false, false, err
		}
	}
	for id := range rs.Shares {
		if kid, ok := keyIDs[id]; !ok || (rs.KeyIDs[id] != "" && rs.KeyIDs[id] != kid) {
			return true, true, nil // a holder left or replaced its key
		}
	}
	if k > rs.Threshold {
		return true, true, nil
	}
	if rs.SecretVersion != version || rs.Threshold != k || len(rs.Shares) != len(members) {
		return true, false, nil
	}
	for _, m := range members {
		if _, ok := rs.Shares[m.ID]; !ok || rs.KeyIDs[m.ID] != keyIDs[m.ID] {
			return true, false, nil
		}
	}
	return false, false, nil
}

// writeRecoveryShares wraps secret under a new recovery key and splits the
// key among the members that have an encryption key. With no such member
// there is nothing to split (the network cannot be recovered): an earlier
// share set is replaced by an empty record.
func writeRecoveryShares(tx *ledger.Tx, secret *ledger.Secret) error {
	members, err := governance.RecoveryMembers(tx)
	if err != nil {
		return err
	}
	if len(members) == 0 {
		// An earlier share set must not stay as if it were current.
		if rs, err := governance.GetRecoveryShares(tx); err != nil || rs == nil || len(rs.Shares) == 0 {
			return err
		}
		governance.PutRecoveryShares(tx, &governance.RecoveryShares{SecretVersion: secret.Version(),
			Shares: map[string][]byte{}, Digests: map[string][]byte{}, KeyIDs: map[string]string{}})
		return nil
	}
	k, err := governance.RecoveryThreshold(tx, len(members))
	if err != nil {
		return err
	}
	kek := make([]byte, 32)
	if _, err := rand.Read(kek); err != nil {
		return err
	}
	defer clear(kek)
	wrapped, err := secret.WrapForRecovery(kek)
	if err != nil {
		return err
	}
	shares, err := enclave.SplitSecret(kek, len(members), k)
	if err != nil {
		return err
	}
	rs := &governance.RecoveryShares{SecretVersion: secret.Version(), Wrapped: wrapped, Threshold: k,
		Shares: map[string][]byte{}, Digests: map[string][]byte{}, KeyIDs: map[string]string{}}
	for i, m := range members {
		if rs.KeyIDs[m.ID], err = enclave.KeyID(m.Key); err != nil {
			return err
		}
		enc := shares[i].Encode()
		sum := sha256.Sum256(enc)
		rs.Digests[m.ID] = sum[:]
		if rs.Shares[m.ID], err = enclave.SealTo(m.Key, governance.ShareInfo, enc); err != nil {
			return fmt.Errorf("seal recovery share to member %s: %w", m.ID, err)
		}
		clear(enc)
	}
	governance.PutRecoveryShares(tx, rs)
	return nil
}

// secretsFromLeader reports whether a join status request, from the node
// with key der, will carry the ledger secrets: a trusted node's. Those
// are answered by the leader, whose secrets include every rekey so far
// (a lagging follower could hand out too few, and the new node would lock
// out at the first entry under a secret it lacks).
//
// It only looks the node up: a follower that forwards the request does no
// sealing for it (the request is unauthenticated).
func (n *Node) secretsFromLeader(der []byte) bool {
	_, rec, err := n.joinStanding(der)
	return err == nil && rec != nil && rec.Status == governance.NodeTrusted
}

// shareMatches reports whether a submitted share is the one the recovery
// record holds for member id.
func shareMatches(rs *governance.RecoveryShares, id string, share []byte) bool {
	want, ok := rs.Digests[id]
	sum := sha256.Sum256(share)
	return ok && bytes.Equal(want, sum[:])
}
