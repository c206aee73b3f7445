// Command coco runs and uses Coco relay networks. Run `coco help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(os.Stderr, "coco: %v\n", err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "coco: %v\n", err)
	os.Exit(1)
}

// usageError is a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

const usage = `coco runs and uses Coco relay networks.

  coco sandbox [--dir DIR] [--geth PATH] [--no-chains]
                                                  a 3-node network on this machine (default dir ./sandbox),
                                                  with a geth --dev chain bridged to it where geth is found
  coco sandbox deposit [--asset CTT|wUSD] [--to coco:ACCOUNT] AMOUNT
                                                  lock (CTT) or burn (wUSD) on the sandbox's chain towards the relay
  coco sandbox approve [--asset CTT|wUSD] AMOUNT   let the sandbox's user move the dev account's tokens
                                                  through the bridge (coco transfer create --from ethereum:DEV)
  coco sandbox balances                           the sandbox dev account's tokens on its chain
  coco node --config FILE                         one node, configured by a YAML file
  coco keys new --name NAME --out DIR [--member]  a key pair and certificate for a member or user
  coco keys id --key FILE                         the id of a key (a user's id, which allowances for the bridge name)
  coco recover --config FILE --from OLD_DATA_DIR  a new network from a lost one's ledger files (configs/recovery.md)
  coco recover status | endorsements             where recovery stands; the endorsements of earlier services (PEM)

  coco native asset create ASSET [--decimals N]
  coco native account create ACCOUNT
  coco native mint ASSET ACCOUNT AMOUNT
  coco native transfer ASSET FROM TO AMOUNT [--memo TEXT]
  coco native burn ASSET ACCOUNT AMOUNT
  coco native balance ACCOUNT
  coco native history ACCOUNT [--after TXID] [--limit N]
  coco tx status TXID

  coco transfer create --from LEDGER:ACCOUNT --asset ASSET --to LEDGER:ACCOUNT AMOUNT [--memo TEXT] [--wait D]
  coco transfer get ID | list [--state S] [--ledger L] [--account A] | watch [ID] [--after CURSOR] | alerts

  coco gov propose FILE [--as MEMBER]             a proposal (see configs/proposal.example.yaml)
  coco gov vote PROPOSAL --for|--against [--as MEMBER]
  coco gov withdraw PROPOSAL
  coco gov list [--state open] | show PROPOSAL | history | constitution | members
  coco gov nodes | joins                          node records (pending, trusted, retired); recent join attempts and why refused
  coco gov share submit [--as MEMBER | --member-key KEY --encryption-key KEY]
                                                  open your recovery share and submit it to a recovering network
  coco gov sign propose FILE|vote PROPOSAL --for|withdraw PROPOSAL --key KEY --service-cert CERT -o OUT
                                                  sign offline (no network); then: coco gov submit OUT
  coco info                                       every node's role, view and commit point
  coco receipt get TXID [-o FILE]
  coco receipt verify FILE --service-cert CERT [--endorsements PEM]    offline
  coco ledger verify DIR                          offline, on a stopped node's data directory
  coco bench native [--sandbox DIR] [--clients N] [--duration D]
  coco bench transfers --from LEDGER:ACCOUNT --asset ASSET --to LEDGER:ACCOUNT [--count N] [--clients N]
                                                  cross-chain transfers/s and the relay's added latency (p50, p99)
  coco ethereum deploy|key|execute ...           the Ethereum connector's contracts and keys (coco ethereum help)
  coco fabric relay-key|seal-key|check|execute ... the Fabric connector's keys and tools (coco fabric help)

Commands that call a network take --sandbox DIR (default ./sandbox), or
--url URL[,URL...] --service-cert CERT --key KEY.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "sandbox":
		return cmdSandbox(ctx, rest, stdout, stderr)
	case "node":
		return cmdNode(ctx, rest, stderr)
	case "recover":
		return cmdRecover(ctx, rest, stdout, stderr) // recover.go
	case "keys":
		return cmdKeys(rest, stdout)
	case "native":
		return cmdNative(ctx, rest, stdout)
	case "tx":
		return cmdTx(ctx, rest, stdout)
	case "transfer":
		return cmdTransfer(ctx, rest, stdout) // transfer.go
	case "gov":
		return cmdGov(ctx, rest, stdout)
	case "info":
		return cmdInfo(ctx, rest, stdout)
	case "receipt":
		return cmdReceipt(ctx, rest, stdout)
	case "ledger":
		return cmdLedger(rest, stdout)
	case "bench":
		return cmdBench(ctx, rest, stdout, stderr)
	case "ethereum":
		return cmdEthereum(ctx, rest, stdout)
	case "fabric":
		return cmdFabric(ctx, rest, stdout)
	}
	return usagef("unknown command %q (run coco help)", cmd)
}
