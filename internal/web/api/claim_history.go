package api

import (
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// StatusChange is one dated step of a claim's status history.
type StatusChange struct {
	At         time.Time `json:"at"`
	FromStatus string    `json:"from_status"`
	ToStatus   string    `json:"to_status"`
	ToLabel    string    `json:"to_label"`
	Resolved   bool      `json:"resolved"`
	Note       string    `json:"note"`
	Actor      string    `json:"actor"`
}

// ClaimHistory returns the dated status history of a claim of a
// published story, oldest first: the piece ClaimReview has no words for.
func (h *Handler) ClaimHistory(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	changes, err := h.Reader.StatusHistory(c.Request().Context(), id)
	if err != nil {
		return err
	}
	items := make([]StatusChange, 0, len(changes))
	for _, ch := range changes {
		st := h.Site.Vocab.Get(ch.To)
		items = append(items, StatusChange{At: httpx.UTC(ch.At), FromStatus: ch.From, ToStatus: ch.To, ToLabel: st.Label,
			Resolved: st.Resolved, Note: ch.Note, Actor: ch.Actor})
	}
	return httpx.WriteJSON(c, http.StatusOK, struct {
		ClaimID int64          `json:"claim_id"`
		Items   []StatusChange `json:"items"`
	}{id, items})
}
