package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

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
