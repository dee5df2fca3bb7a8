package web

import (
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// hdrHSTS tells browsers to reach the site over https alone for two years,
// sent when the base URL is https (RFC 6797); subdomains are not ours to
// bind.
var hdrHSTS = []string{"max-age=63072000"}

// around is the one middleware every request passes through: it assigns the
// request id, recovers from panics, turns a returned error into its response
// (so the logged status is final) and writes the access log. echo v4
// re-applies middleware on every request, so one closure instead of three
// keeps the cached-page path cheap.
func (s *Server) around(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		s.ids.Assign(c)
		s.flight.add(c, start)
		defer s.flight.done(c.Request())
		if s.hostCookies {
			c.Response().Header()["Strict-Transport-Security"] = hdrHSTS
		}
		if err := httpx.Recover(s.log, next, c); err != nil {
			c.Error(err)
		}
		took := time.Since(start)
		if s.accessLog {
			s.logAccess(c, start, took)
		}
		s.metrics.HTTP(c.Path(), c.Request().Method, c.Response().Status, took)
		return nil
	}
}

// Accounts and email alerts are optional: a server built without them
// answers their routes 404, checked here once rather than in each handler.

// withAccounts guards the routes that need accounts.
func (s *Server) withAccounts(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.auth == nil {
			return claims.Errorf(claims.ENOTFOUND, "accounts are not enabled")
		}
		return next(c)
	}
}

// withAlerts guards the routes of email alerts.
func (s *Server) withAlerts(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.alerts == nil {
			return s.alertsOff()
		}
		return next(c)
	}
}

// alertsOff answers the subscription routes when alerts are not enabled.
func (s *Server) alertsOff() error {
	return echo.NewHTTPError(http.StatusNotFound)
}
