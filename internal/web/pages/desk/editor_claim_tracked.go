package desk

import (
	"context"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// trackedClaim is a tracked claim that matches a claim being entered.
type trackedClaim struct {
	Text       string
	URL        string
	Badge      view.Badge
	StoryTitle string
	Score      string
}

// trackedClaims returns the claims, drafts included, whose text the text
// being entered repeats: what the editor should see before adding a
// duplicate. None when search is off or the text is empty or too long
// (saving reports that).
func (s *Handler) trackedClaims(ctx context.Context, text string) ([]trackedClaim, error) {
	if s.Search == nil || strings.TrimSpace(text) == "" {
		return nil, nil
	}
	items, err := s.Search.Tracked(ctx, text)
	if claims.ErrorCode(err) == claims.EINVALID {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []trackedClaim
	for _, it := range items {
		if it.Match {
			out = append(out, trackedClaim{Text: it.Claim.Text, URL: view.EditClaimURL(it.Claim.ID), Badge: view.NewBadge(s.Site.Vocab, it.Claim.Status),
				StoryTitle: it.Claim.StoryTitle, Score: strconv.Itoa(int(it.Score*100+0.5)) + "%"})
		}
	}
	return out, nil
}
