package relay

import (
	"net/http"
)

// routes builds the API. See configs/api.md.
func (n *Node) routes() http.Handler {
	mux := http.NewServeMux()
	n.infoRoutes(mux)
	n.nativeRoutes(mux)
	n.govRoutes(mux)
	n.transferRoutes(mux)
	n.anchorRoutes(mux)
	n.recoveryRoutes(mux) // recover_api.go
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n.writeError(w, apiError(http.StatusNotFound, CodeNotFound, "", "no endpoint %s %s", r.Method, r.URL.Path))
	})
	return n.refuseWhenRetired(mux)
}

// refuseWhenRetired answers every request but node info with an error
// once the members retired this node: it no longer takes part, and its
// local state is no longer the network's.
func (n *Node) refuseWhenRetired(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.retired.Load() && r.URL.Path != "/v1/node/info" {
			n.writeError(w, apiError(http.StatusForbidden, CodeNodeRetired, "", "node %d was retired by the members (remove_node) and serves nothing", n.ID()))
			return
		}
		h.ServeHTTP(w, r)
	})
}
