package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// WriteResult is the answer to a write.
type WriteResult struct {
	TxID     string          `json:"txid"`
	Status   string          `json:"status"`
	Result   json.RawMessage `json:"result"`
	Replayed bool            `json:"-"` // the answer to an earlier request with the same idempotency key
}

// Write posts a write with an idempotency key (a fresh one if key is empty).
func (c *Client) Write(ctx context.Context, path string, body any, key string) (*WriteResult, error) {
	if key == "" {
		key = NewIdempotencyKey()
	}
	resp, err := c.Do(ctx, http.MethodPost, path, body, key)
	if err != nil {
		return nil, err
	}
	var w WriteResult
	if err := json.Unmarshal(resp.Body, &w); err != nil {
		return nil, err
	}
	w.Replayed = resp.Header.Get("Idempotent-Replayed") == "true"
	return &w, nil
}

// Get reads path into out.
func (c *Client) Get(ctx context.Context, path string, out any) error {
	resp, err := c.Do(ctx, http.MethodGet, path, nil, "")
	if err != nil {
		return err
	}
	return json.Unmarshal(resp.Body, out)
}

// Request bodies of the native writes. Fields are in alphabetical order,
// as encoding/json writes a map: the body is the same as it always was, but
// encoding a struct is cheaper.
type (
	createAssetBody struct {
		Asset    string `json:"asset"`
		Decimals uint8  `json:"decimals"`
	}
	createAccountBody struct {
		Account string `json:"account"`
	}
	mintBody struct {
		Account string `json:"account"`
		Amount  string `json:"amount"`
		Asset   string `json:"asset"`
	}
	transferBody struct {
		Amount string `json:"amount"`
		Asset  string `json:"asset"`
		From   string `json:"from"`
		Memo   string `json:"memo"`
		To     string `json:"to"`
	}
)

// CreateAsset creates a native asset issued by the caller.
func (c *Client) CreateAsset(ctx context.Context, asset string, decimals uint8, key string) (*WriteResult, error) {
	return c.Write(ctx, "/v1/native/assets", &createAssetBody{Asset: asset, Decimals: decimals}, key)
}

// CreateAccount creates a native account owned by the caller.
func (c *Client) CreateAccount(ctx context.Context, account, key string) (*WriteResult, error) {
	return c.Write(ctx, "/v1/native/accounts", &createAccountBody{Account: account}, key)
}

// Mint mints amount of asset into account (issuer only).
func (c *Client) Mint(ctx context.Context, asset, account, amount, key string) (*WriteResult, error) {
	return c.Write(ctx, "/v1/native/mint", &mintBody{Account: account, Amount: amount, Asset: asset}, key)
}

// Burn burns amount of asset from account (owner only).
func (c *Client) Burn(ctx context.Context, asset, account, amount, key string) (*WriteResult, error) {
	return c.Write(ctx, "/v1/native/burn", &mintBody{Account: account, Amount: amount, Asset: asset}, key)
}

// Transfer moves amount of asset between native accounts (owner of from only).
func (c *Client) Transfer(ctx context.Context, asset, from, to, amount, memo, key string) (*WriteResult, error) {
	return c.Write(ctx, "/v1/native/transfers", &transferBody{Amount: amount, Asset: asset, From: from, Memo: memo, To: to}, key)
}

// Account is a native account with its balances.
type Account struct {
	ID       string            `json:"id"`
	Owner    string            `json:"owner"`
	Balances map[string]string `json:"balances"`
}

// Account reads a native account.
func (c *Client) Account(ctx context.Context, account string) (*Account, error) {
	var a Account
	return &a, c.Get(ctx, "/v1/native/accounts/"+url.PathEscape(account), &a)
}

// History reads a page of an account's history.
func (c *Client) History(ctx context.Context, account, after string, limit int) (json.RawMessage, error) {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if after != "" {
		q.Set("after", after)
	}
	var raw json.RawMessage
	return raw, c.Get(ctx, "/v1/native/accounts/"+url.PathEscape(account)+"/history?"+q.Encode(), &raw)
}

// TxStatus returns unknown, pending, committed or invalid.
func (c *Client) TxStatus(ctx context.Context, txid string) (string, error) {
	var s struct {
		Status string `json:"status"`
	}
	return s.Status, c.Get(ctx, "/v1/tx/"+url.PathEscape(txid), &s)
}

// Receipt returns a transaction's receipt exactly as the node serves it,
// waiting (up to ctx) while the transaction is committed but not yet signed.
func (c *Client) Receipt(ctx context.Context, txid string) ([]byte, error) {
	for {
		resp, err := c.Do(ctx, http.MethodGet, "/v1/tx/"+url.PathEscape(txid)+"/receipt", nil, "")
		if err == nil {
			return resp.Body, nil
		}
		var e *Error
		if !errors.As(err, &e) || e.Status != http.StatusAccepted {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// NodeInfo is the public description of a node.
type NodeInfo struct {
	NodeID            uint64   `json:"node_id"`
	Platform          string   `json:"platform"`
	Insecure          bool     `json:"insecure"`
	Role              string   `json:"role"`
	Status            string   `json:"status"` // trusted, or retired
	LeaderID          uint64   `json:"leader_id"`
	LeaderURL         string   `json:"leader_url"`
	Term              uint64   `json:"term"`
	View              uint64   `json:"view"`
	CommittedTxID     string   `json:"committed_txid"`
	LastSignature     string   `json:"last_signature"`
	RaftAppliedIndex  uint64   `json:"raft_applied_index"`
	AllowVirtualNodes bool     `json:"allow_virtual_nodes"`
	APIURL            string   `json:"api_url"`
	PeerID            string   `json:"peer_id"`
	P2PAddrs          []string `json:"p2p_addrs"`
	Mesh              struct {
		Delivered           uint64 `json:"delivered"`
		DroppedUntrusted    uint64 `json:"dropped_untrusted"`
		DroppedBadSignature uint64 `json:"dropped_bad_signature"`
	} `json:"mesh"`
}

// NodeInfo reads the info of the node at nodeURL (unsigned, no retries).
func (c *Client) NodeInfo(ctx context.Context, nodeURL string) (*NodeInfo, error) {
	resp, err := c.once(ctx, nodeURL, http.MethodGet, "/v1/node/info", nil, "")
	if err != nil {
		return nil, err
	}
	var info NodeInfo
	return &info, json.Unmarshal(resp.Body, &info)
}

// Leader returns the URL of the current leader, asking the nodes in turn.
func (c *Client) Leader(ctx context.Context) (string, error) {
	var last error
	for _, u := range c.cfg.URLs {
		info, err := c.NodeInfo(ctx, u)
		if err != nil {
			last = err
			continue
		}
		if info.LeaderURL != "" {
			return info.LeaderURL, nil
		}
		last = errors.New("no leader yet")
	}
	return "", last
}

// WithURLs returns a client that calls the given nodes, sharing connections.
func (c *Client) WithURLs(urls ...string) *Client {
	return &Client{cfg: Config{URLs: urls, ServiceCert: c.cfg.ServiceCert, Key: c.cfg.Key, Retry: c.cfg.Retry, MaxConns: c.cfg.MaxConns},
		http: c.http, keyID: c.keyID, service: c.service}
}
