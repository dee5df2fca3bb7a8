package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

func TestAssignAPI_AssignListsMineAndClearsWithAnInternalEvent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		a := f.user(t, f.editorA)
		cid := fmt.Sprint(f.claim.ID)

		res, body := apiReq(t, f.h, "PATCH", "/api/v1/claims/"+cid, fmt.Sprintf(`{"assignee_id":%d,"version":1}`, a.ID), f.editorB, nil)
		wantStatus(t, "assign", res, body, 200)
		got := decode[map[string]any](t, body)
		if got["assignee_id"] != float64(a.ID) {
			t.Fatalf("assignee_id after assigning = %v, want %d", got["assignee_id"], a.ID)
		}

		res, body = apiReq(t, f.h, "GET", "/api/v1/claims?assignee=me", "", f.editorA, nil)
		wantStatus(t, "mine", res, body, 200)
		if items := decode[map[string]any](t, body)["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != float64(f.claim.ID) {
			t.Errorf("editor A's claims = %s, want the one assigned", body)
		}
		res, body = apiReq(t, f.h, "GET", "/api/v1/claims?assignee=me", "", f.editorB, nil)
		wantStatus(t, "theirs", res, body, 200)
		if items := decode[map[string]any](t, body)["items"].([]any); len(items) != 0 {
			t.Errorf("editor B, who has nothing assigned, lists %s", body)
		}
		res, body = apiReq(t, f.h, "GET", "/api/v1/claims?assignee=me", "", nil, nil)
		wantStatus(t, "reader", res, body, 401)

		// The assignment is on the editors' timeline, not the readers'.
		d := must(f.svc.ClaimPage(context.Background(), f.claim.ID, claims.ClaimView{Drafts: true, Internal: true}))(t)
		if last := d.Timeline.Events[len(d.Timeline.Events)-1]; last.Kind != claims.EventClaimAssigned || last.Public {
			t.Errorf("newest event = %s (public %v), want an internal claim_assigned", last.Kind, last.Public)
		}
		pub := must(f.svc.ClaimPage(context.Background(), f.claim.ID, claims.ClaimView{}))(t)
		for _, e := range pub.Timeline.Events {
			if e.Kind == claims.EventClaimAssigned {
				t.Error("readers see the assignment")
			}
		}

		// An unknown user is refused; null takes the claim back.
		res, body = apiReq(t, f.h, "PATCH", "/api/v1/claims/"+cid, `{"assignee_id":999999,"version":2}`, f.editorB, nil)
		wantStatus(t, "unknown user", res, body, 422)
		res, body = apiReq(t, f.h, "PATCH", "/api/v1/claims/"+cid, `{"assignee_id":null,"version":2}`, f.editorB, nil)
		wantStatus(t, "clear", res, body, 200)
		if got := decode[map[string]any](t, body); got["assignee_id"] != nil {
			t.Errorf("assignee_id after null = %v", got["assignee_id"])
		}
		res, body = apiReq(t, f.h, "GET", "/api/v1/claims?assignee=me", "", f.editorA, nil)
		wantStatus(t, "mine after clearing", res, body, 200)
		if items := decode[map[string]any](t, body)["items"].([]any); len(items) != 0 {
			t.Errorf("after clearing editor A still lists %s", body)
		}
	})
}

