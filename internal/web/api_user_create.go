package web

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// maxUserBody bounds a user-creation body: four short fields.
const maxUserBody = 16 << 10

// apiUserCreate creates a user (admins only): 201 with the user.
func (s *Server) apiUserCreate(c echo.Context) error {
	var in apiNewUser
	r := c.Request()
	if err := json.NewDecoder(http.MaxBytesReader(c.Response(), r.Body, maxUserBody)).Decode(&in); err != nil {
		return httpx.Malformed("body", "the body must be a JSON object with email, name, role and password")
	}
	u, err := s.auth.CreateUser(r.Context(), in.Email, in.Name, auth.Role(in.Role), in.Password)
	if err != nil {
		return err
	}
	s.logger(c).Info("user created", slog.Int64("user_id", u.ID), slog.String("role", string(u.Role)),
		slog.Int64("by", httpx.CurrentUser(c).ID))
	return httpx.WriteJSON(c, http.StatusCreated, toAPIUser(u))
}
