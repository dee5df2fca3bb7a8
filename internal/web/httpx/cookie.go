package httpx

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// SessionCookie names the cookie that carries a session token.
const SessionCookie = "claimtrack_session"

// HostPrefix starts the names of the cookies of a site served over https:
// browsers then accept the cookie only if it is Secure, for the path /,
// and set by this very host (no Domain), so that a sibling subdomain or a
// network attacker on plain http cannot plant or shadow it.
const HostPrefix = "__Host-"

// Cookies names and sets the site's cookies.
type Cookies struct {
	// Host (the base URL is https) names cookies __Host-….
	Host bool
	// Secure marks cookies Secure.
	Secure bool
}

// Name is the name of one of our cookies on this site: base, with
// HostPrefix when the base URL is https.
func (k Cookies) Name(base string) string {
	if k.Host {
		return HostPrefix + base
	}
	return base
}

// Set hands the browser a cookie: HttpOnly so no script can read it,
// SameSite=Lax so other sites' forms do not send it, Secure when the site
// is served over https. A negative maxAge deletes it.
func (k Cookies) Set(c echo.Context, base, value string, maxAge int) {
	c.SetCookie(&http.Cookie{
		Name: k.Name(base), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: k.Secure, SameSite: http.SameSiteLaxMode,
	})
}

// Value returns the cookie's value, "" without one.
func (k Cookies) Value(c echo.Context, base string) string {
	ck, err := c.Cookie(k.Name(base))
	if err != nil {
		return ""
	}
	return ck.Value
}

// DefaultAfterLogin is where a login without a (usable) next goes.
const DefaultAfterLogin = "/editor"

// LocalPath returns next when it is a path on this site, else the editor
// dashboard: a login link must not send anyone to another site.
func LocalPath(next string) string {
	// "//host" and "/\host" are read by browsers as other hosts.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t") {
		return DefaultAfterLogin
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return DefaultAfterLogin
	}
	return next
}