func TestFactsAPI_PatchShowsOnTheStoryPageWithLinkedCitationsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		ctx := context.Background()
		ls := must(f.svc.LinkSource(ctx, claims.ActorDemo, f.claim.ID, claims.NewSourceLink{
			URL: "https://wire.example.org/vote", Outlet: "Example Wire", OutletKind: "wire", Stance: "supports"}))(t)

		res, body := apiReq(t, f.h, "PATCH", "/api/v1/stories/budget-vote",
			`{"facts":[{"text":"The council met on Monday.","source_ids":[`+fmt.Sprint(ls.ID)+`]},{"text":"The budget was tabled.","source_ids":[]}],"version":1}`,
			f.editorA, nil)
		wantStatus(t, "facts", res, body, 200)
		res, body = apiReq(t, f.h, "GET", "/api/v1/stories/budget-vote", "", nil, nil)
		wantStatus(t, "story", res, body, 200)
		facts := decode[map[string]any](t, body)["facts"].([]any)
		if len(facts) != 2 || facts[0].(map[string]any)["text"] != "The council met on Monday." ||
			facts[0].(map[string]any)["source_ids"].([]any)[0] != float64(ls.ID) {
			t.Fatalf("facts read back = %v", facts)
		}

		res, body = apiReq(t, f.h, "PATCH", "/api/v1/stories/budget-vote", `{"facts":[{"text":"Cites a stranger.","source_ids":[424242]}],"version":2}`, f.editorA, nil)
		wantStatus(t, "unlinked source", res, body, 422)

		req, _ := http.NewRequest(http.MethodGet, "/stories/budget-vote", nil)
		page := readAll(t, serve(f.h, req).Body)
		facts0 := strings.Index(page, `id="facts"`)
		if facts0 < 0 || !strings.Contains(page[facts0:], "The council met on Monday.") || !strings.Contains(page[facts0:], `href="#sources">Example Wire</a>`) {
			t.Errorf("the story page lacks The Facts with a citation of Example Wire:\n%s", page)
		}
		events := must(f.db.Events(ctx, claims.EventQuery{StoryID: f.story.ID, Page: claims.Page{Limit: 50}}))(t)
		found := false
		for _, e := range events {
			found = found || (e.Kind == claims.EventStoryEdited && strings.Contains(string(e.Payload), "facts"))
		}
		if !found {
			t.Error("no story_edited event names the facts")
		}
	})
}

func TestDraftPreview_EditorSeesItUncachedAndReadersStillGet404(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		ctx := context.Background()
		draft := must(e.svc.CreateStory(ctx, claims.ActorDemo, claims.NewStory{Slug: "draft-one", Title: "Draft one"}))(t)
		cl := must(e.svc.AddClaim(ctx, claims.ActorDemo, draft.ID, claims.NewClaim{Text: "Something happened"}))(t)

		for _, target := range []string{"/stories/draft-one", fmt.Sprintf("/claims/%d", cl.ID)} {
			req, _ := http.NewRequest(http.MethodGet, target, nil)
			req.AddCookie(e.cookie)
			res := serve(e.h, req)
			body := readAll(t, res.Body)
			if res.StatusCode != 200 || !strings.Contains(body, "Draft: readers cannot see this") {
				t.Errorf("editor at %s: %d, banner shown %v", target, res.StatusCode, strings.Contains(body, "Draft: readers"))
			}
			if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
				t.Errorf("editor at %s: Cache-Control %q", target, cc)
			}
			// The editor's view went into no cache: a reader right after gets 404.
			req, _ = http.NewRequest(http.MethodGet, target, nil)
			if res := serve(e.h, req); res.StatusCode != 404 {
				t.Errorf("reader at %s after the editor: %d, want 404", target, res.StatusCode)
			}
		}
		// A published story shows editors the Edit link and no banner.
		status, body := e.get(t, "/stories/harbour-fire")
		if status != 200 || strings.Contains(body, "Draft: readers") || !strings.Contains(body, `href="/editor/stories/harbour-fire">Edit</a>`) {
			t.Errorf("published story for an editor: %d, want an Edit link and no draft banner", status)
		}
		req, _ := http.NewRequest(http.MethodGet, "/stories/harbour-fire", nil)
		if body := readAll(t, serve(e.h, req).Body); strings.Contains(body, "/editor/stories/") || !strings.Contains(body, `href="/login"`) {
			t.Error("readers get the Edit link, or no Sign in link in the footer")
		}
	})
}

