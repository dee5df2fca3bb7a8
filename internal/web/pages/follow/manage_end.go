package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// ManageEnd ends one of the address's subscriptions and goes
// back to the manage page (PRG).
func (s *Handler) ManageEnd(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	token := c.Param("token")
	if err := s.Alerts.EndFromManage(c.Request().Context(), token, id); err != nil {
		return s.manageLinkRefused(c, err)
	}
	return c.Redirect(http.StatusSeeOther, site.ManagePath(token)+"?done=ended")
}
