package account

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// PasswordResetShow shows the form that sets a new password with a reset
// link, or a page saying the link no longer works. Looking does not use
// the link up: mail scanners open links before people do.
func (s *Handler) PasswordResetShow(c echo.Context) error {
	return httpx.ByToken(c, s.Auth.CheckPasswordReset, s.resetLinkRefused, func(token string, u *auth.User) error {
		return s.RenderEditor(c, http.StatusOK, "password_reset", s.resetPage(token, u.Email, nil))
	})
}

// resetLinkRefused shows the page for a reset link that no longer works,
// with a way to ask for another; other errors go to the error page.
func (s *Handler) resetLinkRefused(c echo.Context, err error) error {
	status, ce := httpx.ErrorStatus(err)
	if status >= 500 || ce.Fields["token"] == "" {
		return err
	}
	p := passwordResetPage{Meta: s.Meta("This link no longer works", "", ""), Expired: true,
		Error: &view.FormError{Message: ce.Message}}
	return s.RenderEditor(c, http.StatusGone, "password_reset", p)
}

// resetPage is the form that sets a new password with the link's token,
// showing ferr after a refused try.
func (s *Handler) resetPage(token, email string, ferr *view.FormError) passwordResetPage {
	return passwordResetPage{Meta: s.Meta("Choose a new password", "", ""), Token: token, Email: email, Error: ferr}
}
