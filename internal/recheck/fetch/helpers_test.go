package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// testServer is a real HTTP server on a loopback address that counts the
// connections it accepted and the requests it served.
type testServer struct {
	*httptest.Server
	conns    atomic.Int64
	requests atomic.Int64
}

// startServer starts h on network address addr ("127.0.0.1:0" or "[::1]:0").
func startServer(t *testing.T, addr string, h http.Handler) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	s := &testServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	s.Listener.Close()
	s.Listener = ln
	s.Config.ConnState = func(_ net.Conn, cs http.ConnState) {
		if cs == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// start4 starts h on 127.0.0.1.
func start4(t *testing.T, h http.Handler) *testServer {
	t.Helper()
	return startServer(t, "127.0.0.1:0", h)
}

// addrPort is the server's listening address.
func (s *testServer) addrPort(t *testing.T) netip.AddrPort {
	t.Helper()
	ap, err := netip.ParseAddrPort(s.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return ap
}

// port is the server's port as a string and an int.
func (s *testServer) port(t *testing.T) (string, int) {
	t.Helper()
	p := int(s.addrPort(t).Port())
	return strconv.Itoa(p), p
}

// dialLog records every address the client is about to dial. It also vetoes
// any non-loopback address, so a broken rule can never send test traffic off
// this machine.
type dialLog struct {
	mu    sync.Mutex
	addrs []string
}

func (d *dialLog) hook(network, addr string) error {
	d.mu.Lock()
	d.addrs = append(d.addrs, addr)
	d.mu.Unlock()
	ap, err := netip.ParseAddrPort(addr)
	if err != nil || !ap.Addr().Unmap().IsLoopback() {
		return fmt.Errorf("test safety net: refusing to dial non-loopback %s", addr)
	}
	return nil
}

func (d *dialLog) dialed() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.addrs...)
}

// staticResolver answers names from a fixed table and fails the test for any
// other name, so no test ever asks a real DNS server.
func staticResolver(t *testing.T, table map[string][]netip.Addr) func(context.Context, string) ([]netip.Addr, error) {
	t.Helper()
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		if addrs, ok := table[host]; ok {
			return addrs, nil
		}
		t.Errorf("unexpected DNS lookup of %q", host)
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
}

// privateOptions are options for fetching the test servers: the address rule
// lifted, no politeness gap, a resolver that never reaches DNS.
func privateOptions(t *testing.T, d *dialLog) Options {
	t.Helper()
	return Options{
		AllowPrivate: true,
		PerHostGap:   -1,
		Resolver:     staticResolver(t, nil),
		DialHook:     d.hook,
	}
}

var loopback4 = netip.MustParseAddr("127.0.0.1")

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// newTLSServer starts an HTTPS server on 127.0.0.1.
func newTLSServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewTLSServer(h)
	t.Cleanup(s.Close)
	return s
}
