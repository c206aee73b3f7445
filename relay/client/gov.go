package client

import (
	"context"
	"crypto"

	"encoding/json"
	"github.com/cocorelay/coco/enclave"
	"net/http"
	"net/url"
)

// Governance paths by message type.
func govPath(typ, proposalID string) string {
	switch typ {
	case "ballot":
		return "/v1/gov/proposals/" + url.PathEscape(proposalID) + "/ballots"
	case "withdrawal":
		return "/v1/gov/proposals/" + url.PathEscape(proposalID) + "/withdraw"
	}
	return "/v1/gov/proposals"
}

// SubmitGovernance posts a signed governance request (COSE_Sign1 bytes, made
// with governance.Sign, possibly offline) of the given type.
func (c *Client) SubmitGovernance(ctx context.Context, typ, proposalID string, signed []byte) (*WriteResult, error) {
	resp, err := c.Do(ctx, http.MethodPost, govPath(typ, proposalID), signed, "")
	if err != nil {
		return nil, err
	}
	var w WriteResult
	return &w, json.Unmarshal(resp.Body, &w)
}

// WithKey returns a client that signs as key, sharing connections.
func (c *Client) WithKey(key crypto.Signer) *Client {
	n := c.WithURLs(c.cfg.URLs...)
	n.cfg.Key = key
	n.keyID, _ = enclave.KeyID(key.Public())
	return n
}