func TestStoryEditor_PastedLinesBecomeClaimsInOrderAndCanBeReordered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		res, _ := e.post(t, "/editor/stories/harbour-fire/claims", url.Values{"text": {"First pasted\n\n  Second pasted \nThird pasted"}, "status": {"unverified"}})
		if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != "/editor/stories/harbour-fire?done=claims-created" {
			t.Fatalf("paste: %d to %q", res.StatusCode, loc)
		}
		d := must(e.svc.StoryDetail(context.Background(), e.story.ID))(t)
		var texts []string
		var ids []string
		for _, c := range d.Claims {
			texts = append(texts, c.Text)
			ids = append(ids, fmt.Sprint(c.ID))
		}
		if strings.Join(texts, "|") != "The fire started in the warehouse|First pasted|Second pasted|Third pasted" {
			t.Fatalf("claims after pasting = %q", texts)
		}
		// A line too long refuses the whole paste.
		res, body := e.post(t, "/editor/stories/harbour-fire/claims", url.Values{"text": {"Fine\n" + strings.Repeat("x", 1001)}})
		if res.StatusCode != 422 || !strings.Contains(body, "line 2") {
			t.Errorf("a bad second line: %d, want 422 naming line 2", res.StatusCode)
		}
		if n := len(must(e.svc.StoryDetail(context.Background(), e.story.ID))(t).Claims); n != 4 {
			t.Errorf("%d claims after a refused paste, want 4", n)
		}

		order := []string{ids[3], ids[0], ids[1], ids[2]}
		res, _ = e.post(t, "/editor/stories/harbour-fire/order", url.Values{"order": {strings.Join(order, ",")}})
		if res.StatusCode != 303 {
			t.Fatalf("reorder: %d", res.StatusCode)
		}
		d = must(e.svc.StoryDetail(context.Background(), e.story.ID))(t)
		if d.Claims[0].Text != "Third pasted" {
			t.Errorf("first claim after moving the last to the top = %q", d.Claims[0].Text)
		}
		res, _ = e.post(t, "/editor/stories/harbour-fire/order", url.Values{"order": {ids[0]}})
		if res.StatusCode != 422 {
			t.Errorf("an order missing claims: %d, want 422", res.StatusCode)
		}
	})
}

func TestClaimEditor_EvidenceCitesALinkedSourceOrLinksANewOneInOneStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		ctx := context.Background()
		ls := must(e.svc.LinkSource(ctx, claims.ActorDemo, e.claim.ID, claims.NewSourceLink{
			Outlet: "Harbour Gazette", OutletKind: "independent", Stance: "supports", Title: "Print edition"}))(t)
		base := view.EditClaimURL(e.claim.ID)
		status, page := e.get(t, base)
		if status != 200 || strings.Contains(page, "/editor/sources/"+fmt.Sprint(ls.ID)) {
			t.Errorf("a source without an address offers checks and stored copies (status %d)", status)
		}
		if strings.Contains(page, "Version ") {
			t.Error("the claim editor shows its version")
		}
		res, _ := e.post(t, base+"/evidence", url.Values{"summary": {"Gazette photo"}, "stance": {"supports"}, "source": {fmt.Sprint(ls.ID)}})
		if res.StatusCode != 303 {
			t.Fatalf("evidence citing a linked source: %d", res.StatusCode)
		}
		res, _ = e.post(t, base+"/evidence", url.Values{"summary": {"Fire service statement"}, "stance": {"supports"}, "source": {"new"},
			"new_url": {"https://fire.example.org/statement"}, "new_outlet": {"Fire service"}, "new_kind": {"official"}})
		if res.StatusCode != 303 {
			t.Fatalf("evidence with a new source: %d", res.StatusCode)
		}
		// A new source without its outlet: nothing is linked, nothing added.
		res, _ = e.post(t, base+"/evidence", url.Values{"summary": {"Half"}, "stance": {"supports"}, "source": {"new"}, "new_url": {"https://x.example.org/a"}})
		if res.StatusCode != 422 {
			t.Errorf("new source without outlet: %d, want 422", res.StatusCode)
		}
		d := must(e.svc.ClaimDetail(ctx, e.claim.ID, false))(t)
		if len(d.Evidence) != 2 || d.Evidence[0].SourceID == nil || *d.Evidence[0].SourceID != ls.ID || d.Evidence[1].SourceID == nil || len(d.Sources) != 2 {
			t.Errorf("evidence %+v, %d sources; want two pieces each citing a linked source, two sources", d.Evidence, len(d.Sources))
		}
		// A source not linked to the claim cannot be cited.
		other := must(e.svc.AddClaim(ctx, claims.ActorDemo, e.story.ID, claims.NewClaim{Text: "Other"}))(t)
		ols := must(e.svc.LinkSource(ctx, claims.ActorDemo, other.ID, claims.NewSourceLink{URL: "https://o.example.org/x", Outlet: "O", OutletKind: "independent", Stance: "supports"}))(t)
		res, _ = e.post(t, base+"/evidence", url.Values{"summary": {"Wrong"}, "stance": {"supports"}, "source": {fmt.Sprint(ols.ID)}})
		if res.StatusCode != 422 {
			t.Errorf("citing another claim's source: %d, want 422", res.StatusCode)
		}

		eds := must(e.svc.Editors(ctx))(t)
		res, _ = e.post(t, base+"/assign", url.Values{"assignee_id": {fmt.Sprint(eds[0].ID)}, "version": {fmt.Sprint(d.Claim.Version)}})
		if res.StatusCode != 303 {
			t.Fatalf("assign: %d", res.StatusCode)
		}
		if _, page = e.get(t, base); !strings.Contains(page, "Assigned to "+eds[0].Name) {
			t.Error("the claim editor does not say who it is assigned to")
		}
		if _, page = e.get(t, "/editor"); !strings.Contains(page, "The fire started in the warehouse") {
			t.Error("the dashboard does not list the claim")
		}
	})
}

