package api

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

// UserCreate creates a user (admins only): 201 with the user.
func (h *Handler) UserCreate(c echo.Context) error {
	var in NewUser
	r := c.Request()
	if err := json.NewDecoder(http.MaxBytesReader(c.Response(), r.Body, maxUserBody)).Decode(&in); err != nil {
		return httpx.Malformed("body", "the body must be a JSON object with email, name, role and password")
	}
	u, err := h.Users.CreateUser(r.Context(), in.Email, in.Name, auth.Role(in.Role), in.Password)
	if err != nil {
		return err
	}
	httpx.Logger(h.Log, c).Info("user created", slog.Int64("user_id", u.ID), slog.String("role", string(u.Role)),
		slog.Int64("by", httpx.CurrentUser(c).ID))
	return httpx.WriteJSON(c, http.StatusCreated, toAPIUser(u))
}
