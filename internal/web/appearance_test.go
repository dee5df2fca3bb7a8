package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

func TestAppearances_EditorRecordsThemAndTheClaimPageAndClaimReviewShowThem(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		ctx := t.Context()
		path := e.claimPath("/appearances")
		if res, body := e.post(t, path, url.Values{"appeared_at": {"12 Nov"}, "outlet": {"Radio"}}); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "give the date as YYYY-MM-DD") || !strings.Contains(body, `value="Radio"`) {
			t.Fatalf("a bad date: status %d", res.StatusCode)
		}
		for _, f := range []url.Values{
			{"url": {"https://later.example/story"}, "outlet": {"Later Daily"}, "appeared_at": {"2025-11-20"}},
			{"url": {"https://gazette.example/fire"}, "outlet": {"Harbour Gazette"}, "appeared_at": {"2025-11-12"}, "claimant": {"The port authority"}},
		} {
			if res, _ := e.post(t, path, f); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("record %v: status %d", f, res.StatusCode)
			}
		}
		must(e.svc.UpdateClaim(ctx, claims.ActorDemo, e.claim.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "The report says so", Version: e.claim.Version}))(t)

		res := serve(e.h, httptest.NewRequest(http.MethodGet, site.ClaimURL(e.claim.ID), nil))
		body := readAll(t, res.Body)
		if !strings.Contains(body, `<p class="first-seen">First seen Nov 12, 2025 in Harbour Gazette, by The port authority</p>`) {
			t.Errorf("the claim page lacks its first appearance:\n%s", between(t, body, "<main", "</main>"))
		}
		raw := between(t, body, `<script type="application/ld+json">`, "</script>")
		var ld struct {
			ItemReviewed struct {
				Appearance      []map[string]any `json:"appearance"`
				FirstAppearance map[string]any   `json:"firstAppearance"`
				Author          map[string]any   `json:"author"`
			} `json:"itemReviewed"`
		}
		if err := json.Unmarshal([]byte(strings.TrimPrefix(raw, `<script type="application/ld+json">`)), &ld); err != nil {
			t.Fatal(err)
		}
		it := ld.ItemReviewed
		if len(it.Appearance) != 2 || it.FirstAppearance["url"] != "https://gazette.example/fire" || it.FirstAppearance["datePublished"] != "2025-11-12" ||
			it.Author["name"] != "The port authority" || it.Author["@type"] != "Person" {
			t.Errorf("ClaimReview itemReviewed: %+v", it)
		}
	})
}

func TestLookup_EditorsRecordAnAppearanceInOneClick(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newLookupEnv(t, db, true)
		cookie := loginAs(t, e.h, e.asvc, "editor")
		req := httptest.NewRequest(http.MethodGet, "/lookup?"+url.Values{"url": {e.site.URL + "/dam"}}.Encode(), nil)
		req.AddCookie(cookie)
		body := readAll(t, serve(e.h, req).Body)
		action := view.EditClaimURL(e.open.ID) + "/appearances"
		if !strings.Contains(body, `<form method="post" action="`+action+`"`) {
			t.Fatalf("no one-click form:\n%s", between(t, body, `<section class="lookup-article"`, "</section>"))
		}
		res := postForm(t, e.h, action, url.Values{"url": {e.site.URL + "/dam"}, "outlet": {"Valley Courier"}}, []*http.Cookie{cookie})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record: status %d", res.StatusCode)
		}
		as, err := db.AppearancesByClaim(t.Context(), e.open.ID)
		if err != nil || len(as) != 1 || as[0].Outlet != "Valley Courier" || as[0].URL != e.site.URL+"/dam" {
			t.Fatalf("appearances: %+v, %v", as, err)
		}
	})
}
