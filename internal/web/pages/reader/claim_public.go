package reader

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// PublicClaimPage renders the page every reader who is not an editor gets
// of a claim: the newest page of its public timeline. It also returns the
// claim's story, since only a write to that story changes what the page
// shows: the page cache keeps the page until then. ENOTFOUND for a claim
// of a draft, or none.
func (s *Handler) PublicClaimPage(ctx context.Context, id int64) (storyID int64, body []byte, err error) {
	p, d, err := s.claimPage(ctx, id, claims.ClaimView{})
	if err != nil {
		return 0, nil, err
	}
	body, err = s.Views.Render("claim", p)
	return d.Story.ID, body, err
}
