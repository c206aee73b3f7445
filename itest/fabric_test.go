package itest

import (
	"testing"
	"time"

	"github.com/cocorelay/coco/connectors/connectortest"
)

// TestFabric runs the Fabric connector against a real Fabric 2.5 network
// started from nothing (itest/fabric): the conformance suite, observation
// of invalid transactions, a `coco fabric execute` killed between
// submitting a mint and seeing its commit, and peers and the orderer
// going away and coming back.
func TestFabric(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Fabric network (-short)")
	}
	n := startFabric(t)
	h := newFabricHarness(t, n)
	ready := time.Since(n.started)
	t.Logf("Fabric network (etcdraft orderer, peers of 2 organisations, chaincode as a service) from nothing, "+
		"binaries cached: deployed in %v, first transaction endorsed by both organisations and committed after %v",
		n.startup.Round(time.Millisecond), ready.Round(time.Millisecond))
	if ready > time.Minute {
		t.Errorf("the network took %v to start, want under a minute", ready)
	}
	t.Run("conformance", func(t *testing.T) {
		connectortest.Run(t, h)
	})
	t.Run("signatures for another bridge are refused", func(t *testing.T) { fabricOtherBridge(t, h) })
	t.Run("only valid transactions are deposits", func(t *testing.T) { fabricInvalidLocks(t, h) })
	t.Run("concurrent payouts conflict and are retried", func(t *testing.T) { fabricConcurrentMints(t, h) })
	t.Run("killed between submitting a mint and seeing its commit", func(t *testing.T) { fabricKilledMint(t, h) })
	// Last: it stops and restarts the network's processes.
	t.Run("peers and orderer unavailable", func(t *testing.T) { fabricOutages(t, h) })
}
