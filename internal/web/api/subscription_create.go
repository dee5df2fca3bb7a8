package api

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// subscriptionCreateRequest is what a client sends to follow a story
// (story_slug) or a claim (claim_id).
type subscriptionCreateRequest struct {
	Email     string `json:"email"`
	StorySlug string `json:"story_slug"`
	ClaimID   int64  `json:"claim_id"`
}

// subscriptionAccepted is the one answer to every accepted request: it
// must not tell whether the address already follows the target.
type subscriptionAccepted struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// subscriptionSentNotice is what every accepted subscribe request is told.
const subscriptionSentNotice = "If this address does not follow it yet, we have sent it a link to confirm. Nothing more is sent until the link is opened and confirmed; it works for 7 days."

// SubscriptionCreate asks to follow a story or a claim by email: 202
// with the same body whatever the address's state.
func (h *Handler) SubscriptionCreate(c echo.Context) error {
	var req subscriptionCreateRequest
	if err := httpx.DecodeJSON(c, &req, false); err != nil {
		return err
	}
	r := alerts.SubscribeRequest{Email: req.Email, StorySlug: req.StorySlug, ClaimID: req.ClaimID, ClientAddr: h.Proxies.ClientGroup(c.Request())}
	if err := h.Subscriber.Subscribe(c.Request().Context(), r); err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusAccepted, subscriptionAccepted{Status: "pending", Message: subscriptionSentNotice})
}
