package api

import (
	"context"
	"net/http"
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
	return recordWrite(c, false, http.StatusCreated, func(ctx context.Context, _ claims.Actor, id int64, r appearanceCreateRequest) (*claims.Appearance, error) {
		return h.Writer.AddAppearance(ctx, id, claims.NewAppearance{URL: r.URL, Outlet: r.Outlet, AppearedAt: r.AppearedAt, Claimant: r.Claimant})
	}, func(a claims.Appearance) Appearance {
		return Appearance{ID: a.ID, ClaimID: a.ClaimID, URL: a.URL, Outlet: a.Outlet, AppearedAt: httpx.UTCPtr(a.AppearedAt),
			Claimant: a.Claimant, CreatedAt: httpx.UTC(a.CreatedAt)}
	})
}
