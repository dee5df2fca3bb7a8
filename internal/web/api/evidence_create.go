package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
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
	id, req, err := httpx.IDAndBody[evidenceCreateRequest](c, false)
	if err != nil {
		return err
	}
	e, err := h.Writer.AddEvidence(c.Request().Context(), httpx.ActorOf(c), id, claims.NewEvidence{
		Summary: req.Summary, Stance: req.Stance, SourceURL: req.SourceURL, Quote: req.Quote})
	if err != nil {
		return err
	}
	return httpx.WriteCreated(c, toAPIEvidence(*e))
}