// readCounter is the real store with a count of the reads a dashboard
// could repeat per row.
type readCounter struct {
	claims.Store
	n atomic.Int64
}

func (r *readCounter) ClaimByID(ctx context.Context, id int64) (*claims.Claim, error) {
	r.n.Add(1)
	return r.Store.ClaimByID(ctx, id)
}

func (r *readCounter) StoryByID(ctx context.Context, id int64) (*claims.Story, error) {
	r.n.Add(1)
	return r.Store.StoryByID(ctx, id)
}

func (r *readCounter) SourceByID(ctx context.Context, id int64) (*claims.Source, error) {
	r.n.Add(1)
	return r.Store.SourceByID(ctx, id)
}

func (r *readCounter) Events(ctx context.Context, q claims.EventQuery) ([]claims.Event, error) {
	r.n.Add(1)
	return r.Store.Events(ctx, q)
}

func (r *readCounter) ListClaims(ctx context.Context, q claims.ClaimQuery, resolved []string) ([]claims.ClaimRef, error) {
	r.n.Add(1)
	return r.Store.ListClaims(ctx, q, resolved)
}

func (r *readCounter) ListStories(ctx context.Context, published bool, p claims.Page, v *claims.Vocabulary) ([]claims.StorySummary, error) {
	r.n.Add(1)
	return r.Store.ListStories(ctx, published, p, v)
}

func (r *readCounter) ReviewItems(ctx context.Context, q claims.ReviewQuery) ([]claims.ReviewItem, error) {
	r.n.Add(1)
	return r.Store.ReviewItems(ctx, q)
}

func (r *readCounter) ClaimsDueForReview(ctx context.Context, now time.Time) ([]claims.Claim, error) {
	r.n.Add(1)
	return r.Store.ClaimsDueForReview(ctx, now)
}

// TestDashboard_ReadsAsMuchForTwentyClaimsAsForOne names every claim of the
// queue and the recent changes with its text and story without a read per
// row.
func TestDashboard_ReadsAsMuchForTwentyClaimsAsForOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rc := &readCounter{Store: db}
		csvc := claims.NewService(rc, claims.DefaultVocabulary(), nil)
		asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
		srv := New(Options{Service: csvc, Auth: asvc, Logger: slog.New(slog.DiscardHandler), Now: time.Now})
		h := srv.Handler()
		other := claims.Actor{UserID: createTestUser(t, asvc, auth.RoleEditor).ID, Name: "Other Editor"}
		me := loginAs(t, h, asvc, auth.RoleEditor)
		ctx := context.Background()

		reads := func(claimsPerStory int) (int64, string) {
			slug := fmt.Sprintf("story-%d", claimsPerStory)
			st := must(csvc.CreateStory(ctx, other, claims.NewStory{Slug: slug, Title: "Story " + slug}))(t)
			for i := range claimsPerStory {
				c := must(csvc.AddClaim(ctx, other, st.ID, claims.NewClaim{Text: fmt.Sprintf("Claim %d of %s", i, slug)}))(t)
				status := "investigating"
				must(csvc.UpdateClaim(ctx, other, c.ID, claims.ClaimPatch{Status: &status, Note: "Looking", Version: c.Version}))(t)
			}
			rc.n.Store(0)
			req, _ := http.NewRequest(http.MethodGet, "/editor", nil)
			req.AddCookie(me)
			res := serve(h, req)
			body := readAll(t, res.Body)
			if res.StatusCode != 200 {
				t.Fatalf("dashboard: %d", res.StatusCode)
			}
			return rc.n.Load(), body
		}
		one, _ := reads(1)
		twenty, body := reads(20)
		if one != twenty {
			t.Errorf("the dashboard made %d reads with one claim and %d with twenty more", one, twenty)
		}
		for _, want := range []string{"Claim 19 of story-20", "Story story-20", "Status changed"} {
			if !strings.Contains(body, want) {
				t.Errorf("the dashboard does not name %q", want)
			}
		}
	})
}
