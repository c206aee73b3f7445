package ethereum

import (
	"testing"

	"go.uber.org/goleak"
)

// Every goroutine the connector starts (transaction flights) ends with
// Close.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
