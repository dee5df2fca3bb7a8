package follow

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// SubscriptionCreate handles the follow form of a story or claim page:
// "check your mail" whatever the address's state; bad input (422) and too
// many requests (429) get the form again with the typed address kept.
func (s *Handler) SubscriptionCreate(c echo.Context) error {
	form := view.FollowForm{Email: c.FormValue("email"), StorySlug: strings.TrimSpace(c.FormValue("story_slug"))}
	back := "/"
	if claims.ValidSlug(form.StorySlug) {
		back = site.StoryURL(form.StorySlug)
	}
	if v := strings.TrimSpace(c.FormValue("claim_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return httpx.Malformed("claim_id", "the claim_id must be a positive whole number")
		}
		form.ClaimID, back = id, site.ClaimURL(id)
	}
	err := s.subscribe(c, alerts.SubscribeRequest{Email: form.Email, StorySlug: form.StorySlug, ClaimID: form.ClaimID})
	if err != nil {
		status, ce := httpx.ErrorStatus(err)
		if status != http.StatusUnprocessableEntity && status != http.StatusTooManyRequests {
			return err
		}
		form.Error = &view.FormError{Message: ce.Message, Fields: ce.Fields}
		p := subscriptionSentPage{Meta: s.Meta("Follow by email", "", ""), BackURL: back, Form: &form}
		return s.renderTokenPage(c, status, "subscription_sent", p)
	}
	p := subscriptionSentPage{Meta: s.Meta("Check your mail", "", ""), Email: strings.TrimSpace(form.Email), BackURL: back}
	return s.renderTokenPage(c, http.StatusOK, "subscription_sent", p)
}
