package search

import (
	"context"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Article is an article fetched for a lookup: where it ended up, what it
// calls itself, and its main text.
type Article struct {
	URL       string
	Canonical string
	Title     string
	Outlet    string
	Text      string
}

// ArticleFetcher fetches an article through the guarded client (the
// address rules of source checks) and extracts its text.
type ArticleFetcher interface {
	FetchArticle(ctx context.Context, url string) (Article, error)
}

// Lookup is an article and the tracked claims it repeats or comes close
// to, best first.
type Lookup struct {
	Article Article
	Items   []MatchItem
	// Cached says the article was read from the cache, not fetched.
	Cached bool
}

// LookupCacheTTL is how long a fetched article is kept, by address: a
// lookup shared on social media must not make us fetch the page for every
// reader who follows it.
const LookupCacheTTL = time.Hour

// lookupCacheSize bounds the articles kept; the oldest go first.
const lookupCacheSize = 500

type cachedArticle struct {
	a  Article
	at time.Time
}

// articleCache keeps fetched articles by address for LookupCacheTTL.
type articleCache struct {
	mu sync.Mutex
	m  map[string]cachedArticle
}

func (c *articleCache) get(url string, now time.Time) (Article, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[url]
	if !ok || now.Sub(e.at) >= LookupCacheTTL {
		return Article{}, false
	}
	return e.a, true
}

func (c *articleCache) put(url string, a Article, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedArticle{}
	}
	if len(c.m) >= lookupCacheSize {
		oldest, first := "", true
		for k, e := range c.m {
			if now.Sub(e.at) >= LookupCacheTTL {
				delete(c.m, k)
				continue
			}
			if first || e.at.Before(c.m[oldest].at) {
				oldest, first = k, false
			}
		}
		if len(c.m) >= lookupCacheSize {
			delete(c.m, oldest)
		}
	}
	c.m[url] = cachedArticle{a: a, at: now}
}

// UseArticles lets the service fetch articles for lookups.
func (s *Service) UseArticles(f ArticleFetcher) { s.articles = f }

// CanLookUp reports whether the service fetches articles.
func (s *Service) CanLookUp() bool { return s.articles != nil }

// LookUp fetches the article at url (a normalised address), or takes it
// from the cache, and matches its text against the published claims.
// clientAddr is counted like a matching request. EINVALID for an address
// that is not one, ERATELIMITED past the limit, and the fetcher's errors.
func (s *Service) LookUp(ctx context.Context, clientAddr, url string) (*Lookup, error) {
	url, err := claims.NormalizeURL(url)
	if err != nil {
		return nil, err
	}
	if s.articles == nil {
		return nil, claims.Errorf(claims.EINTERNAL, "looking articles up is not available on this server")
	}
	if err := s.countRequest(ctx, clientAddr); err != nil {
		return nil, err
	}
	now := s.now()
	a, cached := s.cache.get(url, now)
	if !cached {
		if a, err = s.articles.FetchArticle(ctx, url); err != nil {
			return nil, err
		}
		a.Text = cut(a.Text, MaxMatchText)
		s.cache.put(url, a, now)
	}
	items, err := s.matchSentences(ctx, sentencesOf(a.Text), false)
	if err != nil {
		return nil, err
	}
	return &Lookup{Article: a, Items: items, Cached: cached}, nil
}

// cut shortens s to at most n bytes on a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
