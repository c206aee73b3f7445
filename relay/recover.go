package relay

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/ledger"
)

// Disaster recovery (configs/recovery.md). Every node of a network is
// lost; a copy of one node's data directory (its ledger files) is kept.
// PrepareRecovery (coco recover) makes a new node from it: a new service
// identity, a node id after the old ones, and the old ledger files
// through their last signature. Started, the node opens a new Raft group
// whose first entries import those records (public tables back, private
// writes still sealed), then opens a view and records, in one
// transaction, the new service certificate, its endorsement of the old
// one, the old nodes as retired and itself as trusted. The members then
// submit their recovery shares (recover_api.go); with the threshold
// reached the node unwraps the old ledger secrets, a restore entry
// rebuilds the private tables, and the leader makes a new secret for the
// new network (secrets.go).

// modeRecover is the identity mode of a node that recovers a network.
const modeRecover = "recover"

// RecoveryPlan is what PrepareRecovery decided, kept in
// data_dir/recovery/plan.json.
type RecoveryPlan struct {
	// From is the old data directory; the ledger files were copied to
	// data_dir/recovery/ledger.
	From string `json:"from"`
	// Through is the last signed seqno of the old ledger: records after it
	// cannot be verified and are not imported.
	Through uint64 `json:"through"`
	// NodeID is this node's id, after every id of the old network.
	NodeID uint64 `json:"node_id"`
	// PreviousServiceSHA256 names the old service certificate.
	PreviousServiceSHA256 string `json:"previous_service_sha256"`
}

func recoveryDir(dataDir string) string { return filepath.Join(dataDir, "recovery") }

// RecoveryOptions are the choices of a recovery beyond the node's
// configuration.
type RecoveryOptions struct {
	// PreviousServiceCert, if set, pins the service the ledger files must
	// be of: recovery refuses files whose service certificate differs.
	PreviousServiceCert *x509.Certificate
}

// PrepareRecovery makes the node of cfg the first node of a network
// recovered from the ledger files in from (an old node's data directory).
// The node must not exist yet; start it afterwards with Start.
func PrepareRecovery(cfg Config, from string, opts RecoveryOptions, log *slog.Logger) (*RecoveryPlan, error) {
	cfg.EnsureDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "node.json")); err == nil {
		return nil, fmt.Errorf("data_dir %s: already holds a node; recover into an empty directory", cfg.DataDir)
	}
	rep, err := ledger.VerifyDir(from, nil)
	var ve *ledger.VerifyError
	switch {
	case errors.As(err, &ve) && rep != nil && rep.LastSigned.Seqno > 0 && rep.LastSigned.Seqno < ve.Seqno:
		// A node that lost power may leave a torn tail: everything up to
		// the last signature before the damage verified.
		log.Warn("the old ledger files are damaged after its last good signature; recovering up to that signature",
			"damage", ve.Error(), "through", rep.LastSigned)
	case err != nil:
		return nil, fmt.Errorf("recover from %s: the old ledger does not verify: %w", from, err)
	}
	if rep.First.Seqno != 1 || rep.LastSigned.Seqno == 0 {
		return nil, fmt.Errorf("recover from %s: its ledger files must hold the whole ledger from seqno 1 and a signature (they hold %s to %s, last signed %s)", from, rep.First, rep.Last, rep.LastSigned)
	}
	plan := &RecoveryPlan{From: from, Through: rep.LastSigned.Seqno}
	var oldCert []byte
	err = ledger.ReadRecords(from, plan.Through, func(_ []byte, rec *ledger.Record) error {
		for _, w := range rec.Writes {
			switch {
			case w.Table == governance.TableNodes && len(w.Key) == 8:
				plan.NodeID = max(plan.NodeID, binary.BigEndian.Uint64(w.Key))
			case w.Table == ledger.TableService && bytes.Equal(w.Key, ledger.ServiceCertKey) && !w.Delete:
				oldCert = w.Value
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recover from %s: %w", from, err)
	}
	old, err := x509.ParseCertificate(oldCert)
	if err != nil {
		return nil, fmt.Errorf("recover from %s: the old service certificate: %w", from, err)
	}
	if opts.PreviousServiceCert != nil && !bytes.Equal(opts.PreviousServiceCert.Raw, old.Raw) {
		return nil, fmt.Errorf("recover from %s: the ledger files are of service %x (%s), not the pinned previous service %x (%s)", from,
			sha256.Sum256(old.Raw), old.Subject.CommonName, sha256.Sum256(opts.PreviousServiceCert.Raw), opts.PreviousServiceCert.Subject.CommonName)
	}
	plan.NodeID++
	plan.PreviousServiceSHA256 = fmt.Sprintf("%x", sha256.Sum256(old.Raw))
	if err := copyLedgerFiles(filepath.Join(from, "ledger"), filepath.Join(recoveryDir(cfg.DataDir), "ledger")); err != nil {
		return nil, err
	}
	b, _ := json.MarshalIndent(plan, "", "  ")
	if err := writeFileAtomic(filepath.Join(recoveryDir(cfg.DataDir), "plan.json"), append(b, '\n'), 0o600); err != nil {
		return nil, err
	}

	n := &Node{cfg: cfg, log: log}
	if n.platform, err = enclave.Open(cfg.Platform, enclave.Options{}); err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	if n.key, _, err = enclave.LoadOrCreateNodeKey(n.platform, filepath.Join(cfg.DataDir, "keys", "node.key")); err != nil {
		return nil, fmt.Errorf("node key: %w", err)
	}
	name := cfg.Start.Genesis.ServiceName
	if name == "" {
		name = old.Subject.CommonName
	}
	svc, err := enclave.NewServiceIdentity(name, time.Now())
	if err != nil {
		return nil, err
	}
	id := &localIdentity{NodeID: plan.NodeID, Mode: modeRecover, RaftAddress: cfg.Public.RaftAddress, ServiceCert: svc.Cert, Service: svc}
	der, err := svc.EndorseNode(n.certRequest(plan.NodeID))
	if err != nil {
		return nil, err
	}
	if id.NodeCert, err = x509.ParseCertificate(der); err != nil {
		return nil, err
	}
	if err := n.saveIdentity(id); err != nil {
		return nil, err
	}
	log.Info("recovery prepared: start the node, then the members submit their recovery shares",
		"from", from, "through", plan.Through, "node", plan.NodeID, "previous_service_sha256", plan.PreviousServiceSHA256)
	return plan, nil
}

func copyLedgerFiles(src, dst string) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("old ledger files: %w", err)
	}
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return err
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return fmt.Errorf("copy old ledger file %s: %w", e.Name(), err)
		}
	}
	return syncDirPath(dst)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncDirPath(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (n *Node) recoveryPlan() (*RecoveryPlan, error) {
	b, err := os.ReadFile(filepath.Join(recoveryDir(n.cfg.DataDir), "plan.json"))
	if err != nil {
		return nil, fmt.Errorf("recovery plan: %w", err)
	}
	var p RecoveryPlan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("recovery plan: %w", err)
	}
	return &p, nil
}

