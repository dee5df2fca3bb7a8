package claims

import (
	"net/url"
	"testing"
)

// FuzzNormalizeURL checks NormalizeURL on arbitrary input: it never
// panics, what it returns is an absolute http(s) URL with a host, and
// normalising that again gives it back unchanged (so a source pasted in
// either form is found under one address). Seeds: testdata/fuzz/FuzzNormalizeURL.
func FuzzNormalizeURL(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		out, err := NormalizeURL(raw)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("NormalizeURL(%q) = %v; want an EINVALID error", raw, err)
			}
			return
		}
		u, err := url.Parse(out)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Fragment != "" {
			t.Fatalf("NormalizeURL(%q) = %q, which is not an absolute http(s) URL without credentials or fragment (%v)", raw, out, err)
		}
		again, err := NormalizeURL(out)
		if err != nil || again != out {
			t.Fatalf("NormalizeURL(%q) = %q, but normalising that gives %q, %v", raw, out, again, err)
		}
	})
}
