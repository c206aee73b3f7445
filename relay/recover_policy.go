package relay

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
	"github.com/cocorelay/coco/ledger/receipt"
)

// Proving the recovered constitution's node policy. A member about to send
// its recovery share checks the recovering node's attestation evidence
// against the policy of the old network's constitution: whether virtual
// nodes are allowed and which code is. The node cannot simply state that
// policy (a node that lies about it would get the shares of a network that
// never allowed it); it proves it with the old ledger itself: for each
// imported transaction that last wrote a row of the policy, the receipt
// the old service's nodes signed and the transaction's record. The member
// checks them offline against the old service certificate it kept
// (VerifyRecoveredPolicy) and reads the policy from the records.
//
// What this proves: each policy row was written, as shown, by a
// transaction of the old service. It cannot prove that no later
// transaction changed it again: a node could present an older policy of
// the same service. The member sees which transaction each proof is for.

// PolicyProof is the proof of one imported transaction that wrote rows of
// the node policy.
type PolicyProof struct {
	Receipt []byte `json:"receipt"` // the receipt as the old service signed it (canonical JSON)
	Record  []byte `json:"record"`  // the encoded ledger record its write_set_digest hashes
}

// policyProofs returns the proofs of the recovered node policy (policyProofsIn).
func (n *Node) policyProofs() ([]PolicyProof, [][]byte, error) {
	prev, err := governance.PreviousServices(readerOf(n.store))
	if err != nil || len(prev) == 0 {
		return nil, nil, err
	}
	previous, err := x509.ParseCertificate(prev[0])
	if err != nil {
		return nil, nil, fmt.Errorf("previous service certificate: %w", err)
	}
	return policyProofsIn(n.store, previous)
}

// policyProofsIn returns, from a store that imported the ledger of the
// service with certificate previous, the proofs of the transactions that
// last wrote the settings and each allowed code row, and the endorsements
// the store holds (for transactions of services before the previous one).
func policyProofsIn(st *ledger.Store, previous *x509.Certificate) ([]PolicyProof, [][]byte, error) {
	through := st.Recovery().ImportedThrough
	var seqnos []uint64
	if _, v, ok, err := st.Get(governance.TableSettings, governance.SettingsKey()); err != nil {
		return nil, nil, err
	} else if ok && v <= through {
		seqnos = append(seqnos, v)
	}
	code, err := st.Scan(governance.TableNodeCode, nil, nil, 10000)
	if err != nil {
		return nil, nil, err
	}
	for _, kv := range code {
		if kv.Version <= through && !slices.Contains(seqnos, kv.Version) {
			seqnos = append(seqnos, kv.Version)
		}
	}
	var proofs []PolicyProof
	for _, seq := range seqnos {
		r, rec, err := st.ImportedReceipt(seq, previous)
		if err != nil {
			return nil, nil, fmt.Errorf("proof of the recovered node policy: %w", err)
		}
		proofs = append(proofs, PolicyProof{Receipt: r.Marshal(), Record: rec})
	}
	ends, err := st.Endorsements()
	if err != nil {
		return nil, nil, err
	}
	var endsDER [][]byte
	for _, e := range ends {
		endsDER = append(endsDER, e.Raw)
	}
	return proofs, endsDER, nil
}

// ErrPolicyUnproven is returned when a recovering node's proofs do not
// establish the recovered constitution's node policy.
var ErrPolicyUnproven = errors.New("the recovering node does not prove the recovered constitution's node policy")

// VerifyRecoveredPolicy checks the policy proofs of e against previous,
// the service certificate of the network being recovered (the member's
// own copy, never the node's), and returns the node policy they prove:
// allow_virtual_nodes from the latest proven write of the settings, and
// every allowed code measurement a proven transaction added. What the node
// states besides (e.AllowVirtual, e.Measurements) is not used.
func VerifyRecoveredPolicy(e *RecoveryEvidence, previous *x509.Certificate) (enclave.Policy, error) {
	var pol enclave.Policy
	if previous == nil {
		return pol, errors.New("no previous service certificate to check the recovered policy against")
	}
	var ends []*x509.Certificate
	for i, der := range e.Endorsements {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return pol, fmt.Errorf("%w: endorsement %d: %v", ErrPolicyUnproven, i, err)
		}
		ends = append(ends, c)
	}
	var settingsAt uint64
	for i, p := range e.PolicyProofs {
		v, err := receipt.VerifyEndorsed(p.Receipt, previous, ends)
		if err != nil {
			return enclave.Policy{}, fmt.Errorf("%w: proof %d is not a receipt of the previous service: %w", ErrPolicyUnproven, i, err)
		}
		var r receipt.Receipt
		if err := json.Unmarshal(p.Receipt, &r); err != nil {
			return enclave.Policy{}, fmt.Errorf("%w: proof %d: %v", ErrPolicyUnproven, i, err)
		}
		if d := sha256.Sum256(p.Record); hex.EncodeToString(d[:]) != r.WriteSetDigest {
			return enclave.Policy{}, fmt.Errorf("%w: proof %d: the record is not the one the receipt covers", ErrPolicyUnproven, i)
		}
		rec, err := ledger.DecodeRecord(p.Record)
		if err != nil || rec.ID != v.TxID {
			return enclave.Policy{}, fmt.Errorf("%w: proof %d: the record is not transaction %s (%v)", ErrPolicyUnproven, i, v.TxID, err)
		}
		for _, w := range rec.Writes {
			if w.Delete {
				continue
			}
			s, c, err := governance.NodePolicyOf(w.Table, w.Key, w.Value)
			if err != nil {
				return enclave.Policy{}, fmt.Errorf("%w: proof %d: %v", ErrPolicyUnproven, i, err)
			}
			if s != nil && v.TxID.Seqno > settingsAt {
				pol.AllowVirtual, settingsAt = s.AllowVirtualNodes, v.TxID.Seqno
			}
			if c != nil {
				m, err := hex.DecodeString(c.Measurement)
				if err != nil {
					return enclave.Policy{}, fmt.Errorf("%w: proof %d: measurement %q: %v", ErrPolicyUnproven, i, c.Measurement, err)
				}
				pol.Measurements = append(pol.Measurements, m)
			}
		}
	}
	if settingsAt == 0 {
		return enclave.Policy{}, fmt.Errorf("%w: no proof holds the constitution's settings (allow_virtual_nodes)", ErrPolicyUnproven)
	}
	return pol, nil
}
