package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// hostPrefix starts the names of the cookies of a site served over https:
// browsers then accept the cookie only if it is Secure, for the path /,
// and set by this very host (no Domain), so that a sibling subdomain or a
// network attacker on plain http cannot plant or shadow it.
const hostPrefix = "__Host-"

// cookieName is the name of one of our cookies on this site: base, with
// hostPrefix when the base URL is https.
func (s *Server) cookieName(base string) string {
	if s.hostCookies {
		return hostPrefix + base
	}
	return base
}

// setSessionCookie hands the browser its session token: HttpOnly so no
// script can read it, SameSite=Lax so other sites' forms do not send it,
// Secure when the site is served over https.
func (s *Server) setSessionCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{
		Name:     s.cookieName(sessionCookie),
		Value:    token,
		Path:     "/",
		MaxAge:   int(s.auth.SessionTTL().Seconds()),
		HttpOnly: true,
		Secure:   s.secureCookies,
		SameSite: http.SameSiteLaxMode,
	})
}

// clearSessionCookie tells the browser to forget its session cookie.
func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{
		Name: s.cookieName(sessionCookie), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// sessionToken returns the session cookie's value, "" without one.
func (s *Server) sessionToken(c echo.Context) string {
	ck, err := c.Cookie(s.cookieName(sessionCookie))
	if err != nil {
		return ""
	}
	return ck.Value
}

// defaultAfterLogin is where a login without a (usable) next goes.
const defaultAfterLogin = "/editor"

// localPath returns next when it is a path on this site, else the editor
// dashboard: a login link must not send anyone to another site.
func localPath(next string) string {
	// "//host" and "/\host" are read by browsers as other hosts.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t") {
		return defaultAfterLogin
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return defaultAfterLogin
	}
	return next
}
