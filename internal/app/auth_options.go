package app

import (
	"net"
	"net/url"
	"strings"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/config"
)

// authOptions are the accounts' options from the configuration: the
// organisation's name and the site's host (each label of it too, so that
// "claims" of claims.example.org counts) are words a password must not be
// made of.
func authOptions(cfg config.Config) auth.Options {
	words := []string{cfg.Organization}
	host := cfg.Addr
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host != "" {
		words = append(words, host)
		words = append(words, strings.Split(host, ".")...)
	}
	return auth.Options{SiteWords: words}
}

// loopbackOnly reports whether a listener is reachable from this machine
// alone: /metrics is then served without a token.
func loopbackOnly(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
