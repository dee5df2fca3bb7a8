package site

import (
	"net/url"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
)

// SearchQuery reads a search from the query string (?q=&status=&story=),
// the same for the search page and the API; editor says whether drafts and
// notes are searched too. A search's cursor is the number of results
// already shown, so ?before= carries an offset here.
func SearchQuery(v url.Values, editor bool, p claims.Page) search.Query {
	return search.Query{
		Text:      v.Get("q"),
		Editor:    editor,
		Status:    strings.TrimSpace(v.Get("status")),
		StorySlug: strings.TrimSpace(v.Get("story")),
		Offset:    int(min(p.Before, 100_000)),
		Limit:     p.Limit,
	}
}
