package demo

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// wantStatuses is what the sample coverage supports for each claim, in order.
var wantStatuses = []string{"unverified", "investigating", "unverified", "confirmed", "unverified", "partly_confirmed", "confirmed"}

func TestLoad_IntoAnEmptyDatabaseWritesThePublishedStory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loaded, err := Load(ctx, db, claims.DefaultVocabulary())
		if err != nil || !loaded {
			t.Fatalf("Load = %v, %v; want true, nil", loaded, err)
		}
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		st, err := svc.PublicStory(ctx, Slug)
		if err != nil {
			t.Fatalf("the demo story is not public: %v", err)
		}
		if st.Title != Title || len(st.Context) != 3 || len(st.Perspectives.Agree) == 0 || len(st.Perspectives.Split) == 0 {
			t.Errorf("story = %+v; want the title, 3 context pairs and both perspectives", st)
		}
		d, err := svc.StoryDetail(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Claims) != len(wantStatuses) {
			t.Fatalf("%d claims, want %d", len(d.Claims), len(wantStatuses))
		}
		for i, c := range d.Claims {
			if c.Status != wantStatuses[i] {
				t.Errorf("claim %d %q: status %s, want %s", i+1, c.Text, c.Status, wantStatuses[i])
			}
			if c.WhatWouldSettle == "" {
				t.Errorf("claim %d %q says nothing about what would settle it", i+1, c.Text)
			}
			if c.Latest == nil {
				t.Errorf("claim %d %q has no public timeline entry", i+1, c.Text)
			}
		}
		ct, err := readContent()
		if err != nil {
			t.Fatal(err)
		}
		outlets := ct.Outlets
		kinds := map[claims.OutletKind]int{}
		var print int
		for _, s := range d.Sources {
			kinds[s.OutletKind]++
			if s.URL == "" {
				print++
			}
		}
		if kinds[claims.OutletWire] != 1 || kinds[claims.OutletIndependent] != len(outlets)-1 {
			t.Errorf("sources by kind = %v; want 1 wire and %d independent", kinds, len(outlets)-1)
		}
		if print != 2 {
			t.Errorf("%d sources without a URL, want 2 (wire copy and print)", print)
		}
	})
}

func TestLoad_TimelineTellsTheStoryInNovember2026(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Load(ctx, db, claims.DefaultVocabulary()); err != nil {
			t.Fatal(err)
		}
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		st, err := svc.PublicStory(ctx, Slug)
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.StoryDetail(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		from, to := day(1, 0, 0), day(30, 23, 59)
		var changes int
		for _, c := range d.Claims {
			cd, err := svc.ClaimPage(ctx, c.ID, claims.ClaimView{})
			if err != nil {
				t.Fatal(err)
			}
			if len(cd.Evidence) == 0 || len(cd.Sources) == 0 {
				t.Errorf("claim %q has %d evidence and %d sources; want some of each", c.Text, len(cd.Evidence), len(cd.Sources))
			}
			var prev time.Time
			for _, ev := range cd.Timeline.Events {
				if ev.At.Before(from) || ev.At.After(to) {
					t.Errorf("event %s of %q at %s, outside November 2026", ev.Kind, c.Text, ev.At)
				}
				if ev.At.Before(prev) {
					t.Errorf("event %s of %q at %s comes before the previous one at %s", ev.Kind, c.Text, ev.At, prev)
				}
				prev = ev.At
				if ev.Actor != claims.ActorDemo.Name {
					t.Errorf("event %s by %q, want %q", ev.Kind, ev.Actor, claims.ActorDemo.Name)
				}
				if ev.Kind == claims.EventStatusChanged {
					changes++
					if ev.Note == "" {
						t.Errorf("status change of %q to %s has no note", c.Text, ev.ToStatus)
					}
				}
			}
			if c.Status != "unverified" && !hasChangeTo(cd.Timeline.Events, c.Status) {
				t.Errorf("claim %q is %s without a status_changed event saying why", c.Text, c.Status)
			}
		}
		if changes != 4 {
			t.Errorf("%d status changes, want 4", changes)
		}
	})
}

func hasChangeTo(events []claims.Event, status string) bool {
	for _, e := range events {
		if e.Kind == claims.EventStatusChanged && e.ToStatus == status {
			return true
		}
	}
	return false
}

