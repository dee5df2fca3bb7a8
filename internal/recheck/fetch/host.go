package fetch

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// checkURL applies the URL rules to one request (the first or a redirect)
// before anything is dialed. It returns the URL to request, with the host
// normalised the way a browser would (so "http://2130706433/" is requested
// as "http://127.0.0.1/"), and the politeness key of its host.
func (c *Client) checkURL(u *url.URL) (*url.URL, string, error) {
	refuse := func(format string, args ...any) (*url.URL, string, error) {
		return nil, "", &Error{Kind: ErrRefused, URL: u.Redacted(), Err: fmt.Errorf(format, args...)}
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return refuse("scheme %q is not http or https", u.Scheme)
	}
	if u.Opaque != "" {
		return refuse("opaque URL")
	}
	if u.User != nil {
		return refuse("credentials in URL")
	}
	if u.Host == "" {
		return refuse("no host")
	}
	host, addr, err := normalizeHost(u.Hostname(), strings.HasPrefix(u.Host, "["))
	if err != nil {
		return refuse("%v", err)
	}
	portStr := u.Port()
	port := 80
	if scheme == "https" {
		port = 443
	}
	if portStr != "" {
		p, err := strconv.Atoi(portStr)
		if err != nil || p < 1 || p > 65535 {
			return refuse("invalid port %q", portStr)
		}
		port = p
	}
	if !c.opts.AllowPrivate && !c.portAllowed(port) {
		exempt := addr.IsValid() && c.opts.AllowAddr != nil && c.opts.AllowAddr(netip.AddrPortFrom(addr, uint16(port)))
		if !exempt {
			return refuse("port %d is not allowed", port)
		}
	}

	hostPort := host
	if addr.Is6() {
		hostPort = "[" + host + "]"
	}
	if portStr != "" {
		hostPort += ":" + portStr
	}
	out := u
	if hostPort != u.Host || scheme != u.Scheme {
		cp := *u
		cp.Host = hostPort
		cp.Scheme = scheme
		out = &cp
	}

	// One politeness key per server: http and https of a host share it,
	// other ports are other servers.
	key := strings.TrimSuffix(host, ".")
	if port != 80 && port != 443 {
		key = net.JoinHostPort(key, strconv.Itoa(port))
	}
	return out, key, nil
}

// portAllowed reports whether the port rule lets port through.
func (c *Client) portAllowed(port int) bool {
	if port == 80 || port == 443 {
		return true
	}
	for _, p := range c.opts.ExtraPorts {
		if p == port {
			return true
		}
	}
	return false
}

// normalizeHost parses a URL host (without brackets and port) following the
// WHATWG URL host parser: a bracketed host is an IPv6 address; a host whose
// last label is a number is an IPv4 address in any of the forms browsers
// accept (127.1, 2130706433, 0x7f000001, 0177.0.0.1) or is invalid; anything
// else is a domain, lower-cased and converted to ASCII. For IP hosts the
// parsed address is returned too; for domains it is the zero Addr.
func normalizeHost(h string, bracketed bool) (string, netip.Addr, error) {
	if bracketed {
		a, err := netip.ParseAddr(h)
		if err != nil || !a.Is6() {
			return "", netip.Addr{}, fmt.Errorf("invalid IPv6 host %q", h)
		}
		if a.Zone() != "" {
			return "", netip.Addr{}, fmt.Errorf("IPv6 zone in host %q", h)
		}
		return a.String(), a, nil
	}
	if h == "" {
		return "", netip.Addr{}, fmt.Errorf("empty host")
	}
	for i := 0; i < len(h); i++ {
		if h[i] >= 0x80 {
			ascii, err := idna.Lookup.ToASCII(h)
			if err != nil {
				return "", netip.Addr{}, fmt.Errorf("invalid international host %q: %v", h, err)
			}
			h = ascii
			break
		}
	}
	h = strings.ToLower(h)
	for i := 0; i < len(h); i++ {
		if b := h[i]; b <= 0x20 || b == 0x7f || strings.IndexByte("#%/:<>?@[\\]^|", b) >= 0 {
			return "", netip.Addr{}, fmt.Errorf("forbidden character in host %q", h)
		}
	}
	if endsInNumber(h) {
		a, err := parseIPv4(h)
		if err != nil {
			return "", netip.Addr{}, err
		}
		return a.String(), a, nil
	}
	return h, netip.Addr{}, nil
}

// ipv4Parts splits a host into its dot-separated parts, dropping one empty
// last part (a trailing dot), as the WHATWG parser does.
func ipv4Parts(h string) []string {
	parts := strings.Split(h, ".")
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// endsInNumber is the WHATWG "ends in a number" checker: a host whose last
// part is decimal digits or 0x-hex must parse as IPv4 or is invalid.
func endsInNumber(h string) bool {
	parts := ipv4Parts(h)
	last := parts[len(parts)-1]
	if last == "" {
		return false
	}
	if strings.Trim(last, "0123456789") == "" {
		return true
	}
	if len(last) >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') {
		return strings.Trim(last[2:], "0123456789abcdefABCDEF") == ""
	}
	return false
}

// parseIPv4 is the WHATWG IPv4 parser: up to four parts, each decimal, octal
// (leading 0) or hex (leading 0x); the last part fills the remaining bytes.
func parseIPv4(h string) (netip.Addr, error) {
	parts := ipv4Parts(h)
	if len(parts) > 4 {
		return netip.Addr{}, fmt.Errorf("invalid IPv4 host %q", h)
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return netip.Addr{}, fmt.Errorf("invalid IPv4 host %q", h)
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, fmt.Errorf("invalid IPv4 host %q", h)
		}
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, fmt.Errorf("invalid IPv4 host %q", h)
	}
	v := last
	for i, n := range nums[:len(nums)-1] {
		v += n << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), nil
}

// parseIPv4Number parses one part of an IPv4 host in the radix its prefix
// announces.
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, s = 16, s[2:]
	case len(s) >= 2 && s[0] == '0':
		base, s = 8, s[1:]
	}
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseUint(s, base, 64)
	// An overflow is simply a number too large for any part.
	return n, err == nil
}
