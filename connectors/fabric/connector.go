package fabric

import (
	"context"
	"crypto"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"net"
	"sync"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/hash"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/fabric/wire"
	"github.com/cocorelay/coco/enclave"
)

// Options are the connector's dependencies.
type Options struct {
	// Platform unseals the client identity's key. Required.
	Platform enclave.Platform
	// Logger receives retries and fail-overs (default: discard).
	Logger *slog.Logger
	// Dialer opens connections to peers (default: net.Dialer).
	Dialer func(ctx context.Context, addr string) (net.Conn, error)
	// AfterSubmit, if set, is called with each transaction the orderers
	// accepted, before the connector waits for its commit: the moment a
	// crash is hardest to recover from, which tests use.
	AfterSubmit func(ctx context.Context, txID string)
}

// Connector is a Fabric ledger reached through the gateways of the
// configured peers. It implements connectors.Connector; see doc.go.
type Connector struct {
	cfg         Coco
	domain      wire.Domain
	log         *slog.Logger
	sign        identity.Sign
	tlsCert     *tls.Certificate // presented to peers that require TLS client authentication; nil: none
	peers       []*gatewayPeer   // in order of preference
	afterSubmit func(ctx context.Context, txID string)

	mu struct {
		sync.Mutex
		current int // index into peers of the one in use
		closed  bool
	}
}

var _ connectors.Connector = (*Connector)(nil)

// gatewayPeer is one peer's gateway. Its gRPC connection reconnects by
// itself when the peer comes back.
type gatewayPeer struct {
	name     string
	conn     *grpc.ClientConn
	gw       *client.Gateway
	network  *client.Network
	contract *client.Contract
	qscc     *client.Contract
}

// New returns a connector for cfg. It validates cfg, unseals the client
// key and prepares a connection to every configured peer, but connects
// lazily: a peer that is down now is no reason to fail.
func New(cfg *Config, opts Options) (*Connector, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("fabric connector: %w", err)
	}
	if opts.Platform == nil {
		return nil, errors.New("fabric connector: Options.Platform is required to unseal the client key")
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	k := cfg.Coco
	cert, err := readCertificate(k.Identity.Certificate)
	if err != nil {
		return nil, fmt.Errorf("fabric connector: coco.identity.certificate: %w", err)
	}
	key, err := loadClientKey(opts.Platform, k.Identity.SealedKey)
	if err != nil {
		return nil, fmt.Errorf("fabric connector: coco.identity.sealed_key: %w", err)
	}
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.PublicKey) {
		return nil, errors.New("fabric connector: coco.identity: the sealed key does not belong to the certificate")
	}
	id, err := identity.NewX509Identity(k.Identity.MSPID, cert)
	if err != nil {
		return nil, fmt.Errorf("fabric connector: coco.identity: %w", err)
	}
	sign, err := identity.NewPrivateKeySign(key)
	if err != nil {
		return nil, fmt.Errorf("fabric connector: coco.identity: %w", err)
	}
	tlsCert, err := loadTLSClient(opts.Platform, k.Identity)
	if err != nil {
		return nil, fmt.Errorf("fabric connector: %w", err)
	}
	c := &Connector{
		cfg:         k,
		tlsCert:     tlsCert,
		domain:      wire.Domain{Channel: k.Channel, Chaincode: k.Chaincode, Bridge: k.BridgeID},
		log:         log.With("ledger", k.Name),
		sign:        sign,
		afterSubmit: opts.AfterSubmit,
	}
	for _, name := range k.Peers {
		ep, errs := cfg.Profile.endpoint(name)
		if len(errs) != 0 {
			c.Close()
			return nil, fmt.Errorf("fabric connector: %w", errors.Join(errs...))
		}
		p, err := c.dial(ep, id, opts.Dialer)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("fabric connector: peer %s: %w", name, err)
		}
		c.peers = append(c.peers, p)
	}
	return c, nil
}

func (c *Connector) dial(ep *endpoint, id identity.Identity, dialer func(context.Context, string) (net.Conn, error)) (*gatewayPeer, error) {
	creds := insecure.NewCredentials()
	if ep.tls {
		tc := &tls.Config{RootCAs: ep.roots, ServerName: ep.serverName, MinVersion: tls.VersionTLS12}
		if c.tlsCert != nil {
			tc.Certificates = []tls.Certificate{*c.tlsCert}
		}
		creds = credentials.NewTLS(tc)
	} else {
		c.log.Warn("peer without TLS", "peer", ep.name, "address", ep.target)
	}
	opts := []grpc.DialOption{
		grpc.WithTransportCredentials(creds),
		// Come back quickly when a peer restarts (gRPC's default waits up
		// to two minutes between attempts).
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 2 * time.Second},
			MinConnectTimeout: c.cfg.Timeouts.Connect,
		}),
		// gRPC's default reply limit (4 MiB) is below a block's; the
		// configured bound keeps a peer from making us read without end.
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(c.cfg.MaxMessageMiB<<20), grpc.MaxCallSendMsgSize(c.cfg.MaxMessageMiB<<20)),
	}
	if dialer != nil {
		opts = append(opts, grpc.WithContextDialer(dialer))
	}
	conn, err := grpc.NewClient("passthrough:///"+ep.target, opts...)
	if err != nil {
		return nil, err
	}
	gw, err := client.Connect(id, client.WithSign(c.sign), client.WithHash(hash.SHA256), client.WithClientConnection(conn),
		client.WithEvaluateTimeout(c.cfg.Timeouts.Evaluate), client.WithEndorseTimeout(c.cfg.Timeouts.Endorse),
		client.WithSubmitTimeout(c.cfg.Timeouts.Submit), client.WithCommitStatusTimeout(c.cfg.Timeouts.Commit))
	if err != nil {
		conn.Close()
		return nil, err
	}
	network := gw.GetNetwork(c.cfg.Channel)
	return &gatewayPeer{
		name: ep.name, conn: conn, gw: gw, network: network,
		contract: network.GetContract(c.cfg.Chaincode),
		qscc:     network.GetContract("qscc"),
	}, nil
}

