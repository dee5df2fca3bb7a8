package search

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/match"
)

// Search limits.
const (
	// MaxQueryLength bounds a search box's text, in bytes.
	MaxQueryLength = 500
	// maxQueryWords bounds the words sent to the indexes; all must match.
	maxQueryWords = 8
	// perKind bounds the candidates of each kind that are ranked: the
	// newest, when a query matches more (a query that broad needs refining
	// anyway, and it keeps a search's cost flat as the archive grows).
	perKind = 100
	// snippetWidth is the length of a result's snippet in characters.
	snippetWidth = 160
)

// Query is a search as a reader or editor asks it.
type Query struct {
	Text string
	// Editor includes drafts, withdrawn items and internal notes.
	Editor    bool
	Status    string
	StorySlug string
	// Offset and Limit select a page of the ranked results.
	Offset int
	Limit  int
}

// Result is one search result: the index's hit and what ranking made of
// it.
type Result struct {
	Hit
	Snippet  string
	Resolved bool
	Score    float64
}

// kindWeight orders kinds equally relevant: claims are what readers look
// for, then stories, facts, evidence and notes.
var kindWeight = map[Kind]float64{KindClaim: 1, KindStory: 0.95, KindFact: 0.9, KindEvidence: 0.85, KindNote: 0.8}

// Search returns a page of results best first, and whether more follow.
// EINVALID for an empty or too long query or an unknown status.
func (s *Service) Search(ctx context.Context, q Query) ([]Result, bool, error) {
	text := strings.TrimSpace(q.Text)
	if len(text) > MaxQueryLength {
		return nil, false, claims.Invalid("q", "a search is at most %d characters", MaxQueryLength)
	}
	if !utf8.ValidString(text) {
		return nil, false, claims.Invalid("q", "the search is not valid UTF-8 text")
	}
	words := match.QueryWords(text, maxQueryWords)
	if len(words) == 0 {
		return nil, false, claims.Invalid("q", "type at least one word to search for (common words such as \"the\" are not searched)")
	}
	if q.Status != "" {
		if _, err := s.vocab.Lookup(q.Status); err != nil {
			return nil, false, claims.Invalid("status", "no status is called %q", q.Status)
		}
	}
	hits, err := s.store.SearchIndex(ctx, IndexQuery{Words: words, Drafts: q.Editor, Status: q.Status, StorySlug: q.StorySlug, PerKind: perKind})
	if err != nil {
		return nil, false, err
	}
	stems := match.ContentStems(strings.Join(words, " "))
	phrase := strings.ToLower(text)
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		r := Result{Hit: h, Resolved: h.Status != "" && s.vocab.IsResolved(h.Status)}
		inText, inExtra := stemSet(h.Text), stemSet(h.Extra)
		all := coverage(stems, inText, inExtra)
		onlyText := coverage(stems, inText, nil)
		r.Score = (0.6*all + 0.4*onlyText) * kindWeight[h.Kind]
		if strings.Contains(strings.ToLower(h.Text), phrase) {
			r.Score += 0.2
		}
		r.Score = min(r.Score, 1)
		src := h.Text
		if onlyText == 0 && h.Extra != "" {
			src = h.Extra
		}
		r.Snippet = match.Snippet(src, words, snippetWidth)
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].Kind != out[j].Kind {
			return kindWeight[out[i].Kind] > kindWeight[out[j].Kind]
		}
		return out[i].ID > out[j].ID
	})
	if q.Offset >= len(out) {
		return []Result{}, false, nil
	}
	out = out[q.Offset:]
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

// stemSet is the set of text's content stems.
func stemSet(text string) map[string]bool {
	m := map[string]bool{}
	for _, s := range match.ContentStems(text) {
		m[s] = true
	}
	return m
}

// coverage is the share of stems that a or b hold.
func coverage(stems []string, a, b map[string]bool) float64 {
	if len(stems) == 0 {
		return 0
	}
	n := 0
	for _, s := range stems {
		if a[s] || b[s] {
			n++
		}
	}
	return float64(n) / float64(len(stems))
}
