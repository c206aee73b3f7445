package relay

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cocorelay/coco/ledger"
)

// When a page of GET /v1/transfers stops at the scan bound before it
// fills, its cursor names no transfer the caller may not read (it stops at
// a seqno boundary), and paging on neither loses nor repeats a transfer the
// caller may read, even where the bound falls inside one transaction's
// transfers.
func TestListTransfersScanBoundCursor(t *testing.T) {
	s := &memState{rows: map[string][]byte{}}
	id := func(i int) string { return fmt.Sprintf("%064x", i) }
	// One transaction per line: its transfers' ids; odd ones are "me"'s.
	txs := [][]int{{2}, {4, 5}, {6, 8, 10}, {11}, {12}, {13, 14, 15}}
	var visible []string
	hidden := map[string]bool{}
	for _, ids := range txs {
		s.exec(t, func(tx *ledger.Tx) error {
			for _, i := range ids {
				tr := &Transfer{ID: id(i), State: StateRequested, Amount: "1", Asset: "USD", Requester: "someone-else",
					Source: Endpoint{Ledger: "native", Account: "x"}, Destination: Endpoint{Ledger: "eth", Account: "y"}}
				if i%2 == 1 {
					tr.Requester = "me"
					visible = append(visible, tr.ID)
				} else {
					hidden[tr.ID] = true
				}
				if _, err := createTransfer(tx, tr); err != nil {
					return err
				}
			}
			return nil
		})
	}
	me := &caller{ID: "me"}
	for _, bound := range []int{1, 2, 3, 100} {
		for _, limit := range []int{1, 2, 10} {
			var got []string
			after := ""
			for pages := 0; ; pages++ {
				if pages > 20 {
					t.Fatalf("bound %d, limit %d: paging does not end", bound, limit)
				}
				q := url.Values{"limit": {strconv.Itoa(limit)}}
				if after != "" {
					q.Set("after", after)
				}
				page, err := listTransfersIn(s, q, me, bound)
				if err != nil {
					t.Fatal(err)
				}
				for _, tr := range page.Transfers {
					got = append(got, tr.ID)
				}
				for h := range hidden {
					if strings.Contains(page.Next, h) {
						t.Fatalf("bound %d, limit %d: cursor %s names transfer %s, which the caller may not read", bound, limit, page.Next, h)
					}
				}
				if page.Next == "" {
					break
				}
				after = page.Next
			}
			if !slices.Equal(got, visible) {
				t.Fatalf("bound %d, limit %d: paged through %v, want %v", bound, limit, got, visible)
			}
		}
	}
}
