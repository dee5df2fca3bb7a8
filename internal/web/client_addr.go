package web

import "net/http"

// clientAddr returns the address a request comes from (see
// httpx.Proxies.ClientAddr).
func (s *Server) clientAddr(r *http.Request) string { return s.trustedProxies.ClientAddr(r) }

// clientGroup returns the key that per-client limits count a request's
// client by (see httpx.Proxies.ClientGroup).
func (s *Server) clientGroup(r *http.Request) string { return s.trustedProxies.ClientGroup(r) }
