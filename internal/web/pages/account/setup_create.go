package account

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// SetupCreate creates the first admin with the one-time link, signs them in
// and opens the editor.
func (s *Handler) SetupCreate(c echo.Context) error {
	if err := s.setupOpen(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	email, name, password := c.FormValue("email"), c.FormValue("name"), c.FormValue("password")
	u, err := s.Auth.CompleteSetup(ctx, c.Param("token"), email, name, password)
	if err != nil {
		status, ce := httpx.ErrorStatus(err)
		if status >= 500 || status == http.StatusForbidden {
			return err
		}
		p := setupPage{Meta: s.Meta("Set up claimtrack", "", ""), Token: c.Param("token"), Email: email, Name: name,
			Error: &view.FormError{Message: ce.Message, Fields: ce.Fields}}
		return s.RenderPage(c, status, "setup", p)
	}
	s.Logger(c).Info("first admin created", slog.Int64("user_id", u.ID))
	sess, _, err := s.Auth.Login(ctx, u.Email, password, s.clientGroup(c.Request()))
	if err != nil {
		return err
	}
	s.setSessionCookie(c, sess.Token)
	return c.Redirect(http.StatusSeeOther, httpx.DefaultAfterLogin)
}
