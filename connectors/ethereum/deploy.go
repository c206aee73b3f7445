package ethereum

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cocorelay/coco/connectors/ethereum/bindings"
)

// DeployOptions say what Deploy creates.
type DeployOptions struct {
	// Signers and Threshold are the initial relay signer set: at most 32
	// distinct addresses (`coco ethereum key new` prints a node's), and a
	// threshold that is a majority of them.
	Signers   []common.Address
	Threshold int
	// Wrapped are the wrapped tokens to create, each with the vault as its
	// bridge.
	Wrapped []WrappedSpec
	// TestToken also creates a TestToken (anyone can mint it): an asset
	// native to the chain, in development mode only (Config.Dev).
	TestToken bool
	// Owner owns the wrapped tokens: it alone can change a bridge's mint
	// and burn limits (setLimits), which bound what the relay signers can
	// mint, so it must be an account the consortium controls apart from
	// the relay (a multisig, a timelock), never a relay node's key.
	// Required where there are wrapped tokens, except in development mode
	// (Config.Dev), where it defaults to the deploying account.
	Owner common.Address
}

// DevChainIDs are the chain ids of development chains (geth --dev and the
// simulated backend use 1337, Hardhat and Anvil 31337): the only chains
// on which a config may turn development mode on (Config.Dev).
var DevChainIDs = []uint64{1337, 31337}

// IsDevChain reports whether chainID is a development chain's, on which
// development mode may be turned on. It does not turn it on.
func IsDevChain(chainID uint64) bool { return slices.Contains(DevChainIDs, chainID) }

// checkOwner applies the ownership rules of DeployOptions.Owner for a
// deployment by deployer on chainID, in development mode if dev, and
// returns the owner to use.
func (o DeployOptions) checkOwner(dev bool, chainID uint64, deployer common.Address) (common.Address, error) {
	var errs []error
	if dev && !IsDevChain(chainID) { // Config.Validate refuses it too
		errs = append(errs, fmt.Errorf("dev: development mode on chain %d: only development chains (chain id %v) may use it", chainID, DevChainIDs))
		dev = false
	}
	if o.TestToken && !dev {
		errs = append(errs, fmt.Errorf("test token: anyone can mint it; refused on chain %d outside development mode (dev: true)", chainID))
	}
	owner := o.Owner
	if len(o.Wrapped) > 0 {
		switch {
		case owner == (common.Address{}) && dev:
			owner = deployer
		case owner == (common.Address{}):
			errs = append(errs, fmt.Errorf("owner: required on chain %d: the wrapped tokens' owner sets the limits that bound the relay's minting, "+
				"so it must be an account the consortium controls apart from the relay (only development mode, dev: true, defaults it to the deploying account)", chainID))
		case owner == deployer && !dev:
			errs = append(errs, fmt.Errorf("owner: %s is the deploying account, a relay node's key; refused on chain %d outside development mode", owner.Hex(), chainID))
		case slices.Contains(o.Signers, owner):
			errs = append(errs, fmt.Errorf("owner: %s is a relay signer; the limits must not be set by the keys they bound", owner.Hex()))
		}
	}
	return owner, errors.Join(errs...)
}

// WrappedSpec is one wrapped token and the vault's limits on it.
type WrappedSpec struct {
	Name, Symbol string
	Decimals     uint8
	// MintLimit and BurnLimit are the vault's maximum limits (refilling
	// over a day), in the token's smallest unit.
	MintLimit, BurnLimit *big.Int
}

// Validate reports every problem.
func (o DeployOptions) Validate() error {
	var errs []error
	n := len(o.Signers)
	if n == 0 || n > maxSigners {
		errs = append(errs, fmt.Errorf("signers: %d, want 1..%d", n, maxSigners))
	}
	seen := map[common.Address]bool{}
	for _, s := range o.Signers {
		if s == (common.Address{}) || seen[s] {
			errs = append(errs, fmt.Errorf("signers: %s is zero or listed twice", s.Hex()))
		}
		seen[s] = true
	}
	if o.Threshold < 1 || o.Threshold > n || 2*o.Threshold <= n {
		errs = append(errs, fmt.Errorf("threshold %d of %d signers: want a majority", o.Threshold, n))
	}
	for i, w := range o.Wrapped {
		if w.Name == "" || w.Symbol == "" {
			errs = append(errs, fmt.Errorf("wrapped[%d]: name and symbol are required", i))
		}
		if w.MintLimit == nil || w.MintLimit.Sign() < 0 || w.BurnLimit == nil || w.BurnLimit.Sign() < 0 {
			errs = append(errs, fmt.Errorf("wrapped[%d] %s: mint and burn limits are required", i, w.Symbol))
		}
	}
	return errors.Join(errs...)
}

// Deployment is what Deploy created.
type Deployment struct {
	Signers, Vault, Anchor common.Address
	Wrapped                []common.Address // in the order of DeployOptions.Wrapped
	TestToken              common.Address   // zero unless asked for
	// StartBlock is the block of the first contract: the config's
	// start_block.
	StartBlock uint64
}

