package ethereum_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The nested module simtest builds this package with its own dependency
// versions, where Dragonboat does not compile, and the connector must not
// know the relay: neither may be among its dependencies. Nor may pebble,
// which the main module pins to a version go-ethereum's node packages
// cannot use.
func TestDependencies(t *testing.T) {
	for _, pkg := range []string{".", "./bindings"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, banned := range []string{
				"github.com/cocorelay/coco/consensus", "github.com/cocorelay/coco/relay",
				"github.com/cocorelay/coco/p2p", "github.com/cocorelay/coco/governance",
				"github.com/lni/dragonboat", "github.com/cockroachdb/pebble",
				"github.com/ethereum/go-ethereum/ethclient/simulated", "github.com/ethereum/go-ethereum/node",
			} {
				if dep == banned || strings.HasPrefix(dep, banned+"/") {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
