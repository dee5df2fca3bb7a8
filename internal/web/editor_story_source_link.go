package web

import (
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// --- ecosystem: paste an article ---

// editorStorySourceLink serves POST /editor/stories/{slug}/sources, the
// link form under a pasted article: it links the source to the chosen claim
// of this story (reusing a tracked source at that address) and returns to
// the story editor. Bad input re-renders the form with the editor's values.
func (s *Server) editorStorySourceLink(c echo.Context) error {
	ctx := c.Request().Context()
	f := &pasteLinkForm{sourceForm: sourceForm{URL: c.FormValue("url"), Outlet: c.FormValue("outlet"),
		OutletKind: c.FormValue("outlet_kind"), Title: c.FormValue("title"), Stance: c.FormValue("stance")},
		ClaimID: strings.TrimSpace(c.FormValue("claim_id")), Tracked: c.FormValue("tracked") != ""}
	err := s.storyClaimOf(c, f.ClaimID)
	if err == nil {
		id, _ := strconv.ParseInt(f.ClaimID, 10, 64)
		_, err = s.svc.LinkSource(ctx, actorOf(c), id, claims.NewSourceLink{URL: f.URL, Outlet: f.Outlet,
			OutletKind: f.OutletKind, Title: f.Title, Stance: f.Stance})
	}
	if err == nil {
		return redirectDone(c, editStoryURL(c.Param("slug")), "source")
	}
	status, ok := formFailure(err)
	if !ok {
		return err
	}
	f.setError(err)
	return s.renderStoryEditor(c, status, func(p *storyEditorPage) { p.Paste.URL, p.Paste.Link = f.URL, f })
}

// storyClaimOf checks that raw names a claim of the story in the path, so
// a form cannot link a source to another story's claim by accident.
// EINVALID (field "claim_id") otherwise; ENOTFOUND for an unknown story.
func (s *Server) storyClaimOf(c echo.Context, raw string) error {
	ctx := c.Request().Context()
	st, err := s.svc.StoryBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	id, perr := strconv.ParseInt(raw, 10, 64)
	if perr == nil {
		d, err := s.svc.StoryDetail(ctx, st.ID)
		if err != nil {
			return err
		}
		for _, cl := range d.Claims {
			if cl.ID == id && !cl.Withdrawn {
				return nil
			}
		}
	}
	return claims.Invalid("claim_id", "choose one of this story's claims")
}
