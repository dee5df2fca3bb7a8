package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestWatches_SavedReadBackAndChangedOnTheTimeline(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		svc.UseWatchSyntax(extract.CheckNumberWatch)
		ls, err := svc.LinkSource(ctxT(t), editor, c.ID, claims.NewSourceLink{URL: "https://petitions.example.org/p/1", Outlet: "Petitions", OutletKind: "primary", Stance: "context"})
		if err != nil {
			t.Fatal(err)
		}
		w, err := svc.SetWatches(ctxT(t), editor, c.ID, claims.WatchesInput{
			Phrases: []string{" authenticated ", "AUTHENTICATED", "", "Meta confirmed"},
			Numbers: []claims.NumberWatch{{SourceID: &ls.Source.ID, Pattern: `([\d,]+) signatures`, Comparison: ">= 1500", Propose: "confirmed"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.Watches(ctxT(t), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		gw := got.Watches
		if w.Version != 1 || gw.Version != 1 || strings.Join(gw.Phrases, "|") != "authenticated|Meta confirmed" ||
			len(gw.Numbers) != 1 || gw.Numbers[0].Label != "reading" || *gw.Numbers[0].SourceID != ls.Source.ID ||
			gw.Numbers[0].Propose != "confirmed" || gw.UpdatedBy != editor.Name {
			t.Fatalf("read back %+v; want version 1, two distinct phrases and the number watch", gw)
		}
		evs, _ := db.Events(ctxT(t), claims.EventQuery{ClaimID: c.ID})
		if evs[0].Kind != claims.EventWatchesChanged || evs[0].Public || !strings.Contains(evs[0].Note, "“Meta confirmed”") {
			t.Fatalf("newest event %+v; want an internal watches_changed naming the phrases", evs[0])
		}
	})
}

func TestWatches_StaleVersionIsAConflictThatShowsTheCurrentWatches(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		if _, err := svc.SetWatches(ctxT(t), editor, c.ID, claims.WatchesInput{Phrases: []string{"fabricated"}}); err != nil {
			t.Fatal(err)
		}
		_, err := svc.SetWatches(ctxT(t), editor, c.ID, claims.WatchesInput{Version: 0, Phrases: []string{"authentic"}})
		wantCode(t, err, claims.ECONFLICT)
		var ce *claims.Error
		if !errors.As(err, &ce) || ce.Current == nil || strings.Join(ce.Current.(claims.Watches).Phrases, "") != "fabricated" {
			t.Fatalf("conflict %#v does not carry the current watches", err)
		}
		if _, err := svc.SetWatches(ctxT(t), editor, c.ID, claims.WatchesInput{Version: 1}); err != nil {
			t.Fatalf("saving from the current version: %v", err)
		}
		got, _ := svc.Watches(ctxT(t), c.ID)
		if got.Watches.Version != 2 || len(got.Watches.Phrases) != 0 {
			t.Fatalf("after clearing: %+v", got.Watches)
		}
	})
}

func TestWatches_BadInputIsRefusedNamingTheProblemAndSavesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		svc.UseWatchSyntax(extract.CheckNumberWatch)
		other := int64(999)
		for _, tt := range []struct {
			name string
			n    claims.NumberWatch
			want string
		}{
			{"bad regexp", claims.NumberWatch{Pattern: `([\d`, Comparison: ">= 1"}, "invalid pattern"},
			{"bad selector", claims.NumberWatch{Pattern: `\d+`, Selector: "div[", Comparison: ">= 1"}, "invalid selector"},
			{"bad comparison", claims.NumberWatch{Pattern: `\d+`, Comparison: "about 1500"}, "must start with"},
			{"no comparison", claims.NumberWatch{Pattern: `\d+`}, "needs a comparison"},
			{"unknown status", claims.NumberWatch{Pattern: `\d+`, Comparison: ">= 1", Propose: "probably"}, "unknown status"},
			{"unlinked source", claims.NumberWatch{Pattern: `\d+`, Comparison: ">= 1", SourceID: &other}, "not linked"},
		} {
			_, err := svc.SetWatches(ctxT(t), editor, c.ID, claims.WatchesInput{Numbers: []claims.NumberWatch{tt.n}})
			wantCode(t, err, claims.EINVALID)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: error %q does not say %q", tt.name, err, tt.want)
			}
		}
		_, err := svc.SetWatches(ctxT(t), editor, c.ID, claims.WatchesInput{Phrases: []string{strings.Repeat("x", 201)}})
		wantCode(t, err, claims.EINVALID)
		got, _ := svc.Watches(ctxT(t), c.ID)
		evs, _ := db.Events(ctxT(t), claims.EventQuery{ClaimID: c.ID})
		if got.Watches.Version != 0 || len(evs) != 1 {
			t.Fatalf("after refused input: watches %+v, %d events; want nothing saved", got.Watches, len(evs))
		}
	})
}

func TestRecordCheck_UnknownSourceIsNotFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, _ := serviceWithClaim(t, db)
		_, err := svc.RecordCheck(ctxT(t), 424242, claims.RecordCheckInput{Check: claims.CheckRecord{StatusCode: 200, State: claims.SourceLive}})
		wantCode(t, err, claims.ENOTFOUND)
	})
}
