package app

import (
	"net"
	"slices"
	"testing"

	"github.com/claimtrack/claimtrack/internal/config"
)

func TestLoopbackOnly_OpenMetricsOnlyForALoopbackListener(t *testing.T) {
	for _, tt := range []struct {
		ip   string
		want bool
	}{{"127.0.0.1", true}, {"::1", true}, {"0.0.0.0", false}, {"::", false}, {"192.0.2.10", false}} {
		if got := loopbackOnly(&net.TCPAddr{IP: net.ParseIP(tt.ip), Port: 8080}); got != tt.want {
			t.Errorf("loopbackOnly(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func TestAuthOptions_SiteWordsNameTheOrganisationAndHost(t *testing.T) {
	opts := authOptions(config.Config{Organization: "Harbour Gazette", BaseURL: "https://claims.harbourgazette.example:8443", Addr: "0.0.0.0:8080"})
	for _, want := range []string{"Harbour Gazette", "claims.harbourgazette.example", "harbourgazette"} {
		if !slices.Contains(opts.SiteWords, want) {
			t.Errorf("SiteWords = %q, lack %q", opts.SiteWords, want)
		}
	}
}
