package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// editorEnv is a server with accounts, a signed-in editor, and a published
// story with one open claim.
type editorEnv struct {
	h      http.Handler
	svc    *claims.Service
	auth   *auth.Service
	cookie *http.Cookie
	story  *claims.Story
	claim  *claims.Claim
}

func newEditorEnv(t *testing.T, db *store.DB) *editorEnv {
	t.Helper()
	_, h, csvc, asvc := newTestServer(t, db)
	e := &editorEnv{h: h, svc: csvc, auth: asvc}
	e.cookie = loginAs(t, h, asvc, auth.RoleEditor)
	ctx := context.Background()
	e.story = must(csvc.CreateStory(ctx, claims.ActorDemo, claims.NewStory{Slug: "harbour-fire", Title: "Harbour fire", Published: true}))(t)
	e.claim = must(csvc.AddClaim(ctx, claims.ActorDemo, e.story.ID, claims.NewClaim{Text: "The fire started in the warehouse", Status: "investigating"}))(t)
	return e
}

// get fetches target as the signed-in editor.
func (e *editorEnv) get(t *testing.T, target string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	req.AddCookie(e.cookie)
	res := serve(e.h, req)
	return res.StatusCode, readAll(t, res.Body)
}

// post sends a same-origin form as the signed-in editor.
func (e *editorEnv) post(t *testing.T, target string, form url.Values) (*http.Response, string) {
	t.Helper()
	res := postForm(t, e.h, target, form, []*http.Cookie{e.cookie})
	return res, readAll(t, res.Body)
}

func (e *editorEnv) claimPath(suffix string) string { return view.EditClaimURL(e.claim.ID) + suffix }

func TestEditorPages_AnonymousIsSentToLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		for _, target := range []string{"/editor", "/editor/stories/harbour-fire", e.claimPath(""), "/editor/sources/1", "/editor/snapshots/1"} {
			res := serve(e.h, mustRequest(t, http.MethodGet, target))
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
				t.Errorf("GET %s anonymously: %d Location %q, want 303 to /login", target, res.StatusCode, res.Header.Get("Location"))
			}
		}
		res := postForm(t, e.h, e.claimPath("/status"), url.Values{"status": {"confirmed"}, "note": {"x"}, "version": {"1"}}, nil)
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous status POST: %d, want 401", res.StatusCode)
		}
		if got := must(e.svc.ClaimDetail(context.Background(), e.claim.ID, false))(t).Claim.Status; got != "investigating" {
			t.Errorf("anonymous POST changed the status to %q", got)
		}
	})
}

func TestEditorClaimStatus_WithNoteChangesStatusAndRecordsEvent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		res, _ := e.post(t, e.claimPath("/status"), url.Values{
			"status": {"confirmed"}, "note": {"Fire service report names the warehouse"}, "version": {strconv.Itoa(e.claim.Version)},
			"review_by": {"2030-01-15"},
		})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != e.claimPath("?done=status") {
			t.Fatalf("status POST: %d Location %q, want 303 back to the claim editor", res.StatusCode, res.Header.Get("Location"))
		}
		d := must(e.svc.ClaimPage(context.Background(), e.claim.ID, claims.ClaimView{Drafts: true, Internal: true}))(t)
		if d.Claim.Status != "confirmed" || d.Claim.ReviewBy == nil || d.Claim.ReviewBy.Format("2006-01-02") != "2030-01-15" {
			t.Errorf("claim now %q, review by %v; want confirmed, 2030-01-15", d.Claim.Status, d.Claim.ReviewBy)
		}
		last := d.Timeline.Events[len(d.Timeline.Events)-1]
		if last.Kind != claims.EventStatusChanged || last.Note != "Fire service report names the warehouse" || !strings.HasPrefix(last.Actor, "Test editor") {
			t.Errorf("last event = %+v, want status_changed with the note by the editor", last)
		}
		_, body := e.get(t, e.claimPath("?done=status"))
		if !strings.Contains(body, "Status changed.") || !strings.Contains(body, "Fire service report names the warehouse") {
			t.Error("claim editor after the redirect shows neither the message nor the new timeline entry")
		}
	})
}

