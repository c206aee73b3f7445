package governance

import (
	"github.com/holiman/uint256"
)

// Route is a path assets take: an asset from one ledger to another.
type Route struct {
	SourceLedger      string `json:"source_ledger"`
	DestinationLedger string `json:"destination_ledger"`
	Asset             string `json:"asset"`
}

func (r Route) key() []byte {
	return []byte(r.SourceLedger + "\x00" + r.DestinationLedger + "\x00" + r.Asset)
}

func (r Route) check() error {
	for field, v := range map[string]string{"route.source_ledger": r.SourceLedger, "route.destination_ledger": r.DestinationLedger, "route.asset": r.Asset} {
		if err := validName(v); err != nil {
			return argErr(field, "%v", err)
		}
	}
	if r.SourceLedger == r.DestinationLedger {
		return argErr("route.destination_ledger", "must differ from route.source_ledger")
	}
	return nil
}

// RouteLimits brake a route: a cap per transfer and a token bucket.
type RouteLimits struct {
	MaxPerTransfer string `json:"max_per_transfer"` // decimal amount
	RatePerSecond  string `json:"rate_per_second"`  // refill of the bucket, amount per second
	Burst          string `json:"burst"`            // bucket size
}

// RouteState is what governance says about a route. The transfer engine
// enforces it.
type RouteState struct {
	Route  Route        `json:"route"`
	Limits *RouteLimits `json:"limits,omitempty"`
	Paused bool         `json:"paused"`
	Reason string       `json:"reason,omitempty"`
}

// GetRoute returns what governance says about a route (zero state if
// nothing).
func GetRoute(r Reader, route Route) (*RouteState, error) {
	st := &RouteState{Route: route}
	b, ok, err := r.Get(TableRoutes, route.key())
	if err != nil || !ok {
		return st, err
	}
	return st, unmarshal(b, st, "route")
}

type routeLimitsArgs struct {
	Route Route `json:"route"`
	RouteLimits
}

func checkAmountField(field, s string) error {
	if s == "" || len(s) > 78 || s[0] == '0' {
		return argErr(field, "must be a positive decimal amount without leading zeros")
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return argErr(field, "must be a positive decimal amount")
		}
	}
	if _, err := uint256.FromDecimal(s); err != nil {
		return argErr(field, "exceeds 2^256-1")
	}
	return nil
}

func checkRouteLimits(a *routeLimitsArgs) error {
	if err := a.Route.check(); err != nil {
		return err
	}
	for field, v := range map[string]string{"max_per_transfer": a.MaxPerTransfer, "rate_per_second": a.RatePerSecond, "burst": a.Burst} {
		if err := checkAmountField(field, v); err != nil {
			return err
		}
	}
	return nil
}

func applyRouteLimits(w Writer, a *routeLimitsArgs) error {
	st, err := GetRoute(w, a.Route)
	if err != nil {
		return err
	}
	l := a.RouteLimits
	st.Limits = &l
	putJSON(w, TableRoutes, a.Route.key(), st)
	return nil
}

type routeArgs struct {
	Route  Route  `json:"route"`
	Reason string `json:"reason,omitempty"`
}

func checkRouteArgs(a *routeArgs) error {
	if len(a.Reason) > 256 {
		return argErr("reason", "at most 256 characters")
	}
	return a.Route.check()
}

func applyPauseRoute(w Writer, a *routeArgs) error {
	st, err := GetRoute(w, a.Route)
	if err != nil {
		return err
	}
	if st.Paused {
		return stateErr("the route is already paused")
	}
	st.Paused, st.Reason = true, a.Reason
	putJSON(w, TableRoutes, a.Route.key(), st)
	return nil
}

func applyResumeRoute(w Writer, a *routeArgs) error {
	st, err := GetRoute(w, a.Route)
	if err != nil {
		return err
	}
	if !st.Paused {
		return stateErr("the route is not paused")
	}
	st.Paused, st.Reason = false, ""
	putJSON(w, TableRoutes, a.Route.key(), st)
	return nil
}
