package api

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// UserList lists every user, disabled ones included (admins only).
func (h *Handler) UserList(c echo.Context) error {
	users, err := h.Users.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	body := httpx.ListBody[User]{Items: make([]User, 0, len(users))}
	for i := range users {
		body.Items = append(body.Items, toAPIUser(&users[i]))
	}
	return httpx.WriteJSON(c, http.StatusOK, body)
}
