package desk

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// WatchesSave serves POST /editor/claims/{id}/watches: the claim's
// watch phrases and number watches, replaced as a whole. A stale version
// keeps the editor's input and says what the watches now are (409).
func (s *Handler) WatchesSave(c echo.Context) error {
	id, v, err := httpx.IDAndVersion(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return httpx.Malformed("body", "the form could not be read")
	}
	f, in, err := parseWatchForm(form, v)
	if err == nil {
		_, err = s.Claims.SetWatches(c.Request().Context(), httpx.ActorOf(c), id, in)
	}
	if err == nil {
		return httpx.RedirectDone(c, view.EditClaimURL(id)+"#watches-form", "watches")
	}
	return s.claimFormFailed(c, err, func(p *claimEditorPage) {
		if cur, ok := httpx.AsClaimsError(err).Current.(claims.Watches); ok && claims.ErrorCode(err) == claims.ECONFLICT {
			f.Version, f.Message = cur.Version, "Not saved: someone else changed these watches first. Your input is kept below."
			f.Current = describeWatches(cur)
		} else {
			f.setError(err)
		}
		p.WatchForm = f
	})
}
