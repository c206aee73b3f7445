package itest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lyingRPC is a JSON-RPC endpoint in front of geth that lies: for every
// Locked log of the vault that eth_getLogs returns, it adds one more,
// alike but for a transfer id it makes up (in a real block, with a log
// index no real log has). A node reading through it sees deposits that
// never happened.
type lyingRPC struct {
	url      string
	upstream string
	lockedID string // topic 0 of Locked
	mu       sync.Mutex
	invented []string // ids, 64 hex
}

func startLyingRPC(t *testing.T, upstream, lockedTopic string) *lyingRPC {
	t.Helper()
	p := &lyingRPC{upstream: upstream, lockedID: strings.ToLower(lockedTopic)}
	l, err := net.Listen("tcp", freeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(p.serve), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	p.url = "http://" + l.Addr().String()
	return p
}

func (p *lyingRPC) ids() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.invented...)
}

func (p *lyingRPC) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := http.Post(p.upstream, "application/json", bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	var req struct {
		Method string `json:"method"`
	}
	if json.Unmarshal(body, &req) == nil && req.Method == "eth_getLogs" {
		out = p.lie(out)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// lie adds an invented Locked log beside every real one.
func (p *lyingRPC) lie(out []byte) []byte {
	var msg struct {
		JSONRPC string           `json:"jsonrpc"`
		ID      json.RawMessage  `json:"id"`
		Result  []map[string]any `json:"result"`
	}
	if json.Unmarshal(out, &msg) != nil {
		return out
	}
	var extra []map[string]any
	for _, l := range msg.Result {
		topics, _ := l["topics"].([]any)
		if len(topics) != 4 || strings.ToLower(topics[0].(string)) != p.lockedID {
			continue
		}
		fake := map[string]any{}
		for k, v := range l {
			fake[k] = v
		}
		var id [32]byte
		rand.Read(id[:])
		fake["topics"] = []any{topics[0], "0x" + hex.EncodeToString(id[:]), topics[2], topics[3]}
		idx, _ := strconv.ParseUint(strings.TrimPrefix(l["logIndex"].(string), "0x"), 16, 64)
		fake["logIndex"] = "0x" + strconv.FormatUint(idx+1000, 16)
		extra = append(extra, fake)
		p.mu.Lock()
		p.invented = append(p.invented, hex.EncodeToString(id[:]))
		p.mu.Unlock()
	}
	if len(extra) == 0 {
		return out
	}
	msg.Result = append(msg.Result, extra...)
	b, err := json.Marshal(msg)
	if err != nil {
		return out
	}
	return b
}
