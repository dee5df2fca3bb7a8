package api

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// UserList lists every user, disabled ones included (admins only).
func (h *Handler) UserList(c echo.Context) error {
	users, err := h.Users.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, httpx.ListOf(users, func(u auth.User) User { return toAPIUser(&u) }))
}