// YAML returns the deployment as the contracts and start_block of a
// connector config file.
func (d *Deployment) YAML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "contracts:\n  vault: %s\n  anchor: %s\n  signers: %s\n", d.Vault.Hex(), d.Anchor.Hex(), d.Signers.Hex())
	if len(d.Wrapped) == 0 {
		b.WriteString("  wrapped: []\n")
	} else {
		b.WriteString("  wrapped:\n")
		for _, w := range d.Wrapped {
			fmt.Fprintf(&b, "    - %s\n", w.Hex())
		}
	}
	fmt.Fprintf(&b, "start_block: %d\n", d.StartBlock)
	if d.TestToken != (common.Address{}) {
		fmt.Fprintf(&b, "# test token (anyone can mint; tests only): %s\n", d.TestToken.Hex())
	}
	return b.String()
}

// Deploy creates the contracts with the account and chain of cfg (its
// contracts section is ignored) through the transaction manager, so the
// account's journal stays consistent with later connector use, and
// returns once every transaction is final. If it is interrupted, a rerun
// resumes the transactions still in the journal instead of signing them
// again; contracts of the interrupted run that were already final are not
// reused.
func Deploy(ctx context.Context, cfg Config, deps Deps, opts DeployOptions) (*Deployment, error) {
	cfg.EnsureDefaults()
	if err := cfg.ValidateNetwork(); err != nil {
		return nil, fmt.Errorf("ethereum config:\n%w", err)
	}
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("deploy:\n%w", err)
	}
	c, err := open(&cfg, deps)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	owner, err := opts.checkOwner(cfg.Dev, cfg.ChainID, c.key.Address())
	if err != nil {
		return nil, fmt.Errorf("deploy:\n%w", err)
	}

	type creation struct {
		key  string
		code string
		args []byte
	}
	// The contracts' addresses follow from the account and the nonces, so
	// the vault and the anchor can name the signer set before it is mined.
	// (The Pack functions panic only on arguments Validate refused.)
	signersArgs := bindings.NewRelaySigners().PackConstructor(opts.Signers, big.NewInt(int64(opts.Threshold)))
	d := &Deployment{}
	var flights []*flight
	create := func(cr creation) (common.Address, error) {
		code, err := hexutil.Decode(cr.code)
		if err != nil {
			return common.Address{}, fmt.Errorf("%s: bytecode: %w", cr.key, err)
		}
		f, err := c.txm.submit(ctx, txRequest{Key: cr.key, Data: append(code, cr.args...)})
		if err != nil {
			return common.Address{}, fmt.Errorf("%s: %w", cr.key, err)
		}
		flights = append(flights, f)
		return crypto.CreateAddress(c.key.Address(), f.nonce), nil
	}
	if d.Signers, err = create(creation{"deploy:RelaySigners", bindings.RelaySignersMetaData.Bin, signersArgs}); err != nil {
		return nil, err
	}
	if d.Vault, err = create(creation{"deploy:BridgeVault", bindings.BridgeVaultMetaData.Bin,
		bindings.NewBridgeVault().PackConstructor(d.Signers)}); err != nil {
		return nil, err
	}
	if d.Anchor, err = create(creation{"deploy:Anchor", bindings.AnchorMetaData.Bin,
		bindings.NewAnchor().PackConstructor(d.Signers)}); err != nil {
		return nil, err
	}
	for _, w := range opts.Wrapped {
		args := bindings.NewWrappedToken().PackConstructor(w.Name, w.Symbol, w.Decimals, owner, d.Vault, w.MintLimit, w.BurnLimit)
		a, err := create(creation{"deploy:WrappedToken:" + w.Symbol, bindings.WrappedTokenMetaData.Bin, args})
		if err != nil {
			return nil, err
		}
		d.Wrapped = append(d.Wrapped, a)
	}
	if opts.TestToken {
		args := bindings.NewTestToken().PackConstructor("Coco Test Token", "CTT")
		if d.TestToken, err = create(creation{"deploy:TestToken", bindings.TestTokenMetaData.Bin, args}); err != nil {
			return nil, err
		}
	}
	first := true
	for _, f := range flights {
		r, err := f.wait(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.key, err)
		}
		if err := created(r, f); err != nil {
			return nil, err
		}
		if first || r.BlockNumber.Uint64() < d.StartBlock {
			d.StartBlock, first = r.BlockNumber.Uint64(), false
		}
	}
	return d, nil
}

func created(r *types.Receipt, f *flight) error {
	if r.Status != types.ReceiptStatusSuccessful {
		return fmt.Errorf("%s: transaction %s reverted", f.key, r.TxHash.Hex())
	}
	if r.ContractAddress == (common.Address{}) {
		return fmt.Errorf("%s: receipt of %s names no contract", f.key, r.TxHash.Hex())
	}
	return nil
}
