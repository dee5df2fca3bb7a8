package fetch

import (
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"testing"
)

// TestGet_RefusesLoopbackFormsWithoutConnecting points every spelling of a
// loopback address at real listeners on 127.0.0.1 and [::1], with their
// ports allowed so only the address rule stands in the way. Neither listener
// may see a connection and nothing may be dialed.
func TestGet_RefusesLoopbackFormsWithoutConnecting(t *testing.T) {
	hit := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("reached")) })
	srv4 := start4(t, hit)
	srv6 := startServer(t, "[::1]:0", hit)
	p4, n4 := srv4.port(t)
	p6, n6 := srv6.port(t)

	tests := []struct{ name, url string }{
		{"dotted loopback", "http://127.0.0.1:" + p4 + "/"},
		{"other loopback address", "http://127.0.0.2:" + p4 + "/"},
		{"localhost", "http://localhost:" + p4 + "/"},
		{"localhost upper-case", "http://LOCALHOST:" + p4 + "/"},
		{"localhost with trailing dot", "http://localhost.:" + p4 + "/"},
		{"subdomain of localhost", "http://app.localhost:" + p4 + "/"},
		{"IPv6 loopback", "http://[::1]:" + p6 + "/"},
		{"IPv4-mapped loopback", "http://[::ffff:127.0.0.1]:" + p4 + "/"},
		{"IPv4-mapped loopback in hex", "http://[::ffff:7f00:1]:" + p4 + "/"},
		{"decimal", "http://2130706433:" + p4 + "/"},
		{"hex", "http://0x7f000001:" + p4 + "/"},
		{"short form", "http://127.1:" + p4 + "/"},
		{"octal", "http://0177.0.0.1:" + p4 + "/"},
		{"trailing dot", "http://127.0.0.1.:" + p4 + "/"},
		{"percent-encoded host", "http://127.0.0.%31:" + p4 + "/"},
		{"public-looking name resolving to loopback", "http://news.example:" + p4 + "/"},
		{"name resolving to IPv6 loopback", "http://six.example:" + p6 + "/"},
		{"name resolving to mapped loopback", "http://mapped.example:" + p4 + "/"},
		{"name resolving to several refused addresses", "http://rebind.example:" + p4 + "/"},
		{"https to loopback", "https://127.0.0.1:" + p4 + "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dials dialLog
			c := New(Options{
				ExtraPorts: []int{n4, n6},
				PerHostGap: -1,
				DialHook:   dials.hook,
				Resolver: staticResolver(t, map[string][]netip.Addr{
					"news.example":   {loopback4},
					"six.example":    {netip.IPv6Loopback()},
					"mapped.example": {netip.MustParseAddr("::ffff:127.0.0.1")},
					"rebind.example": {loopback4, netip.IPv6Loopback(), netip.MustParseAddr("10.0.0.1")},
				}),
			})
			defer c.Close()
			res, err := c.Get(t.Context(), tt.url, Conditional{})
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("Get(%s) = %+v, %v; want ErrRefused", tt.url, res, err)
			}
			if got := dials.dialed(); len(got) != 0 {
				t.Fatalf("Get(%s) dialed %v; want nothing dialed", tt.url, got)
			}
			if n := srv4.conns.Load() + srv6.conns.Load(); n != 0 {
				t.Fatalf("Get(%s): listeners accepted %d connections; want 0", tt.url, n)
			}
		})
	}
}

