package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// The domain's rules, exercised over the real store on both databases.

var editor = claims.Actor{UserID: 7, Name: "Ann Editor", Role: "editor"}

func serviceWithClaim(t *testing.T, db *store.DB) (*claims.Service, *claims.Story, *claims.Claim) {
	t.Helper()
	svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	st, err := svc.CreateStory(ctxT(t), editor, claims.NewStory{Title: "Recorded meeting", Published: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.AddClaim(ctxT(t), editor, st.ID, claims.NewClaim{Text: "The recording is authentic", WhatWouldSettle: "forensic analysis"})
	if err != nil {
		t.Fatal(err)
	}
	return svc, st, c
}

func TestService_StatusChangeWithoutNoteIsInvalidAndWritesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, st, c := serviceWithClaim(t, db)
		revBefore, _ := db.StoryRevision(ctxT(t), st.ID)
		_, err := svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Version: c.Version})
		wantCode(t, err, claims.EINVALID)
		var ce *claims.Error
		if errors.As(err, &ce); ce.Fields["note"] == "" {
			t.Errorf("error %v does not name the note field", err)
		}
		got, _ := db.ClaimByID(ctxT(t), c.ID)
		evs, _ := db.Events(ctxT(t), claims.EventQuery{ClaimID: c.ID})
		revAfter, _ := db.StoryRevision(ctxT(t), st.ID)
		if got.Status != "unverified" || got.Version != c.Version || len(evs) != 1 || revAfter != revBefore {
			t.Fatalf("after a rejected change: status %q, version %d, %d events, revision %d→%d; want nothing changed",
				got.Status, got.Version, len(evs), revBefore, revAfter)
		}
	})
}

func TestService_UnknownStatusIsRejectedNamingTheAllowedOnes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, st, c := serviceWithClaim(t, db)
		_, err := svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Status: ptr("probably_true"), Note: "n", Version: c.Version})
		wantCode(t, err, claims.EINVALID)
		_, addErr := svc.AddClaim(ctxT(t), editor, st.ID, claims.NewClaim{Text: "x", Status: "probably_true"})
		wantCode(t, addErr, claims.EINVALID)
		for _, id := range claims.DefaultVocabulary().IDs() {
			if !strings.Contains(err.Error(), id) {
				t.Errorf("error %q does not list the allowed status %q", err, id)
			}
		}
	})
}

func TestService_ResolvingSetsResolvedAtAndReopeningClearsIt(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		resolved, err := svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "lab report", Version: c.Version})
		if err != nil {
			t.Fatal(err)
		}
		if resolved.ResolvedAt == nil || resolved.Version != c.Version+1 {
			t.Fatalf("after resolving: %+v", resolved)
		}
		reopened, err := svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Status: ptr("disputed"), Note: "new doubt", Version: resolved.Version})
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := db.ClaimByID(ctxT(t), c.ID)
		if reopened.ResolvedAt != nil || stored.ResolvedAt != nil || stored.Status != "disputed" {
			t.Fatalf("after reopening: %+v", stored)
		}
		evs, _ := db.Events(ctxT(t), claims.EventQuery{ClaimID: c.ID, Oldest: true})
		var kinds []string
		for _, e := range evs {
			kinds = append(kinds, string(e.Kind)+":"+e.FromStatus+">"+e.ToStatus)
		}
		want := "claim_created:>unverified status_changed:unverified>confirmed status_changed:confirmed>disputed"
		if strings.Join(kinds, " ") != want {
			t.Fatalf("timeline %v, want %s", kinds, want)
		}
	})
}

func TestService_StaleEditIsConflictCarryingTheCurrentClaim(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		if _, err := svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Text: ptr("Reworded first"), Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		_, err := svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Text: ptr("Stale rewording"), Version: c.Version})
		wantCode(t, err, claims.ECONFLICT)
		var ce *claims.Error
		errors.As(err, &ce)
		if cur, ok := ce.Current.(claims.Claim); !ok || cur.Text != "Reworded first" {
			t.Fatalf("Current = %+v, want the claim as reworded first", ce.Current)
		}
	})
}

func TestService_WithdrawnClaimStaysOnRecordButLeavesThePage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, st, c := serviceWithClaim(t, db)
		_, err := svc.WithdrawClaim(ctxT(t), editor, c.ID, "")
		wantCode(t, err, claims.EINVALID)
		if _, err := svc.WithdrawClaim(ctxT(t), editor, c.ID, "added by mistake"); err != nil {
			t.Fatal(err)
		}
		all, _ := db.ClaimsByStory(ctxT(t), st.ID)
		if len(all) != 1 || !all[0].Withdrawn {
			t.Fatalf("ClaimsByStory = %+v, want the claim kept, marked withdrawn", all)
		}
		d, _ := db.StoryDetail(ctxT(t), st.ID)
		if len(d.Claims) != 0 {
			t.Errorf("story page still lists %d claims", len(d.Claims))
		}
		list, _ := svc.ListStories(ctxT(t), true, claims.Page{})
		if len(list) != 1 || list[0].Unresolved != 0 || list[0].Resolved != 0 {
			t.Errorf("ListStories counts %+v, want the withdrawn claim left out", list)
		}
		evs, _ := db.Events(ctxT(t), claims.EventQuery{ClaimID: c.ID, PublicOnly: true, Page: claims.Page{Limit: 1}})
		if len(evs) != 1 || evs[0].Kind != claims.EventClaimWithdrawn || evs[0].Note != "added by mistake" {
			t.Errorf("newest public event %+v, want the withdrawal with its note", evs)
		}
	})
}

func TestService_LinkingAKnownURLReusesItsSource(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, st, c := serviceWithClaim(t, db)
		other, err := svc.AddClaim(ctxT(t), editor, st.ID, claims.NewClaim{Text: "Keystrokes are tracked"})
		if err != nil {
			t.Fatal(err)
		}
		in := claims.NewSourceLink{URL: "HTTPS://Reuters.example:443/story?utm_source=x", Outlet: "Reuters", OutletKind: "wire", Stance: "supports"}
		first, err := svc.LinkSource(ctxT(t), editor, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		in.URL = "https://reuters.example/story"
		second, err := svc.LinkSource(ctxT(t), editor, other.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if first.ID != second.ID {
			t.Fatalf("the same normalised URL made sources %d and %d", first.ID, second.ID)
		}
		_, err = svc.LinkSource(ctxT(t), editor, c.ID, in)
		wantCode(t, err, claims.ECONFLICT)
		d, _ := db.StoryDetail(ctxT(t), st.ID)
		if len(d.Sources) != 1 || d.Claims[0].Supporting != 1 || d.Claims[1].Supporting != 1 {
			t.Fatalf("story page: %d sources, supporting %d and %d; want 1 source supporting both",
				len(d.Sources), d.Claims[0].Supporting, d.Claims[1].Supporting)
		}
	})
}
