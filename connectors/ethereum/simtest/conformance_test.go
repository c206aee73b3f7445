package simtest

import (
	"testing"

	"github.com/cocorelay/coco/connectors/connectortest"
)

func TestConformance(t *testing.T) {
	c := newChain(t)
	c.deploy()
	connectortest.Run(t, harness{c})
}
