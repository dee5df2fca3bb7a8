package claims

import "testing"

func TestGuessOutletKind(t *testing.T) {
	tests := []struct {
		host  string
		hints OutletHints
		want  OutletKind
	}{
		{"apnews.com", OutletHints{}, OutletWire},
		{"www.reuters.com", OutletHints{}, OutletWire},
		{"WWW.AFP.COM.", OutletHints{}, OutletWire},
		{"www.dpa.com:443", OutletHints{}, OutletWire},
		{"www.whitehouse.gov", OutletHints{}, OutletOfficial},
		{"www.gov.uk", OutletHints{}, OutletOfficial},
		{"www.interieur.gouv.fr", OutletHints{}, OutletOfficial},
		{"ec.europa.eu", OutletHints{}, OutletOfficial},
		{"www.army.mil", OutletHints{}, OutletOfficial},
		{"www.who.int", OutletHints{}, OutletOfficial},
		{"www.mhlw.go.jp", OutletHints{}, OutletOfficial},
		{"www.gob.mx", OutletHints{}, OutletOfficial},
		{"x.com", OutletHints{}, OutletSocial},
		{"mobile.twitter.com", OutletHints{}, OutletSocial},
		{"m.facebook.com", OutletHints{}, OutletSocial},
		{"www.instagram.com", OutletHints{}, OutletSocial},
		{"www.tiktok.com", OutletHints{}, OutletSocial},
		{"youtu.be", OutletHints{}, OutletSocial},
		{"t.me", OutletHints{}, OutletSocial},
		{"bsky.app", OutletHints{}, OutletSocial},
		{"www.documentcloud.org", OutletHints{}, OutletPrimary},
		{"www.courtlistener.com", OutletHints{}, OutletPrimary},
		{"www.harbourgazette.example", OutletHints{}, OutletIndependent},
		{"web.archive.org", OutletHints{}, OutletIndependent},
		// Look-alikes are not the real thing.
		{"notreuters.com", OutletHints{}, OutletIndependent},
		{"x.com.evil.example", OutletHints{}, OutletIndependent},
		{"abc.go.com", OutletHints{}, OutletIndependent},
		{"gov.example.com", OutletHints{}, OutletIndependent},
		// A publisher declaring itself a government, on a domain we do not
		// know; the host lists win over the hint.
		{"www.city-of-harbour.example", OutletHints{PublisherType: "GovernmentOrganization"}, OutletOfficial},
		{"www.reuters.com", OutletHints{PublisherType: "GovernmentOrganization"}, OutletWire},
		{"", OutletHints{}, OutletIndependent},
		{"[2001:db8::1]:8443", OutletHints{}, OutletIndependent},
	}
	for _, tt := range tests {
		if got := GuessOutletKind(tt.host, tt.hints); got != tt.want {
			t.Errorf("GuessOutletKind(%q, %+v) = %q, want %q", tt.host, tt.hints, got, tt.want)
		}
	}
}
