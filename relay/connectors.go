package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/connectors/ethereum"
	"github.com/cocorelay/coco/connectors/fabric"
	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
)

// ConnectorConfig names one chain this node connects to: the connector's
// own file (configs/ethereum.md, configs/fabric.md), with this node's RPC
// endpoints and sealed keys. Each must match a connector the members
// registered (set_connector) under the same name and kind; the native
// ledger is the shared ledger itself and needs no file.
type ConnectorConfig struct {
	Name   string `yaml:"name"`
	Kind   string `yaml:"kind"`   // ethereum or fabric
	Config string `yaml:"config"` // the connector's file
	// RelayKey is this node's sealed signing key on the chain: for Fabric
	// `coco fabric relay-key new`; for Ethereum the config's signing_key
	// (leave empty).
	RelayKey string `yaml:"relay_key"`
	// PollInterval is how often the node reads new deposits (default 1s).
	PollInterval time.Duration `yaml:"poll_interval"`
	// MaxInFlight bounds the payouts, cancellations and refunds the leader
	// submits to this chain at once (default: Ethereum 64; Fabric 1,
	// where concurrent writes to one asset's supply conflict and are
	// retried, which is slower than taking turns).
	MaxInFlight int `yaml:"max_in_flight"`
}

// Connector kinds.
const (
	KindEthereum = "ethereum"
	KindFabric   = "fabric"
	KindNative   = "native"
)

// fabricEscrow is the bridge chaincode's escrow account (chaincode.Escrow;
// a test checks they agree): what it holds of the native token is what
// is locked.
const fabricEscrow = "coco.bridge.escrow"

func (c *Config) validateConnectors(bad func(field, format string, args ...any)) {
	seen := map[string]bool{}
	for i, cc := range c.Connectors {
		f := fmt.Sprintf("connectors[%d]", i)
		if err := native.ValidName("name", cc.Name); err != nil {
			bad(f+".name", "%v", err)
		} else if seen[cc.Name] {
			bad(f+".name", "%q is configured twice", cc.Name)
		}
		seen[cc.Name] = true
		switch cc.Kind {
		case KindEthereum:
			if cc.RelayKey != "" {
				bad(f+".relay_key", "an Ethereum node signs with the config's signing_key: leave relay_key empty")
			}
		case KindFabric:
			if cc.RelayKey == "" {
				bad(f+".relay_key", "must name this node's sealed Fabric relay key (coco fabric relay-key new)")
			} else if _, err := os.Stat(c.Path(cc.RelayKey)); err != nil {
				bad(f+".relay_key", "%v", err)
			}
		default:
			bad(f+".kind", "%q: want ethereum or fabric (the native ledger needs no file)", cc.Kind)
		}
		if cc.Config == "" {
			bad(f+".config", "must name the connector's configuration file")
		} else if _, err := os.Stat(c.Path(cc.Config)); err != nil {
			bad(f+".config", "%v", err)
		}
		if cc.PollInterval != 0 && cc.PollInterval < 10*time.Millisecond {
			bad(f+".poll_interval", "must be at least 10ms")
		}
		if cc.MaxInFlight < 0 || cc.MaxInFlight > 1024 {
			bad(f+".max_in_flight", "must be 0 (the default) to 1024")
		}
	}
}

// chainSigner is this node's key on one chain.
type chainSigner interface {
	Sign(digest []byte) (connectors.Signature, error)
}

// chain is one chain ledger as this node reaches it.
type chain struct {
	name     string
	kind     string
	conn     connectors.Connector
	key      chainSigner
	identity string // how the chain's signer set names key
	poll     time.Duration
	// slots bounds the submissions in flight (MaxInFlight).
	slots chan struct{}
	// vault is the account that holds what is locked on this chain.
	vault string
	// shared are the fields every node's file must agree on, compared with
	// the members' registration (set_connector's config).
	shared map[string]any
	// observationTTL, if set, replaces defaultObservationTTL (observe.go).
	observationTTL time.Duration
}

