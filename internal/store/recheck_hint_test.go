package store_test

import (
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestRecordCheck_ExtractHintIsCarriedToTheNextCheck(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		ls, err := svc.LinkSource(ctxT(t), editor, c.ID, claims.NewSourceLink{URL: "https://news.example.org/a", Outlet: "News", OutletKind: "independent", Stance: "supports"})
		if err != nil {
			t.Fatal(err)
		}
		id := ls.Source.ID
		st, err := svc.LeaseSource(ctxT(t), id, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if st.Check.ExtractHint != "" {
			t.Fatalf("never checked source has hint %q", st.Check.ExtractHint)
		}
		// A hint is the extractor's JSON; the store keeps it byte for byte.
		hint := `{"v":2,"paths":[[{"t":"main","id":"main"},{"t":"div","c":"story body","n":1}]],"len":4200} ünïcode`
		past := svc.Now().Add(-time.Minute)
		next := claims.CheckState{NextCheckAt: &past, TextHash: "h1", ExtractVersion: 2, ExtractHint: hint}
		if _, err := svc.RecordCheck(ctxT(t), id, claims.RecordCheckInput{Prev: ls.Source.State,
			Check: claims.CheckRecord{StatusCode: 200, State: claims.SourceLive, TextHash: "h1", ExtractVersion: 2}, Next: next}); err != nil {
			t.Fatal(err)
		}
		due, err := svc.LeaseDueSources(ctxT(t), 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 1 || due[0].Check.ExtractHint != hint || due[0].Check.TextHash != "h1" {
			t.Fatalf("leased %+v; want the source with its hint %q", due, hint)
		}
		next.ExtractHint = ""
		if _, err := svc.RecordCheck(ctxT(t), id, claims.RecordCheckInput{Prev: claims.SourceLive,
			Check: claims.CheckRecord{StatusCode: 200, State: claims.SourceLive, TextHash: "h1", ExtractVersion: 2}, Next: next}); err != nil {
			t.Fatal(err)
		}
		st, err = svc.LeaseSource(ctxT(t), id, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if st.Check.ExtractHint != "" {
			t.Errorf("hint %q after a check that remembered none; want it cleared", st.Check.ExtractHint)
		}
	})
}
