package web

import (
	"net/http"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// Views and helpers shared by the subscription pages.

// followForm is the view of the follow-by-email form (parts_subscribe.html)
// on a story or claim page. It holds no per-reader data, so the pages it is
// on stay cacheable: CSRF for it is the cross-origin check, not a token.
type followForm struct {
	// StorySlug or ClaimID says what the form follows.
	StorySlug string
	ClaimID   int64
	Email     string
	Error     *formError
}

// IsClaim reports whether the form follows one claim.
func (f followForm) IsClaim() bool { return f.ClaimID != 0 }

// withFollow adds the follow form to a story page, and to each open claim
// a link to its own form, when alerts are on.
func (s *Server) withFollow(p *storyPage, slug string) {
	if s.alerts == nil {
		return
	}
	p.Follow = &followForm{StorySlug: slug}
	for i := range p.Unresolved {
		p.Unresolved[i].FollowURL = p.Unresolved[i].URL + "#follow"
	}
	for _, g := range p.UnresolvedGroups {
		for i := range g.Cards {
			g.Cards[i].FollowURL = g.Cards[i].URL + "#follow"
		}
	}
}

// followClaim returns the follow form of a claim page: nil when alerts are
// off or the claim is withdrawn (nothing more will happen to it).
func (s *Server) followClaim(id int64, withdrawn bool) *followForm {
	if s.alerts == nil || withdrawn {
		return nil
	}
	return &followForm{ClaimID: id}
}

// subscriptionSentPage answers the follow form: the same "check your mail"
// whatever the address's state, or the form again with what went wrong.
type subscriptionSentPage struct {
	Meta  meta
	Email string
	// BackURL is the story or claim page the reader came from.
	BackURL string
	Form    *followForm
}

// subscriptionConfirmPage is the view of a confirmation link: the button
// (Ask), the result (Done), or a link that no longer works (Expired).
type subscriptionConfirmPage struct {
	Meta      meta
	Token     string
	Target    targetView
	ManageURL string
	Done      bool
	Expired   bool
	Message   string
}

// subscriptionManagePage lists what an address follows.
type subscriptionManagePage struct {
	Meta      meta
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
	Target      targetView
	Status      string
	StatusLabel string
	Since       string
	// Endable: active and pending subscriptions get an End button.
	Endable bool
}

// unsubscribePage is the view of a one-click unsubscribe link.
type unsubscribePage struct {
	Meta      meta
	Token     string
	Email     string
	Target    targetView
	ManageURL string
	// Ended: the subscription is ended (now or before); Done: by this POST.
	Ended   bool
	Done    bool
	Invalid bool
	Message string
}

// targetView names a followed story or claim with a link to it.
type targetView = view.Target

func newTargetView(t alerts.Target) targetView { return view.NewTarget(t) }

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
		rows = append(rows, followedRow{ID: f.SubscriptionID, Target: newTargetView(f.Target), Status: f.Status,
			StatusLabel: label, Since: longDate(f.Since), Endable: f.Status == "active" || f.Status == "pending"})
	}
	return rows
}

func confirmPath(token string) string { return "/subscriptions/confirm/" + token }
func managePath(token string) string  { return "/subscriptions/manage/" + token }

func manageEndPath(token string, id int64) string {
	return managePath(token) + "/end/" + strconv.FormatInt(id, 10)
}

// hdrNoReferrer keeps the address of a token page from the sites its links
// lead to.
var hdrNoReferrer = []string{"no-referrer"}

// renderTokenPage renders a page reached through a token link, or one
// showing a reader's address: no cache keeps it, and no link followed from
// it tells another site where it came from.
func (s *Server) renderTokenPage(c echo.Context, status int, name string, data any) error {
	return s.renderWith(c, status, name, data, httpx.HdrPrivate, hdrNoReferrer)
}

// alertsOff answers the subscription routes when alerts are not enabled.
func (s *Server) alertsOff() error {
	return echo.NewHTTPError(http.StatusNotFound)
}

// linkRefused reports whether err is the service's answer to a token that
// is unknown, used or expired (EINVALID on field "token"), with its message.
func linkRefused(err error) (string, bool) {
	status, ce := httpx.ErrorStatus(err)
	if status >= 500 || ce.Fields["token"] == "" {
		return "", false
	}
	return ce.Message, true
}