func TestEditorClaimStatus_WithoutNoteIs422AndKeepsInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		res, body := e.post(t, e.claimPath("/status"), url.Values{
			"status": {"refuted"}, "note": {"  "}, "version": {strconv.Itoa(e.claim.Version)}, "review_by": {"2031-02-03"},
		})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status POST without a note: %d, want 422", res.StatusCode)
		}
		form := between(t, body, `id="status-form"`, "</form>")
		for _, want := range []string{`<option value="refuted" selected>`, `value="2031-02-03"`, "a status change needs a note", "required"} {
			if !strings.Contains(form, want) {
				t.Errorf("re-rendered status form lacks %q", want)
			}
		}
		if got := must(e.svc.ClaimDetail(context.Background(), e.claim.ID, false))(t).Claim.Status; got != "investigating" {
			t.Errorf("status changed to %q without a note", got)
		}
	})
}

func TestEditorClaimStatus_StaleVersionShowsBothVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		other := claims.Actor{UserID: 0, Name: "Other desk"}
		must(e.svc.UpdateClaim(context.Background(), other, e.claim.ID, claims.ClaimPatch{
			Status: ptr("disputed"), Note: "A witness places it at the pier", Version: e.claim.Version}))(t)

		res, body := e.post(t, e.claimPath("/status"), url.Values{
			"status": {"confirmed"}, "note": {"My careful reasoning"}, "version": {strconv.Itoa(e.claim.Version)},
		})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale status POST: %d, want 409", res.StatusCode)
		}
		conflict := between(t, body, `class="ed-conflict"`, "</section>")
		for _, want := range []string{"My careful reasoning", "Confirmed", "Disputed"} {
			if !strings.Contains(conflict, want) {
				t.Errorf("conflict panel lacks %q", want)
			}
		}
		form := between(t, body, `id="status-form"`, "</form>")
		if !strings.Contains(form, "My careful reasoning") || !strings.Contains(form, `name="version" value="`+strconv.Itoa(e.claim.Version+1)+`"`) {
			t.Error("status form should keep the note and carry the current version")
		}
		if got := must(e.svc.ClaimDetail(context.Background(), e.claim.ID, false))(t).Claim.Status; got != "disputed" {
			t.Errorf("stale edit was written: status %q", got)
		}
	})
}

func TestEditorStorySave_StaleVersionKeepsEditorText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		must(e.svc.UpdateStory(context.Background(), claims.ActorDemo, "harbour-fire", claims.StoryPatch{
			Summary: ptr("Their summary"), Version: e.story.Version}))(t)
		res, body := e.post(t, "/editor/stories/harbour-fire", url.Values{
			"title": {"Harbour fire"}, "summary": {"My summary"}, "version": {strconv.Itoa(e.story.Version)},
			"question": {"Who called it in?"}, "answer": {"A ferry crew."}, "published": {"1"},
		})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale story save: %d, want 409", res.StatusCode)
		}
		conflict := between(t, body, `class="ed-conflict"`, "</section>")
		if !strings.Contains(conflict, "My summary") || !strings.Contains(conflict, "Their summary") {
			t.Error("conflict panel should show both summaries")
		}
		form := between(t, body, `id="story-form"`, "</form>")
		if !strings.Contains(form, "My summary") || !strings.Contains(form, "Who called it in?") {
			t.Error("story form lost the editor's text")
		}
	})
}

