package ethereum

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"gopkg.in/yaml.v3"
)

// Config is one EVM chain as the connector sees it: one file per chain (see
// configs/ethereum.example.yaml and configs/ethereum.md). Call
// EnsureDefaults, then Validate; LoadConfig does both.
type Config struct {
	// Name is the ledger's name in routes ("sepolia", "eth-main").
	Name string `yaml:"name"`
	// ChainID is the EIP-155 chain id. Every endpoint is checked against it
	// and every transaction and signed message is bound to it.
	ChainID uint64 `yaml:"chain_id"`
	// RPC lists JSON-RPC endpoints (http, https, ws, wss), tried in order:
	// the first that answers with the right chain id is used until it fails.
	RPC []string `yaml:"rpc"`
	// RPCTimeout bounds one call to one endpoint (default 10s).
	RPCTimeout time.Duration `yaml:"rpc_timeout"`
	// Retries is how many more rounds over all endpoints a call makes
	// before it reports the chain unavailable (default 2).
	Retries int `yaml:"retries"`
	// RetryBackoff is the pause before the first retry round, doubled for
	// each next one (default 500ms).
	RetryBackoff time.Duration `yaml:"retry_backoff"`
	// RPCMaxResponseMiB bounds one reply of an endpoint, in MiB (default
	// 32): a longer one is the endpoint's failure.
	RPCMaxResponseMiB int `yaml:"rpc_max_response_mib"`

	Contracts Contracts `yaml:"contracts"`

	// Confirmations is the depth at which a block is final: an event in
	// block N is reported, a transaction in block N is done and state is
	// read at block N once the chain's head is at N+Confirmations.
	// Required: 0 (at once) only in development mode (Dev).
	Confirmations uint64 `yaml:"confirmations"`
	// PollInterval is how often the connector looks at the chain while it
	// waits for a receipt or for confirmations (default 2s).
	PollInterval time.Duration `yaml:"poll_interval"`
	// StartBlock is the first block the watcher reads, normally the block
	// the vault was deployed in.
	StartBlock uint64 `yaml:"start_block"`
	// LogRange is the largest block range of one eth_getLogs call
	// (default 1000; many providers refuse more). A call whose reply is
	// too large is split in halves.
	LogRange uint64 `yaml:"log_range"`
	// MaxLogLookback is how many blocks back from the head the connector
	// searches for the event of an earlier payout or cancellation of a
	// transfer id (default 100000, about two weeks at 12 s a block). An
	// event beyond it is not found, and what needs it is ErrUnavailable.
	MaxLogLookback uint64 `yaml:"max_log_lookback"`
	// Dev is development mode, for throwaway chains only: confirmations
	// may be 0, deploy makes the deploying account the wrapped tokens'
	// owner by default and may deploy a TestToken anyone can mint. It is
	// refused unless chain_id is a development chain's (DevChainIDs).
	Dev bool `yaml:"dev"`

	Gas GasPolicy `yaml:"gas"`

	// SigningKey is the file holding this node's transaction key, sealed by
	// the node's platform (`coco ethereum key new`). It pays for gas.
	SigningKey string `yaml:"signing_key"`
	// JournalDir holds the transaction journal: the account's next nonce
	// and the signed transactions not yet final, fsynced before they are
	// sent, so that a restart neither reuses a nonce nor loses a payout.
	JournalDir string `yaml:"journal_dir"`

	dir string // the config file's directory; relative paths start here
	// noConfirmations: the file did not set confirmations (required).
	noConfirmations bool
}

// Contracts are the deployed addresses (`coco ethereum deploy` prints them).
type Contracts struct {
	Vault   string `yaml:"vault"`
	Anchor  string `yaml:"anchor"`
	Signers string `yaml:"signers"`
	// Native are the ERC-20 tokens of this chain that holders lock in the
	// vault and the vault releases; when set, locks of other tokens are
	// not deposits (empty: a lock of any token is).
	Native []string `yaml:"native"`
	// Wrapped are the WrappedToken contracts the vault mints and whose
	// burns through it are deposits.
	Wrapped []string `yaml:"wrapped"`
}

// GasPolicy says what the transaction manager may pay. Amounts are decimal
// numbers with a unit: "30gwei", "0.5gwei", "1000wei", "0.01ether".
type GasPolicy struct {
	// MaxFeePerGas caps the fee per gas of any transaction, bumps included
	// (default "500gwei").
	MaxFeePerGas string `yaml:"max_fee_per_gas"`
	// TipCap, if set, is the priority fee to offer instead of the node's
	// eth_maxPriorityFeePerGas suggestion.
	TipCap string `yaml:"tip_cap"`
	// GasLimitMargin is the percentage added to eth_estimateGas (default 25).
	GasLimitMargin int `yaml:"gas_limit_margin"`
	// StuckAfter is how long a transaction may stay unmined before it is
	// replaced with higher fees (default 1m).
	StuckAfter time.Duration `yaml:"stuck_after"`
	// BumpPercent is how much each replacement raises both fees (default
	// 20; at least 10, which nodes require of a replacement).
	BumpPercent int `yaml:"bump_percent"`
}

