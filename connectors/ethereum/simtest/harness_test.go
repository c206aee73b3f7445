package simtest

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	geth "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/connectors/ethereum/bindings"
	"github.com/cocorelay/coco/enclave"
)

const (
	depth     = 3
	threshold = 2
	nSigners  = 3
)

var ether = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)

// chain is a simulated chain with the bridge contracts deployed by the
// connector's own Deploy, and the accounts and keys a test needs.
type chain struct {
	t        *testing.T
	sim      *simulated.Backend
	client   simulated.Client
	rpc      *rpc.Client
	proxy    *proxy
	platform enclave.Platform
	dir      string

	faucet  *ecdsa.PrivateKey
	txKey   string // sealed key file of the connector's account
	account common.Address
	signers []*ethereum.Key
	dep     *ethereum.Deployment

	commitMu sync.Mutex
	// automine: blocks sealed after each transaction the proxy accepts
	// (0: none, the test seals by hand). The default, 1+depth, makes each
	// transaction final at once, like a chain that keeps going.
	automine atomic.Int64

	holders sync.Map // common.Address -> *ecdsa.PrivateKey
}

func newChain(t *testing.T) *chain {
	t.Helper()
	c := &chain{t: t, dir: t.TempDir()}
	var err error
	if c.platform, err = enclave.Open(enclave.Virtual, enclave.Options{}); err != nil {
		t.Fatal(err)
	}
	c.txKey = filepath.Join(c.dir, "keys", "tx.sealed")
	k, err := ethereum.NewKey(c.platform, c.txKey)
	if err != nil {
		t.Fatal(err)
	}
	c.account = k.Address()
	for i := range nSigners {
		s, err := ethereum.NewKey(c.platform, filepath.Join(c.dir, "keys", fmt.Sprintf("signer%d.sealed", i)))
		if err != nil {
			t.Fatal(err)
		}
		c.signers = append(c.signers, s)
	}
	if c.faucet, err = crypto.GenerateKey(); err != nil {
		t.Fatal(err)
	}
	rich := new(big.Int).Mul(big.NewInt(1_000_000), ether)
	c.sim = simulated.NewBackend(types.GenesisAlloc{
		crypto.PubkeyToAddress(c.faucet.PublicKey): {Balance: rich},
		c.account: {Balance: rich},
	})
	t.Cleanup(func() { c.sim.Close() })
	c.client = c.sim.Client()
	// The simulated client wraps an *ethclient.Client in an unexported
	// struct whose field hides the Client() method; reach it by its name.
	c.rpc = reflect.ValueOf(c.client).FieldByName("Client").Interface().(*ethclient.Client).Client()
	c.automine.Store(1 + depth)
	c.proxy = c.newProxy()
	return c
}

// newProxy starts another endpoint in front of the chain.
func (c *chain) newProxy() *proxy {
	p := newProxy(c.rpc, func(method string, ok bool) {
		if method == "eth_sendRawTransaction" && ok {
			c.commit(int(c.automine.Load()))
		}
	})
	c.t.Cleanup(p.Close)
	return p
}

func (c *chain) commit(n int) {
	c.commitMu.Lock()
	defer c.commitMu.Unlock()
	for range n {
		c.sim.Commit()
	}
}

func (c *chain) head() uint64 {
	c.t.Helper()
	n, err := c.client.BlockNumber(context.Background())
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

// config is a connector config for this chain through the given endpoints.
func (c *chain) config(urls ...string) ethereum.Config {
	if len(urls) == 0 {
		urls = []string{c.proxy.URL()}
	}
	cfg := ethereum.Config{
		Name:          "sim",
		ChainID:       1337,
		RPC:           urls,
		RPCTimeout:    2 * time.Second,
		RetryBackoff:  20 * time.Millisecond,
		Confirmations: depth,
		Dev:           true, // Deploy's TestToken and default owner
		PollInterval:  20 * time.Millisecond,
		SigningKey:    c.txKey,
		JournalDir:    filepath.Join(c.dir, "journal"),
		Gas:           ethereum.GasPolicy{StuckAfter: 2 * time.Second},
	}
	if c.dep != nil {
		cfg.StartBlock = c.dep.StartBlock
		cfg.Contracts = ethereum.Contracts{Vault: c.dep.Vault.Hex(), Anchor: c.dep.Anchor.Hex(), Signers: c.dep.Signers.Hex()}
		for _, w := range c.dep.Wrapped {
			cfg.Contracts.Wrapped = append(cfg.Contracts.Wrapped, w.Hex())
		}
		if c.dep.TestToken != (common.Address{}) {
			cfg.Contracts.Native = []string{c.dep.TestToken.Hex()}
		}
	}
	cfg.EnsureDefaults()
	return cfg
}

func (c *chain) deps() ethereum.Deps { return ethereum.Deps{Platform: c.platform} }

// limit is the vault's mint and burn limit on the wrapped token.
var limit = new(big.Int).Mul(big.NewInt(1_000_000), ether)

// deploy deploys the contracts with the connector's Deploy; the wrapped
// tokens' owner is the deploying account (development mode's default).
func (c *chain) deploy() {
	c.t.Helper()
	c.deployWith(common.Address{})
}

// deployWith deploys with the wrapped tokens owned by owner.
func (c *chain) deployWith(owner common.Address) {
	c.t.Helper()
	var addrs []common.Address
	for _, s := range c.signers {
		addrs = append(addrs, s.Address())
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dep, err := ethereum.Deploy(ctx, c.config(), c.deps(), ethereum.DeployOptions{
		Signers: addrs, Threshold: threshold, TestToken: true, Owner: owner,
		Wrapped: []ethereum.WrappedSpec{{Name: "Wrapped Thing", Symbol: "wTHG", Decimals: 18, MintLimit: limit, BurnLimit: limit}},
	})
	if err != nil {
		c.t.Fatalf("deploy: %v", err)
	}
	c.dep = dep
}

func (c *chain) connector(cfg ethereum.Config) *ethereum.Connector {
	c.t.Helper()
	conn, err := ethereum.New(cfg, c.deps())
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { conn.Close() })
	return conn
}

// send signs and sends a transaction from key and seals one block; it
// fails the test unless the transaction succeeds.
func (c *chain) send(key *ecdsa.PrivateKey, to common.Address, data []byte, value *big.Int) *types.Receipt {
	c.t.Helper()
	r, err := c.trySend(key, to, data, value, 0)
	if err != nil {
		c.t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		c.t.Fatalf("transaction to %s reverted", to.Hex())
	}
	return r
}

// trySend sends without estimating when gas is given (so a reverting
// transaction is mined) and seals one block.
func (c *chain) trySend(key *ecdsa.PrivateKey, to common.Address, data []byte, value *big.Int, gas uint64) (*types.Receipt, error) {
	ctx := context.Background()
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := c.client.PendingNonceAt(ctx, from)
	if err != nil {
		return nil, err
	}
	if gas == 0 {
		if gas, err = c.client.EstimateGas(ctx, geth.CallMsg{From: from, To: &to, Data: data, Value: value}); err != nil {
			return nil, err
		}
	}
	head, err := c.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	tip := big.NewInt(1_000_000_000)
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(big.NewInt(1337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: tip,
		GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip),
		Gas:       gas, To: &to, Data: data, Value: value,
	})
	if err != nil {
		return nil, err
	}
	if err := c.sendRetrying(tx); err != nil {
		return nil, err
	}
	c.commit(1)
	return c.client.TransactionReceipt(ctx, tx.Hash())
}

