package httpx

import (
	"net/http"
	"net/url"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// RequireEditor lets through users who may edit; anonymous requests get 401
// (pages: a redirect to the login form), other users 403.
func RequireEditor(next echo.HandlerFunc) echo.HandlerFunc {
	return require(auth.ActionEdit, next)
}

// RequireAdmin lets through users who may manage users; anonymous requests
// get 401 (pages: a redirect to the login form), other users 403.
func RequireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return require(auth.ActionManageUsers, next)
}

func require(a auth.Action, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := CurrentUser(c)
		if u == nil {
			r := c.Request()
			if !IsAPI(r.URL.Path) && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
				return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
			}
			return claims.Errorf(claims.EUNAUTHORIZED, "sign in first")
		}
		if !auth.Can(u, a) {
			return claims.Errorf(claims.EFORBIDDEN, "your account may not do this")
		}
		return next(c)
	}
}
