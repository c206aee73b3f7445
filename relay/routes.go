package relay

import (
	"net/http"
)

// routes builds the API. See configs/api.md.
func (n *Node) routes() http.Handler {
	mux := http.NewServeMux()
	n.infoRoutes(mux)
	n.joinRoutes(mux)
	n.nativeRoutes(mux)
	n.govRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n.writeError(w, apiError(http.StatusNotFound, CodeNotFound, "", "no endpoint %s %s", r.Method, r.URL.Path))
	})
	return mux
}
