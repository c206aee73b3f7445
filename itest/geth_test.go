package itest

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	geth "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/cocorelay/coco/connectors/ethereum"
)

// gethBinary returns the geth to test against: $COCO_GETH, or the one
// itest/geth/build.sh built (building it, once, if needed). Without one the
// test is skipped, unless $CI is set: then it fails.
func gethBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("COCO_GETH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("COCO_GETH=%s: %v", p, err)
		}
		return p
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "./geth/build.sh")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := fmt.Sprintf("geth is not installed and itest/geth/build.sh could not build it: %v\n%s", err, stderr.String())
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return strings.TrimSpace(string(out))
}

// devChain is a `geth --dev` process (ethereum.StartDevChain): chain id
// 1337, one block a second, a funded and unlocked dev account.
type devChain struct {
	http   string
	ws     string
	rpc    *rpc.Client
	client *ethclient.Client
	dev    common.Address
}

func startGeth(t *testing.T, bin string) *devChain {
	t.Helper()
	d, err := ethereum.StartDevChain(t.Context(), ethereum.DevChainOptions{Binary: bin, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return &devChain{http: d.HTTP, ws: d.WS, rpc: d.RPC(), client: ethclient.NewClient(d.RPC()), dev: d.Dev}
}

func (g *devChain) head(t *testing.T) uint64 {
	t.Helper()
	n, err := g.client.BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// advance waits until the chain is n blocks further.
func (g *devChain) advance(t *testing.T, n int) {
	t.Helper()
	target := g.head(t) + uint64(n)
	for deadline := time.Now().Add(time.Duration(n)*3*time.Second + 10*time.Second); g.head(t) < target; {
		if time.Now().After(deadline) {
			t.Fatalf("the chain did not reach block %d", target)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fund sends ether from the dev account.
func (g *devChain) fund(t *testing.T, to common.Address, ether int64) {
	t.Helper()
	value := new(big.Int).Mul(big.NewInt(ether), big.NewInt(1e18))
	var hash common.Hash
	err := g.rpc.CallContext(context.Background(), &hash, "eth_sendTransaction", map[string]any{
		"from": g.dev, "to": to, "value": (*hexutil.Big)(value),
	})
	if err != nil {
		t.Fatalf("fund %s: %v", to.Hex(), err)
	}
	g.wait(t, hash)
}

// wait waits for the receipt of hash and fails unless it succeeded.
func (g *devChain) wait(t *testing.T, hash common.Hash) *types.Receipt {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		r, err := g.client.TransactionReceipt(context.Background(), hash)
		if err == nil {
			if r.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("transaction %s reverted", hash.Hex())
			}
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("no receipt for %s: %v", hash.Hex(), err)
		}
	}
}

// send signs a call from key with the next nonce and returns its hash
// without waiting.
func (g *devChain) send(t *testing.T, key *ecdsa.PrivateKey, nonce uint64, to common.Address, data []byte) common.Hash {
	t.Helper()
	ctx := context.Background()
	from := crypto.PubkeyToAddress(key.PublicKey)
	gas, err := g.client.EstimateGas(ctx, geth.CallMsg{From: from, To: &to, Data: data})
	if err != nil {
		t.Fatalf("estimate call to %s: %v", to.Hex(), err)
	}
	head, err := g.client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tip := big.NewInt(1_000_000_000)
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(big.NewInt(1337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: tip,
		GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(3)), tip),
		Gas:       gas * 2, To: &to, Data: data,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.client.SendTransaction(ctx, tx); err != nil {
		t.Fatalf("send to %s: %v", to.Hex(), err)
	}
	return tx.Hash()
}

func (g *devChain) nonce(t *testing.T, a common.Address) uint64 {
	t.Helper()
	n, err := g.client.NonceAt(context.Background(), a, nil)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
