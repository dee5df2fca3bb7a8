package reader

import (
	"net/http"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// LookupShow serves GET /lookup?url=: the tracked claims that rest on an
// article, or word that it is not tracked. Nothing is fetched. Each client
// (an IPv6 one by its /64) may ask LookupsPerMinute times a minute.
// Lookup limits: generous for a person pasting links, short of a crawl of
// the database by address.
const (
	LookupsPerMinute = 60
	LookupClients    = 100_000
)

func (s *Handler) LookupShow(c echo.Context) error {
	raw := strings.TrimSpace(c.QueryParam("url"))
	p := lookupPage{Meta: s.Meta("Is this article tracked?", "", ""), URL: raw, Asked: raw != ""}
	status := http.StatusOK
	if p.Asked && !s.Lookups.Allow(s.clientGroup(c.Request())) {
		status, p.Error, p.Asked = http.StatusTooManyRequests, "too many lookups from your network: try again in a minute", false
	}
	if p.Asked {
		ms, err := s.Stories.ClaimsForURL(c.Request().Context(), raw)
		switch {
		case claims.ErrorCode(err) == claims.EINVALID:
			status, p.Error, p.Asked = http.StatusUnprocessableEntity, claims.ErrorMessage(err), false
		case err != nil:
			return err
		default:
			p.Matches = s.newLookupMatches(ms)
		}
	}
	// Fetch the article, match its sentences.
	p.Fetches = s.Search != nil && s.Search.CanLookUp()
	if p.Asked && p.Fetches {
		if st, err := s.lookupArticle(c, raw, &p); err != nil || st != 0 {
			if err != nil {
				return err
			}
			status = st
		}
	}
	return s.RenderPage(c, status, "lookup", p)
}
