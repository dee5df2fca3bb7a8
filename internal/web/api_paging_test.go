package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// TestAPILists_AnExactlyFullLastPageHasNoNextCursor fills every paged list
// to exactly the largest page (and to two half-size pages) and checks that
// the last page a client reads hands out no cursor: a cursor there would
// lead to an empty page.
// pagingFixture is a write fixture with a source page the checker reads.
type pagingFixture struct {
	*writeFixture
	page    *sourcePage
	checker *recheck.Checker
}

func TestAPILists_AnExactlyFullLastPageHasNoNextCursor(t *testing.T) {
	type list struct {
		name  string
		url   func(f *pagingFixture, src int64) string
		count func(t *testing.T, f *pagingFixture, src int64) int
		add   func(t *testing.T, f *pagingFixture, src int64, i int)
	}
	ctx := context.Background()
	all := claims.Page{Limit: claims.MaxPageLimit + 1}
	// recheck makes one check of src whose text differs from the last one:
	// a check row, a snapshot and a review item.
	recheck := func(t *testing.T, f *pagingFixture, src int64, i int) {
		f.page.set(articleHTML("The vote was counted again.", fmt.Sprintf("Count number %d came in today.", i)), http.StatusOK)
		must(f.checker.CheckOne(ctx, src))(t)
	}
	lists := []list{
		{"stories", func(*pagingFixture, int64) string { return "/api/v1/stories" },
			func(t *testing.T, f *pagingFixture, _ int64) int {
				return len(must(f.svc.ListStories(ctx, true, all))(t))
			},
			func(t *testing.T, f *pagingFixture, _ int64, i int) {
				must(f.svc.CreateStory(ctx, claims.ActorDemo, claims.NewStory{Slug: fmt.Sprintf("story-%d", i), Title: fmt.Sprintf("Story %d", i), Published: true}))(t)
			}},
		{"timeline", func(f *pagingFixture, _ int64) string { return fmt.Sprintf("/api/v1/claims/%d/timeline", f.claim.ID) },
			func(t *testing.T, f *pagingFixture, _ int64) int {
				return len(must(f.svc.Timeline(ctx, f.claim.ID, true, all))(t))
			},
			func(t *testing.T, f *pagingFixture, _ int64, i int) {
				must(f.svc.AddEvidence(ctx, claims.ActorDemo, f.claim.ID, claims.NewEvidence{Summary: fmt.Sprintf("Tally %d", i), Stance: "supports"}))(t)
			}},
		{"sources", func(f *pagingFixture, _ int64) string { return fmt.Sprintf("/api/v1/claims/%d/sources", f.claim.ID) },
			func(t *testing.T, f *pagingFixture, _ int64) int {
				return must(f.svc.ClaimDetail(ctx, f.claim.ID, true))(t).SourcePage.Total
			},
			func(t *testing.T, f *pagingFixture, _ int64, i int) {
				must(f.svc.LinkSource(ctx, claims.ActorDemo, f.claim.ID, claims.NewSourceLink{URL: fmt.Sprintf("https://paging.example.org/%d", i),
					Outlet: "Paging Post", OutletKind: "independent", Stance: "supports"}))(t)
			}},
		{"review", func(*pagingFixture, int64) string { return "/api/v1/review" },
			func(t *testing.T, f *pagingFixture, _ int64) int {
				u := f.user(t, f.editorA)
				return len(must(f.svc.ReviewQueue(ctx, claims.Actor{UserID: u.ID, Name: u.Name, Role: string(u.Role)}, claims.ReviewQuery{Page: all}))(t))
			}, recheck},
		{"checks", func(_ *pagingFixture, src int64) string { return fmt.Sprintf("/api/v1/sources/%d/checks", src) },
			func(t *testing.T, f *pagingFixture, src int64) int {
				return len(must(f.svc.SourceCheckHistory(ctx, src, all))(t))
			}, recheck},
		{"snapshots", func(_ *pagingFixture, src int64) string { return fmt.Sprintf("/api/v1/sources/%d/snapshots", src) },
			func(t *testing.T, f *pagingFixture, src int64) int {
				return len(must(f.svc.SourceSnapshots(ctx, src, all))(t))
			}, recheck},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				wf := newWriteFixture(t, db)
				f := &pagingFixture{writeFixture: wf, page: newSourcePage(t, articleHTML("The vote was counted.")),
					checker: newTestChecker(t, wf.svc, false)}
				src := must(f.svc.LinkSource(ctx, claims.ActorDemo, f.claim.ID, claims.NewSourceLink{
					URL: f.page.srv.URL + "/vote", Outlet: "Valley Courier", OutletKind: "independent", Stance: "supports"}))(t).ID
				for i := 0; ; i++ {
					n := l.count(t, f, src)
					if n == claims.MaxPageLimit {
						break
					}
					if n > claims.MaxPageLimit {
						t.Fatalf("the list holds %d items, more than the %d wanted", n, claims.MaxPageLimit)
					}
					l.add(t, f, src, i)
				}
				read := func(url string) httpx.ListBody[map[string]any] {
					t.Helper()
					res, body := apiReq(t, f.h, "GET", url, "", f.editorA, nil)
					wantStatus(t, url, res, body, http.StatusOK)
					return decode[httpx.ListBody[map[string]any]](t, body)
				}
				base := l.url(f, src)
				if p := read(fmt.Sprintf("%s?limit=%d", base, claims.MaxPageLimit)); len(p.Items) != claims.MaxPageLimit || p.Next != nil {
					t.Errorf("one page of %d: %d items, next %v; want all of them and no next", claims.MaxPageLimit, len(p.Items), p.Next)
				}
				half := claims.MaxPageLimit / 2
				first := read(fmt.Sprintf("%s?limit=%d", base, half))
				if len(first.Items) != half || first.Next == nil {
					t.Fatalf("first of two pages: %d items, next %v; want %d and a cursor", len(first.Items), first.Next, half)
				}
				if last := read(fmt.Sprintf("%s?limit=%d&before=%s", base, half, *first.Next)); len(last.Items) != half || last.Next != nil {
					t.Errorf("second of two pages: %d items, next %v; want %d and no next", len(last.Items), last.Next, half)
				}
			})
		})
	}
}
