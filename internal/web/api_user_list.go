package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// apiUserList lists every user, disabled ones included (admins only).
func (s *Server) apiUserList(c echo.Context) error {
	users, err := s.auth.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	body := httpx.ListBody[apiUser]{Items: make([]apiUser, 0, len(users))}
	for i := range users {
		body.Items = append(body.Items, toAPIUser(&users[i]))
	}
	return httpx.WriteJSON(c, http.StatusOK, body)
}
