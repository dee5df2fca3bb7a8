package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// storyUpdateRequest holds the fields a story edit may change; absent ones
// stay as they are. Version is the lock (or If-Match).
type storyUpdateRequest struct {
	Title        *string       `json:"title"`
	Summary      *string       `json:"summary"`
	Context      *[]QA         `json:"context"`
	Perspectives *Perspectives `json:"perspectives"`
	Facts        *[]Fact       `json:"facts"`
	Published    *bool         `json:"published"`
	Version      *int          `json:"version"`
}

// StoryUpdate edits a story if nobody changed it since the client read it.
func (h *Handler) StoryUpdate(c echo.Context) error {
	var req storyUpdateRequest
	if err := httpx.DecodeJSON(c, &req, false); err != nil {
		return err
	}
	version, ifMatch, err := httpx.LockVersion(c, req.Version)
	if err != nil {
		return err
	}
	p := claims.StoryPatch{Title: req.Title, Summary: req.Summary, Published: req.Published, Version: version}
	if req.Context != nil {
		qas := make([]claims.QA, len(*req.Context))
		for i, qa := range *req.Context {
			qas[i] = claims.QA(qa)
		}
		p.Context = &qas
	}
	if req.Perspectives != nil {
		p.Perspectives = &claims.Perspectives{Agree: req.Perspectives.Agree, Split: req.Perspectives.Split}
	}
	if req.Facts != nil {
		facts := fromAPIFacts(*req.Facts)
		p.Facts = &facts
	}
	st, err := h.Writer.UpdateStory(c.Request().Context(), httpx.ActorOf(c), c.Param("slug"), p)
	if err != nil {
		return httpx.StaleEdit(err, ifMatch, func(cur claims.Story) any { return h.toAPIStoryRecord(cur) })
	}
	return httpx.WriteVersioned(c, st.Version, h.toAPIStoryRecord(*st))
}
