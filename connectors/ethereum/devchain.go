package ethereum

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// DevChainID is the chain id of `geth --dev`.
const DevChainID = 1337

// ErrNoGeth is returned by FindGeth when no geth binary is found.
var ErrNoGeth = errors.New("no geth binary found")

// FindGeth returns the geth binary to run: explicit if not empty, else
// $COCO_GETH, else `geth` on PATH, else the newest one itest/geth/build.sh
// built under ${XDG_CACHE_HOME:-~/.cache}/coco/geth-*/.
func FindGeth(explicit string) (string, error) {
	check := func(p, from string) (string, error) {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("geth from %s: %w", from, err)
		}
		return p, nil
	}
	if explicit != "" {
		return check(explicit, "--geth")
	}
	if p := os.Getenv("COCO_GETH"); p != "" {
		return check(p, "COCO_GETH")
	}
	if p, err := exec.LookPath("geth"); err == nil {
		return p, nil
	}
	cache := os.Getenv("COCO_CACHE")
	if cache == "" {
		if base, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(base, "coco")
		}
	}
	if cache != "" {
		dirs, _ := filepath.Glob(filepath.Join(cache, "geth-*"))
		sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
		for _, d := range dirs {
			for _, p := range []string{filepath.Join(d, "bin", "geth"), filepath.Join(d, "geth")} {
				if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
					return p, nil
				}
			}
		}
	}
	return "", ErrNoGeth
}

// DevChainOptions configure StartDevChain.
type DevChainOptions struct {
	// Binary is the geth executable (FindGeth).
	Binary string
	// Dir holds the chain's data (Dir/data) and geth's log (Dir/geth.log).
	// A chain started again in the same Dir resumes with its state.
	Dir string
	// Host is the address the RPC endpoints listen on (default 127.0.0.1).
	Host string
	// Period is the block interval (default 1s).
	Period time.Duration
	// Timeout bounds the wait for the RPC endpoint (default 60s).
	Timeout time.Duration
}

// DevChain is a `geth --dev` process: chain id 1337, a block every
// Period, one funded and unlocked dev account. Close stops it.
type DevChain struct {
	// HTTP and WS are the JSON-RPC endpoints.
	HTTP, WS string
	// Dev is the funded dev account; geth signs its transactions
	// (eth_sendTransaction).
	Dev common.Address

	cmd  *exec.Cmd
	log  *os.File
	rpc  *rpc.Client
	done chan struct{}
	err  error // of the process, once done is closed
}

// StartDevChain starts geth --dev in opts.Dir on free ports and waits
// until it answers.
func StartDevChain(ctx context.Context, opts DevChainOptions) (*DevChain, error) {
	if opts.Binary == "" || opts.Dir == "" {
		return nil, errors.New("dev chain: binary and dir are required")
	}
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.Period == 0 {
		opts.Period = time.Second
	}
	if opts.Timeout == 0 {
		opts.Timeout = time.Minute
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, err
	}
	var ports [3]string
	for i := range ports {
		p, err := devFreePort(opts.Host)
		if err != nil {
			return nil, err
		}
		ports[i] = p
	}
	logf, err := os.OpenFile(filepath.Join(opts.Dir, "geth.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	d := &DevChain{
		HTTP: "http://" + net.JoinHostPort(opts.Host, ports[0]),
		WS:   "ws://" + net.JoinHostPort(opts.Host, ports[1]),
		log:  logf, done: make(chan struct{}),
	}
	d.cmd = exec.Command(opts.Binary, "--dev", "--dev.period", strconv.Itoa(max(1, int(opts.Period/time.Second))),
		"--datadir", filepath.Join(opts.Dir, "data"),
		"--http", "--http.addr", opts.Host, "--http.port", ports[0], "--http.api", "eth,net,web3",
		"--ws", "--ws.addr", opts.Host, "--ws.port", ports[1], "--ws.api", "eth,net,web3",
		"--ipcdisable", "--nodiscover", "--maxpeers", "0", "--port", "0",
		"--authrpc.addr", opts.Host, "--authrpc.port", ports[2], "--verbosity", "3")
	d.cmd.Stdout, d.cmd.Stderr = logf, logf
	devSysProcAttr(d.cmd)
	if err := d.cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", opts.Binary, err)
	}
	go func() { d.err = d.cmd.Wait(); close(d.done) }()
	if err := d.waitRPC(ctx, opts.Timeout); err != nil {
		d.Close()
		return nil, fmt.Errorf("geth --dev in %s (log %s): %w", opts.Dir, logf.Name(), err)
	}
	return d, nil
}

