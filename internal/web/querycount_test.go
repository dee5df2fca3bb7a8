package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// corpusSize is how much a seeded database holds.
type corpusSize struct {
	stories, claims, events int // claims per story, extra events per claim
	long                    int // more public events on the resolved claim
}

// seededSite is a server over a database of published stories in which
// every third claim is resolved, every claim has a source and evidence, and
// timelines carry extra notes.
type seededSite struct {
	h      http.Handler
	cookie *http.Cookie // an editor's session
	slug   string       // the first story
	open   int64        // an open claim of it
	closed int64        // a resolved claim of it
	before int64        // an event of the resolved claim, to page its timeline back from
	source int64
	count  atomic.Int64 // statements sent so far
}

func seedSite(t *testing.T, db *store.DB, size corpusSize) *seededSite {
	t.Helper()
	ctx := context.Background()
	_, h, svc, asvc := newTestServer(t, db)
	s := &seededSite{h: h}
	for i := range size.stories {
		st := must(svc.CreateStory(ctx, editor, claims.NewStory{Title: fmt.Sprintf("Story %d", i), Published: true,
			Summary: "A story with many claims."}))(t)
		if i == 0 {
			s.slug = st.Slug
		}
		for j := range size.claims {
			c := must(svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: fmt.Sprintf("Claim %d of story %d", j, i),
				Status: "investigating", WhatWouldSettle: "A document"}))(t)
			ls := must(svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: fmt.Sprintf("https://news.example.org/%d/%d", i, j),
				Outlet: "Example News", OutletKind: "independent", Title: "Report", Stance: "supports"}))(t)
			must(svc.AddEvidence(ctx, editor, c.ID, claims.NewEvidence{Summary: "A report", Stance: "supports"}))(t)
			for k := range size.events {
				must(svc.AddNote(ctx, editor, c.ID, fmt.Sprintf("Note %d", k)))(t)
			}
			if j%3 == 1 {
				c = must(svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"),
					Note: "The document was published", Version: c.Version}))(t)
				for k := range size.events {
					n := must(svc.AddNote(ctx, editor, c.ID, fmt.Sprintf("Later note %d", k)))(t)
					must(svc.AddEvidence(ctx, editor, c.ID, claims.NewEvidence{Summary: fmt.Sprintf("Later report %d", k), Stance: "context"}))(t)
					if i == 0 && k == 0 {
						s.before = n.ID
					}
				}
			}
			if i == 0 && j == 1 {
				seedLongTimeline(t, svc, c, size.long)
			}
			if i == 0 && j == 0 {
				s.open, s.source = c.ID, ls.ID
			}
			if i == 0 && j == 1 {
				s.closed = c.ID
			}
		}
	}
	s.cookie = loginAs(t, h, asvc, auth.RoleEditor)
	if err := db.OnStatement(func(context.Context) { s.count.Add(1) }); err != nil {
		t.Fatal(err)
	}
	return s
}

// seedLongTimeline gives a claim n more public events, status changes
// that leave it as it is, more than a page of its timeline holds.
func seedLongTimeline(t *testing.T, svc *claims.Service, c *claims.Claim, n int) {
	t.Helper()
	to := []string{"disputed", c.Status}
	for k := range n {
		c = must(svc.UpdateClaim(context.Background(), editor, c.ID, claims.ClaimPatch{Status: &to[k%2],
			Note: fmt.Sprintf("Reconsidered %d", k), Version: c.Version}))(t)
	}
}

// statements returns how many statements one GET of target costs, cold (the
// page cache empty for it), and its status.
func (s *seededSite) statements(t *testing.T, target string, signedIn bool) (int64, int) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if signedIn {
		req.AddCookie(s.cookie)
	}
	before := s.count.Load()
	res := serve(s.h, req)
	res.Body.Close()
	return s.count.Load() - before, res.StatusCode
}

// TestQueryCount_NoPageCostsMoreQueriesForMoreData reads every public page,
// the API's lists and the editor's dashboard on a small and a larger
// database, and fails when a page's query count grows with the number of
// stories, claims or events.
func TestQueryCount_NoPageCostsMoreQueriesForMoreData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.DB) {
		var small, large *seededSite
		var dbSmall, dbLarge *store.DB
		if strings.Contains(t.Name(), "postgres") {
			dbSmall, dbLarge = storetest.Postgres(t), storetest.Postgres(t)
		} else {
			dbSmall, dbLarge = storetest.SQLite(t), storetest.SQLite(t)
		}
		small = seedSite(t, dbSmall, corpusSize{stories: 2, claims: 3, events: 1})
		large = seedSite(t, dbLarge, corpusSize{stories: 6, claims: 9, events: 6, long: 3 * claims.TimelinePageSize})
		routes := []struct {
			path     func(s *seededSite) string
			signedIn bool
		}{
			{func(*seededSite) string { return "/" }, false},
			{func(s *seededSite) string { return "/stories/" + s.slug }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/claims/%d", s.open) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/claims/%d", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/claims/%d?before=%d", s.closed, s.before) }, false},
			{func(*seededSite) string { return "/feeds/resolved.atom" }, false},
			{func(s *seededSite) string { return "/stories/" + s.slug + "/feed.atom" }, false},
			{func(*seededSite) string { return "/api/v1/stories" }, false},
			{func(s *seededSite) string { return "/api/v1/stories/" + s.slug }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claims/%d", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claims/%d/timeline", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claims/%d/history", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/sources/%d", s.source) }, false},
			{func(*seededSite) string { return "/api/v1/claimreview" }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claimreview?limit=1&before=%d", s.closed+1) }, false},
			{func(s *seededSite) string { return "/api/v1/stories/" + s.slug + "/export" }, false},
			{func(s *seededSite) string { return "/api/v1/stories/" + s.slug + "/export" }, true},
			{func(*seededSite) string { return "/api/v1/review" }, true},
			{func(*seededSite) string { return "/editor" }, true},
			{func(s *seededSite) string { return "/editor/stories/" + s.slug }, true},
			{func(s *seededSite) string { return fmt.Sprintf("/editor/claims/%d", s.closed) }, true},
			{func(s *seededSite) string { return fmt.Sprintf("/editor/claims/%d?before=%d", s.closed, s.before) }, true},
			{func(s *seededSite) string { return fmt.Sprintf("/claims/%d", s.closed) }, true},
		}
		var grows []string
		for _, r := range routes {
			a, sa := small.statements(t, r.path(small), r.signedIn)
			b, sb := large.statements(t, r.path(large), r.signedIn)
			if sa != http.StatusOK || sb != http.StatusOK {
				t.Errorf("GET %s = %d and %d, want 200", r.path(small), sa, sb)
				continue
			}
			t.Logf("%-32s %3d statements small, %3d large", r.path(small), a, b)
			if a != b {
				grows = append(grows, fmt.Sprintf("%s: %d -> %d", r.path(small), a, b))
			}
		}
		sort.Strings(grows)
		if len(grows) > 0 {
			t.Errorf("query counts that grow with the data (2x3 claims, 1 note each -> 6x9, 6 notes and evidence each, one claim with 150 more events):\n  %s",
				strings.Join(grows, "\n  "))
		}
	})
}
