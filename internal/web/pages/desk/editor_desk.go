package desk

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// ClaimAssign serves POST /editor/claims/{id}/assign: assignee is a
// user id, 0 for nobody.
func (s *Handler) ClaimAssign(c echo.Context) error {
	id, v, err := httpx.IDAndVersion(c)
	if err != nil {
		return err
	}
	who, err := strconv.ParseInt(strings.TrimSpace(c.FormValue("assignee_id")), 10, 64)
	if err != nil || who < 0 {
		return httpx.Malformed("assignee_id", "choose an editor or nobody")
	}
	_, err = s.Claims.UpdateClaim(c.Request().Context(), httpx.ActorOf(c), id, claims.ClaimPatch{AssigneeID: &who, Version: v})
	return s.claimSaved(c, err, id, "assigned", func(p *claimEditorPage) {
		if cur, ok := httpx.AsClaimsError(err).Current.(claims.Claim); ok {
			p.AssignForm.Message = "Not saved: someone else changed this claim first. Check it, then assign again."
			p.AssignForm.Version = cur.Version
			return
		}
		p.AssignForm.setError(err)
	})
}

// ClaimsReorder serves POST /editor/stories/{slug}/order: order is
// the story's claim ids, comma-separated, in their new order.
func (s *Handler) ClaimsReorder(c echo.Context) error {
	ids, err := parseOrder(c.FormValue("order"))
	if err != nil {
		return err
	}
	slug := c.Param("slug")
	if err := s.Stories.ReorderClaims(c.Request().Context(), slug, ids); err != nil {
		if status, ok := httpx.FormFailure(err); ok {
			return s.renderStoryEditor(c, status, func(p *storyEditorPage) {
				p.ClaimForm.Message = "The claims were not moved: " + httpx.AsClaimsError(err).Message + ". Reload the page and try again."
			})
		}
		return err
	}
	return httpx.RedirectDone(c, view.EditStoryURL(slug), "reordered")
}

// StoryPublish serves POST /editor/stories/{slug}/publish, the
// Publish button of a draft's preview, and opens the story as readers now
// see it. A stale version goes back to the story editor to look again.
func (s *Handler) StoryPublish(c echo.Context) error {
	v, err := httpx.FormVersion(c)
	if err != nil {
		return err
	}
	slug := c.Param("slug")
	yes := true
	_, err = s.Stories.UpdateStory(c.Request().Context(), httpx.ActorOf(c), slug, claims.StoryPatch{Published: &yes, Version: v})
	if status, ok := httpx.FormFailure(err); ok {
		return s.renderStoryEditor(c, status, func(p *storyEditorPage) {
			p.Form.Message = "Not published: someone else changed this story since the preview was loaded. Check it, then publish here."
		})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, site.StoryURL(slug))
}
