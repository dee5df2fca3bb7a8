package desk

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ClaimCreate serves POST /editor/stories/{slug}/claims, the story
// editor's "Add claims" form: one claim a line, all added or none. On
// success the editor stays on the story, the form ready for the next.
func (s *Handler) ClaimCreate(c echo.Context) error {
	st, err := s.storyInPath(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f := claimCreateForm{Text: c.FormValue("text"), Status: c.FormValue("status"), WhatWouldSettle: c.FormValue("what_would_settle")}
	// Already tracked? The matches, for every line, are shown before
	// anything is saved; the editor confirms to add the claims anyway.
	if c.FormValue("confirm") == "" {
		if tracked, err := s.trackedClaims(ctx, f.Text); err != nil {
			return err
		} else if len(tracked) > 0 {
			f.Tracked = tracked
			return s.renderStoryEditor(c, http.StatusOK, func(p *storyEditorPage) { p.ClaimForm = f })
		}
	}
	texts := view.Lines(f.Text)
	if len(texts) == 0 {
		texts = []string{""} // the service explains what is missing
	}
	in := make([]claims.NewClaim, len(texts))
	for i, t := range texts {
		in[i] = claims.NewClaim{Text: t, Status: f.Status, WhatWouldSettle: f.WhatWouldSettle}
	}
	added, err := s.Stories.AddClaims(ctx, httpx.ActorOf(c), st.ID, in)
	if _, ok := httpx.FormFailure(err); ok {
		f.setError(err)
		return s.renderStoryEditor(c, http.StatusUnprocessableEntity, func(p *storyEditorPage) { p.ClaimForm = f })
	}
	if err != nil {
		return err
	}
	// No #fragment: it would stop the browser from focusing the claim field.
	done := "claim-created"
	if len(added) > 1 {
		done = "claims-created"
	}
	return c.Redirect(http.StatusSeeOther, view.EditStoryURL(st.Slug)+"?done="+done)
}
