package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// editorEvidenceCreate serves POST /editor/claims/{id}/evidence.
func (s *Server) editorEvidenceCreate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f := evidenceForm{Summary: c.FormValue("summary"), Stance: c.FormValue("stance"), SourceURL: c.FormValue("source_url"), Quote: c.FormValue("quote")}
	_, err = s.svc.AddEvidence(c.Request().Context(), actorOf(c), id,
		claims.NewEvidence{Summary: f.Summary, Stance: f.Stance, SourceURL: f.SourceURL, Quote: f.Quote})
	if err == nil {
		return redirectDone(c, editClaimURL(id), "evidence")
	}
	return s.claimFormFailed(c, err, func(p *claimEditorPage) { f.setError(err); p.EvidenceForm = f })
}
