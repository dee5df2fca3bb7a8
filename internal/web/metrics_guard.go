package web

import (
	"net/http"
)

// metricsHandler serves /metrics: behind MetricsToken when one is set;
// without a token only where MetricsOpen says the listener is reachable
// from this machine alone, since the counters tell anyone what the site is
// doing (who is failing to sign in, how much mail goes out).
func (s *Server) metricsHandler() http.Handler {
	if s.metricsToken != "" || s.metricsOpen {
		return s.metrics.Handler(s.metricsToken)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "/metrics needs CLAIMTRACK_METRICS_TOKEN when the server listens beyond loopback", http.StatusUnauthorized)
	})
}
