// Package client calls a Coco network's API: it signs requests with a
// user's key, trusts only the network's service certificate, fails over
// between nodes, and retries writes safely with the same idempotency key.
package client

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/relay/signing"
)

// Config says which network to call and as whom.
type Config struct {
	URLs        []string          // API URLs of the network's nodes
	ServiceCert *x509.Certificate // the network's service certificate
	Key         crypto.Signer     // the user's key (nil: unsigned requests only)
	// Retry bounds how long a request keeps retrying transient failures.
	Retry time.Duration
	// MaxConns bounds connections per node (default 64).
	MaxConns int
}

// Client calls the API. It is safe for concurrent use.
type Client struct {
	cfg     Config
	http    *http.Client
	keyID   string
	service string
	next    atomic.Uint32
}

// New returns a client.
func New(cfg Config) (*Client, error) {
	if len(cfg.URLs) == 0 {
		return nil, errors.New("client: at least one node URL is needed")
	}
	if cfg.ServiceCert == nil {
		return nil, errors.New("client: the service certificate is needed")
	}
	if cfg.Retry == 0 {
		cfg.Retry = 30 * time.Second
	}
	if cfg.MaxConns == 0 {
		cfg.MaxConns = 64
	}
	pool := x509.NewCertPool()
	pool.AddCert(cfg.ServiceCert)
	c := &Client{
		cfg:     cfg,
		service: signing.ServiceID(cfg.ServiceCert.Raw),
		http: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
			TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: pool},
			MaxIdleConnsPerHost: cfg.MaxConns,
			MaxConnsPerHost:     cfg.MaxConns,
			IdleConnTimeout:     time.Minute,
		}},
	}
	if cfg.Key != nil {
		id, err := enclave.KeyID(cfg.Key.Public())
		if err != nil {
			return nil, err
		}
		c.keyID = id
	}
	return c, nil
}

// KeyID is the id of the client's key ("" without one): the user's id,
// which a holder names in an allowance for the bridge.
func (c *Client) KeyID() string { return c.keyID }

// Close releases idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// Error is an error the API returned.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *Error) Error() string { return fmt.Sprintf("%s (HTTP %d): %s", e.Code, e.Status, e.Message) }

// retryable reports whether a request may be sent again: transport errors
// and 503s (no leader, outcome unknown). Writes keep their idempotency key,
// so a retry never has a second effect.
func retryable(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Status == http.StatusServiceUnavailable
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// Response is a raw API response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends a signed request (body is JSON-encoded unless it is []byte or
// nil) and returns the response of the first node that answers without a
// transient failure. Status codes other than 2xx become *Error.
func (c *Client) Do(ctx context.Context, method, path string, body any, idemKey string) (*Response, error) {
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			return nil, err
		}
	}
	deadline := time.Now().Add(c.cfg.Retry)
	var last error
	for attempt := 0; ; attempt++ {
		url := c.cfg.URLs[int(c.next.Load())%len(c.cfg.URLs)]
		resp, err := c.once(ctx, url, method, path, raw, idemKey)
		if err == nil {
			return resp, nil
		}
		last = err
		if !retryable(err) || time.Now().After(deadline) {
			return nil, last
		}
		var e *Error
		if !errors.As(err, &e) {
			c.next.Add(1) // that node is down: try the next
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (last error: %v)", ctx.Err(), last)
		case <-time.After(time.Duration(min(attempt+1, 10)) * 50 * time.Millisecond):
		}
	}
}

func (c *Client) once(ctx context.Context, url, method, path string, body []byte, idemKey string) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, url+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if idemKey != "" {
		req.Header.Set(signing.HeaderIdempotencyKey, idemKey)
	}
	if c.cfg.Key != nil {
		if err := signing.Sign(req, body, c.cfg.Key, c.keyID, c.service, time.Now()); err != nil {
			return nil, err
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 300 || resp.StatusCode == http.StatusAccepted {
		e := &Error{Status: resp.StatusCode}
		var wrap struct {
			Error *Error `json:"error"`
		}
		if json.Unmarshal(b, &wrap) == nil && wrap.Error != nil {
			*e = *wrap.Error
			e.Status = resp.StatusCode
		} else {
			e.Code, e.Message = "http_error", string(b)
		}
		return nil, e
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// NewIdempotencyKey returns a fresh random idempotency key.
func NewIdempotencyKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