// TestGet_RefusesPrivateRangesBeforeDialing proves the other refused ranges,
// as literals and as DNS answers, with a dial hook that must record nothing.
// No listener is needed: nothing may be dialed, and the hook would veto a
// non-loopback dial anyway.
func TestGet_RefusesPrivateRangesBeforeDialing(t *testing.T) {
	addrs := []struct{ name, host string }{
		{"unspecified IPv4", "0.0.0.0"},
		{"this network", "0.1.2.3"},
		{"private 10/8", "10.0.0.1"},
		{"private 172.16/12", "172.16.0.1"},
		{"private 192.168/16", "192.168.1.1"},
		{"CGNAT", "100.64.0.1"},
		{"cloud metadata", "169.254.169.254"},
		{"multicast", "224.0.0.1"},
		{"broadcast", "255.255.255.255"},
		{"reserved 240/4", "240.0.0.1"},
		{"documentation", "192.0.2.1"},
		{"benchmarking", "198.18.0.1"},
		{"unique local IPv6", "[fd00::1]"},
		{"link-local IPv6", "[fe80::1]"},
		{"unspecified IPv6", "[::]"},
		{"IPv6 multicast", "[ff02::1]"},
		{"IPv6 documentation", "[2001:db8::1]"},
		{"NAT64 loopback", "[64:ff9b::7f00:1]"},
		{"NAT64 metadata", "[64:ff9b::a9fe:a9fe]"},
		{"IPv4-mapped private", "[::ffff:10.0.0.1]"},
		{"IPv4-mapped metadata", "[::ffff:a9fe:a9fe]"},
		{"IPv4-compatible loopback", "[::127.0.0.1]"},
		{"6to4", "[2002:7f00:1::1]"},
		{"metadata as decimal", "2852039166"},
		{"private as hex", "0xa000001"},
	}
	for _, tt := range addrs {
		t.Run(tt.name, func(t *testing.T) {
			var dials dialLog
			c := New(Options{
				PerHostGap: -1,
				DialHook:   dials.hook,
				Resolver:   staticResolver(t, nil),
			})
			defer c.Close()
			for _, raw := range []string{"http://" + tt.host + "/latest/meta-data/", "https://" + tt.host + "/"} {
				res, err := c.Get(t.Context(), raw, Conditional{})
				if !errors.Is(err, ErrRefused) {
					t.Fatalf("Get(%s) = %+v, %v; want ErrRefused", raw, res, err)
				}
			}
			if got := dials.dialed(); len(got) != 0 {
				t.Fatalf("dialed %v; want nothing dialed", got)
			}
		})
		t.Run(tt.name+" from DNS", func(t *testing.T) {
			u, _, err := New(Options{}).checkURL(mustParse(t, "http://"+tt.host+"/"))
			if err != nil {
				t.Fatal(err)
			}
			addr := netip.MustParseAddr(u.Hostname())
			var dials dialLog
			c := New(Options{
				PerHostGap: -1,
				DialHook:   dials.hook,
				Resolver:   staticResolver(t, map[string][]netip.Addr{"cdn.example": {addr}}),
			})
			defer c.Close()
			res, err := c.Get(t.Context(), "http://cdn.example/", Conditional{})
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("Get via DNS answer %s = %+v, %v; want ErrRefused", addr, res, err)
			}
			if got := dials.dialed(); len(got) != 0 {
				t.Fatalf("dialed %v; want nothing dialed", got)
			}
		})
	}
}

// TestGet_RefusesRedirectsToRefusedTargets starts from a server the rule
// allows (AllowAddr names its exact address and port) that redirects to a
// refused target: the target listener must see no connection and only the
// first server may be dialed.
func TestGet_RefusesRedirectsToRefusedTargets(t *testing.T) {
	hit := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("reached")) })
	target := start4(t, hit)
	target6 := startServer(t, "[::1]:0", hit)
	pt, nt := target.port(t)
	p6, n6 := target6.port(t)

	var location string
	first := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, location, http.StatusFound)
	}))
	firstAP := first.addrPort(t)
	_, nf := first.port(t)

	tests := []struct{ name, location string }{
		{"loopback literal", "http://127.0.0.1:" + pt + "/"},
		{"loopback short form", "http://127.1:" + pt + "/"},
		{"loopback decimal", "http://2130706433:" + pt + "/"},
		{"IPv6 loopback", "http://[::1]:" + p6 + "/"},
		{"IPv4-mapped loopback", "http://[::ffff:127.0.0.1]:" + pt + "/"},
		{"localhost", "http://localhost:" + pt + "/"},
		{"name resolving to loopback", "http://news.example:" + pt + "/"},
		{"disallowed port", "http://news.example:" + pt + "1/"},
		{"credentials", "http://user:pw@127.0.0.1:" + pt + "/"},
		{"other scheme", "ftp://127.0.0.1:" + pt + "/"},
		{"metadata", "http://169.254.169.254/latest/meta-data/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			location = tt.location
			var dials dialLog
			c := New(Options{
				ExtraPorts: []int{nf, nt, n6},
				AllowAddr:  func(ap netip.AddrPort) bool { return ap == firstAP },
				PerHostGap: -1,
				DialHook:   dials.hook,
				Resolver:   staticResolver(t, map[string][]netip.Addr{"news.example": {loopback4}}),
			})
			defer c.Close()
			before := first.requests.Load()
			res, err := c.Get(t.Context(), first.URL+"/start", Conditional{})
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("Get redirected to %s = %+v, %v; want ErrRefused", tt.location, res, err)
			}
			if n := first.requests.Load() - before; n != 1 {
				t.Fatalf("first server saw %d requests; want 1 (it must be reachable)", n)
			}
			for _, a := range dials.dialed() {
				if a != firstAP.String() {
					t.Fatalf("dialed %s; want only the first server %s", a, firstAP)
				}
			}
			if n := target.conns.Load() + target6.conns.Load(); n != 0 {
				t.Fatalf("redirect targets accepted %d connections; want 0", n)
			}
		})
	}
}

