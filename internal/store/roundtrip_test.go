package store_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// wantEqual fails t unless got and want are deeply equal; times must match
// to the microsecond and be in UTC, as the store returns them.
func wantEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s read back as\n%+v\nwant\n%+v", what, got, want)
	}
}

func TestRoundTrip_EveryFieldSurvives(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		at := func(d time.Duration) time.Time { return t0.Add(d) }
		st := &claims.Story{
			Slug: "full", Title: "Full story", Summary: "Every field.", Published: true,
			Context:      []claims.QA{{Question: "Who <b>?</b>", Answer: "Ünïcödé & \"quotes\""}, {Question: "Why?", Answer: "Because."}},
			Perspectives: claims.Perspectives{Agree: []string{"the memo exists"}, Split: []string{"its meaning", "its author"}},
			CreatedAt:    at(0), UpdatedAt: at(time.Minute),
		}
		if err := db.CreateStory(ctx, st); err != nil {
			t.Fatal(err)
		}
		gotStory, err := db.StoryByID(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantStory := *st
		wantStory.CreatedAt, wantStory.UpdatedAt = utcMicro(at(0)), utcMicro(at(time.Minute))
		wantEqual(t, "story", *gotStory, wantStory)

		bare := &claims.Story{Slug: "bare", Title: "Bare", CreatedAt: at(0), UpdatedAt: at(0)}
		if err := db.CreateStory(ctx, bare); err != nil {
			t.Fatal(err)
		}
		gotBare, _ := db.StoryByID(ctx, bare.ID)
		if gotBare.Context != nil || gotBare.Perspectives.Agree != nil || gotBare.Perspectives.Split != nil {
			t.Errorf("story without context or perspectives read back with %+v, %+v", gotBare.Context, gotBare.Perspectives)
		}

		for _, c := range []claims.Claim{
			{StoryID: st.ID, Text: "all set", Status: "confirmed", WhatWouldSettle: "the recording", Position: 3,
				ResolvedAt: ptr(at(time.Hour)), ReviewBy: ptr(at(24 * time.Hour)), Withdrawn: true,
				CreatedAt: at(2 * time.Minute), UpdatedAt: at(3 * time.Minute)},
			{StoryID: st.ID, Text: "nothing optional", Status: "unverified", Position: 4,
				CreatedAt: at(2 * time.Minute), UpdatedAt: at(2 * time.Minute)},
		} {
			if err := db.CreateClaim(ctx, &c); err != nil {
				t.Fatal(err)
			}
			got, err := db.ClaimByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := c
			want.ResolvedAt, want.ReviewBy = micro(c.ResolvedAt), micro(c.ReviewBy)
			want.CreatedAt, want.UpdatedAt = utcMicro(c.CreatedAt), utcMicro(c.UpdatedAt)
			wantEqual(t, "claim "+c.Text, *got, want)
		}
		claimID := mustClaim(t, db, st.ID, "for links", "unverified").ID

		var sourceID int64
		for _, s := range []claims.Source{
			{URL: "https://example.org/a?b=c", Outlet: "Example", OutletKind: claims.OutletOfficial, Title: "A page",
				State: claims.SourceChanged, LastCheckedAt: ptr(at(5 * time.Hour)), CreatedAt: at(4 * time.Hour)},
			{Outlet: "Print", OutletKind: claims.OutletPrimary, State: claims.SourceUnchecked, CreatedAt: at(4 * time.Hour)},
		} {
			if err := db.CreateSource(ctx, &s); err != nil {
				t.Fatal(err)
			}
			got, err := db.SourceByID(ctx, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := s
			want.LastCheckedAt, want.CreatedAt = micro(s.LastCheckedAt), utcMicro(s.CreatedAt)
			wantEqual(t, "source "+s.Outlet, *got, want)
			sourceID = s.ID
		}

		for _, e := range []claims.Evidence{
			{ClaimID: claimID, Summary: "with source", Stance: claims.StanceDisputes, SourceID: &sourceID,
				Quote: "a quoted passage", Actor: "Ann Editor", ActorID: ptr(int64(42)), Withdrawn: true, CreatedAt: at(6 * time.Hour)},
			{ClaimID: claimID, Summary: "bare", Stance: claims.StanceContext, CreatedAt: at(6 * time.Hour)},
		} {
			if err := db.CreateEvidence(ctx, &e); err != nil {
				t.Fatal(err)
			}
			got, err := db.EvidenceByID(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := e
			want.CreatedAt = utcMicro(e.CreatedAt)
			wantEqual(t, "evidence "+e.Summary, *got, want)
		}

		for _, e := range []claims.Event{
			{At: at(7 * time.Hour), StoryID: st.ID, ClaimID: &claimID, SourceID: &sourceID, Kind: claims.EventStatusChanged,
				Actor: "Ann Editor", ActorID: ptr(int64(42)), FromStatus: "unverified", ToStatus: "confirmed",
				Note: "why", Public: true, Payload: json.RawMessage(`{"z":1,"a":2}`)},
			{At: at(8 * time.Hour), StoryID: st.ID, Kind: claims.EventNoteAdded, Actor: "re-check"},
		} {
			if err := db.AppendEvent(ctx, &e); err != nil {
				t.Fatal(err)
			}
			list, err := db.Events(ctx, claims.EventQuery{StoryID: st.ID, Page: claims.Page{Limit: 1}})
			if err != nil || len(list) != 1 {
				t.Fatalf("Events: %v, %v", list, err)
			}
			want := e
			want.At = utcMicro(e.At)
			wantEqual(t, "event "+string(e.Kind), list[0], want)
		}

		if err := db.LinkSource(ctx, claimID, sourceID, claims.StanceSupports); err != nil {
			t.Fatal(err)
		}
		links, err := db.SourcesByClaim(ctx, claimID)
		if err != nil || len(links) != 1 {
			t.Fatalf("SourcesByClaim: %v, %v", links, err)
		}
		if l := links[0]; l.ID != sourceID || l.Stance != claims.StanceSupports || l.LinkedAt.Location() != time.UTC ||
			l.LinkedAt.IsZero() || l.LinkedAt.Nanosecond()%1000 != 0 {
			t.Errorf("link read back as %+v", l)
		}
	})
}

func TestRoundTrip_TimesComeBackInUTC(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "utc", true)
		got, err := db.StoryByID(ctxT(t), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		for name, tm := range map[string]time.Time{"created_at": got.CreatedAt, "updated_at": got.UpdatedAt} {
			if tm.Location() != time.UTC || !tm.Equal(utcMicro(t0)) {
				t.Errorf("%s = %v (%v), want %v in UTC", name, tm, tm.Location(), utcMicro(t0))
			}
		}
	})
}

func micro(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	return ptr(utcMicro(*t))
}