// LoadConfig reads a config file (unknown fields are errors), resolves its
// relative paths against the file's directory, fills in defaults and
// validates it.
func LoadConfig(path string) (*Config, error) {
	c, err := ReadConfig(path)
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s:\n%w", path, err)
	}
	return c, nil
}

// ReadConfig is LoadConfig without Validate, for callers that need only a
// part of the file (deploy runs before the contracts exist).
func ReadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var present struct {
		Confirmations *uint64 `yaml:"confirmations"`
	}
	if err := yaml.Unmarshal(b, &present); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.noConfirmations = present.Confirmations == nil
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	c.dir = abs
	c.SigningKey = c.path(c.SigningKey)
	c.JournalDir = c.path(c.JournalDir)
	c.EnsureDefaults()
	return &c, nil
}

func (c *Config) path(p string) string {
	if p == "" || filepath.IsAbs(p) || c.dir == "" {
		return p
	}
	return filepath.Join(c.dir, p)
}

// EnsureDefaults fills in what the file left out.
func (c *Config) EnsureDefaults() {
	if c.RPCTimeout == 0 {
		c.RPCTimeout = 10 * time.Second
	}
	if c.Retries == 0 {
		c.Retries = 2
	}
	if c.RetryBackoff == 0 {
		c.RetryBackoff = 500 * time.Millisecond
	}
	if c.RPCMaxResponseMiB == 0 {
		c.RPCMaxResponseMiB = 32
	}
	if c.PollInterval == 0 {
		c.PollInterval = 2 * time.Second
	}
	if c.LogRange == 0 {
		c.LogRange = 1000
	}
	if c.MaxLogLookback == 0 {
		c.MaxLogLookback = 100_000
	}
	if c.Gas.MaxFeePerGas == "" {
		c.Gas.MaxFeePerGas = "500gwei"
	}
	if c.Gas.GasLimitMargin == 0 {
		c.Gas.GasLimitMargin = 25
	}
	if c.Gas.StuckAfter == 0 {
		c.Gas.StuckAfter = time.Minute
	}
	if c.Gas.BumpPercent == 0 {
		c.Gas.BumpPercent = 20
	}
}

// Validate reports every problem, each naming its field.
func (c *Config) Validate() error {
	errs := c.validateNetwork()
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	checkAddr := func(field, v string) {
		if err := checkAddress(v); err != nil {
			bad(field, "%v", err)
		}
	}
	checkAddr("contracts.vault", c.Contracts.Vault)
	checkAddr("contracts.anchor", c.Contracts.Anchor)
	checkAddr("contracts.signers", c.Contracts.Signers)
	seen := map[common.Address]string{}
	for _, list := range []struct {
		field string
		addrs []string
	}{{"contracts.native", c.Contracts.Native}, {"contracts.wrapped", c.Contracts.Wrapped}} {
		for i, a := range list.addrs {
			field := fmt.Sprintf("%s[%d]", list.field, i)
			if err := checkAddress(a); err != nil {
				bad(field, "%v", err)
				continue
			}
			if other, ok := seen[common.HexToAddress(a)]; ok {
				bad(field, "%s is listed already as %s", a, other)
			} else {
				seen[common.HexToAddress(a)] = field
			}
		}
	}
	return errors.Join(errs...)
}

// ValidateNetwork checks what talking to the chain and sending
// transactions need (everything but the contract addresses).
func (c *Config) ValidateNetwork() error { return errors.Join(c.validateNetwork()...) }

