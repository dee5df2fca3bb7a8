package desk

import (
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// AppearanceCreate serves POST /editor/claims/{id}/appearances: the
// claim editor's "Where did it appear?" form, and the one-click "Record
// this appearance" of an article lookup (back=lookup returns there).
func (s *Handler) AppearanceCreate(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f := appearanceForm{URL: c.FormValue("url"), Outlet: c.FormValue("outlet"), AppearedAt: strings.TrimSpace(c.FormValue("appeared_at")),
		Claimant: c.FormValue("claimant")}
	in := claims.NewAppearance{URL: f.URL, Outlet: f.Outlet, Claimant: f.Claimant}
	if f.AppearedAt != "" {
		at, perr := time.Parse(time.DateOnly, f.AppearedAt)
		if perr != nil {
			err = claims.Invalid("appeared_at", "give the date as YYYY-MM-DD")
		}
		in.AppearedAt = &at
	}
	if err == nil {
		_, err = s.Claims.AddAppearance(c.Request().Context(), id, in)
	}
	return s.claimSaved(c, err, id, "appearance", func(p *claimEditorPage) { f.setError(err); p.Appearances.Form = f })
}
