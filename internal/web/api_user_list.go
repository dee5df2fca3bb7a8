package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiUserList lists every user, disabled ones included (admins only).
func (s *Server) apiUserList(c echo.Context) error {
	users, err := s.auth.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	body := listBody[apiUser]{Items: make([]apiUser, 0, len(users))}
	for i := range users {
		body.Items = append(body.Items, toAPIUser(&users[i]))
	}
	return writeJSON(c, http.StatusOK, body)
}
