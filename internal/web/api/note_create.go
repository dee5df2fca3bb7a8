package api

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// noteCreateRequest holds an internal note's text.
type noteCreateRequest struct {
	Text string `json:"text"`
}

// NoteCreate adds an internal note, seen by editors only, to a claim.
func (h *Handler) NoteCreate(c echo.Context) error {
	return recordWrite(c, false, http.StatusCreated, func(ctx context.Context, a claims.Actor, id int64, r noteCreateRequest) (*claims.Event, error) {
		return h.Writer.AddNote(ctx, a, id, r.Text)
	}, toAPIEvent)
}
