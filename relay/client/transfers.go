package client

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cocorelay/coco/relay/signing"
)

// Endpoint is one end of a transfer.
type Endpoint struct {
	Ledger  string `json:"ledger"`
	Asset   string `json:"asset,omitempty"`
	Account string `json:"account"`
}

// TransferRequest is the body of POST /v1/transfers (fields in
// alphabetical order, like the other bodies).
type TransferRequest struct {
	Amount      string   `json:"amount"`
	Destination Endpoint `json:"destination"`
	Memo        string   `json:"memo,omitempty"`
	Source      Endpoint `json:"source"`
}

// Leg is what happened on a ledger for a transfer.
type Leg struct {
	Kind     string   `json:"kind"`
	TxHash   string   `json:"tx_hash,omitempty"`
	Height   uint64   `json:"height,omitempty"`
	CocoTxID string   `json:"coco_txid,omitempty"`
	Signers  []string `json:"signers,omitempty"`
}

// Step is one state change of a transfer.
type Step struct {
	State string    `json:"state"`
	TxID  string    `json:"txid"`
	At    time.Time `json:"at"`
	Note  string    `json:"note,omitempty"`
}

// Transfer is a transfer's record (configs/api.md "Transfers").
type Transfer struct {
	ID             string     `json:"id"`
	State          string     `json:"state"`
	Asset          string     `json:"asset,omitempty"`
	Amount         string     `json:"amount"`
	Source         Endpoint   `json:"source"`
	Destination    Endpoint   `json:"destination"`
	Memo           string     `json:"memo,omitempty"`
	Origin         string     `json:"origin"`
	Requester      string     `json:"requester,omitempty"`
	Created        time.Time  `json:"created"`
	Updated        time.Time  `json:"updated"`
	SourceFinalAt  time.Time  `json:"source_final_at"`
	Admitted       bool       `json:"admitted"`
	Hold           string     `json:"hold,omitempty"`
	Deadline       *time.Time `json:"deadline,omitempty"`
	Reason         string     `json:"reason,omitempty"`
	Alert          string     `json:"alert,omitempty"`
	SourceLeg      Leg        `json:"source_leg"`
	DestinationLeg *Leg       `json:"destination_leg,omitempty"`
	CancelLeg      *Leg       `json:"cancel_leg,omitempty"`
	RefundLeg      *Leg       `json:"refund_leg,omitempty"`
	History        []Step     `json:"history"`
}

// Final reports whether the transfer reached a terminal state.
func (t *Transfer) Final() bool {
	return t.State == "completed" || t.State == "refunded" || t.State == "failed"
}

// TxID returns the Coco transaction that reached the transfer's current
// state (its receipt proves it).
func (t *Transfer) TxID() string {
	for i := len(t.History) - 1; i >= 0; i-- {
		if t.History[i].State == t.State {
			return t.History[i].TxID
		}
	}
	return ""
}

// TransferEvent is one state change in the event stream.
type TransferEvent struct {
	Cursor   string    `json:"cursor"`
	Transfer string    `json:"transfer"`
	State    string    `json:"state"`
	TxID     string    `json:"txid"`
	At       time.Time `json:"at"`
	Note     string    `json:"note,omitempty"`
}

// CreateTransfer starts a transfer from the native ledger.
func (c *Client) CreateTransfer(ctx context.Context, req TransferRequest, key string) (*Transfer, *WriteResult, error) {
	w, err := c.Write(ctx, "/v1/transfers", req, key)
	if err != nil {
		return nil, nil, err
	}
	var t Transfer
	if err := json.Unmarshal(w.Result, &t); err != nil {
		return nil, nil, fmt.Errorf("transfer in the answer: %w", err)
	}
	return &t, w, nil
}

// GetTransfer reads a transfer.
func (c *Client) GetTransfer(ctx context.Context, id string) (*Transfer, error) {
	var t Transfer
	return &t, c.Get(ctx, "/v1/transfers/"+url.PathEscape(id), &t)
}

// TransferFilter narrows ListTransfers.
type TransferFilter struct {
	State, Ledger, Account, After string
	Limit                         int
}

// ListTransfers returns a page of transfers and the cursor of the next.
func (c *Client) ListTransfers(ctx context.Context, f TransferFilter) ([]*Transfer, string, error) {
	q := url.Values{}
	for k, v := range map[string]string{"state": f.State, "ledger": f.Ledger, "account": f.Account, "after": f.After} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var page struct {
		Transfers []*Transfer `json:"transfers"`
		Next      string      `json:"next"`
	}
	path := "/v1/transfers"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return page.Transfers, page.Next, c.Get(ctx, path, &page)
}

// WaitTransfer polls until the transfer is final or ctx ends.
func (c *Client) WaitTransfer(ctx context.Context, id string) (*Transfer, error) {
	for {
		t, err := c.GetTransfer(ctx, id)
		if err == nil && t.Final() {
			return t, nil
		}
		select {
		case <-ctx.Done():
			if err == nil {
				err = fmt.Errorf("transfer %s is still %s: %w", id, t.State, ctx.Err())
			}
			return t, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// WatchTransfers follows the event stream from cursor after ("": from
// now on, or from the first event of transfer if it is set), one
// transfer's only if transfer is set, calling fn for each
// event until fn returns false, the stream ends or ctx ends. It returns
// the cursor of the last event it delivered.
func (c *Client) WatchTransfers(ctx context.Context, after, transfer string, fn func(TransferEvent) bool) (string, error) {
	q := url.Values{}
	if after != "" {
		q.Set("after", after)
	}
	if transfer != "" {
		q.Set("transfer", transfer)
	}
	path := "/v1/transfers/events"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	u := c.cfg.URLs[int(c.next.Load())%len(c.cfg.URLs)]
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+path, nil)
	if err != nil {
		return after, err
	}
	if c.cfg.Key != nil {
		if err := signing.Sign(req, nil, c.cfg.Key, c.keyID, c.service, time.Now()); err != nil {
			return after, err
		}
	}
	hc := *c.http
	hc.Timeout = 0 // a stream lasts
	resp, err := hc.Do(req)
	if err != nil {
		return after, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var wrap struct {
			Error *Error `json:"error"`
		}
		dec := json.NewDecoder(resp.Body)
		if dec.Decode(&wrap) == nil && wrap.Error != nil {
			wrap.Error.Status = resp.StatusCode
			return after, wrap.Error
		}
		return after, &Error{Status: resp.StatusCode, Code: "http_error"}
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			continue
		}
		var ev TransferEvent
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			return after, fmt.Errorf("event: %w", err)
		}
		after = ev.Cursor
		if !fn(ev) {
			return after, nil
		}
	}
	if err := sc.Err(); err != nil && ctx.Err() == nil {
		return after, err
	}
	return after, ctx.Err()
}
