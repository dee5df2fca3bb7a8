package view

import (
	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// Target names a followed story or claim with a link to it.
type Target struct {
	// Claim is the claim's text, empty for a story subscription.
	Claim    string
	ClaimURL string
	Story    string
	StoryURL string
}

// NewTarget is the view of t.
func NewTarget(t alerts.Target) Target {
	v := Target{Story: t.StoryTitle, StoryURL: site.StoryURL(t.StorySlug)}
	if t.ClaimID != 0 {
		v.Claim, v.ClaimURL = t.ClaimText, site.ClaimURL(t.ClaimID)
	}
	return v
}

// Name is how the pages and mail name what is followed.
func (t Target) Name() string {
	if t.Claim != "" {
		return t.Claim
	}
	return t.Story
}
