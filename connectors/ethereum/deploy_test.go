package ethereum

import (
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// The wrapped tokens' owner sets the limits that bound what the relay
// signers can mint, so outside development mode it must be named, and be
// neither the deploying account nor a relay signer. Development mode is
// explicit: a development chain's id alone does not turn it on.
func TestDeployOwnerOfWrappedTokens(t *testing.T) {
	deployer := common.HexToAddress("0x00000000000000000000000000000000000000d1")
	signer := common.HexToAddress("0x00000000000000000000000000000000000000d2")
	multisig := common.HexToAddress("0x00000000000000000000000000000000000000d3")
	wrapped := []WrappedSpec{{Name: "W", Symbol: "W", Decimals: 18, MintLimit: big.NewInt(1), BurnLimit: big.NewInt(1)}}
	for name, c := range map[string]struct {
		dev   bool
		chain uint64
		opts  DeployOptions
		want  common.Address // zero: refused
		why   string
	}{
		"dev mode defaults to the deployer":  {true, 1337, DeployOptions{Wrapped: wrapped}, deployer, ""},
		"mainnet without an owner":           {false, 1, DeployOptions{Wrapped: wrapped}, common.Address{}, "owner: required"},
		"mainnet, the deployer as owner":     {false, 1, DeployOptions{Wrapped: wrapped, Owner: deployer}, common.Address{}, "deploying account"},
		"a relay signer as owner":            {false, 1, DeployOptions{Wrapped: wrapped, Owner: signer, Signers: []common.Address{signer}}, common.Address{}, "relay signer"},
		"mainnet with a multisig":            {false, 1, DeployOptions{Wrapped: wrapped, Owner: multisig, Signers: []common.Address{signer}}, multisig, ""},
		"no wrapped tokens, no owner needed": {false, 1, DeployOptions{}, common.Address{}, ""},
		"a test token on mainnet":            {false, 1, DeployOptions{TestToken: true}, common.Address{}, "test token"},
		"a test token in dev mode":           {true, 31337, DeployOptions{TestToken: true}, common.Address{}, ""},
		"dev mode, a relay signer as owner":  {true, 1337, DeployOptions{Wrapped: wrapped, Owner: signer, Signers: []common.Address{signer}}, common.Address{}, "relay signer"},
		"dev chain id, no dev mode":          {false, 1337, DeployOptions{Wrapped: wrapped}, common.Address{}, "owner: required"},
		"a test token on 1337 without dev":   {false, 1337, DeployOptions{TestToken: true}, common.Address{}, "test token"},
		"dev mode on mainnet":                {true, 1, DeployOptions{TestToken: true}, common.Address{}, "dev: development mode on chain 1"},
	} {
		got, err := c.opts.checkOwner(c.dev, c.chain, deployer)
		switch {
		case c.why == "" && (err != nil || got != c.want):
			t.Errorf("%s: owner %s, %v; want %s", name, got.Hex(), err, c.want.Hex())
		case c.why != "" && (err == nil || !strings.Contains(err.Error(), c.why)):
			t.Errorf("%s: %v, want an error about %q", name, err, c.why)
		}
	}
}
