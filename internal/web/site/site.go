// Package site holds what the HTTP rooms say the same way about this
// site: where its stories, claims and search results are read, and the
// ClaimReview data that pages embed and the API lists. It knows no echo.
package site

import (
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
)

// Site is the public face every room shares.
type Site struct {
	// BaseURL is the public address without a trailing slash; empty
	// leaves links relative.
	BaseURL string
	// Organization publishes the site, named as ClaimReview's author.
	Organization string
	// Vocab names the statuses.
	Vocab *claims.Vocabulary
}

// Abs makes a site path absolute when the base URL is known.
func (s Site) Abs(path string) string { return s.BaseURL + path }

// StoryURL is where a story is read.
func StoryURL(slug string) string { return "/stories/" + slug }

// ClaimURL is where a claim is read.
func ClaimURL(id int64) string { return "/claims/" + strconv.FormatInt(id, 10) }

// ResultURL is where a result is read: its claim, its story, or for a
// note, the claim's editor page.
func ResultURL(r search.Result) string {
	switch r.Kind {
	case search.KindStory:
		return StoryURL(r.StorySlug)
	case search.KindFact:
		return StoryURL(r.StorySlug) + "#context-h"
	case search.KindEvidence:
		return ClaimURL(r.ClaimID) + "#evidence-h"
	case search.KindNote:
		if r.ClaimID == 0 {
			return "/editor/stories/" + r.StorySlug
		}
		return "/editor/claims/" + strconv.FormatInt(r.ClaimID, 10)
	}
	return ClaimURL(r.ID)
}