// Name is the ledger's name in routes.
func (c *Connector) Name() string { return c.cfg.Name }

// Domain is the channel and chaincode every signature is bound to.
func (c *Connector) Domain() wire.Domain { return c.domain }

// Close closes the connections. Calls in flight fail.
func (c *Connector) Close() error {
	c.mu.Lock()
	if c.mu.closed {
		c.mu.Unlock()
		return nil
	}
	c.mu.closed = true
	c.mu.Unlock()
	var errs []error
	for _, p := range c.peers {
		p.gw.Close()
		errs = append(errs, p.conn.Close())
	}
	return errors.Join(errs...)
}

var errClosed = errors.New("fabric connector: closed")

// retry runs call against the peer in use and, while it fails
// transiently, against the next peers and again after a backoff, up to
// Retry.Attempts rounds. A refusal is returned wrapping
// connectors.ErrRefused, a transient failure that outlasts the attempts
// wrapping connectors.ErrUnavailable.
func (c *Connector) retry(ctx context.Context, op string, call func(ctx context.Context, p *gatewayPeer) error) error {
	pause := c.cfg.Retry.Backoff
	var last error
	for attempt := 0; attempt < c.cfg.Retry.Attempts; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("fabric %s: %s: %w (last error: %v)", c.cfg.Name, op, ctxErr(ctx), last)
			case <-time.After(jitter(pause)):
			}
			pause = min(2*pause, c.cfg.Retry.MaxBackoff)
		}
		for range c.peers {
			i, p, err := c.peer()
			if err != nil {
				return err
			}
			err = call(ctx, p)
			if err == nil {
				return nil
			}
			if cerr := ctxErr(ctx); cerr != nil {
				return fmt.Errorf("fabric %s: %s on %s: %w", c.cfg.Name, op, p.name, cerr)
			}
			switch classify(err) {
			case refused:
				return fmt.Errorf("fabric %s: %s: %w", c.cfg.Name, op, refusal(err))
			case settled:
				return fmt.Errorf("fabric %s: %s: %w", c.cfg.Name, op, err)
			case permanent:
				return fmt.Errorf("fabric %s: %s on %s: %w", c.cfg.Name, op, p.name, err)
			}
			last = fmt.Errorf("%s on %s: %w", op, p.name, err)
			c.log.Warn("fabric call failed; retrying", "op", op, "peer", p.name, "attempt", attempt+1, "err", err)
			c.next(i)
		}
	}
	return fmt.Errorf("fabric %s: %w", c.cfg.Name, unavailable(last))
}

// jitter spreads retries of calls that failed together (an MVCC conflict
// between concurrent payouts) so that they do not collide again: d scaled
// by a random factor in [0.5, 1.5).
func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d+1)
}

// peer returns the peer in use.
func (c *Connector) peer() (int, *gatewayPeer, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mu.closed {
		return 0, nil, errClosed
	}
	return c.mu.current, c.peers[c.mu.current], nil
}

// next moves on from peer i, unless another call already did.
func (c *Connector) next(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mu.current == i {
		c.mu.current = (i + 1) % len(c.peers)
	}
}

// evaluate queries the bridge chaincode, with retries.
func (c *Connector) evaluate(ctx context.Context, fn string, args ...string) ([]byte, error) {
	var out []byte
	err := c.retry(ctx, "evaluate "+fn, func(ctx context.Context, p *gatewayPeer) error {
		var err error
		out, err = c.evaluateOn(ctx, p, fn, args...)
		return err
	})
	return out, err
}

// evaluateOn queries the bridge chaincode through p, once.
func (c *Connector) evaluateOn(ctx context.Context, p *gatewayPeer, fn string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeouts.Evaluate)
	defer cancel()
	out, err := p.contract.EvaluateWithContext(ctx, fn, client.WithArguments(args...))
	if err != nil {
		return nil, fmt.Errorf("evaluate %s: %w", fn, err)
	}
	return out, nil
}

// submitted is a transaction the connector saw committed as valid.
type submitted struct {
	txID   string
	height uint64
}