func TestEditorWorkflow_EveryFormSavesAndRedirects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		step := func(target string, form url.Values, wantLocation string) {
			t.Helper()
			res, body := e.post(t, target, form)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("POST %s: %d, want 303\n%s", target, res.StatusCode, body)
			}
			if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, wantLocation) {
				t.Fatalf("POST %s redirected to %q, want %q", target, loc, wantLocation)
			}
		}
		step("/editor/stories", url.Values{"title": {"Bridge closure"}, "summary": {"Why the bridge shut"}}, "/editor/stories/bridge-closure?done=story-created")
		step("/editor/stories/bridge-closure", url.Values{"title": {"Bridge closure"}, "version": {"1"}, "agree": {"It shut\n\nfor a week"},
			"question": {"When?", ""}, "answer": {"Monday", ""}, "published": {"1"}}, "/editor/stories/bridge-closure?done=story-saved")
		st := must(e.svc.StoryBySlug(context.Background(), "bridge-closure"))(t)
		if !st.Published || len(st.Context) != 1 || len(st.Perspectives.Agree) != 2 {
			t.Errorf("saved story = %+v; want published, one Q&A, two agreed points", st)
		}
		step("/editor/stories/bridge-closure/claims", url.Values{"text": {"Cracks were found"}, "status": {"unverified"}},
			"/editor/stories/bridge-closure?done=claim-created")
		d := must(e.svc.StoryDetail(context.Background(), st.ID))(t)
		cl := d.Claims[0]
		base := view.EditClaimURL(cl.ID)
		step(base+"/sources", url.Values{"url": {"https://news.example.org/bridge"}, "outlet": {"Example News"}, "outlet_kind": {"independent"}, "stance": {"supports"}}, base+"?done=source")
		step(base+"/evidence", url.Values{"summary": {"Inspection report"}, "stance": {"supports"}, "quote": {"cracks"}}, base+"?done=evidence")
		step(base+"/notes", url.Values{"text": {"Call the council back"}}, base+"?done=note")
		step(base+"/text", url.Values{"text": {"Cracks were found in the deck"}, "what_would_settle": {"The inspection report"}, "version": {"1"}}, base+"?done=text")
		cd := must(e.svc.ClaimDetail(context.Background(), cl.ID, false))(t)
		step(base+"/evidence/"+strconv.FormatInt(cd.Evidence[0].ID, 10)+"/withdraw", url.Values{"note": {"Wrong report"}}, base+"?done=evidence-withdrawn")
		step(base+"/sources/"+strconv.FormatInt(cd.Sources[0].ID, 10)+"/unlink", url.Values{"note": {"Paywalled copy"}}, base+"?done=source-unlinked")
		step(base+"/withdraw", url.Values{"note": {"Duplicate of another claim"}}, base+"?done=withdrawn")

		status, body := e.get(t, base)
		if status != http.StatusOK {
			t.Fatalf("claim editor: %d", status)
		}
		for _, want := range []string{"Call the council back", "internal", "Evidence withdrawn", "Source unlinked", "Claim withdrawn"} {
			if !strings.Contains(body, want) {
				t.Errorf("claim editor timeline lacks %q", want)
			}
		}
		if status, body := e.get(t, "/editor"); status != http.StatusOK || !strings.Contains(body, "Bridge closure") {
			t.Errorf("dashboard: %d, story listed: %v", status, strings.Contains(body, "Bridge closure"))
		}
	})
}

func TestEditorPages_RenderUserHTMLInert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		ctx := context.Background()
		evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
		st := must(e.svc.CreateStory(ctx, claims.ActorDemo, claims.NewStory{Slug: "evil", Title: "T " + evil, Summary: evil,
			Context: []claims.QA{{Question: evil, Answer: evil}}, Perspectives: claims.Perspectives{Agree: []string{evil}}}))(t)
		cl := must(e.svc.AddClaim(ctx, claims.ActorDemo, st.ID, claims.NewClaim{Text: evil, WhatWouldSettle: evil}))(t)
		must(e.svc.AddEvidence(ctx, claims.ActorDemo, cl.ID, claims.NewEvidence{Summary: evil, Stance: "supports", Quote: evil}))(t)
		must(e.svc.LinkSource(ctx, claims.ActorDemo, cl.ID, claims.NewSourceLink{URL: "https://x.example/a", Outlet: evil, OutletKind: "wire", Title: evil, Stance: "supports"}))(t)
		must(e.svc.AddNote(ctx, claims.ActorDemo, cl.ID, evil))(t)
		// Another editor's status change puts it in the review queue and recent changes.
		other := createTestUser(t, e.auth, auth.RoleEditor)
		must(e.svc.UpdateClaim(ctx, claims.Actor{UserID: other.ID, Name: evil}, cl.ID, claims.ClaimPatch{Status: ptr("disputed"), Note: evil, Version: cl.Version}))(t)

		// A failed form echoes the input back: it must be inert too.
		_, failed := e.post(t, view.EditClaimURL(cl.ID)+"/status", url.Values{"status": {"confirmed"}, "note": {""}, "review_by": {evil}, "version": {"2"}})
		pages := map[string]string{"failed status form": failed}
		for _, target := range []string{"/editor", "/editor/stories/evil", view.EditClaimURL(cl.ID)} {
			status, body := e.get(t, target)
			if status != http.StatusOK {
				t.Fatalf("GET %s: %d", target, status)
			}
			pages[target] = body
		}
		for name, body := range pages {
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
				t.Errorf("%s renders user HTML live", name)
			}
			if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("%s does not show the escaped text", name)
			}
		}
	})
}

