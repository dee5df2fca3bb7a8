package fetch

import (
	"errors"
	"net/url"
	"testing"
)

func TestNormalizeHost_ParsesHostsLikeBrowsers(t *testing.T) {
	tests := []struct {
		name      string
		host      string
		bracketed bool
		want      string
		wantIP    bool
		wantErr   bool
	}{
		{name: "dotted decimal", host: "127.0.0.1", want: "127.0.0.1", wantIP: true},
		{name: "two parts", host: "127.1", want: "127.0.0.1", wantIP: true},
		{name: "three parts", host: "10.1.2", want: "10.1.0.2", wantIP: true},
		{name: "one decimal number", host: "2130706433", want: "127.0.0.1", wantIP: true},
		{name: "one hex number", host: "0x7f000001", want: "127.0.0.1", wantIP: true},
		{name: "upper-case hex", host: "0X7F000001", want: "127.0.0.1", wantIP: true},
		{name: "one octal number", host: "017700000001", want: "127.0.0.1", wantIP: true},
		{name: "octal first part", host: "0177.0.0.1", want: "127.0.0.1", wantIP: true},
		{name: "hex parts", host: "0x7f.0x0.0x0.0x1", want: "127.0.0.1", wantIP: true},
		{name: "empty hex part is zero", host: "0x", want: "0.0.0.0", wantIP: true},
		{name: "trailing dot", host: "127.0.0.1.", want: "127.0.0.1", wantIP: true},
		{name: "metadata as decimal", host: "2852039166", want: "169.254.169.254", wantIP: true},
		{name: "domain lower-cased", host: "News.Example.COM", want: "news.example.com"},
		{name: "domain ending in hex-looking label", host: "cafe.1e", want: "cafe.1e"},
		{name: "international domain", host: "bücher.example", want: "xn--bcher-kva.example"},
		{name: "bracketed IPv6", host: "::1", bracketed: true, want: "::1", wantIP: true},
		{name: "bracketed IPv4-mapped", host: "::ffff:7f00:1", bracketed: true, want: "::ffff:127.0.0.1", wantIP: true},
		{name: "five parts", host: "1.2.3.4.5", wantErr: true},
		{name: "part over 255", host: "256.0.0.1", wantErr: true},
		{name: "last part too large", host: "1.2.65536", wantErr: true},
		{name: "number over 32 bits", host: "0x100000000", wantErr: true},
		{name: "bad octal digit", host: "1.2.3.09", wantErr: true},
		{name: "bad hex digit in non-last part", host: "0xg.1", wantErr: true},
		{name: "empty part", host: "1..1", wantErr: true},
		{name: "IPv6 zone", host: "fe80::1%eth0", bracketed: true, wantErr: true},
		{name: "IPv4 in brackets", host: "127.0.0.1", bracketed: true, wantErr: true},
		{name: "forbidden character", host: "a<b", wantErr: true},
		{name: "empty", host: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, addr, err := normalizeHost(tt.host, tt.bracketed)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("normalizeHost(%q) = %q, want an error", tt.host, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("normalizeHost(%q): %v", tt.host, err)
			}
			if got != tt.want || addr.IsValid() != tt.wantIP {
				t.Fatalf("normalizeHost(%q) = %q (ip %v), want %q (ip %v)", tt.host, got, addr.IsValid(), tt.want, tt.wantIP)
			}
		})
	}
}

func TestCheckURL_AppliesSchemeCredentialAndPortRules(t *testing.T) {
	c := New(Options{ExtraPorts: []int{8443}})
	tests := []struct {
		name    string
		raw     string
		want    string // the URL to request; empty when refused
		wantKey string
	}{
		{name: "plain http", raw: "http://Example.com/a?b=c", want: "http://example.com/a?b=c", wantKey: "example.com"},
		{name: "https on an extra port", raw: "https://example.com:8443/", want: "https://example.com:8443/", wantKey: "example.com:8443"},
		{name: "explicit default port", raw: "http://example.com:80/", want: "http://example.com:80/", wantKey: "example.com"},
		{name: "numeric host rewritten", raw: "http://2130706433/x", want: "http://127.0.0.1/x", wantKey: "127.0.0.1"},
		{name: "short host rewritten", raw: "https://127.1/", want: "https://127.0.0.1/", wantKey: "127.0.0.1"},
		{name: "trailing dot shares the host key", raw: "http://example.com./", want: "http://example.com./", wantKey: "example.com"},
		{name: "ftp", raw: "ftp://example.com/"},
		{name: "file", raw: "file:///etc/passwd"},
		{name: "javascript", raw: "javascript:alert(1)"},
		{name: "gopher", raw: "gopher://example.com:70/"},
		{name: "user and password", raw: "http://user:pw@example.com/"},
		{name: "user only", raw: "https://user@example.com/"},
		{name: "port not allowed", raw: "http://example.com:8080/"},
		{name: "ssh port", raw: "http://example.com:22/"},
		{name: "port zero", raw: "http://example.com:0/"},
		{name: "port out of range", raw: "http://example.com:70000/"},
		{name: "no host", raw: "http:///path"},
		{name: "invalid IPv4", raw: "http://1.2.3.4.5/"},
		{name: "opaque", raw: "http:example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.raw)
			if err != nil {
				t.Fatalf("url.Parse(%q): %v", tt.raw, err)
			}
			got, key, err := c.checkURL(u)
			if tt.want == "" {
				if !errors.Is(err, ErrRefused) {
					t.Fatalf("checkURL(%q) = %v, %v; want ErrRefused", tt.raw, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("checkURL(%q): %v", tt.raw, err)
			}
			if got.String() != tt.want || key != tt.wantKey {
				t.Fatalf("checkURL(%q) = %q key %q, want %q key %q", tt.raw, got, key, tt.want, tt.wantKey)
			}
		})
	}
}
