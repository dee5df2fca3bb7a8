package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// subscriptionSentPage answers the follow form: the same "check your mail"
// whatever the address's state, or the form again with what went wrong.
type subscriptionSentPage struct {
	Meta  view.Meta
	Email string
	// BackURL is the story or claim page the reader came from.
	BackURL string
	Form    *view.FollowForm
}

// subscriptionConfirmPage is the view of a confirmation link: the button
// (Ask), the result (Done), or a link that no longer works (Expired).
type subscriptionConfirmPage struct {
	Meta      view.Meta
	Token     string
	Target    view.Target
	ManageURL string
	Done      bool
	Expired   bool
	Message   string
}

// subscriptionManagePage lists what an address follows.
type subscriptionManagePage struct {
	Meta      view.Meta
	Token     string
	Email     string
	Following []followedRow
	Flash     string
	Deleted   bool
	Expired   bool
	Message   string
}

type followedRow struct {
	ID          int64
	Target      view.Target
	Status      string
	StatusLabel string
	Since       string
	// Endable: active and pending subscriptions get an End button.
	Endable bool
}

// unsubscribePage is the view of a one-click unsubscribe link.
type unsubscribePage struct {
	Meta      view.Meta
	Token     string
	Email     string
	Target    view.Target
	ManageURL string
	// Ended: the subscription is ended (now or before); Done: by this POST.
	Ended   bool
	Done    bool
	Invalid bool
	Message string
}

var followStatusLabels = map[string]string{
	"active":   "Active",
	"pending":  "Waiting for you to confirm",
	"ended":    "Ended",
	"disabled": "Stopped: mail to this address kept failing",
}

func newFollowedRows(list []alerts.Followed) []followedRow {
	rows := make([]followedRow, 0, len(list))
	for _, f := range list {
		label, ok := followStatusLabels[f.Status]
		if !ok {
			label = f.Status
		}
		rows = append(rows, followedRow{ID: f.SubscriptionID, Target: view.NewTarget(f.Target), Status: f.Status,
			StatusLabel: label, Since: view.LongDate(f.Since), Endable: f.Status == "active" || f.Status == "pending"})
	}
	return rows
}

// hdrNoReferrer keeps the address of a token page from the sites its links
// lead to.
var hdrNoReferrer = []string{"no-referrer"}

// renderTokenPage renders a page reached through a token link, or one
// showing a reader's address: no cache keeps it, and no link followed from
// it tells another site where it came from.
func (s *Handler) renderTokenPage(c echo.Context, status int, name string, data any) error {
	return s.RenderWith(c, status, name, data, httpx.HdrPrivate, hdrNoReferrer)
}

// linkGone answers the service's refusal of a token that is unknown, used
// or expired (EINVALID on field "token") with name's page saying so, built
// by page with the service's message (410). Other errors go to the error
// page.
func (s *Handler) linkGone(c echo.Context, err error, name string, page func(m view.Meta, msg string) any) error {
	status, ce := httpx.ErrorStatus(err)
	if status >= 500 || ce.Fields["token"] == "" {
		return err
	}
	return s.renderTokenPage(c, http.StatusGone, name, page(s.Meta("This link no longer works", "", ""), ce.Message))
}

// newUnsubscribePage shows what u ends; done says this request ended it.
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

// confirmLinkRefused shows the page for a confirmation link that is
// unknown, used or expired (410), with the way to subscribe again; other
// errors go to the error page.
func (s *Handler) confirmLinkRefused(c echo.Context, err error) error {
	return s.linkGone(c, err, "subscription_confirm", func(m view.Meta, msg string) any {
		return subscriptionConfirmPage{Meta: m, Expired: true, Message: msg}
	})
}

// manageLinkRefused shows the page for an unknown manage link (410): the
// address may have been deleted.
func (s *Handler) manageLinkRefused(c echo.Context, err error) error {
	return s.linkGone(c, err, "subscription_manage", func(m view.Meta, msg string) any {
		return subscriptionManagePage{Meta: m, Expired: true, Message: msg}
	})
}