// sendRetrying sends tx. The pool catches up with a new head in the
// background, so right after a commit it may still judge balances and
// nonces by the block before: it is asked again for a while.
func (c *chain) sendRetrying(tx *types.Transaction) error {
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		err := c.client.SendTransaction(context.Background(), tx)
		if err == nil || time.Now().After(deadline) ||
			!strings.Contains(err.Error(), "insufficient funds") && !strings.Contains(err.Error(), "nonce too low") {
			return err
		}
	}
}

// call runs a view call against the latest block.
func (c *chain) call(to common.Address, data []byte) ([]byte, error) {
	return c.client.CallContract(context.Background(), geth.CallMsg{To: &to, Data: data}, nil)
}

func (c *chain) fund(to common.Address) {
	c.t.Helper()
	c.send(c.faucet, to, nil, new(big.Int).Mul(big.NewInt(10), ether))
}

// harness is connectortest.Harness on the simulated chain.
type harness struct{ c *chain }

func (h harness) Connector(t *testing.T) connectors.Connector { return h.c.connector(h.c.config()) }
func (h harness) Depth() int                                  { return depth }
func (h harness) Origin() string                              { return h.c.dep.TestToken.Hex() }
func (h harness) Wrapped() string                             { return h.c.dep.Wrapped[0].Hex() }
func (h harness) Threshold() int                              { return threshold }

func (h harness) NewHolder(t *testing.T) string { return h.c.newHolder().Hex() }

func (c *chain) newHolder() common.Address {
	c.t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		c.t.Fatal(err)
	}
	addr := crypto.PubkeyToAddress(key.PublicKey)
	c.fund(addr)
	million := new(big.Int).Mul(big.NewInt(1_000_000), ether)
	c.send(key, c.dep.TestToken, bindings.NewTestToken().PackMint(addr, million), nil)
	c.send(key, c.dep.TestToken, bindings.NewTestToken().PackApprove(c.dep.Vault, million), nil)
	c.holders.Store(addr, key)
	return addr
}

func (c *chain) holderKey(holder string) *ecdsa.PrivateKey {
	c.t.Helper()
	k, ok := c.holders.Load(common.HexToAddress(holder))
	if !ok {
		c.t.Fatalf("unknown holder %s", holder)
	}
	return k.(*ecdsa.PrivateKey)
}

func (h harness) Lock(t *testing.T, holder string, amount *big.Int, destLedger, destAccount string) {
	h.c.send(h.c.holderKey(holder), h.c.dep.Vault,
		bindings.NewBridgeVault().PackLock(h.c.dep.TestToken, amount, destLedger, destAccount), nil)
}

func (h harness) Burn(t *testing.T, holder string, amount *big.Int, destLedger, destAccount string) {
	h.c.send(h.c.holderKey(holder), h.c.dep.Wrapped[0],
		bindings.NewWrappedToken().PackBurnForTransfer(h.c.dep.Vault, amount, destLedger, destAccount), nil)
}

func (h harness) Advance(t *testing.T, n int) { h.c.commit(n) }

func (h harness) Sign(t *testing.T, digest []byte, n int) []connectors.Signature {
	return h.c.sign(digest, n)
}

func (c *chain) sign(digest []byte, n int) []connectors.Signature {
	c.t.Helper()
	var out []connectors.Signature
	for _, k := range c.signers[:n] {
		s, err := k.Sign(digest)
		if err != nil {
			c.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func (h harness) Foreign(t *testing.T, digest []byte, n int) []connectors.Signature {
	var out []connectors.Signature
	for range n {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		sig, err := crypto.Sign(digest, k)
		if err != nil {
			t.Fatal(err)
		}
		sig[64] += 27
		out = append(out, connectors.Signature{Signer: crypto.PubkeyToAddress(k.PublicKey).Hex(), Sig: sig})
	}
	return out
}
