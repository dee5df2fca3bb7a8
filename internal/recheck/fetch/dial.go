package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"syscall"

	"code.dny.dev/ssrf"
)

// nat64 is the well-known NAT64 prefix (RFC 6052); its last 32 bits are an
// IPv4 address that a NAT64 gateway would connect to.
var nat64 = ssrf.IPv6NAT64Prefix

// guard is the address rule: ssrf's IANA special-purpose deny lists, applied
// to the IPv4 address hidden in IPv4-mapped and NAT64 forms too.
var guard = ssrf.New(ssrf.WithAnyPort(), ssrf.WithAnyNetwork())

// addrAllowed decides the address and port rule for one address about to be
// dialed.
func (c *Client) addrAllowed(ap netip.AddrPort) error {
	if c.opts.AllowPrivate {
		return nil
	}
	if c.opts.AllowAddr != nil && c.opts.AllowAddr(ap) {
		return nil
	}
	if !c.portAllowed(int(ap.Port())) {
		return fmt.Errorf("port %d is not allowed", ap.Port())
	}
	a := ap.Addr()
	if a.Zone() != "" {
		return fmt.Errorf("%s: zoned addresses are not allowed", a)
	}
	// ssrf refuses all of ::ffff:0:0/96 and 64:ff9b::/96; judging the
	// embedded IPv4 address instead refuses exactly the forms of refused
	// addresses and keeps public ones reachable.
	if a.Is4In6() {
		a = a.Unmap()
	} else if nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	return guard.SafeAddr(a)
}

// control re-checks the rule on the socket's own address, just before the
// kernel connects it: defence in depth behind dialContext's check.
func (c *Client) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &Error{Kind: ErrRefused, Err: fmt.Errorf("unparsable dial address %q", address)}
	}
	if err := c.addrAllowed(ap); err != nil {
		return &Error{Kind: ErrRefused, Err: err}
	}
	return nil
}

// dialContext resolves the host itself and dials only resolved addresses the
// rule allows, so what is checked is exactly what is connected to: a DNS
// answer cannot change between the check and the dial (rebinding).
func (c *Client) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, &Error{Kind: ErrRefused, Err: err}
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 1 || port > 65535 {
		return nil, &Error{Kind: ErrRefused, Err: fmt.Errorf("invalid port %q", portStr)}
	}
	addrs, err := c.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	var refusals []string
	var lastErr error
	for _, a := range addrs {
		ap := netip.AddrPortFrom(a, uint16(port))
		if err := c.addrAllowed(ap); err != nil {
			refusals = append(refusals, err.Error())
			continue
		}
		target := ap.String()
		if c.opts.DialHook != nil {
			if err := c.opts.DialHook(network, target); err != nil {
				lastErr = err
				continue
			}
		}
		conn, err := c.dialer.DialContext(ctx, network, target)
		if err == nil {
			return conn, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	if lastErr != nil {
		return nil, lastErr
	}
	return nil, &Error{Kind: ErrRefused, Err: fmt.Errorf("%s: %s", host, strings.Join(refusals, "; "))}
}

// resolve turns the host of a dial address into IP addresses. IP literals
// are parsed with the browser rules again (the URL check already rewrote
// them, but this is the last line), "localhost" and "*.localhost" are
// loopback without asking DNS (RFC 6761, as browsers do), and other names go
// to the Resolver.
func (c *Client) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	name, a, err := normalizeHost(host, strings.Contains(host, ":"))
	if err != nil {
		return nil, &Error{Kind: ErrRefused, Err: err}
	}
	if a.IsValid() {
		return []netip.Addr{a}, nil
	}
	name = strings.TrimSuffix(name, ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return []netip.Addr{netip.AddrFrom4([4]byte{127, 0, 0, 1}), netip.IPv6Loopback()}, nil
	}
	addrs, err := c.opts.Resolver(ctx, name)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.IsTimeout {
			return nil, &Error{Kind: ErrTimeout, Err: err}
		}
		return nil, &Error{Kind: ErrDNS, Err: err}
	}
	if len(addrs) == 0 {
		return nil, &Error{Kind: ErrDNS, Err: fmt.Errorf("%s has no addresses", name)}
	}
	return addrs, nil
}
