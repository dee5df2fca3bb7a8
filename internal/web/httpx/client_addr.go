package httpx

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the peers whose X-Forwarded-For is believed when finding the
// client's address (for login throttling, per-client limits and logs).
type Proxies []netip.Prefix

// ClientAddr returns the address a request comes from, as far as it can be
// trusted: the peer's address, unless the peer is one of our trusted
// proxies, in which case the right-most X-Forwarded-For entry that is not a
// trusted proxy itself. Entries left of that could be written by anyone, so
// they are never believed. "" when the peer address cannot be read.
func (ps Proxies) ClientAddr(r *http.Request) string {
	peer, ok := parseHostAddr(r.RemoteAddr)
	if !ok {
		return ""
	}
	if !ps.trusted(peer) {
		return peer.String()
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHostAddr(strings.TrimSpace(hops[i]))
		if !ok {
			// Garbage where a proxy should have written an address: the
			// last hop we could read is the best we know.
			return peer.String()
		}
		if !ps.trusted(a) {
			return a.String()
		}
		peer = a
	}
	return peer.String()
}

func (ps Proxies) trusted(a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHostAddr reads "1.2.3.4", "1.2.3.4:80", "::1" or "[::1]:80".
func parseHostAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		if a, err := netip.ParseAddr(host); err == nil {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}

// ClientGroup returns the key that per-client limits count a request's
// client by: its address, except that an IPv6 client counts as its /64, the
// block one subscriber line or host is given and can rotate through at
// will. "" when the address is unknown.
func (ps Proxies) ClientGroup(r *http.Request) string { return AddrGroup(ps.ClientAddr(r)) }

// AddrGroup is ClientGroup for an address already read.
func AddrGroup(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil || a.Is4() {
		return addr
	}
	p, _ := a.Prefix(64)
	return p.String()
}
