package reader

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// lookupArticle is what a fetched article repeats of the tracked claims.
type lookupArticle struct {
	Title   string
	Outlet  string
	URL     string
	Error   string
	Fetched bool
	Cached  bool
	Repeats []lookupRepeat
}

// lookupRepeat is a tracked claim the article repeats.
type lookupRepeat struct {
	Text       string
	URL        string
	Badge      view.Badge
	Resolved   bool
	StoryTitle string
	StoryURL   string
	Sentence   string
	// Record is the editor's one-click "record this appearance" form's
	// action; empty for readers.
	Record string
}

// lookupArticle fetches the article a reader asked about (or takes it from
// the hour's cache), matches its sentences against the published claims
// and adds what it repeats to p. It returns the status to answer when the
// fetch failed for a reason the reader can act on (0 otherwise), or an
// error that is not the reader's.
func (s *Handler) lookupArticle(c echo.Context, raw string, p *lookupPage) (int, error) {
	ctx := c.Request().Context()
	l, err := s.Search.LookUp(ctx, s.clientAddr(c.Request()), raw)
	if claims.ErrorCode(err) == claims.ERATELIMITED {
		p.Article = &lookupArticle{Error: claims.ErrorMessage(err)}
		return http.StatusTooManyRequests, nil
	}
	if status, msg := view.FetchFailure(err); status != 0 {
		p.Article = &lookupArticle{Error: msg}
		return status, nil
	} else if err != nil {
		return 0, err
	}
	a := &lookupArticle{Title: l.Article.Title, Outlet: l.Article.Outlet, URL: l.Article.URL, Fetched: true, Cached: l.Cached}
	editor := httpx.CanEdit(c)
	for _, it := range l.Items {
		if it.Match {
			r := s.newLookupRepeat(it)
			if editor {
				r.Record = view.EditClaimURL(it.Claim.ID) + "/appearances"
			}
			a.Repeats = append(a.Repeats, r)
		}
	}
	p.Article = a
	// The article may be one of our sources under its final or canonical
	// address rather than the one pasted.
	if len(p.Matches) == 0 {
		for _, addr := range []string{l.Article.URL, l.Article.Canonical} {
			if addr == "" || addr == raw {
				continue
			}
			if ms, err := s.Stories.ClaimsForURL(ctx, addr); err == nil && len(ms) > 0 {
				p.Matches = s.newLookupMatches(ms)
				break
			}
		}
	}
	return 0, nil
}

func (s *Handler) newLookupRepeat(it search.MatchItem) lookupRepeat {
	return lookupRepeat{Text: it.Claim.Text, URL: site.ClaimURL(it.Claim.ID), Badge: view.NewBadge(s.Site.Vocab, it.Claim.Status),
		Resolved: it.Resolved, StoryTitle: it.Claim.StoryTitle, StoryURL: site.StoryURL(it.Claim.StorySlug), Sentence: it.Sentence}
}
