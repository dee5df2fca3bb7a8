package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

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
