package fabric_test

import (
	"os/exec"
	"strings"
	"testing"
)

// What each package of the Fabric connector must not depend on, even
// indirectly: the connector knows no relay internals and never links
// fabric-sdk-go (it registers the same protobuf names as fabric-gateway,
// and the binary would panic at start-up); the chaincode links neither the
// gateway client nor the connector; wire is the standard library only.
func TestDependencies(t *testing.T) {
	const mod = "github.com/cocorelay/coco/"
	relay := []string{mod + "consensus", mod + "relay", mod + "p2p", mod + "governance", mod + "ledger", "github.com/lni/dragonboat"}
	for pkg, banned := range map[string][]string{
		".":                 append(relay, "github.com/hyperledger/fabric-sdk-go", "github.com/hyperledger/fabric-contract-api-go", mod+"connectors/fabric/chaincode"),
		"./chaincode":       append(relay, "github.com/hyperledger/fabric-sdk-go", "github.com/hyperledger/fabric-gateway", mod+"enclave", mod+"connectors/fabric$"),
		"./chaincode/ccaas": append(relay, "github.com/hyperledger/fabric-gateway", mod+"enclave"),
	} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range banned {
				// A trailing $ bans the package but not its subpackages.
				if exact, ok := strings.CutSuffix(b, "$"); ok && dep == exact || !ok && (dep == b || strings.HasPrefix(dep, b+"/")) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
	out, err := exec.Command("go", "list", "-deps", "./wire").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps ./wire: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(strings.SplitN(dep, "/", 2)[0], ".") && !strings.HasPrefix(dep, mod+"connectors/fabric/wire") {
			t.Errorf("wire depends on %s: it must stay standard library only", dep)
		}
	}
}
