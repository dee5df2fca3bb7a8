package desk

import (
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// SourceUnlink serves POST /editor/claims/{id}/sources/{source_id}/unlink:
// the link ends with a source_unlinked event; nothing is deleted.
func (s *Handler) SourceUnlink(c echo.Context) error {
	id, sourceID, err := httpx.PathIDs(c, "source_id")
	if err != nil {
		return err
	}
	err = s.Claims.UnlinkSource(c.Request().Context(), httpx.ActorOf(c), id, sourceID, c.FormValue("note"))
	if err == nil {
		return httpx.RedirectDone(c, view.EditClaimURL(id), "source-unlinked")
	}
	return s.claimFormFailed(c, err, func(p *claimEditorPage) { p.PageMessage = httpx.AsClaimsError(err).Message })
}
