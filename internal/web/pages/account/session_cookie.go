package account

import (
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// setSessionCookie hands the browser its session token, for as long as a
// session lives.
func (s *Handler) setSessionCookie(c echo.Context, token string) {
	s.Cookies.Set(c, httpx.SessionCookie, token, int(s.Auth.SessionTTL().Seconds()))
}

// clearSessionCookie tells the browser to forget its session cookie.
func (s *Handler) clearSessionCookie(c echo.Context) { s.Cookies.Set(c, httpx.SessionCookie, "", -1) }

// sessionToken returns the session cookie's value, "" without one.
func (s *Handler) sessionToken(c echo.Context) string { return s.Cookies.Value(c, httpx.SessionCookie) }
