package recheck_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

var reviewer = claims.Actor{UserID: 8, Name: "Ben Reviewer", Role: "editor"}

func (f *fixture) setWatches(t *testing.T, claimID int64, in claims.WatchesInput) *claims.Watches {
	t.Helper()
	w, err := f.svc.SetWatches(t.Context(), editor, claimID, in)
	if err != nil {
		t.Fatalf("SetWatches: %v", err)
	}
	return w
}

func newest(evs []claims.Event, kind claims.EventKind) *claims.Event {
	for i := range evs {
		if evs[i].Kind == kind {
			return &evs[i]
		}
	}
	return nil
}

func TestSweep_PhraseWatchReportsAppearanceAndDisappearanceQuotingTheSentence(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("Meta said it would look into the recording.", "Experts have not examined it."))
		c := f.claim(t, f.story.ID, "The audio is authentic")
		f.link(t, c.ID, p.srv.URL+"/story")
		f.setWatches(t, c.ID, claims.WatchesInput{Phrases: []string{"authenticated", "  Meta   confirmed "}})
		chk := f.checker(t, testClient(t, true, nil))

		sweep(t, chk)
		if k := kindsOf(f.events(t, c.ID)); k[claims.EventPhraseFound]+k[claims.EventPhraseGone] != 0 {
			t.Fatalf("baseline without the phrases gave phrase events: %v", k)
		}

		p.set(article("Meta said it would look into the recording.", "Two labs have now AUTHENTICATED the audio, the paper said."), http.StatusOK)
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		evs := f.events(t, c.ID)
		found := newest(evs, claims.EventPhraseFound)
		if found == nil || kindsOf(evs)[claims.EventPhraseFound] != 1 {
			t.Fatalf("after the phrase appeared: events %v, want one phrase_found", kindsOf(evs))
		}
		if !strings.Contains(found.Note, "Two labs have now AUTHENTICATED the audio, the paper said.") || !found.Public ||
			found.SourceID == nil || found.Actor != claims.ActorRecheck.Name {
			t.Fatalf("phrase_found = %+v; want a public re-check event on the source quoting the sentence", found)
		}
		items, _ := f.svc.ReviewQueue(t.Context(), reviewer, claims.ReviewQuery{})
		if !hasItemFor(items, found.ID) {
			t.Fatalf("no review item for the phrase_found event among %d items", len(items))
		}

		// Unchanged: nothing new.
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		if n := kindsOf(f.events(t, c.ID))[claims.EventPhraseFound]; n != 1 {
			t.Fatalf("a second check of the same page gave %d phrase_found events, want still 1", n)
		}

		p.set(article("Meta said it would look into the recording.", "Experts have not examined it."), http.StatusOK)
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		gone := newest(f.events(t, c.ID), claims.EventPhraseGone)
		if gone == nil || !strings.Contains(gone.Note, "AUTHENTICATED the audio") {
			t.Fatalf("after the phrase went: %+v; want phrase_gone quoting where it was", gone)
		}
	})
}

func hasItemFor(items []claims.ReviewItem, eventID int64) bool {
	for _, it := range items {
		if it.EventID == eventID {
			return true
		}
	}
	return false
}

