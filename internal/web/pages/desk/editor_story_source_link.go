package desk

import (
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// StorySourceLink serves POST /editor/stories/{slug}/sources, the
// link form under a pasted article: it links the source to the chosen claim
// of this story (reusing a tracked source at that address) and returns to
// the story editor. Bad input re-renders the form with the editor's values.
func (s *Handler) StorySourceLink(c echo.Context) error {
	ctx := c.Request().Context()
	f := &pasteLinkForm{sourceForm: sourceForm{URL: c.FormValue("url"), Outlet: c.FormValue("outlet"),
		OutletKind: c.FormValue("outlet_kind"), Title: c.FormValue("title"), Stance: c.FormValue("stance")},
		ClaimID: strings.TrimSpace(c.FormValue("claim_id")), Tracked: c.FormValue("tracked") != ""}
	var err error
	if id, perr := strconv.ParseInt(f.ClaimID, 10, 64); perr != nil {
		err = claims.Invalid("claim_id", "choose one of this story's claims")
	} else {
		_, err = s.Stories.LinkSourceInStory(ctx, httpx.ActorOf(c), c.Param("slug"), id, claims.NewSourceLink{URL: f.URL,
			Outlet: f.Outlet, OutletKind: f.OutletKind, Title: f.Title, Stance: f.Stance})
	}
	if err == nil {
		return httpx.RedirectDone(c, view.EditStoryURL(c.Param("slug")), "source")
	}
	status, ok := httpx.FormFailure(err)
	if !ok {
		return err
	}
	f.setError(err)
	return s.renderStoryEditor(c, status, func(p *storyEditorPage) { p.Paste.URL, p.Paste.Link = f.URL, f })
}