// submit endorses, orders and waits for the commit of one transaction,
// once: retries are the caller's, which must first check whether an
// earlier try took effect. txIDs receives the id of every endorsed
// transaction that was handed, or may have been handed, to the orderers
// (committed or not, and also when Submit failed).
func (c *Connector) submit(ctx context.Context, p *gatewayPeer, txIDs *[]string, fn string, args ...string) (*submitted, error) {
	proposal, err := p.contract.NewProposal(fn, client.WithArguments(args...))
	if err != nil {
		return nil, err
	}
	ectx, cancel := context.WithTimeout(ctx, c.cfg.Timeouts.Endorse)
	tx, err := proposal.EndorseWithContext(ectx)
	cancel()
	if err != nil {
		return nil, err
	}
	// From here on the transaction may reach the orderers, even when
	// Submit fails (a timeout after they took it): record it first.
	*txIDs = append(*txIDs, tx.TransactionID())
	sctx, cancel := context.WithTimeout(ctx, c.cfg.Timeouts.Submit)
	commit, err := tx.SubmitWithContext(sctx)
	cancel()
	if err != nil {
		return nil, err
	}
	if c.afterSubmit != nil {
		c.afterSubmit(ctx, tx.TransactionID())
	}
	cctx, cancel := context.WithTimeout(ctx, c.cfg.Timeouts.Commit)
	st, err := commit.StatusWithContext(cctx)
	cancel()
	if err != nil {
		return nil, err
	}
	if !st.Successful {
		return nil, &commitError{txID: st.TransactionID, code: st.Code}
	}
	return &submitted{txID: st.TransactionID, height: st.BlockNumber}, nil
}

// chainHeight returns the number of blocks on the channel.
func (c *Connector) chainHeight(ctx context.Context) (uint64, error) {
	var info common.BlockchainInfo
	err := c.retry(ctx, "GetChainInfo", func(ctx context.Context, p *gatewayPeer) error {
		ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeouts.Evaluate)
		defer cancel()
		b, err := p.qscc.EvaluateWithContext(ctx, "GetChainInfo", client.WithArguments(c.cfg.Channel))
		if err != nil {
			return err
		}
		if err := proto.Unmarshal(b, &info); err != nil {
			return malformed("chain info: %v", err)
		}
		return nil
	})
	return info.GetHeight(), err
}

// blockOf returns the number of the block that holds transaction txID,
// asking p once.
func (c *Connector) blockOf(ctx context.Context, p *gatewayPeer, txID string) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeouts.Evaluate)
	defer cancel()
	b, err := p.qscc.EvaluateWithContext(ctx, "GetBlockByTxID", client.WithArguments(c.cfg.Channel, txID))
	if err != nil {
		return 0, fmt.Errorf("block of transaction %s: %w", txID, err)
	}
	var blk common.Block
	if err := proto.Unmarshal(b, &blk); err != nil || blk.GetHeader() == nil {
		return 0, malformed("block of transaction %s: %v", txID, err)
	}
	return blk.GetHeader().GetNumber(), nil
}

// amount parses a decimal amount the chaincode returned.
func amount(b []byte) (*big.Int, error) {
	v, err := wire.ParseAmount(string(b))
	if err != nil {
		return nil, malformed("%v", err)
	}
	return v, nil
}

// Balance returns account's balance of asset (the native token's symbol
// or a wrapped asset).
func (c *Connector) Balance(ctx context.Context, asset, account string) (*big.Int, error) {
	b, err := c.evaluate(ctx, "AssetBalanceOf", asset, account)
	if err != nil {
		return nil, err
	}
	return amount(b)
}

// Supply returns the total supply of asset.
func (c *Connector) Supply(ctx context.Context, asset string) (*big.Int, error) {
	b, err := c.evaluate(ctx, "AssetTotalSupply", asset)
	if err != nil {
		return nil, err
	}
	return amount(b)
}

// Verify checks the configuration against the ledger: the chaincode
// answers, and its bridge id is coco.bridge_id.
func (c *Connector) Verify(ctx context.Context) error {
	id, err := c.LedgerBridgeID(ctx)
	if err != nil {
		return err
	}
	if id != c.cfg.BridgeID {
		return fmt.Errorf("fabric %s: coco.bridge_id is %s, but chaincode %s on channel %s has bridge id %s",
			c.cfg.Name, c.cfg.BridgeID, c.cfg.Chaincode, c.cfg.Channel, id)
	}
	return nil
}

// LedgerBridgeID returns the bridge id the chaincode holds.
func (c *Connector) LedgerBridgeID(ctx context.Context) (string, error) {
	b, err := c.evaluate(ctx, "BridgeID")
	if err != nil {
		return "", err
	}
	if err := wire.CheckBridgeID(string(b)); err != nil {
		return "", fmt.Errorf("fabric %s: %w", c.cfg.Name, malformed("%v", err))
	}
	return string(b), nil
}

// Height returns the number of blocks on the channel.
func (c *Connector) Height(ctx context.Context) (uint64, error) { return c.chainHeight(ctx) }
