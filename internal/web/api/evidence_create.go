package api

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// evidenceCreateRequest holds the only fields new evidence takes from a client.
type evidenceCreateRequest struct {
	Summary   string `json:"summary"`
	Stance    string `json:"stance"`
	SourceURL string `json:"source_url"`
	Quote     string `json:"quote"`
}

// EvidenceCreate adds evidence to a claim.
func (h *Handler) EvidenceCreate(c echo.Context) error {
	return recordWrite(c, false, http.StatusCreated, func(ctx context.Context, a claims.Actor, id int64, r evidenceCreateRequest) (*claims.Evidence, error) {
		return h.Writer.AddEvidence(ctx, a, id, claims.NewEvidence{Summary: r.Summary, Stance: r.Stance, SourceURL: r.SourceURL, Quote: r.Quote})
	}, toAPIEvidence)
}
