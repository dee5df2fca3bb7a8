package config

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestParse_TrustedProxiesAcceptsAddressesAndRanges(t *testing.T) {
	c, err := Parse(nil, envOf(map[string]string{"CLAIMTRACK_TRUSTED_PROXIES": " 10.0.0.0/8, 192.168.1.7 ,::1, 172.16.5.9/12"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32"),
		netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("172.16.0.0/12"),
	}
	if !reflect.DeepEqual(c.TrustedProxies, want) {
		t.Errorf("trusted proxies = %v, want %v", c.TrustedProxies, want)
	}
}

func TestParse_RefusesBadAuthSettings(t *testing.T) {
	tests := []struct {
		name, env, value, wantInError string
	}{
		{"a host name as proxy", "CLAIMTRACK_TRUSTED_PROXIES", "10.0.0.1,proxy.internal", "proxy.internal"},
		{"a bad range", "CLAIMTRACK_TRUSTED_PROXIES", "10.0.0.0/33", "10.0.0.0/33"},
		{"a display name in the admin email", "CLAIMTRACK_ADMIN_EMAIL", "Ann <ann@example.org>", "bare email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(nil, envOf(map[string]string{tt.env: tt.value}))
			if err == nil || !strings.Contains(err.Error(), tt.env) || !strings.Contains(err.Error(), tt.wantInError) {
				t.Errorf("error = %v, want one naming %s and %q", err, tt.env, tt.wantInError)
			}
		})
	}
}