func (c *Config) validateNetwork() []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if c.Name == "" {
		bad("name", "must be set")
	} else if strings.ContainsAny(c.Name, " \t\n/") {
		bad("name", "%q: no spaces or slashes", c.Name)
	}
	if c.ChainID == 0 {
		bad("chain_id", "must be set (1 mainnet, 11155111 sepolia, 1337 geth --dev)")
	}
	if len(c.RPC) == 0 {
		bad("rpc", "at least one endpoint URL is required")
	}
	for i, raw := range c.RPC {
		if err := checkRPCURL(raw); err != nil {
			bad(fmt.Sprintf("rpc[%d]", i), "%v", err)
		}
	}
	if c.RPCTimeout < 0 {
		bad("rpc_timeout", "%v: must be positive", c.RPCTimeout)
	}
	if c.Retries < 0 || c.Retries > 100 {
		bad("retries", "%d: want 0..100", c.Retries)
	}
	if c.RetryBackoff < 0 {
		bad("retry_backoff", "%v: must be positive", c.RetryBackoff)
	}
	if c.RPCMaxResponseMiB < 1 || c.RPCMaxResponseMiB > 4096 {
		bad("rpc_max_response_mib", "%d: want 1..4096", c.RPCMaxResponseMiB)
	}
	if c.Confirmations > 10000 {
		bad("confirmations", "%d: more than 10000 blocks", c.Confirmations)
	}
	if c.Dev && c.ChainID != 0 && !IsDevChain(c.ChainID) {
		bad("dev", "development mode on chain %d: only development chains (chain id %v) may use it", c.ChainID, DevChainIDs)
	}
	if c.noConfirmations {
		bad("confirmations", "required: the depth at which the chain is final (0, at once, only with dev: true)")
	} else if c.Confirmations == 0 && !c.Dev {
		bad("confirmations", "required: the depth at which chain %d is final (0 only in development mode, dev: true)", c.ChainID)
	}
	if c.PollInterval < 10*time.Millisecond {
		bad("poll_interval", "%v: at least 10ms", c.PollInterval)
	}
	if c.LogRange > 1_000_000 {
		bad("log_range", "%d: at most 1000000", c.LogRange)
	}
	if c.MaxLogLookback > 100_000_000 {
		bad("max_log_lookback", "%d: at most 100000000", c.MaxLogLookback)
	}
	maxFee, err := ParseWei(c.Gas.MaxFeePerGas)
	if err != nil {
		bad("gas.max_fee_per_gas", "%v", err)
	} else if maxFee.Sign() == 0 {
		bad("gas.max_fee_per_gas", "must be positive")
	}
	if c.Gas.TipCap != "" {
		tip, err := ParseWei(c.Gas.TipCap)
		if err != nil {
			bad("gas.tip_cap", "%v", err)
		} else if maxFee != nil && tip.Cmp(maxFee) > 0 {
			bad("gas.tip_cap", "%s is above gas.max_fee_per_gas %s", c.Gas.TipCap, c.Gas.MaxFeePerGas)
		}
	}
	if c.Gas.GasLimitMargin < 0 || c.Gas.GasLimitMargin > 500 {
		bad("gas.gas_limit_margin", "%d: want 0..500 (percent)", c.Gas.GasLimitMargin)
	}
	if c.Gas.StuckAfter < c.PollInterval {
		bad("gas.stuck_after", "%v: at least poll_interval (%v)", c.Gas.StuckAfter, c.PollInterval)
	}
	if c.Gas.BumpPercent < 10 || c.Gas.BumpPercent > 1000 {
		bad("gas.bump_percent", "%d: want 10..1000 (nodes refuse replacements below +10%%)", c.Gas.BumpPercent)
	}
	if c.SigningKey == "" {
		bad("signing_key", "must name a sealed key file (coco ethereum key new); keys are never written in the config")
	}
	if c.JournalDir == "" {
		bad("journal_dir", "must be set")
	}
	return errs
}

func checkAddress(v string) error {
	if v == "" {
		return errors.New("must be set")
	}
	if !common.IsHexAddress(v) || !strings.HasPrefix(v, "0x") {
		return fmt.Errorf("%q: not a 0x-prefixed 20-byte hex address", v)
	}
	if common.HexToAddress(v) == (common.Address{}) {
		return errors.New("the zero address")
	}
	return nil
}

func checkRPCURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q: %v", redactURL(raw), err)
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
	default:
		return fmt.Errorf("%q: scheme must be http, https, ws or wss", redactURL(raw))
	}
	if u.Host == "" {
		return fmt.Errorf("%q: no host", redactURL(raw))
	}
	return nil
}

// redactURL keeps the scheme and host of an endpoint URL: providers put API
// keys in the path, the query or the user info, and logs must not show them.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(unparsable URL)"
	}
	s := u.Scheme + "://" + u.Host
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.User != nil {
		s += "/…"
	}
	return s
}

// ParseWei parses an amount of ether with a unit: wei, gwei or ether
// ("30gwei", "0.5gwei", "1ether"). The result is a whole number of wei.
func ParseWei(s string) (*big.Int, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	units := []struct {
		suffix string
		exp    int64
	}{{"gwei", 9}, {"ether", 18}, {"wei", 0}}
	for _, u := range units {
		if !strings.HasSuffix(t, u.suffix) {
			continue
		}
		num := strings.TrimSpace(strings.TrimSuffix(t, u.suffix))
		r, ok := new(big.Rat).SetString(num)
		if !ok || num == "" || strings.ContainsAny(num, "/eE") {
			return nil, fmt.Errorf("%q: not a decimal number", s)
		}
		if r.Sign() < 0 {
			return nil, fmt.Errorf("%q: negative", s)
		}
		r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(u.exp), nil)))
		if !r.IsInt() {
			return nil, fmt.Errorf("%q: not a whole number of wei", s)
		}
		return new(big.Int).Set(r.Num()), nil
	}
	return nil, fmt.Errorf("%q: want a number and a unit (wei, gwei, ether)", s)
}
