package desk

import (
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// EvidenceCreate serves POST /editor/claims/{id}/evidence.
func (s *Handler) EvidenceCreate(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f := evidenceForm{Summary: c.FormValue("summary"), Stance: c.FormValue("stance"), SourceURL: c.FormValue("source_url"), Quote: c.FormValue("quote"),
		Source: c.FormValue("source"), NewURL: c.FormValue("new_url"), NewOutlet: c.FormValue("new_outlet"), NewKind: c.FormValue("new_kind")}
	in := claims.NewEvidence{Summary: f.Summary, Stance: f.Stance, SourceURL: f.SourceURL, Quote: f.Quote}
	var link *claims.NewSourceLink
	switch f.Source {
	case "":
	case "new":
		// The new source backs or disputes the claim as the evidence does.
		link = &claims.NewSourceLink{URL: f.NewURL, Outlet: f.NewOutlet, OutletKind: f.NewKind, Stance: f.Stance}
	default:
		if in.SourceID, err = strconv.ParseInt(f.Source, 10, 64); err != nil {
			return httpx.Malformed("source", "choose one of the linked sources, or a new one")
		}
	}
	_, err = s.Claims.AddEvidenceLinking(c.Request().Context(), httpx.ActorOf(c), id, link, in)
	return s.claimSaved(c, err, id, "evidence", func(p *claimEditorPage) { f.setError(err); p.EvidenceForm = f })
}
