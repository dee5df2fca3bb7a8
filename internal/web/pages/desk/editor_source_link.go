package desk

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SourceLink serves POST /editor/claims/{id}/sources: the address is
// validated and normalised by the service, and a known one reuses its
// source.
func (s *Handler) SourceLink(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f := sourceForm{URL: c.FormValue("url"), Outlet: c.FormValue("outlet"), OutletKind: c.FormValue("outlet_kind"),
		Title: c.FormValue("title"), Stance: c.FormValue("stance")}
	_, err = s.Claims.LinkSource(c.Request().Context(), httpx.ActorOf(c), id,
		claims.NewSourceLink{URL: f.URL, Outlet: f.Outlet, OutletKind: f.OutletKind, Title: f.Title, Stance: f.Stance})
	return s.claimSaved(c, err, id, "source", func(p *claimEditorPage) { f.setError(err); p.SourceForm = f })
}
