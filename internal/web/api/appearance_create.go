package api

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// appearanceCreateRequest is where a claim appeared.
type appearanceCreateRequest struct {
	URL        string     `json:"url"`
	Outlet     string     `json:"outlet"`
	AppearedAt *time.Time `json:"appeared_at"`
	Claimant   string     `json:"claimant"`
}

// Appearance is a recorded appearance on the wire.
type Appearance struct {
	ID         int64      `json:"id"`
	ClaimID    int64      `json:"claim_id"`
	URL        string     `json:"url"`
	Outlet     string     `json:"outlet"`
	AppearedAt *time.Time `json:"appeared_at"`
	Claimant   string     `json:"claimant"`
	CreatedAt  time.Time  `json:"created_at"`
}

// AppearanceCreate records where a claim appeared (editors).
func (h *Handler) AppearanceCreate(c echo.Context) error {
	id, req, err := httpx.IDAndBody[appearanceCreateRequest](c, false)
	if err != nil {
		return err
	}
	a, err := h.Writer.AddAppearance(c.Request().Context(), id, claims.NewAppearance{URL: req.URL, Outlet: req.Outlet,
		AppearedAt: req.AppearedAt, Claimant: req.Claimant})
	if err != nil {
		return err
	}
	return httpx.WriteCreated(c, Appearance{ID: a.ID, ClaimID: a.ClaimID, URL: a.URL, Outlet: a.Outlet, AppearedAt: httpx.UTCPtr(a.AppearedAt),
		Claimant: a.Claimant, CreatedAt: httpx.UTC(a.CreatedAt)})
}
