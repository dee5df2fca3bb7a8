package web

import (
	"github.com/labstack/echo/v4"
)

// noteCreateRequest holds an internal note's text.
type noteCreateRequest struct {
	Text string `json:"text"`
}

// apiNoteCreate adds an internal note, seen by editors only, to a claim.
func (s *Server) apiNoteCreate(c echo.Context) error {
	id, req, err := idAndBody[noteCreateRequest](c, false)
	if err != nil {
		return err
	}
	ev, err := s.svc.AddNote(c.Request().Context(), actorOf(c), id, req.Text)
	if err != nil {
		return err
	}
	return writeCreated(c, toAPIEvent(*ev))
}
