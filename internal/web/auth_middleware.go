package web

import (
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// authenticate is the middleware every request passes after around: it
// refuses cross-site writes, then finds out who is asking. One closure for
// both, as echo v4 rebuilds the middleware chain on every request.
//
// Cross-site: state-changing requests that a browser marks as coming from
// another site (Sec-Fetch-Site, or a foreign Origin) get our usual 403,
// whatever the route. Requests without those headers (curl, API clients
// with tokens) pass: they carry no ambient cookie a page could abuse.
//
// Who is asking: an API token in "Authorization: Bearer"
// or a session cookie. Requests with neither header (every anonymous reader)
// pass straight through without touching the database, so cached pages stay
// cheap. An unknown or ended session just reads as anonymous (the cookie may
// be stale); an invalid bearer token is refused with 401, so that an API
// client learns its credentials are wrong instead of silently reading as
// nobody.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.csrf.Check(c.Request()); err != nil {
			return claims.Errorf(claims.EFORBIDDEN, "cross-site request refused")
		}
		h := c.Request().Header
		authz, cookies := h["Authorization"], h["Cookie"]
		// /metrics carries its own bearer token (CLAIMTRACK_METRICS_TOKEN),
		// which is not an account's API token.
		if s.auth == nil || (len(authz) == 0 && len(cookies) == 0) || c.Path() == metricsPath {
			return next(c)
		}
		if len(authz) > 0 {
			token, ok := bearerToken(authz[0])
			if !ok {
				return claims.Errorf(claims.EUNAUTHORIZED, "use \"Authorization: Bearer <token>\"")
			}
			u, err := s.auth.TokenUser(c.Request().Context(), token)
			if err != nil {
				return err
			}
			httpx.SetUser(c, u)
			return next(c)
		}
		ck, err := c.Request().Cookie(s.cookies.Name(httpx.SessionCookie))
		if err != nil || ck.Value == "" {
			return next(c)
		}
		u, sess, err := s.auth.SessionUser(c.Request().Context(), ck.Value)
		switch {
		case claims.ErrorCode(err) == claims.EUNAUTHORIZED:
			return next(c)
		case err != nil:
			return err
		}
		httpx.SetUser(c, u)
		httpx.SetSession(c, sess)
		return next(c)
	}
}

// bearerToken returns the token of an "Authorization: Bearer" value; the
// scheme is case-insensitive (RFC 9110 §11.1).
func bearerToken(v string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