func TestSweep_NumberWatchRecordsReadingsAndProposesOnceWhenTheLineIsCrossed(t *testing.T) {
	t.Parallel()
	low, err := os.ReadFile("extract/testdata/petition_1432.html")
	if err != nil {
		t.Fatal(err)
	}
	high, err := os.ReadFile("extract/testdata/petition_1611.html")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.UseWatchSyntax(extract.CheckNumberWatch)
		p := newPage(t, string(low))
		c := f.claim(t, f.story.ID, "The petition passed 1,500 signatures")
		src := f.link(t, c.ID, p.srv.URL+"/p/keep-alder-library")
		f.setWatches(t, c.ID, claims.WatchesInput{Numbers: []claims.NumberWatch{{
			Label: "signatures", SourceID: &src.Source.ID, Selector: ".signature-count", Pattern: `([\d,]+)`,
			Comparison: ">= 1500", Propose: "confirmed"}}})
		chk := f.checker(t, testClient(t, true, nil))

		sweep(t, chk)
		evs := f.events(t, c.ID)
		first := newest(evs, claims.EventReadingRecorded)
		if first == nil || !strings.Contains(first.Note, "1,432") || newest(evs, claims.EventStatusProposed) != nil {
			t.Fatalf("first reading: %+v, kinds %v; want a reading of 1,432 and no proposal", first, kindsOf(evs))
		}

		p.set(string(high), http.StatusOK)
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		evs = f.events(t, c.ID)
		reading := newest(evs, claims.EventReadingRecorded)
		if reading == nil || !strings.Contains(reading.Note, "1,432 → 1,611") {
			t.Fatalf("second reading = %+v; want it to say 1,432 → 1,611", reading)
		}
		prop := newest(evs, claims.EventStatusProposed)
		if prop == nil || prop.ToStatus != "confirmed" || prop.FromStatus != c.Status || prop.Public ||
			!strings.Contains(prop.Note, "1,611") || !strings.Contains(prop.Note, src.Source.URL) {
			t.Fatalf("proposal = %+v; want an internal proposal of confirmed citing the reading and the source", prop)
		}
		if got, _ := db.ClaimByID(t.Context(), c.ID); got.Status != c.Status {
			t.Fatalf("a proposal changed the status to %q by itself", got.Status)
		}

		// Still above the line: no second proposal.
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		if n := kindsOf(f.events(t, c.ID))[claims.EventStatusProposed]; n != 1 {
			t.Fatalf("%d proposals after an unchanged reading, want 1", n)
		}

		items, err := f.svc.ReviewQueue(t.Context(), reviewer, claims.ReviewQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var itemID int64
		for _, it := range items {
			if it.EventID == prop.ID {
				itemID = it.ID
			}
		}
		if itemID == 0 {
			t.Fatal("the proposal has no review item")
		}
		if _, err := f.svc.AcceptProposal(t.Context(), reviewer, itemID, "Checked the count on the site"); err != nil {
			t.Fatalf("AcceptProposal: %v", err)
		}
		got, _ := db.ClaimByID(t.Context(), c.ID)
		change := newest(f.events(t, c.ID), claims.EventStatusChanged)
		if got.Status != "confirmed" || change == nil || change.ToStatus != "confirmed" || change.Actor != reviewer.Name ||
			!strings.Contains(change.Note, "1,611") || !strings.Contains(change.Note, "Checked the count") {
			t.Fatalf("after accepting: status %q, event %+v; want confirmed by the reviewer citing the reading", got.Status, change)
		}
	})
}

func TestSweep_QuotedPassageEditedThenRemovedGivesQuoteChangedThenQuoteRemoved(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		quote := "Officials confirmed the figure of 4,000 employees on Tuesday."
		p := newPage(t, article("The company spoke to reporters.", quote, "The union disputed it."))
		url := p.srv.URL + "/layoffs"
		c := f.claim(t, f.story.ID, "4,000 employees are affected")
		f.link(t, c.ID, url)
		ev, err := f.svc.AddEvidence(t.Context(), editor, c.ID, claims.NewEvidence{Summary: "Officials gave the figure",
			Stance: "supports", SourceURL: url, Quote: quote})
		if err != nil {
			t.Fatal(err)
		}
		chk := f.checker(t, testClient(t, true, nil))
		sweep(t, chk)
		if k := kindsOf(f.events(t, c.ID)); k[claims.EventQuoteChanged]+k[claims.EventQuoteRemoved] != 0 {
			t.Fatalf("the quote is on the page but the check reported %v", k)
		}

		p.set(article("The company spoke to reporters.", "Officials disputed the figure of 4,000 employees on Tuesday.", "The union disputed it."), http.StatusOK)
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		changed := newest(f.events(t, c.ID), claims.EventQuoteChanged)
		if changed == nil || !strings.Contains(changed.Note, "Officials disputed the figure") {
			t.Fatalf("after the edit: %+v; want quote_changed showing the new wording", changed)
		}
		if !strings.Contains(string(changed.Payload), `"evidence_id":`+strconv.FormatInt(ev.ID, 10)) {
			t.Fatalf("quote_changed payload %s does not name evidence %d", changed.Payload, ev.ID)
		}

		p.set(article("The company spoke to reporters.", "The union disputed it."), http.StatusOK)
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		k := kindsOf(f.events(t, c.ID))
		if k[claims.EventQuoteRemoved] != 1 || k[claims.EventQuoteChanged] != 1 {
			t.Fatalf("after the passage went: %v; want one quote_changed then one quote_removed", k)
		}
	})
}