func TestLoad_SkipsADatabaseThatHasStories(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		if _, err := svc.CreateStory(ctx, claims.ActorDemo, claims.NewStory{Title: "A newsroom's own story"}); err != nil {
			t.Fatal(err)
		}
		loaded, err := Load(ctx, db, claims.DefaultVocabulary())
		if err != nil || loaded {
			t.Fatalf("Load = %v, %v; want false, nil", loaded, err)
		}
		if _, err := svc.StoryBySlug(ctx, Slug); !claims.IsNotFound(err) {
			t.Errorf("the demo story was written anyway (err %v)", err)
		}
	})
}

func TestLoad_SecondRunLoadsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, want := range []bool{true, false} {
			loaded, err := Load(ctx, db, claims.DefaultVocabulary())
			if err != nil || loaded != want {
				t.Fatalf("run %d: Load = %v, %v; want %v, nil", i+1, loaded, err, want)
			}
		}
		if n, err := db.CountStories(ctx); err != nil || n != 1 {
			t.Errorf("CountStories = %d, %v; want 1", n, err)
		}
	})
}

func TestLoad_ConcurrentStartsLoadTheStoryOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		results := make([]bool, 4)
		errs := make([]error, 4)
		for i := range results {
			wg.Go(func() { results[i], errs[i] = Load(ctx, db, claims.DefaultVocabulary()) })
		}
		wg.Wait()
		var loads int
		for i := range results {
			if errs[i] != nil {
				t.Errorf("Load %d: %v", i, errs[i])
			}
			if results[i] {
				loads++
			}
		}
		if loads != 1 {
			t.Errorf("%d loads reported, want 1", loads)
		}
		if n, err := db.CountStories(ctx); err != nil || n != 1 {
			t.Errorf("CountStories = %d, %v; want 1", n, err)
		}
	})
}

// crashingStore is the real store with its event writes failing after a
// number of them, as if the process died half-way through the load.
type crashingStore struct {
	claims.Store
	left int
}

var errCrash = errors.New("simulated crash")

func (s *crashingStore) AppendEvent(ctx context.Context, e *claims.Event) error {
	if s.left == 0 {
		return errCrash
	}
	s.left--
	return s.Store.AppendEvent(ctx, e)
}

func TestLoad_FailingHalfWayLeavesNothingAndTheNextStartLoadsAll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, err := Load(ctx, &crashingStore{Store: db, left: 12}, claims.DefaultVocabulary())
		if !errors.Is(err, errCrash) {
			t.Fatalf("Load = %v, want the simulated crash", err)
		}
		if n, err := db.CountStories(ctx); err != nil || n != 0 {
			t.Fatalf("after the crash CountStories = %d, %v; want 0", n, err)
		}
		loaded, err := Load(ctx, db, claims.DefaultVocabulary())
		if err != nil || !loaded {
			t.Fatalf("Load after the crash = %v, %v; want true, nil", loaded, err)
		}
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		st, err := svc.PublicStory(ctx, Slug)
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.StoryDetail(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Claims) != len(wantStatuses) {
			t.Errorf("%d claims after reloading, want %d", len(d.Claims), len(wantStatuses))
		}
	})
}

// The demo's addresses are made up on real outlets' sites: the re-checker
// must never fetch them, or a first run with internet would ask those sites
// for pages that never existed.
func TestLoad_DemoSourcesAreShownButNeverDueForACheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Load(ctx, db, claims.DefaultVocabulary()); err != nil {
			t.Fatal(err)
		}
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		st, err := svc.PublicStory(ctx, Slug)
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.StoryDetail(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		var withURL []int64
		for _, src := range d.Sources {
			if src.URL != "" {
				withURL = append(withURL, src.ID)
				if !src.ChecksPaused {
					t.Errorf("demo source %s is not paused", src.URL)
				}
			}
		}
		if len(withURL) == 0 {
			t.Fatal("the demo has no sources with an address to check")
		}
		ids, err := svc.CheckableSourceIDs(ctx)
		if err != nil || len(ids) != 0 {
			t.Fatalf("checkable sources after loading the demo = %v, %v; want none", ids, err)
		}
		due, err := svc.LeaseDueSources(ctx, 100, time.Minute)
		if err != nil || len(due) != 0 {
			t.Fatalf("due sources after loading the demo = %d, %v; want none", len(due), err)
		}
		_, err = svc.LeaseSource(ctx, withURL[0], time.Minute)
		if claims.ErrorCode(err) != claims.EINVALID || !strings.Contains(err.Error(), "paused") {
			t.Fatalf("checking a paused source now: %v, want EINVALID saying it is paused", err)
		}
	})
}
