package relay

import (
	"net/http"
	"strconv"

	"github.com/holiman/uint256"

	"github.com/cocorelay/coco/connectors/native"
	"github.com/cocorelay/coco/ledger"
)

// Native ledger requests. Amounts are decimal strings (unsigned 256-bit).
type (
	createAssetRequest struct {
		Asset    string `json:"asset"`
		Decimals uint8  `json:"decimals"`
	}
	createAccountRequest struct {
		Account string `json:"account"`
	}
	mintRequest struct {
		Asset   string `json:"asset"`
		Account string `json:"account"`
		Amount  string `json:"amount"`

		amount *uint256.Int // Amount, parsed by checkMint
	}
	transferRequest struct {
		Asset  string `json:"asset"`
		From   string `json:"from"`
		To     string `json:"to"`
		Amount string `json:"amount"`
		Memo   string `json:"memo"`

		amount *uint256.Int // Amount, parsed by checkTransfer
	}
	burnRequest = mintRequest
)

func (n *Node) nativeRoutes(mux *http.ServeMux) {
	mux.Handle("POST /v1/native/assets", writeEndpoint(n,
		func(r *createAssetRequest) error { return native.ValidName("asset", r.Asset) },
		func(tx *ledger.Tx, c *caller, r *createAssetRequest) (any, error) {
			return native.CreateAsset(tx, c.ID, r.Asset, r.Decimals)
		}))
	mux.Handle("POST /v1/native/accounts", writeEndpoint(n,
		func(r *createAccountRequest) error { return native.ValidName("account", r.Account) },
		func(tx *ledger.Tx, c *caller, r *createAccountRequest) (any, error) {
			return native.CreateAccount(tx, c.ID, r.Account)
		}))
	mux.Handle("POST /v1/native/mint", writeEndpoint(n, checkMint,
		func(tx *ledger.Tx, c *caller, r *mintRequest) (any, error) {
			return native.Mint(tx, c.ID, r.Asset, r.Account, r.amount)
		}))
	mux.Handle("POST /v1/native/burn", writeEndpoint(n, checkMint,
		func(tx *ledger.Tx, c *caller, r *burnRequest) (any, error) {
			return native.Burn(tx, c.ID, r.Asset, r.Account, r.amount)
		}))
	mux.Handle("POST /v1/native/transfers", writeEndpoint(n, checkTransfer,
		func(tx *ledger.Tx, c *caller, r *transferRequest) (any, error) {
			return native.Transfer(tx, c.ID, r.Asset, r.From, r.To, r.amount, r.Memo)
		}))
	mux.Handle("GET /v1/native/assets/{asset}", n.read(func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		return native.GetAsset(n.store, r.PathValue("asset"))
	}))
	mux.Handle("GET /v1/native/accounts/{account}", n.readAs(n.authenticateUserOrMember, func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		a, err := visibleAccount(n.store, c, r.PathValue("account"))
		if err != nil {
			return nil, err
		}
		bals, err := native.Balances(n.store, a.ID)
		if err != nil {
			return nil, err
		}
		return struct {
			*native.Account
			Balances map[string]string `json:"balances"`
		}{a, bals}, nil
	}))
	mux.Handle("GET /v1/native/accounts/{account}/history", n.readAs(n.authenticateUserOrMember, func(w http.ResponseWriter, r *http.Request, c *caller) (any, error) {
		if _, err := visibleAccount(n.store, c, r.PathValue("account")); err != nil {
			return nil, err
		}
		limit := 100
		if s := r.URL.Query().Get("limit"); s != "" {
			v, err := strconv.Atoi(s)
			if err != nil {
				return nil, apiError(http.StatusBadRequest, CodeInvalidArgument, "limit", "limit: must be a number from 1 to 1000")
			}
			limit = v
		}
		return native.History(n.store, r.PathValue("account"), r.URL.Query().Get("after"), limit)
	}))
}

func checkMint(r *mintRequest) error {
	if err := native.ValidName("asset", r.Asset); err != nil {
		return err
	}
	if err := native.ValidName("account", r.Account); err != nil {
		return err
	}
	var err error
	r.amount, err = native.ParseAmount("amount", r.Amount)
	return err
}

func checkTransfer(r *transferRequest) error {
	for _, f := range [][2]string{{"asset", r.Asset}, {"from", r.From}, {"to", r.To}} {
		if err := native.ValidName(f[0], f[1]); err != nil {
			return err
		}
	}
	var err error
	r.amount, err = native.ParseAmount("amount", r.Amount)
	return err
}

// read serves a user's read from this node's committed state. The
// response says which transaction that state is at (Coco-Committed).
func (n *Node) read(fn func(w http.ResponseWriter, r *http.Request, c *caller) (any, error)) http.Handler {
	return n.readAs(n.authenticate, fn)
}

// readAs is read with the given authentication.
func (n *Node) readAs(auth func(*http.Request, []byte) (*caller, error), fn func(w http.ResponseWriter, r *http.Request, c *caller) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(r)
		if err != nil {
			n.writeError(w, err)
			return
		}
		c, err := auth(r, body)
		if err != nil {
			n.writeError(w, err)
			return
		}
		committed := n.store.Committed().ID
		v, err := fn(w, r, c)
		if err != nil {
			n.writeError(w, err)
			return
		}
		w.Header().Set(HeaderCommitted, committed.String())
		writeJSON(w, http.StatusOK, v)
	})
}