// TestGet_DialsOnlyTheAllowedAddressesOfAName resolves one name to refused
// addresses and one allowed address: only the allowed one is dialed.
func TestGet_DialsOnlyTheAllowedAddressesOfAName(t *testing.T) {
	srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	ap := srv.addrPort(t)
	_, n := srv.port(t)
	var dials dialLog
	c := New(Options{
		ExtraPorts: []int{n},
		AllowAddr:  func(a netip.AddrPort) bool { return a == ap },
		PerHostGap: -1,
		DialHook:   dials.hook,
		Resolver: staticResolver(t, map[string][]netip.Addr{"mixed.example": {
			netip.MustParseAddr("169.254.169.254"), netip.MustParseAddr("10.0.0.1"), ap.Addr(),
		}}),
	})
	defer c.Close()
	res, err := c.Get(t.Context(), "http://mixed.example:"+strconv.Itoa(n)+"/", Conditional{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if string(res.Body) != "ok" || res.RemoteAddr != ap.String() {
		t.Fatalf("Get = body %q from %s; want ok from %s", res.Body, res.RemoteAddr, ap)
	}
	if got := dials.dialed(); len(got) != 1 || got[0] != ap.String() {
		t.Fatalf("dialed %v; want only %s", got, ap)
	}
}

func TestAddrAllowed_DecidesOnTheEmbeddedIPv4Address(t *testing.T) {
	c := New(Options{})
	tests := []struct {
		addr    string
		allowed bool
	}{
		{"8.8.8.8:443", true},
		{"93.184.216.34:80", true},
		{"[2606:4700::1111]:443", true},
		{"[::ffff:8.8.8.8]:80", true},
		{"[64:ff9b::808:808]:80", true},
		{"8.8.8.8:8080", false},
		{"127.0.0.1:80", false},
		{"[::ffff:127.0.0.1]:80", false},
		{"[64:ff9b::7f00:1]:80", false},
		{"[64:ff9b::a00:1]:443", false},
		{"100.127.255.255:443", false},
		{"169.254.169.254:80", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := c.addrAllowed(netip.MustParseAddrPort(tt.addr))
			if (err == nil) != tt.allowed {
				t.Fatalf("addrAllowed(%s) = %v; want allowed=%v", tt.addr, err, tt.allowed)
			}
		})
	}
}

// TestControl_RefusesAtSocketLevel checks the last line of defence, the
// net.Dialer.Control hook, on its own.
func TestControl_RefusesAtSocketLevel(t *testing.T) {
	c := New(Options{})
	for _, addr := range []string{"127.0.0.1:80", "[::1]:443", "10.0.0.1:80", "not-an-address"} {
		if err := c.control("tcp4", addr, nil); !errors.Is(err, ErrRefused) {
			t.Errorf("control(%s) = %v; want ErrRefused", addr, err)
		}
	}
	if err := c.control("tcp4", "8.8.8.8:443", nil); err != nil {
		t.Errorf("control(8.8.8.8:443) = %v; want allowed", err)
	}
}
