package relay

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/cocorelay/coco/ledger"
)

// streamTransferEvents serves GET /v1/transfers/events as Server-Sent
// Events: every state change of a transfer the caller may read, in commit
// order, from the cursor in ?after= (or the Last-Event-ID header) on.
// ?transfer=ID narrows it to one transfer. Each event's id is its cursor:
// a client that reconnects with it misses nothing and sees nothing twice.
// Without a cursor the stream starts with the changes committed after the
// request, or, for one transfer, with its first state (its history).
func (n *Node) streamTransferEvents(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		n.writeError(w, err)
		return
	}
	c, err := n.authenticateUserOrMember(r, body)
	if err != nil {
		n.writeError(w, err)
		return
	}
	cursor := r.URL.Query().Get("after")
	if cursor == "" {
		cursor = r.Header.Get("Last-Event-ID")
	}
	var after []byte
	if cursor != "" {
		if after, err = hex.DecodeString(cursor); err != nil || len(after) != eventKeyLen {
			n.writeError(w, apiError(http.StatusBadRequest, CodeInvalidArgument, "after", "after: must be an event cursor"))
			return
		}
	}
	only := r.URL.Query().Get("transfer")
	if only != "" && !validTransferID(only) {
		n.writeError(w, apiError(http.StatusBadRequest, CodeInvalidArgument, "transfer", "transfer: want 64 lowercase hex characters"))
		return
	}
	if after == nil {
		after = n.eventsStart(c, only)
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	readable := map[string]bool{}
	may := func(id string) bool {
		if ok, seen := readable[id]; seen {
			return ok
		}
		t, err := getTransfer(readerOf(n.store), id)
		ok := err == nil && canReadTransfer(n.store, c, t)
		if len(readable) >= maxReadableCache {
			clear(readable)
		}
		readable[id] = ok
		return ok
	}
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		// The server's write timeout is for ordinary answers.
		_ = rc.SetWriteDeadline(time.Now().Add(time.Minute))
		changed := n.store.Changed()
		for {
			kvs, err := n.store.Scan(tableTransferEvents, nil, after, 500)
			if err != nil {
				n.log.Warn("transfer events", "err", err)
				return
			}
			for _, kv := range kvs {
				after = kv.Key
				var ev Event
				if json.Unmarshal(kv.Value, &ev) != nil || only != "" && ev.Transfer != only || !may(ev.Transfer) {
					continue
				}
				if _, err := fmt.Fprintf(w, "id: %s\nevent: transfer\ndata: %s\n\n", ev.Cursor, kv.Value); err != nil {
					return
				}
			}
			if len(kvs) < 500 {
				break
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-n.stop:
			return
		case <-changed:
		case <-keepalive.C:
			if _, err := fmt.Fprint(w, ": keepalive\n\n"); err != nil {
				return
			}
		}
	}
}

// maxReadableCache bounds a stream's memory of which transfers its caller
// may read; past it the stream forgets and asks again.
const maxReadableCache = 4096

// eventsStart is where a stream without a cursor starts: before transfer
// only's first event, or after everything committed so far.
func (n *Node) eventsStart(c *caller, only string) []byte {
	seqno := n.store.Committed().ID.Seqno
	if only != "" {
		t, err := getTransfer(readerOf(n.store), only)
		if err != nil || !canReadTransfer(n.store, c, t) {
			// Nothing to replay: its events, once there are any, come
			// after what is committed now.
			return eventKeyAfter(seqno)
		}
		if len(t.History) > 0 {
			if id, err := ledger.ParseTxID(t.History[0].TxID); err == nil && id.Seqno > 0 {
				return eventKeyAfter(id.Seqno - 1)
			}
		}
		return eventKeyAfter(0)
	}
	return eventKeyAfter(seqno)
}

// eventKeyAfter is a cursor after every event committed at seqno or
// before it.
func eventKeyAfter(seqno uint64) []byte {
	k := binary.BigEndian.AppendUint64(nil, seqno)
	return append(k, bytes.Repeat([]byte{0xff}, eventKeyLen-len(k))...)
}
