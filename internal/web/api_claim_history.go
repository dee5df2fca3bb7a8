package web

import (
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// apiStatusChange is one dated step of a claim's status history.
type apiStatusChange struct {
	At         time.Time `json:"at"`
	FromStatus string    `json:"from_status"`
	ToStatus   string    `json:"to_status"`
	ToLabel    string    `json:"to_label"`
	Resolved   bool      `json:"resolved"`
	Note       string    `json:"note"`
	Actor      string    `json:"actor"`
}

// apiClaimHistory returns the dated status history of a claim of a
// published story, oldest first: the piece ClaimReview has no words for.
func (s *Server) apiClaimHistory(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	changes, err := s.svc.StatusHistory(c.Request().Context(), id)
	if err != nil {
		return err
	}
	items := make([]apiStatusChange, 0, len(changes))
	for _, ch := range changes {
		st := s.vocab.Get(ch.To)
		items = append(items, apiStatusChange{At: httpx.UTC(ch.At), FromStatus: ch.From, ToStatus: ch.To, ToLabel: st.Label,
			Resolved: st.Resolved, Note: ch.Note, Actor: ch.Actor})
	}
	return httpx.WriteJSON(c, http.StatusOK, struct {
		ClaimID int64             `json:"claim_id"`
		Items   []apiStatusChange `json:"items"`
	}{id, items})
}
