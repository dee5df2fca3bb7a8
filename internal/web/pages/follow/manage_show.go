package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// manageFlashes are the messages the manage page shows after a redirect.
var manageFlashes = map[string]string{
	"ended": "That subscription is ended: it sends no more mail.",
}

// ManageShow lists everything an address follows, with a
// button to end each subscription and one to delete the address.
func (s *Handler) ManageShow(c echo.Context) error {
	return httpx.ByToken(c, s.Alerts.Manage, s.manageLinkRefused, func(token string, mb *alerts.Mailbox) error {
		p := subscriptionManagePage{Meta: s.Meta("Your email alerts", "", ""), Token: token, Email: mb.Email,
			Following: newFollowedRows(mb.Following), Flash: manageFlashes[c.QueryParam("done")]}
		return s.renderTokenPage(c, http.StatusOK, "subscription_manage", p)
	})
}
