package policy

import (
	"net/url"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// moved reports whether a check that asked for requested and ended at final
// found the page somewhere else, and whether that somewhere is the site's
// home page (a soft 404).
//
// Both URLs are compared in claims.NormalizeURL's form, and three rewrites
// that sites make to every page are not moves, because the article is still
// the same one: an upgrade from http to https, adding or dropping "www.",
// and adding or dropping a trailing slash. A downgrade to http, another
// host, path or query is a move.
func moved(requested, final string) (isMoved, softNotFound bool) {
	if final == "" || requested == "" || final == requested {
		return false, false
	}
	r, rerr := parseNormal(requested)
	f, ferr := parseNormal(final)
	if rerr != nil || ferr != nil {
		// Not comparable as URLs: only an identical string is the same page,
		// and that case returned above.
		return true, false
	}
	same := (r.Scheme == f.Scheme || (r.Scheme == "http" && f.Scheme == "https")) &&
		bareHost(r.Host) == bareHost(f.Host) &&
		trimSlash(r.Path) == trimSlash(f.Path) &&
		r.RawQuery == f.RawQuery
	if same {
		return false, false
	}
	return true, f.Path == "/" && r.Path != "/"
}

func parseNormal(raw string) (*url.URL, error) {
	n, err := claims.NormalizeURL(raw)
	if err != nil {
		return nil, err
	}
	return url.Parse(n)
}

// bareHost drops a leading "www." so that example.org and www.example.org
// compare equal. Default ports are already gone after normalisation.
func bareHost(h string) string { return strings.TrimPrefix(h, "www.") }

// trimSlash drops one trailing slash, keeping "/" itself.
func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}
