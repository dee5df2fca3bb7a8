package store_test

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestCreateClaim_PositionFollowsTheStorysLastClaim(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mustStory(t, db, "s", true)
		other := mustStory(t, db, "other", true)
		mustClaim(t, db, other.ID, "elsewhere", "unverified")
		first := mustClaim(t, db, s.ID, "first", "unverified")
		placed := &claims.Claim{StoryID: s.ID, Text: "placed", Status: "unverified", Position: 10}
		if err := db.CreateClaim(ctxT(t), placed); err != nil {
			t.Fatal(err)
		}
		after := mustClaim(t, db, s.ID, "after", "unverified")
		if first.Position != 1 || placed.Position != 10 || after.Position != 11 {
			t.Fatalf("positions %d, %d, %d; want 1, 10 (as given), 11", first.Position, placed.Position, after.Position)
		}
		if first.Version != 1 || first.ID == 0 {
			t.Fatalf("new claim: ID %d, Version %d", first.ID, first.Version)
		}
	})
}

func TestClaimsByStory_PositionOrderWithdrawnIncluded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mustStory(t, db, "s", true)
		for _, c := range []*claims.Claim{
			{StoryID: s.ID, Text: "third", Status: "unverified", Position: 3},
			{StoryID: s.ID, Text: "first", Status: "unverified", Position: 1, Withdrawn: true},
			{StoryID: s.ID, Text: "second", Status: "refuted", Position: 2},
		} {
			if err := db.CreateClaim(ctxT(t), c); err != nil {
				t.Fatal(err)
			}
		}
		list, err := db.ClaimsByStory(ctxT(t), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, c.Text)
		}
		if fmt.Sprint(got) != "[first second third]" || !list[0].Withdrawn {
			t.Fatalf("got %v (first withdrawn: %v), want [first second third] with first withdrawn", got, list[0].Withdrawn)
		}
		if none, err := db.ClaimsByStory(ctxT(t), 999); err != nil || len(none) != 0 {
			t.Fatalf("unknown story: %v, %v; want an empty list", none, err)
		}
	})
}

func TestUpdateClaim_WritesEveryFieldAndBumpsVersion(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mustStory(t, db, "s", true)
		c := mustClaim(t, db, s.ID, "before", "unverified")
		c.Text, c.Status, c.WhatWouldSettle, c.Position = "after", "confirmed", "a forensic report", 7
		c.ResolvedAt, c.ReviewBy, c.Withdrawn = ptr(t0.Add(time.Hour)), ptr(t0.Add(48*time.Hour)), true
		c.UpdatedAt = t0.Add(time.Hour)
		if err := db.UpdateClaim(ctxT(t), c, 1); err != nil {
			t.Fatal(err)
		}
		got, err := db.ClaimByID(ctxT(t), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *c
		want.Version = 2
		want.ResolvedAt, want.ReviewBy = ptr(utcMicro(*c.ResolvedAt)), ptr(utcMicro(*c.ReviewBy))
		want.CreatedAt, want.UpdatedAt = utcMicro(t0), utcMicro(t0.Add(time.Hour))
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("stored\n%+v\nwant\n%+v", *got, want)
		}
		// Clearing the optional times stores NULL again.
		got.ResolvedAt, got.ReviewBy = nil, nil
		if err := db.UpdateClaim(ctxT(t), got, 2); err != nil {
			t.Fatal(err)
		}
		again, _ := db.ClaimByID(ctxT(t), c.ID)
		if again.ResolvedAt != nil || again.ReviewBy != nil || again.Version != 3 {
			t.Fatalf("after clearing: %+v", again)
		}
	})
}

func TestUpdateClaim_TwoConcurrentEditsOfOneVersionOneWins(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mustStory(t, db, "s", true)
		c := mustClaim(t, db, s.ID, "original", "unverified")
		texts := []string{"edit A", "edit B"}
		errs := make([]error, len(texts))
		var wg sync.WaitGroup
		for i, text := range texts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				edit := *c
				edit.Text = text
				errs[i] = db.UpdateClaim(ctxT(t), &edit, 1)
			}()
		}
		wg.Wait()
		var won []string
		for i, err := range errs {
			switch claims.ErrorCode(err) {
			case "":
				won = append(won, texts[i])
			case claims.ECONFLICT:
			default:
				t.Fatalf("%s: %v", texts[i], err)
			}
		}
		if len(won) != 1 {
			t.Fatalf("%d edits won (%v), want exactly 1", len(won), won)
		}
		got, _ := db.ClaimByID(ctxT(t), c.ID)
		if got.Text != won[0] || got.Version != 2 {
			t.Fatalf("stored %q at version %d, want the winner %q at version 2", got.Text, got.Version, won[0])
		}
	})
}