// importRecovered proposes the old records as import entries. It runs in
// Start before the executor opens a view, and resumes after a restart.
func (n *Node) importRecovered(ctx context.Context) error {
	if n.id.Mode != modeRecover {
		return nil
	}
	plan, err := n.recoveryPlan()
	if err != nil {
		return err
	}
	if n.store.Committed().ID.Seqno >= plan.Through {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if _, err := n.raft.WaitLeader(ctx); err != nil {
		return fmt.Errorf("recovery import: %w", err)
	}
	var recs [][]byte
	size := 0
	flush := func() error {
		if len(recs) == 0 {
			return nil
		}
		res, err := n.raft.Propose(ctx, (&ledger.Batch{Kind: ledger.BatchImport, Records: recs}).Encode())
		if err != nil {
			return fmt.Errorf("recovery import: %w", err)
		}
		if !res.Applied {
			return fmt.Errorf("recovery import refused: %s", res.Reason)
		}
		recs, size = nil, 0
		return nil
	}
	done := n.store.Committed().ID.Seqno
	err = ledger.ReadRecords(recoveryDir(n.cfg.DataDir), plan.Through, func(enc []byte, rec *ledger.Record) error {
		if rec.ID.Seqno <= done {
			return nil
		}
		if size+len(enc) > ledger.MaxImportBatch || len(recs) >= 1000 {
			if err := flush(); err != nil {
				return err
			}
		}
		recs, size = append(recs, enc), size+len(enc)
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	n.log.Info("old ledger imported; its private tables wait for the members' recovery shares", "through", plan.Through)
	return nil
}

// reopenRecovered records the recovered service in the ledger: its
// certificate, its endorsement of the old one, the old nodes retired and
// this node trusted. It runs in Start once the executor is up.
func (n *Node) reopenRecovered(ctx context.Context) error {
	if n.id.Mode != modeRecover {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := n.checkRecoveringEvidence(ctx); err != nil {
		return err
	}
	for {
		out, err := n.exec.Execute(ctx, n.reopenTx)
		if err == nil {
			if !out.ID.IsZero() {
				n.log.Info("recovered service opened; members: submit your recovery shares (coco gov share submit)", "txid", out.ID)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("open the recovered service: %w (last error: %v)", ctx.Err(), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (n *Node) reopenTx(tx *ledger.Tx) (any, error) {
	cur, ok, err := tx.Get(ledger.TableService, ledger.ServiceCertKey)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("the imported ledger has no service certificate")
	}
	if bytes.Equal(cur, n.id.ServiceCert.Raw) {
		return nil, nil // done before a restart
	}
	old, err := x509.ParseCertificate(cur)
	if err != nil {
		return nil, err
	}
	// The endorsement of the old service comes later (endorsePrevious),
	// once the members' shares showed this node holds the old network's
	// secrets: before that, anyone with a copy of the ledger files could
	// make a service that vouches for the old one.
	tx.Put(ledger.TableService, ledger.ServiceCertKey, n.id.ServiceCert.Raw)
	if err := governance.AddPreviousService(tx, old.Raw); err != nil {
		return nil, err
	}
	nodes, err := governance.Nodes(tx)
	if err != nil {
		return nil, err
	}
	for _, nd := range nodes {
		if nd.Status != governance.NodeRetired {
			nd.Status = governance.NodeRetired
			governance.PutNode(tx, nd)
		}
	}
	id, err := governance.NextNodeID(tx)
	if err != nil {
		return nil, err
	}
	if id != n.id.NodeID {
		return nil, fmt.Errorf("recovery: the ledger's next node id is %d, this node is %d", id, n.id.NodeID)
	}
	rec := n.nodeRecord(governance.NodeTrusted)
	governance.PutNode(tx, &rec)
	return true, nil
}

// checkRecoveringEvidence checks this node's own evidence against the
// recovered constitution (its settings and allowed code, imported from the
// old ledger) before it records itself as trusted: a recovered network is
// held to the rules the old one was, so a virtual node cannot recover a
// network that allowed only SGX nodes.
func (n *Node) checkRecoveringEvidence(ctx context.Context) error {
	r := readerOf(n.store)
	settings, err := governance.GetSettings(r)
	if err != nil {
		return fmt.Errorf("recovery: the recovered constitution's settings: %w", err)
	}
	allowed, err := n.allowedCode()
	if err != nil {
		return fmt.Errorf("recovery: the recovered constitution's allowed code: %w", err)
	}
	nonce := make([]byte, 32)
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	ev, err := n.platform.Evidence(ctx, n.key, nonce)
	if err != nil {
		return fmt.Errorf("recovery: this node's evidence: %w", err)
	}
	claims, err := enclave.VerifyEvidence(ev, nonce, enclave.Policy{AllowVirtual: settings.AllowVirtualNodes, Measurements: allowed})
	if err == nil {
		var ok bool
		if ok, err = governance.NodeCodeAllowed(r, claims.Platform, claims.Measurement); err == nil && !ok {
			err = fmt.Errorf("measurement %x of platform %s is not allowed", claims.Measurement, claims.Platform)
		}
	}
	if err != nil {
		return fmt.Errorf("recovery: this node (platform %s) does not satisfy the recovered constitution, which every node of the network must: %w", n.platform.Kind(), err)
	}
	return nil
}

// endorsePrevious records, once the private tables are restored, the new
// service's endorsement of the service it recovered: for the imported
// ledger only (seqnos 1 to its last signature, and the root that signed).
// It writes nothing if that is done.
func (n *Node) endorsePrevious(ctx context.Context) error {
	if n.id.Service == nil || n.store.Recovery().Pending() {
		return nil
	}
	prev, err := governance.PreviousServices(readerOf(n.store))
	if err != nil || len(prev) == 0 {
		return err
	}
	old, err := x509.ParseCertificate(prev[0])
	if err != nil {
		return fmt.Errorf("endorse the previous service: %w", err)
	}
	ends, err := n.store.Endorsements()
	if err != nil {
		return err
	}
	for _, e := range ends {
		if e.CheckSignatureFrom(n.id.ServiceCert) == nil && bytes.Equal(e.RawSubjectPublicKeyInfo, old.RawSubjectPublicKeyInfo) {
			return nil
		}
	}
	rng, err := n.store.SignedRange(n.store.Recovery().ImportedThrough)
	if err != nil {
		return fmt.Errorf("endorse the previous service: %w", err)
	}
	der, err := n.id.Service.EndorsePrevious(old, rng)
	if err != nil {
		return err
	}
	out, err := n.exec.Execute(ctx, func(tx *ledger.Tx) (any, error) {
		return nil, ledger.AddEndorsement(tx, der)
	})
	if err != nil {
		return fmt.Errorf("endorse the previous service: %w", err)
	}
	n.log.Info("the recovered service endorses the previous one", "through", rng.Through, "txid", out.ID)
	return nil
}
