package simtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
)

// fault is what a proxy does to a request instead of forwarding it.
type fault int

const (
	pass       fault = iota
	httpError        // 503 Service Unavailable
	hang             // answers only after the client gave up
	garbage          // a body that is not JSON
	truncated        // JSON cut short
	wrongChain       // eth_chainId answers 1 (the rest passes)
	hangUp           // closes the connection without an answer
)

// proxy is a JSON-RPC server over HTTP in front of the simulated chain's
// in-process RPC client: the connector talks to it exactly as to a real
// node, and a test can make it fail in the ways real endpoints fail. It
// also plays the miner: after each transaction it accepts it can seal
// blocks (the simulated chain seals only when told to).
type proxy struct {
	srv     *httptest.Server
	backend *rpc.Client
	mine    func(method string, ok bool) // called after each forwarded call

	mu struct {
		sync.Mutex
		fault fault
		left  int // if > 0: requests left before the fault clears
		calls map[string]int
		sent  []string // raw transactions accepted, in order
		// rewrite, if set, may change results.
		rewrite func(method string, result []byte) []byte
	}
}

func newProxy(backend *rpc.Client, mine func(string, bool)) *proxy {
	p := &proxy{backend: backend, mine: mine}
	p.mu.calls = map[string]int{}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

func (p *proxy) URL() string { return p.srv.URL }

func (p *proxy) Close() {
	p.srv.CloseClientConnections()
	p.srv.Close()
}

func (p *proxy) setFault(f fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mu.fault = f
}

// setRewrite makes the proxy pass results through fn.
func (p *proxy) setRewrite(fn func(method string, result []byte) []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mu.rewrite = fn
}

// setFaultFor applies f to the next n requests only.
func (p *proxy) setFaultFor(f fault, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mu.fault, p.mu.left = f, n
}

func (p *proxy) callCount(method string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mu.calls[method]
}

func (p *proxy) totalCalls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.mu.calls {
		n += c
	}
	return n
}

func (p *proxy) sentTxs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.mu.sent...)
}

type request struct {
	JSONRPC string            `json:"jsonrpc"`
	ID      json.RawMessage   `json:"id"`
	Method  string            `json:"method"`
	Params  []json.RawMessage `json:"params"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

func (p *proxy) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var reqs []request
	batch := bytes.HasPrefix(bytes.TrimSpace(body), []byte("["))
	if batch {
		err = json.Unmarshal(body, &reqs)
	} else {
		reqs = make([]request, 1)
		err = json.Unmarshal(body, &reqs[0])
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	f := p.mu.fault
	if p.mu.left > 0 {
		if p.mu.left--; p.mu.left == 0 {
			p.mu.fault = pass
		}
	}
	for _, q := range reqs {
		p.mu.calls[q.Method]++
	}
	p.mu.Unlock()
	switch f {
	case httpError:
		http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
		return
	case hang:
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
		return
	case garbage:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `<html><body>502 Bad Gateway</body></html>`)
		return
	case truncated:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":{"number":`)
		return
	case hangUp:
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return
			}
		}
		http.Error(w, "", http.StatusBadGateway)
		return
	}
	out := make([]response, len(reqs))
	for i, q := range reqs {
		out[i] = p.forward(r.Context(), q, f)
	}
	w.Header().Set("Content-Type", "application/json")
	if batch {
		json.NewEncoder(w).Encode(out)
	} else {
		json.NewEncoder(w).Encode(out[0])
	}
}

func (p *proxy) forward(ctx context.Context, q request, f fault) response {
	resp := response{JSONRPC: "2.0", ID: q.ID}
	if f == wrongChain && q.Method == "eth_chainId" {
		resp.Result = json.RawMessage(`"0x1"`)
		return resp
	}
	args := make([]any, len(q.Params))
	for i, a := range q.Params {
		args[i] = a
	}
	var result json.RawMessage
	err := p.backend.CallContext(ctx, &result, q.Method, args...)
	if err != nil {
		e := &rpcError{Code: -32000, Message: err.Error()}
		var ce rpc.Error
		if errors.As(err, &ce) {
			e.Code = ce.ErrorCode()
		}
		var de rpc.DataError
		if errors.As(err, &de) {
			e.Data = de.ErrorData()
		}
		resp.Error = e
	} else {
		if result == nil {
			result = json.RawMessage("null")
		}
		p.mu.Lock()
		rewrite := p.mu.rewrite
		p.mu.Unlock()
		if rewrite != nil {
			result = rewrite(q.Method, result)
		}
		resp.Result = result
		if q.Method == "eth_sendRawTransaction" && len(q.Params) == 1 {
			var raw string
			json.Unmarshal(q.Params[0], &raw)
			p.mu.Lock()
			p.mu.sent = append(p.mu.sent, raw)
			p.mu.Unlock()
		}
	}
	if p.mine != nil {
		p.mine(q.Method, err == nil)
	}
	return resp
}
