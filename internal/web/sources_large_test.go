package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// seedManySources links n more sources, checked an hour ago and online,
// to claim c in bulk: a tenth wire reports, the rest independent coverage.
func seedManySources(t testing.TB, db *store.DB, c *claims.Claim, n int) []claims.Source {
	t.Helper()
	ctx := t.Context()
	checked := time.Now().Add(-time.Hour)
	srcs := make([]claims.Source, n)
	for i := range srcs {
		kind := claims.OutletIndependent
		if i%10 == 0 {
			kind = claims.OutletWire
		}
		srcs[i] = claims.Source{URL: fmt.Sprintf("https://many%d.example.org/report/%d", i%50, i), Outlet: fmt.Sprintf("Outlet %02d", i%50),
			OutletKind: kind, Title: fmt.Sprintf("Report number %d on the recording", i), State: claims.SourceLive, LastCheckedAt: &checked}
	}
	if err := db.InsertSources(ctx, srcs); err != nil {
		t.Fatal(err)
	}
	links := make([]store.SourceLink, n)
	for i, s := range srcs {
		links[i] = store.SourceLink{ClaimID: c.ID, SourceID: s.ID, Stance: claims.StanceSupports}
	}
	if err := db.InsertLinks(ctx, links); err != nil {
		t.Fatal(err)
	}
	return srcs
}

// BenchmarkStoryPage20000Sources renders the page of a story whose open
// claim cites 20,000 sources, with the page cache dropped before every
// request, as the first reader after a write.
func BenchmarkStoryPage20000Sources(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	seedManySources(b, f.db, f.open, 20000)
	benchUncachedPage(b, f, "/stories/"+f.story.Slug)
}