func mustRequest(t *testing.T, method, target string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestEditorDashboard_ReviewItemFromOtherEditorCanBeMarkedReviewed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		other := createTestUser(t, e.auth, auth.RoleEditor)
		must(e.svc.UpdateClaim(context.Background(), claims.Actor{UserID: other.ID, Name: other.Name}, e.claim.ID, claims.ClaimPatch{
			Status: ptr("disputed"), Note: "A witness places it at the pier", Version: e.claim.Version}))(t)

		_, body := e.get(t, "/editor")
		queue := between(t, body, `id="queue-h"`, "</section>")
		if !strings.Contains(queue, "A witness places it at the pier") || !strings.Contains(queue, other.Name) {
			t.Fatalf("review queue does not show the other editor's change:\n%s", queue)
		}
		recent := between(t, body, `id="recent-h"`, "</section>")
		if !strings.Contains(recent, "Investigating → Disputed") {
			t.Errorf("recent changes by others lack the status change:\n%s", recent)
		}
		items := must(e.svc.ReviewQueue(context.Background(), claims.Actor{}, claims.ReviewQuery{}))(t)
		if len(items) != 1 {
			t.Fatalf("%d open review items, want 1", len(items))
		}
		action := "/editor/review/" + strconv.FormatInt(items[0].ID, 10) + "/reviewed"
		if !strings.Contains(queue, `action="`+action+`"`) {
			t.Fatalf("queue has no form posting to %s", action)
		}
		res, _ := e.post(t, action, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/editor?done=reviewed" {
			t.Fatalf("mark reviewed: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		res, _ = e.post(t, action, nil)
		if res.Header.Get("Location") != "/editor?done=review-conflict" {
			t.Errorf("closing a closed item again redirected to %q, want the conflict message", res.Header.Get("Location"))
		}
		_, body = e.get(t, "/editor?done=reviewed")
		if !strings.Contains(body, "Marked as reviewed.") || !strings.Contains(body, "Nothing waits for review.") {
			t.Error("dashboard after marking reviewed should confirm it and show an empty queue")
		}
	})
}

func TestClaimShow_EditLinkOnlyForEditorsAndNeverCached(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		edit := `href="` + e.claimPath("") + `"`
		req := mustRequest(t, http.MethodGet, site.ClaimURL(e.claim.ID))
		req.AddCookie(e.cookie)
		res := serve(e.h, req)
		if body := readAll(t, res.Body); !strings.Contains(body, edit) {
			t.Error("an editor sees no link to the claim editor")
		}
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("editor's claim page Cache-Control = %q, want private, no-store", cc)
		}
		res = serve(e.h, mustRequest(t, http.MethodGet, site.ClaimURL(e.claim.ID)))
		if body := readAll(t, res.Body); strings.Contains(body, "/editor") {
			t.Error("a logged-out reader sees a link into the editor")
		}
	})
}

