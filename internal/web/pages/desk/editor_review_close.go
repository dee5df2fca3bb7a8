package desk

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// ReviewClose serves POST /editor/review/{id}/{reviewed,accept,dismiss}:
// it closes a review item and returns to the dashboard. A conflict (closed
// by someone else first, or a proposal the claim has moved past) is not
// worth an error page: the dashboard says so.
func (s *Handler) ReviewClose(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	var close func(ctx context.Context, a claims.Actor, id int64) (*claims.ReviewItem, error)
	var done string
	switch c.Param("action") {
	case "reviewed":
		close, done = s.Review.MarkReviewed, "reviewed"
	case "accept":
		note := c.FormValue("note")
		close = func(ctx context.Context, a claims.Actor, id int64) (*claims.ReviewItem, error) {
			return s.Review.AcceptProposal(ctx, a, id, note)
		}
		done = "accepted"
	case "dismiss":
		close, done = s.Review.DismissProposal, "dismissed"
	default:
		return claims.Errorf(claims.ENOTFOUND, "no such review action")
	}
	_, err = close(c.Request().Context(), httpx.ActorOf(c), id)
	switch {
	case claims.ErrorCode(err) == claims.ECONFLICT:
		return httpx.RedirectDone(c, "/editor", "review-conflict")
	case err != nil:
		return err
	}
	return httpx.RedirectDone(c, "/editor", done)
}
