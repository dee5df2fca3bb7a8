package web

import (
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// setSessionCookie hands the browser its session token, for as long as a
// session lives.
func (s *Server) setSessionCookie(c echo.Context, token string) {
	s.cookies.Set(c, httpx.SessionCookie, token, int(s.auth.SessionTTL().Seconds()))
}

// clearSessionCookie tells the browser to forget its session cookie.
func (s *Server) clearSessionCookie(c echo.Context) { s.cookies.Set(c, httpx.SessionCookie, "", -1) }

// sessionToken returns the session cookie's value, "" without one.
func (s *Server) sessionToken(c echo.Context) string { return s.cookies.Value(c, httpx.SessionCookie) }
