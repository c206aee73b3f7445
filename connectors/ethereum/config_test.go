package ethereum

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors"
)

func TestExampleConfigIsValid(t *testing.T) {
	c, err := LoadConfig("../../configs/ethereum.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.ChainID != 11155111 || len(c.RPC) != 2 || len(c.Contracts.Wrapped) != 1 || c.Confirmations != 12 {
		t.Fatalf("example config read as %+v", c)
	}
	if !filepath.IsAbs(c.SigningKey) || !strings.HasSuffix(c.SigningKey, "configs/keys/ethereum-sepolia.sealed") {
		t.Fatalf("signing_key not resolved against the file's directory: %s", c.SigningKey)
	}
}

// Validate names every bad field at once.
func TestValidateReportsEveryField(t *testing.T) {
	c := Config{
		Name:         "has space",
		RPC:          []string{"ftp://x", "http://"},
		RPCTimeout:   -1,
		Retries:      -1,
		PollInterval: time.Millisecond,
		LogRange:     2_000_000,
		Contracts:    Contracts{Vault: "0x12", Anchor: "", Signers: "0x0000000000000000000000000000000000000000", Wrapped: []string{"0x5FbDB2315678afecb367f032d93F642f64180aa3", "0x5fbdb2315678afecb367f032d93f642f64180aa3"}},
		Gas:          GasPolicy{MaxFeePerGas: "12 parsecs", TipCap: "1.5wei", GasLimitMargin: 900, BumpPercent: 5, StuckAfter: time.Nanosecond},
	}
	err := c.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, field := range []string{"name:", "chain_id:", "rpc[0]:", "rpc[1]:", "rpc_timeout:", "retries:", "poll_interval:",
		"log_range:", "contracts.vault:", "contracts.anchor:", "contracts.signers:", "contracts.wrapped[1]:",
		"gas.max_fee_per_gas:", "gas.tip_cap:", "gas.gas_limit_margin:", "gas.stuck_after:", "gas.bump_percent:",
		"signing_key:", "journal_dir:"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("error does not name %s:\n%v", field, err)
		}
	}
}

func TestUnknownFieldsAreErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eth.yaml")
	os.WriteFile(path, []byte("name: x\nprivate_key: 0xabc\n"), 0o600)
	if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), "private_key") {
		t.Fatalf("unknown field: %v", err)
	}
}

func TestParseWei(t *testing.T) {
	for in, want := range map[string]string{
		"1wei": "1", "30gwei": "30000000000", "0.5gwei": "500000000", "1ether": "1000000000000000000", " 2 GWEI ": "2000000000",
	} {
		got, err := ParseWei(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseWei(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "gwei", "1", "-1gwei", "0.5wei", "1/2gwei", "1e9wei", "ten gwei"} {
		if got, err := ParseWei(in); err == nil {
			t.Errorf("ParseWei(%q) = %v, want an error", in, got)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://mainnet.infura.io/v3/SECRETKEY": "https://mainnet.infura.io/…",
		"wss://user:pass@node.example:8546":      "wss://node.example:8546/…",
		"http://127.0.0.1:8545":                  "http://127.0.0.1:8545",
		"https://rpc.example/?apikey=SECRET":     "https://rpc.example/…",
		"::::":                                   "(unparsable URL)",
	} {
		if got := redactURL(in); got != want || strings.Contains(got, "SECRET") {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckpointEncoding(t *testing.T) {
	for _, cp := range []checkpoint{
		{fresh: true},
		{height: 120, hash: [32]byte{1, 2, 3}, done: true},
		{height: 7, hash: [32]byte{9}, index: 4},
	} {
		s := cp.encode(1337)
		got, err := decodeCheckpoint(s, 1337)
		if err != nil || got != cp {
			t.Fatalf("%q decodes to %+v, %v; want %+v", s, got, err, cp)
		}
	}
	good := checkpoint{height: 1, hash: [32]byte{1}, done: true}.encode(1337)
	for _, bad := range []string{"x", "eth1:1:1:0x01:end", "eth2:1337:1:" + strings.Repeat("0", 66) + ":end",
		strings.Replace(string(good), ":end", ":-1", 1), strings.Replace(string(good), "eth1:1337:1:", "eth1:1337:x:", 1)} {
		if _, err := decodeCheckpoint(connectors.Checkpoint(bad), 1337); err == nil {
			t.Errorf("checkpoint %q accepted", bad)
		}
	}
	if _, err := decodeCheckpoint(good, 1); err == nil {
		t.Error("a checkpoint of chain 1337 accepted on chain 1")
	}
}

// confirmations must be written down; 0 (final at once) is for
// development mode only, which is explicit (dev: true) and refused outside
// development chains' ids.
func TestConfirmationsAreRequired(t *testing.T) {
	dir := t.TempDir()
	base := "name: x\nchain_id: %d\nrpc: [http://127.0.0.1:8545]\nsigning_key: k\njournal_dir: j\n" +
		"contracts: {vault: '0x5FbDB2315678afecb367f032d93F642f64180aa3', anchor: '0x5FbDB2315678afecb367f032d93F642f64180aa4', signers: '0x5FbDB2315678afecb367f032d93F642f64180aa5'}\n"
	for name, c := range map[string]struct {
		chainID uint64
		extra   string
		ok      bool
	}{
		"missing on mainnet":            {1, "", false},
		"missing on a dev chain":        {1337, "", false},
		"zero on mainnet":               {1, "confirmations: 0\n", false},
		"zero on 1337 without dev mode": {1337, "confirmations: 0\n", false},
		"zero on 1337 in dev mode":      {1337, "confirmations: 0\ndev: true\n", true},
		"zero on 31337 in dev mode":     {31337, "confirmations: 0\ndev: true\n", true},
		"twelve on mainnet":             {1, "confirmations: 12\n", true},
		"one on the dev chain":          {1337, "confirmations: 1\n", true},
		"zero on another testnet":       {11155111, "confirmations: 0\n", false},
		"dev mode on mainnet":           {1, "confirmations: 12\ndev: true\n", false},
		"dev mode and zero on sepolia":  {11155111, "confirmations: 0\ndev: true\n", false},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".yaml")
		if err := os.WriteFile(path, []byte(fmt.Sprintf(base, c.chainID)+c.extra), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		if c.ok && err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if !c.ok && (err == nil || !strings.Contains(err.Error(), "confirmations:") && !strings.Contains(err.Error(), "dev:")) {
			t.Errorf("%s: %v, want an error naming confirmations or dev", name, err)
		}
	}
}
