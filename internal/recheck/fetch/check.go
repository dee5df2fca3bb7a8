package fetch

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
)

// Check applies the client's URL and address rules to rawURL without
// sending anything: the host is resolved (with the client's Resolver) and
// every address it has must pass, so that a URL that would be refused when
// used is refused when it is given (a webhook's registration). Errors match
// Get's: ErrRefused, ErrDNS, ErrTimeout.
func (c *Client) Check(ctx context.Context, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return &Error{Kind: ErrRefused, URL: rawURL, Err: err}
	}
	target, _, err := c.checkURL(u)
	if err != nil || c.opts.AllowPrivate {
		return err
	}
	port := 443
	if target.Scheme == "http" {
		port = 80
	}
	if p := target.Port(); p != "" {
		port, _ = strconv.Atoi(p) // checkURL validated it
	}
	addrs, err := c.resolve(ctx, target.Hostname())
	if err != nil {
		return err
	}
	for _, a := range addrs {
		if err := c.addrAllowed(netip.AddrPortFrom(a, uint16(port))); err != nil {
			if a.String() != target.Hostname() {
				err = fmt.Errorf("%s is %s: %w", target.Hostname(), a, err)
			}
			return &Error{Kind: ErrRefused, URL: u.Redacted(), Err: err}
		}
	}
	return nil
}