func (d *DevChain) waitRPC(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last error
	for {
		c, err := rpc.DialContext(ctx, d.HTTP)
		if err == nil {
			var accounts []common.Address
			cctx, ccancel := context.WithTimeout(ctx, 2*time.Second)
			err = c.CallContext(cctx, &accounts, "eth_accounts")
			ccancel()
			if err == nil && len(accounts) > 0 {
				d.rpc, d.Dev = c, accounts[0]
				return nil
			}
			if err == nil {
				err = errors.New("no dev account")
			}
			c.Close()
		}
		last = err
		select {
		case <-d.done:
			return fmt.Errorf("geth exited: %v", d.err)
		case <-ctx.Done():
			return fmt.Errorf("no answer: %v (%w)", last, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// RPC returns the client of the HTTP endpoint; Close closes it.
func (d *DevChain) RPC() *rpc.Client { return d.rpc }

// Send sends a transaction from the dev account (value in wei, data may
// be nil; to nil creates a contract) and waits for its receipt; a
// reverted transaction is an error.
func (d *DevChain) Send(ctx context.Context, to *common.Address, value *big.Int, data []byte) (*types.Receipt, error) {
	return DevSend(ctx, d.rpc, d.Dev, to, value, data)
}

// DevSend sends a transaction from an account the node at c signs for
// (the dev account of geth --dev) and waits for its receipt; a reverted
// transaction is an error.
func DevSend(ctx context.Context, c *rpc.Client, from common.Address, to *common.Address, value *big.Int, data []byte) (*types.Receipt, error) {
	tx := map[string]any{"from": from}
	if to != nil {
		tx["to"] = *to
	}
	if value != nil {
		tx["value"] = (*hexutil.Big)(value)
	}
	if data != nil {
		tx["data"] = hexutil.Bytes(data)
	}
	var hash common.Hash
	if err := c.CallContext(ctx, &hash, "eth_sendTransaction", tx); err != nil {
		return nil, fmt.Errorf("eth_sendTransaction: %w", err)
	}
	for {
		var r *types.Receipt
		err := c.CallContext(ctx, &r, "eth_getTransactionReceipt", hash)
		if err == nil && r != nil {
			if r.Status != types.ReceiptStatusSuccessful {
				return r, fmt.Errorf("transaction %s reverted", hash.Hex())
			}
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("receipt of %s: %w", hash.Hex(), ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Fund sends wei from the dev account to each of to and waits for them.
func (d *DevChain) Fund(ctx context.Context, wei *big.Int, to ...common.Address) error {
	for _, a := range to {
		if _, err := d.Send(ctx, &a, wei, nil); err != nil {
			return fmt.Errorf("fund %s: %w", a.Hex(), err)
		}
	}
	return nil
}

// Close stops geth (SIGTERM, then SIGKILL after 15 s) so that it writes
// its state, and waits for it.
func (d *DevChain) Close() error {
	if d.rpc != nil {
		d.rpc.Close()
	}
	select {
	case <-d.done:
	default:
		devTerminate(d.cmd)
		select {
		case <-d.done:
		case <-time.After(15 * time.Second):
			d.cmd.Process.Kill()
			<-d.done
		}
	}
	return d.log.Close()
}

// devFreePort returns a port on host that was free a moment ago, below
// Linux's ephemeral range so that no outgoing connection takes it first.
func devFreePort(host string) (string, error) {
	for i := range 200 {
		p := strconv.Itoa(20000 + (int(time.Now().UnixNano()/1000)+i*7919)%12000)
		if l, err := net.Listen("tcp", net.JoinHostPort(host, p)); err == nil {
			l.Close()
			return p, nil
		}
	}
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", err
	}
	defer l.Close()
	_, p, _ := net.SplitHostPort(l.Addr().String())
	return p, nil
}
