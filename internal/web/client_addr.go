package web

import "net/http"

// clientAddr returns the address a request comes from (see
// httpx.Proxies.ClientAddr).
func (s *Server) clientAddr(r *http.Request) string { return s.trustedProxies.ClientAddr(r) }
