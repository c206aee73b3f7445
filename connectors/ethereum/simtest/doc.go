// Package simtest holds the Ethereum connector's tests that run on
// go-ethereum's simulated backend (ethclient/simulated): the contracts'
// checks, the watcher's depth and reorganisation handling, the
// conformance suite, a process killed between sending a payout and its
// receipt, and endpoints that fail. It is a module of its own because the
// simulated backend needs a pebble version the main module cannot use
// (see the replace in ../../../go.mod); the main module runs it from
// connectors/ethereum/simtest_test.go.
package simtest