func TestEditorClaimCreate_ShowsTrackedClaimsBeforeSavingADuplicate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		target := "/editor/stories/harbour-fire/claims"
		count := func() int {
			cs, err := db.ClaimsByStory(t.Context(), e.story.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(cs)
		}
		before := count()
		form := url.Values{"text": {"The fire started in the warehouse, the port says"}, "status": {"unverified"}}
		res, body := e.post(t, target, form)
		if res.StatusCode != http.StatusOK || count() != before {
			t.Fatalf("first add: status %d, %d claims (was %d): a likely duplicate must wait for the editor", res.StatusCode, count(), before)
		}
		box := between(t, body, `<div class="tracked"`, "</div>")
		for _, want := range []string{"Already tracked?", `href="` + view.EditClaimURL(e.claim.ID) + `">The fire started in the warehouse</a>`,
			"in Harbour fire", `name="confirm" value="1"`} {
			if !strings.Contains(box, want) {
				t.Errorf("the box lacks %q:\n%s", want, box)
			}
		}
		if !strings.Contains(body, "The fire started in the warehouse, the port says</textarea>") {
			t.Error("the typed text was not kept")
		}
		form.Set("confirm", "1")
		if res, _ := e.post(t, target, form); res.StatusCode != http.StatusSeeOther || count() != before+1 {
			t.Fatalf("add anyway: status %d, %d claims", res.StatusCode, count())
		}
		// A claim that repeats nothing is saved at once.
		if res, _ := e.post(t, target, url.Values{"text": {"The harbour reopened on Sunday"}, "status": {"unverified"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a new claim: status %d, want 303", res.StatusCode)
		}
	})
}

func TestEditorWatches_FormSavesPhrasesAndANumberWatchAndShowsThemBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		e.svc.UseWatchSyntax(extract.CheckNumberWatch)
		ls := must(e.svc.LinkSource(context.Background(), claims.ActorDemo, e.claim.ID, claims.NewSourceLink{
			URL: "https://petitions.example.org/p/harbour", Outlet: "Petitions", OutletKind: "primary", Title: "Rebuild the harbour", Stance: "context"}))(t)

		status, page := e.get(t, e.claimPath(""))
		if status != http.StatusOK || !strings.Contains(page, `id="watches-form"`) || !strings.Contains(page, `name="pattern_1"`) {
			t.Fatalf("claim editor: %d, no watch form with a blank number row", status)
		}

		form := url.Values{"version": {"0"}, "phrases": {"arson\r\nfire service confirmed\r\n"},
			"label_1": {"signatures"}, "source_1": {strconv.FormatInt(ls.Source.ID, 10)}, "pattern_1": {`([\d,]+) signatures`},
			"selector_1": {".count"}, "comparison_1": {">= 5000"}, "propose_1": {"confirmed"}}
		res, _ := e.post(t, e.claimPath("/watches"), form)
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=watches") {
			t.Fatalf("save watches: %d Location %q, want 303 back with done=watches", res.StatusCode, res.Header.Get("Location"))
		}
		cw := must(e.svc.Watches(context.Background(), e.claim.ID))(t)
		w := cw.Watches
		if strings.Join(w.Phrases, "|") != "arson|fire service confirmed" || len(w.Numbers) != 1 ||
			*w.Numbers[0].SourceID != ls.Source.ID || w.Numbers[0].Selector != ".count" || w.Numbers[0].Propose != "confirmed" {
			t.Fatalf("saved watches %+v", w)
		}
		_, page = e.get(t, e.claimPath("?done=watches"))
		page = html.UnescapeString(page)
		for _, want := range []string{"Watches saved.", ">arson\nfire service confirmed</textarea>", `value="([\d,]+) signatures"`, `name="pattern_2"`, "Watching phrases"} {
			if !strings.Contains(page, want) {
				t.Errorf("claim editor after saving lacks %q", want)
			}
		}

		// A stale form keeps the editor's input and says what the watches are now.
		res, body := e.post(t, e.claimPath("/watches"), url.Values{"version": {"0"}, "phrases": {"fabricated"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "someone else changed these watches") ||
			!strings.Contains(body, ">fabricated</textarea>") || !strings.Contains(body, "“arson”") {
			t.Fatalf("stale save: %d; want 409 keeping the input and naming the current watches", res.StatusCode)
		}
		res, body = e.post(t, e.claimPath("/watches"), url.Values{"version": {"1"}, "pattern_1": {`([`}, "comparison_1": {">= 1"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "invalid pattern") || !strings.Contains(html.UnescapeString(body), `value="(["`) {
			t.Fatalf("bad pattern: %d; want 422 naming it and keeping the input", res.StatusCode)
		}
		if got := must(e.svc.Watches(context.Background(), e.claim.ID))(t).Watches.Version; got != 1 {
			t.Fatalf("refused saves changed the watches to version %d", got)
		}
	})
}
