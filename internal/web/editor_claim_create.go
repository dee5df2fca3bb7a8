package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// editorClaimCreate serves POST /editor/stories/{slug}/claims, the story
// editor's "Add claim" form; on success it opens the new claim's editor.
func (s *Server) editorClaimCreate(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := s.svc.StoryBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	f := claimCreateForm{Text: c.FormValue("text"), Status: c.FormValue("status"), WhatWouldSettle: c.FormValue("what_would_settle")}
	// --- search and matching --- Already tracked? Shown before saving.
	if c.FormValue("confirm") == "" {
		if tracked, err := s.trackedClaims(ctx, f.Text); err != nil {
			return err
		} else if len(tracked) > 0 {
			f.Tracked = tracked
			return s.renderStoryEditor(c, http.StatusOK, func(p *storyEditorPage) { p.ClaimForm = f })
		}
	}
	cl, err := s.svc.AddClaim(ctx, actorOf(c), st.ID, claims.NewClaim{Text: f.Text, Status: f.Status, WhatWouldSettle: f.WhatWouldSettle})
	if _, ok := formFailure(err); ok {
		f.setError(err)
		return s.renderStoryEditor(c, http.StatusUnprocessableEntity, func(p *storyEditorPage) { p.ClaimForm = f })
	}
	if err != nil {
		return err
	}
	return redirectDone(c, editClaimURL(cl.ID), "claim-created")
}