func TestSweep_WatchesAreNotReadOnTheHomePageAPulledStoryRedirectsTo(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var pulled atomic.Bool
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == "/":
				w.Write([]byte(article("Welcome to the front page.")))
			case pulled.Load():
				http.Redirect(w, r, "/", http.StatusMovedPermanently)
			default:
				w.Write([]byte(article("Two labs authenticated the audio.")))
			}
		}))
		t.Cleanup(srv.Close)
		c := f.claim(t, f.story.ID, "The audio is authentic")
		src := f.link(t, c.ID, srv.URL+"/story")
		f.setWatches(t, c.ID, claims.WatchesInput{Phrases: []string{"authenticated"}})
		chk := f.checker(t, testClient(t, true, nil))
		sweep(t, chk)
		if newest(f.events(t, c.ID), claims.EventPhraseFound) == nil {
			t.Fatal("the first look did not report the phrase on the page")
		}
		pulled.Store(true)
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		k := kindsOf(f.events(t, c.ID))
		if k[claims.EventSourceMoved] != 1 || k[claims.EventPhraseGone] != 0 {
			t.Fatalf("after a redirect to the home page: %v; want source_moved and no phrase_gone", k)
		}
		checks, err := f.svc.SourceChecks(t.Context(), src.Source.ID, claims.Page{Limit: 1})
		if err != nil || len(checks) != 1 || checks[0].Finding != claims.FindingSoft404 || checks[0].FinalURL != srv.URL+"/" {
			t.Fatalf("the check row = %+v, %v; want the soft 404 recorded with the home page as final URL", checks, err)
		}
	})
}

func TestSweep_BotWallServedWith200IsAccessBlockedNotAChangeAndHidesNoWatchedPhrase(t *testing.T) {
	t.Parallel()
	wall, err := os.ReadFile("extract/testdata/botwall_cloudflare_challenge.html")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		body := article("Two labs authenticated the audio.", "Meta declined to comment.")
		p := newPage(t, body)
		c := f.claim(t, f.story.ID, "The audio is authentic")
		src := f.link(t, c.ID, p.srv.URL+"/story")
		f.setWatches(t, c.ID, claims.WatchesInput{Phrases: []string{"authenticated"}})
		chk := f.checker(t, testClient(t, true, nil))
		sweep(t, chk)

		p.set(string(wall), http.StatusOK)
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		k := kindsOf(f.events(t, c.ID))
		if k[claims.EventSourceAccessBlocked] != 1 || k[claims.EventSourceChanged] != 0 || k[claims.EventPhraseGone] != 0 {
			t.Fatalf("after a bot wall: %v; want source_access_blocked only", k)
		}
		checks, err := f.svc.SourceChecks(t.Context(), src.Source.ID, claims.Page{Limit: 1})
		if err != nil || len(checks) != 1 || checks[0].Finding != claims.FindingBotWall || checks[0].State != claims.SourceAccessBlocked {
			t.Fatalf("the check row = %+v, %v; want an access_blocked check noting the bot wall", checks, err)
		}

		p.set(body, http.StatusOK)
		f.clock.Advance(25 * time.Hour)
		sweep(t, chk)
		k = kindsOf(f.events(t, c.ID))
		if k[claims.EventSourceRecovered] != 1 || k[claims.EventSourceChanged] != 0 || k[claims.EventPhraseFound] != 1 {
			t.Fatalf("after the wall lifted: %v; want source_recovered, no change, and the phrase still found once", k)
		}
	})
}
