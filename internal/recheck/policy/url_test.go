package policy

import "testing"

func TestMoved_IgnoresSiteWideRewritesAndSpotsHomePageRedirects(t *testing.T) {
	const req = "http://example.org/news/a-story?id=7"
	tests := []struct {
		name, requested, final string
		moved, soft404         bool
	}{
		{"no final URL", req, "", false, false},
		{"identical", req, req, false, false},
		{"upgrade to https", req, "https://example.org/news/a-story?id=7", false, false},
		{"www added", req, "http://www.example.org/news/a-story?id=7", false, false},
		{"www dropped", "https://www.example.org/a", "https://example.org/a", false, false},
		{"trailing slash added", req, "https://example.org/news/a-story/?id=7", false, false},
		{"default port and fragment", req, "http://EXAMPLE.org:80/news/a-story?id=7#top", false, false},
		{"tracking parameters added", req, "http://example.org/news/a-story?id=7&utm_source=x", false, false},
		{"downgrade to http", "https://example.org/a", "http://example.org/a", true, false},
		{"another path", req, "http://example.org/news/b-story?id=7", true, false},
		{"another query", req, "http://example.org/news/a-story?id=8", true, false},
		{"another host", req, "http://example.net/news/a-story?id=7", true, false},
		{"another subdomain", req, "http://m.example.org/news/a-story?id=7", true, false},
		{"home page", req, "https://example.org/", true, true},
		{"home page with a query", req, "https://www.example.org/?from=404", true, true},
		{"home page of another site", req, "https://example.net", true, true},
		{"home page asked for is not a soft 404", "https://example.org/", "https://example.org/en/", true, false},
		{"unparsable final URL", req, "ftp://example.org/x", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, s := moved(tt.requested, tt.final)
			if m != tt.moved || s != tt.soft404 {
				t.Errorf("moved(%q, %q) = %v, %v; want %v, %v", tt.requested, tt.final, m, s, tt.moved, tt.soft404)
			}
		})
	}
}
