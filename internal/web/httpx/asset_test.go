package httpx

import "testing"

func TestAcceptsGzip(t *testing.T) {
	cases := map[string]bool{
		"":                    false,
		"gzip":                true,
		"deflate, gzip, br":   true,
		"GZIP;q=0.5":          true,
		"gzip;q=0":            false,
		"gzip; q=0.000":       false,
		"br, *":               true,
		"identity":            false,
		"x-gzip-not, deflate": false,
	}
	for header, want := range cases {
		var values []string
		if header != "" {
			values = []string{header}
		}
		if got := acceptsGzip(values); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
