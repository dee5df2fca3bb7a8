package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// countedFixture is the fixture with metrics on and a count of the
// statements sent to the database.
type countedFixture struct {
	*fixture
	statements atomic.Int64
}

func newCountedFixture(t *testing.T, db *store.DB) *countedFixture {
	t.Helper()
	f := &countedFixture{fixture: newFixture(t, db)}
	f.srv.metrics = metrics.New()
	f.srv.api.Metrics = f.srv.metrics    // the API counts its renders too
	f.srv.reader.Metrics = f.srv.metrics // and so do the reader's pages
	if err := db.OnStatement(func(context.Context) { f.statements.Add(1) }); err != nil {
		t.Fatal(err)
	}
	return f
}

// cost GETs target and returns its status, body and how many statements it
// sent.
func (f *countedFixture) cost(t *testing.T, target string) (int, string, int64) {
	t.Helper()
	before := f.statements.Load()
	status, body := f.get(t, target)
	return status, body, f.statements.Load() - before
}

// renders reads claimtrack_page_renders_total{page=page} from /metrics.
func (f *countedFixture) renders(t *testing.T, page string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	f.srv.metrics.Handler("").ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	m := regexp.MustCompile(`(?m)^claimtrack_page_renders_total\{page="` + page + `"\} (\d+)$`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestCachedReads_RenderOncePerRevisionAndFollowEveryWrite: the story page,
// ClaimReview and a reader's export are each rendered once, then served
// without touching the database, until a write to the story; the writer's
// next read shows the write.
func TestCachedReads_RenderOncePerRevisionAndFollowEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCountedFixture(t, db)
		reads := []struct{ target, page, before, after string }{
			{"/stories/leaked-audio", "story", "What remains unresolved", "Splices found"},
			{"/api/v1/claimreview", "claimreview", "The petition passed 1,000 signatures", "The recording is authentic"},
			{"/api/v1/stories/leaked-audio/export", "export", "status: disputed", "status: refuted"},
		}
		for _, r := range reads {
			for i := range 3 {
				status, body, n := f.cost(t, r.target)
				if status != http.StatusOK || !strings.Contains(body, r.before) {
					t.Fatalf("GET %s = %d, lacks %q:\n%s", r.target, status, r.before, body)
				}
				if i > 0 && n != 0 {
					t.Errorf("GET %s again cost %d statements, want 0 (cached)", r.target, n)
				}
			}
			if got := f.renders(t, r.page); got != 1 {
				t.Errorf("%s rendered %d times for one revision, want 1", r.page, got)
			}
		}

		must(f.svc.UpdateClaim(context.Background(), editor, f.open.ID, claims.ClaimPatch{Status: ptr("refuted"),
			Note: "Splices found", Version: f.open.Version}))(t)
		for _, r := range reads {
			if _, body := f.get(t, r.target); !strings.Contains(body, r.after) {
				t.Errorf("after the write GET %s lacks %q", r.target, r.after)
			}
			if got := f.renders(t, r.page); got != 2 {
				t.Errorf("%s rendered %d times for two revisions, want 2", r.page, got)
			}
		}

		// An editor's export is whole and never cached.
		res := f.do(t, http.MethodGet, "/api/v1/stories/draft-story/export", nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("a reader's export of a draft: %d, want 404", res.StatusCode)
		}
	})
}

// TestClaimReview_PagedByNextAndMadeUpCursorsAreNotKept follows next
// through every page, and checks that a cursor nobody was handed is
// answered but not kept in memory.
func TestClaimReview_PagedByNextAndMadeUpCursorsAreNotKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCountedFixture(t, db)
		ctx := context.Background()
		var want []string
		for i := range 5 {
			c := f.addClaim(t, f.story.ID, fmt.Sprintf("Resolved claim %d", i), "investigating", "")
			must(f.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "Settled", Version: c.Version}))(t)
			want = append([]string{c.Text}, want...)
		}
		want = append(want, f.settled.Text)

		var got []string
		for target := "/api/v1/claimreview?limit=2"; ; {
			status, body := f.get(t, target)
			var page struct {
				Items []struct {
					ClaimReviewed string `json:"claimReviewed"`
				}
				Next *string
			}
			if err := json.Unmarshal([]byte(body), &page); err != nil || status != http.StatusOK || len(page.Items) > 2 {
				t.Fatalf("GET %s = %d, %v:\n%s", target, status, err, body)
			}
			for _, it := range page.Items {
				got = append(got, it.ClaimReviewed)
			}
			if page.Next == nil {
				break
			}
			target = "/api/v1/claimreview?limit=2&before=" + *page.Next
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("following next gave\n  %q\nwant, newest first,\n  %q", got, want)
		}

		f.get(t, "/api/v1/claimreview")
		for range 2 {
			if _, _, n := f.cost(t, "/api/v1/claimreview?before=999999"); n == 0 {
				t.Error("a made-up cursor's page was kept in the cache")
			}
		}
	})
}
