package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// storyCreateRequest holds the only fields a new story takes from a client.
type storyCreateRequest struct {
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	Slug      string `json:"slug"`
	Published bool   `json:"published"`
}

// StoryCreate creates a story, unpublished unless asked otherwise.
func (h *Handler) StoryCreate(c echo.Context) error {
	var req storyCreateRequest
	if err := httpx.DecodeJSON(c, &req, false); err != nil {
		return err
	}
	st, err := h.Writer.CreateStory(c.Request().Context(), httpx.ActorOf(c), claims.NewStory{
		Title: req.Title, Summary: req.Summary, Slug: req.Slug, Published: req.Published})
	if err != nil {
		return err
	}
	return httpx.WriteCreated(c, h.toAPIStoryRecord(*st))
}
