package api

import (
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// noteCreateRequest holds an internal note's text.
type noteCreateRequest struct {
	Text string `json:"text"`
}

// NoteCreate adds an internal note, seen by editors only, to a claim.
func (h *Handler) NoteCreate(c echo.Context) error {
	id, req, err := httpx.IDAndBody[noteCreateRequest](c, false)
	if err != nil {
		return err
	}
	ev, err := h.Writer.AddNote(c.Request().Context(), httpx.ActorOf(c), id, req.Text)
	if err != nil {
		return err
	}
	return httpx.WriteCreated(c, toAPIEvent(*ev))
}