// openChains opens every configured chain connector. A connector that
// cannot be opened stops the node: its file or keys are wrong.
func openChains(cfg *Config, platform enclave.Platform, log *slog.Logger) (map[string]*chain, error) {
	out := map[string]*chain{}
	fail := func(err error) (map[string]*chain, error) {
		for _, c := range out {
			c.conn.Close()
		}
		return nil, err
	}
	for i, cc := range cfg.Connectors {
		field := fmt.Sprintf("connectors[%d] (%s)", i, cc.Name)
		c := &chain{name: cc.Name, kind: cc.Kind, poll: cc.PollInterval}
		if c.poll == 0 {
			c.poll = time.Second
		}
		inFlight := cc.MaxInFlight
		if inFlight == 0 {
			inFlight = map[string]int{KindEthereum: 64, KindFabric: 1}[cc.Kind]
		}
		c.slots = make(chan struct{}, max(inFlight, 1))
		switch cc.Kind {
		case KindEthereum:
			ec, err := ethereum.LoadConfig(cfg.Path(cc.Config))
			if err != nil {
				return fail(fmt.Errorf("%s: %w", field, err))
			}
			if ec.Name != cc.Name {
				return fail(fmt.Errorf("%s: the file names the ledger %q", field, ec.Name))
			}
			conn, err := ethereum.New(*ec, ethereum.Deps{Platform: platform, Logger: log})
			if err != nil {
				return fail(fmt.Errorf("%s: %w", field, err))
			}
			key, err := ethereum.LoadKey(platform, ec.SigningKey)
			if err != nil {
				conn.Close()
				return fail(fmt.Errorf("%s: %w", field, err))
			}
			c.conn, c.key, c.identity, c.vault = conn, key, key.Address().Hex(), ec.Contracts.Vault
			c.shared = map[string]any{"chain_id": ec.ChainID, "contracts.vault": ec.Contracts.Vault, "contracts.anchor": ec.Contracts.Anchor,
				"contracts.signers": ec.Contracts.Signers, "confirmations": ec.Confirmations}
		case KindFabric:
			fc, err := fabric.LoadConfig(cfg.Path(cc.Config))
			if err != nil {
				return fail(fmt.Errorf("%s: %w", field, err))
			}
			if fc.Coco.Name != cc.Name {
				return fail(fmt.Errorf("%s: the file names the ledger %q", field, fc.Coco.Name))
			}
			key, err := fabric.LoadRelayKey(platform, cfg.Path(cc.RelayKey))
			if err != nil {
				return fail(fmt.Errorf("%s: relay_key: %w", field, err))
			}
			conn, err := fabric.New(fc, fabric.Options{Platform: platform, Logger: log})
			if err != nil {
				return fail(fmt.Errorf("%s: %w", field, err))
			}
			c.conn, c.key, c.identity, c.vault = conn, key, key.Identity(), fabricEscrow
			c.shared = map[string]any{"channel": fc.Coco.Channel, "chaincode": fc.Coco.Chaincode, "bridge_id": fc.Coco.BridgeID,
				"confirmations": fc.Coco.Confirmations}
		}
		out[cc.Name] = c
	}
	return out, nil
}

// submit runs fn when one of the chain's submission slots is free.
func (c *chain) submit(ctx context.Context, fn func() error) error {
	if c.slots != nil {
		select {
		case c.slots <- struct{}{}:
			defer func() { <-c.slots }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return fn()
}

// matches checks this node's file against the members' registration: the
// same kind, and every shared field the registration states has the same
// value (a registration may state fewer). Confirmations may be higher
// here, never lower.
func (c *chain) matches(reg *governance.Connector) error {
	if reg == nil {
		return fmt.Errorf("ledger %q is not a registered connector (set_connector)", c.name)
	}
	if reg.Kind != c.kind {
		return fmt.Errorf("ledger %q is registered as %s, configured here as %s", c.name, reg.Kind, c.kind)
	}
	var want map[string]any
	if err := json.Unmarshal(reg.Config, &want); err != nil {
		return fmt.Errorf("ledger %q: registration config: %w", c.name, err)
	}
	flat := map[string]any{}
	flatten("", want, flat)
	var errs []error
	for k, v := range flat {
		mine, ok := c.shared[k]
		if !ok {
			continue
		}
		if k == "confirmations" {
			w, _ := v.(float64)
			if float64(mine.(uint64)) < w {
				errs = append(errs, fmt.Errorf("%s: %d here, the registration requires at least %v", k, mine, v))
			}
			continue
		}
		if !sameValue(mine, v) {
			errs = append(errs, fmt.Errorf("%s: %v here, %v in the registration", k, mine, v))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("ledger %q does not match its registration: %w", c.name, errors.Join(errs...))
	}
	return nil
}

func flatten(prefix string, m map[string]any, out map[string]any) {
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			flatten(prefix+k+".", sub, out)
			continue
		}
		out[prefix+k] = v
	}
}

func sameValue(mine, reg any) bool {
	switch m := mine.(type) {
	case string:
		r, ok := reg.(string)
		if common.IsHexAddress(m) && ok && common.IsHexAddress(r) {
			return common.HexToAddress(m) == common.HexToAddress(r)
		}
		return ok && r == m
	case uint64:
		r, ok := reg.(float64)
		return ok && r == float64(m)
	}
	return false
}

// sameAsset compares asset names as a ledger of kind does.
func sameAsset(kind string) func(a, b string) bool {
	if kind == KindEthereum {
		return strings.EqualFold
	}
	return func(a, b string) bool { return a == b }
}

// checkAccount reports why account cannot receive on a ledger of kind, or
// nil. The native ledger checks its accounts when it credits them.
func checkAccount(kind, account string) error {
	switch kind {
	case KindEthereum:
		if !common.IsHexAddress(account) || common.HexToAddress(account) == (common.Address{}) {
			return fmt.Errorf("%q is not an Ethereum address", account)
		}
	case KindFabric:
		if account == "" || len(account) > 512 || !utf8.ValidString(account) {
			return fmt.Errorf("a Fabric account is 1 to 512 bytes of UTF-8")
		}
		for _, r := range account {
			if r < 0x20 || r == 0x7f || r == utf8.MaxRune {
				return fmt.Errorf("a Fabric account has no control characters")
			}
		}
	case KindNative:
		if err := native.ValidName("account", account); err != nil {
			return err
		}
	}
	return nil
}
