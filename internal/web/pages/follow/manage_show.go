package follow

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// manageFlashes are the messages the manage page shows after a redirect.
var manageFlashes = map[string]string{
	"ended": "That subscription is ended: it sends no more mail.",
}

// ManageShow lists everything an address follows, with a
// button to end each subscription and one to delete the address.
func (s *Handler) ManageShow(c echo.Context) error {
	token := c.Param("token")
	mb, err := s.Alerts.Manage(c.Request().Context(), token)
	if err != nil {
		return s.manageLinkRefused(c, err)
	}
	p := subscriptionManagePage{Meta: s.Meta("Your email alerts", "", ""), Token: token, Email: mb.Email,
		Following: newFollowedRows(mb.Following), Flash: manageFlashes[c.QueryParam("done")]}
	return s.renderTokenPage(c, http.StatusOK, "subscription_manage", p)
}

// manageLinkRefused shows the page for an unknown manage link (410): the
// address may have been deleted.
func (s *Handler) manageLinkRefused(c echo.Context, err error) error {
	msg, ok := linkRefused(err)
	if !ok {
		return err
	}
	p := subscriptionManagePage{Meta: s.Meta("This link no longer works", "", ""), Expired: true, Message: msg}
	return s.renderTokenPage(c, http.StatusGone, "subscription_manage", p)
}
