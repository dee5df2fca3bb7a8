package claims

import (
	"context"
	neturl "net/url"
	"strings"
)

// URLMatch is a tracked claim that rests on an article a reader asked
// about.
type URLMatch struct {
	Claim  Claim
	Story  Story
	Source Source
}

// ClaimsForURL returns the claims of published stories that rest on the
// article at raw, matched by its normalised address or by the canonical
// address our checks read from a source's page. Nothing is fetched: a
// reader's question costs no request to anyone. EINVALID for an address
// that is not one.
func (s *Service) ClaimsForURL(ctx context.Context, raw string) ([]URLMatch, error) {
	url, err := NormalizeURL(raw)
	if err != nil {
		return nil, err
	}
	found, err := s.store.SourcesByAddress(ctx, []string{url, strings.TrimSpace(raw)})
	if err != nil {
		return nil, err
	}
	var ids []int64
	byID := make(map[int64]Source, len(found))
	for _, src := range found {
		// A page names its own canonical address: one on another site
		// could otherwise claim someone else's article.
		if src.URL != url && hostOf(src.URL) != hostOf(url) {
			continue
		}
		ids, byID[src.ID] = append(ids, src.ID), src
	}
	linked, err := s.store.ClaimsBySources(ctx, ids)
	if err != nil {
		return nil, err
	}
	stories := map[int64]*Story{}
	seen := map[int64]bool{}
	var out []URLMatch
	for _, id := range ids {
		for _, c := range linked[id] {
			if c.Withdrawn || seen[c.ID] {
				continue
			}
			st, ok := stories[c.StoryID]
			if !ok {
				if st, err = s.store.StoryByID(ctx, c.StoryID); err != nil {
					return nil, err
				}
				stories[c.StoryID] = st
			}
			if st.Published {
				seen[c.ID] = true
				out = append(out, URLMatch{Claim: c, Story: *st, Source: byID[id]})
			}
		}
	}
	return out, nil
}

func hostOf(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
