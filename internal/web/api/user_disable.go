package api

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// UserDisable disables a user and ends their sessions (admins only):
// 200 with the user as it now stands.
func (h *Handler) UserDisable(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := h.Users.DisableUser(ctx, id); err != nil {
		return err
	}
	httpx.Logger(h.Log, c).Info("user disabled", slog.Int64("user_id", id), slog.Int64("by", httpx.CurrentUser(c).ID))
	u, err := h.Users.UserByID(ctx, id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, toAPIUser(u))
}
