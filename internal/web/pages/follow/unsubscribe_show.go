package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// UnsubscribeShow shows what an unsubscribe link ends, with a button;
// opening it changes nothing, as mail scanners open links.
func (s *Handler) UnsubscribeShow(c echo.Context) error {
	token := c.Param("token")
	u, err := s.Alerts.UnsubscribeInfo(c.Request().Context(), token)
	if err != nil {
		return s.unsubscribeRefused(c, err)
	}
	title := "Unsubscribe"
	if u.Ended {
		title = "You're unsubscribed"
	}
	return s.renderTokenPage(c, http.StatusOK, "unsubscribe", newUnsubscribePage(s.Meta(title, "", ""), token, u, false))
}

func newUnsubscribePage(m view.Meta, token string, u *alerts.Unsubscription, done bool) unsubscribePage {
	p := unsubscribePage{Meta: m, Token: token, Email: u.Email, Target: view.NewTarget(u.Target), Ended: u.Ended, Done: done}
	if u.ManageToken != "" {
		p.ManageURL = site.ManagePath(u.ManageToken)
	}
	return p
}

// unsubscribeRefused shows the page for an unknown unsubscribe link (404);
// other errors go to the error page.
func (s *Handler) unsubscribeRefused(c echo.Context, err error) error {
	if !claims.IsNotFound(err) {
		return err
	}
	p := unsubscribePage{Meta: s.Meta("This link is not valid", "", ""), Invalid: true, Message: claims.ErrorMessage(err)}
	return s.renderTokenPage(c, http.StatusNotFound, "unsubscribe", p)
}
