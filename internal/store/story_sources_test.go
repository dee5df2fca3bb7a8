package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// seedSourcedStory makes a story of two claims citing wire reports (n of
// them, all on the first claim; every tenth also on the second) and three
// independent reports: one checked an hour before t0, one with checks
// paused and checked a month before, one in print.
func seedSourcedStory(t *testing.T, db *store.DB, slug string, n int) (*claims.Story, [2]*claims.Claim) {
	t.Helper()
	ctx := ctxT(t)
	st := mustStory(t, db, slug, true)
	cs := [2]*claims.Claim{mustClaim(t, db, st.ID, "The first claim", "disputed"), mustClaim(t, db, st.ID, "The second claim", "disputed")}
	hourAgo, monthAgo := t0.Add(-time.Hour), t0.Add(-30*24*time.Hour)
	srcs := []claims.Source{
		{URL: "https://ind.example/" + slug + "/checked", Outlet: "The Ledger", OutletKind: claims.OutletIndependent, LastCheckedAt: &hourAgo, State: claims.SourceLive},
		{URL: "https://ind.example/" + slug + "/paused", Outlet: "The Courier", OutletKind: claims.OutletIndependent, LastCheckedAt: &monthAgo, ChecksPaused: true},
		{Outlet: "The Print Gazette", OutletKind: claims.OutletIndependent, LastCheckedAt: &monthAgo},
	}
	for i := range n {
		// Outlets out of id order, so the page's order is the query's work.
		srcs = append(srcs, claims.Source{URL: fmt.Sprintf("https://wire.example/%s/%d", slug, i),
			Outlet: fmt.Sprintf("Wire %05d", n-i), OutletKind: claims.OutletWire, LastCheckedAt: &hourAgo, State: claims.SourceLive})
	}
	if err := db.InsertSources(ctx, srcs); err != nil {
		t.Fatal(err)
	}
	var links []store.SourceLink
	for i, s := range srcs {
		links = append(links, store.SourceLink{ClaimID: cs[0].ID, SourceID: s.ID, Stance: claims.StanceSupports, At: t0})
		if i%10 == 0 {
			links = append(links, store.SourceLink{ClaimID: cs[1].ID, SourceID: s.ID, Stance: claims.StanceDisputes, At: t0})
		}
	}
	if err := db.InsertLinks(ctx, links); err != nil {
		t.Fatal(err)
	}
	return st, cs
}

// TestStoryDetail_ReadsTheSourcesThePageShowsAndCountsTheRest: the story
// page's data holds the first sources of each outlet kind in the page's
// order and counts the others, and the rows its queries return are the
// same for a story of 40 sources as for one of 4,000.
func TestStoryDetail_ReadsTheSourcesThePageShowsAndCountsTheRest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		rows := map[int]int64{}
		for _, n := range []int{40, 4000} {
			st, cs := seedSourcedStory(t, db, fmt.Sprintf("sourced-%d", n), n)
			var d *claims.StoryDetail
			read, err := store.RowsRead(ctx, db, func() (err error) {
				d, err = db.StoryDetail(ctx, st.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for sql, k := range read {
				rows[n] += k
				if k > 2*claims.StorySourcesShown+10 {
					t.Errorf("%d sources: a read returns %d rows: %s", n, k, sql)
				}
			}
			if got, want := d.SourceCounts, map[claims.OutletKind]int{claims.OutletWire: n, claims.OutletIndependent: 3}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%d sources: counts %v, want %v", n, got, want)
			}
			var names []string
			for _, s := range d.Sources {
				names = append(names, s.Outlet)
			}
			want := []string{}
			for i := range claims.StorySourcesShown {
				want = append(want, fmt.Sprintf("Wire %05d", i+1))
			}
			want = append(want, "The Courier", "The Ledger", "The Print Gazette")
			if strings.Join(names, "|") != strings.Join(want, "|") {
				t.Errorf("%d sources: the page lists %v, want the first %d wires by outlet, then the independents", n, names, claims.StorySourcesShown)
			}
			if d.SourcesCheckedAt == nil || !d.SourcesCheckedAt.Equal(utcMicro(t0.Add(-time.Hour))) {
				t.Errorf("%d sources: checked at %v, want the hour-old check: paused and print sources do not count", n, d.SourcesCheckedAt)
			}
			first, second := d.Claims[0], d.Claims[1]
			if first.Supporting != n+3 || second.Disputing != (n+3+9)/10 {
				t.Errorf("%d sources: tallies %d supporting, %d disputing, want %d and %d", n, first.Supporting, second.Disputing, n+3, (n+3+9)/10)
			}
			if first.ID != cs[0].ID || first.SourcesCheckedAt == nil || !first.SourcesCheckedAt.Equal(utcMicro(t0.Add(-30*24*time.Hour))) {
				t.Errorf("%d sources: the first claim's sources checked at %v, want its oldest fetchable check", n, first.SourcesCheckedAt)
			}
		}
		if rows[40] != rows[4000] {
			t.Errorf("the story page's reads return %d rows for 40 sources and %d for 4,000", rows[40], rows[4000])
		}
	})
}

// TestStorySources_ListsEveryLinkedSourceOrThoseAsked: the editor's
// pickers and the facts' check get every source of the story, or the ones
// they ask about, and never another story's.
func TestStorySources_ListsEveryLinkedSourceOrThoseAsked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		st, _ := seedSourcedStory(t, db, "all-sources", 40)
		other := mustStory(t, db, "other", true)
		c := mustClaim(t, db, other.ID, "Elsewhere", "disputed")
		foreign := mustSource(t, db, "https://elsewhere.example/", "Elsewhere", claims.OutletWire)
		if err := db.LinkSource(ctx, c.ID, foreign.ID, claims.StanceSupports); err != nil {
			t.Fatal(err)
		}
		all, err := db.StorySources(ctx, st.ID, nil)
		if err != nil || len(all) != 43 || all[0].Outlet != "Wire 00001" {
			t.Fatalf("all: %d sources, first %v (err %v), want 43 in the page's order", len(all), all[0].Outlet, err)
		}
		some, err := db.StorySources(ctx, st.ID, []int64{all[5].ID, foreign.ID})
		if err != nil || len(some) != 1 || some[0].ID != all[5].ID {
			t.Errorf("asked for one of its own and another story's: got %v (err %v)", some, err)
		}
	})
}
