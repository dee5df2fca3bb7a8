package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestStoryDetail_GathersClaimsLatestEventsCountsAndSources(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		st := mustStory(t, db, "s", true)
		recording := mustClaim(t, db, st.ID, "recording", "disputed")
		tracking := mustClaim(t, db, st.ID, "tracking", "confirmed")
		mustClaim(t, db, st.ID, "quiet", "unverified")
		withdrawn := mustClaim(t, db, st.ID, "withdrawn", "unverified")
		withdrawn.Withdrawn = true
		if err := db.UpdateClaim(ctx, withdrawn, 1); err != nil {
			t.Fatal(err)
		}

		checked := func(h int) *time.Time { return ptr(t0.Add(time.Duration(h) * time.Hour)) }
		src := func(url, outlet string, kind claims.OutletKind, lastChecked *time.Time) *claims.Source {
			s := &claims.Source{URL: url, Outlet: outlet, OutletKind: kind, State: claims.SourceLive, LastCheckedAt: lastChecked}
			if err := db.CreateSource(ctx, s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		verge := src("https://verge.example/", "The Verge", claims.OutletIndependent, checked(5))
		reuters := src("https://reuters.example/", "Reuters", claims.OutletWire, checked(3))
		bi := src("https://bi.example/", "Business Insider", claims.OutletIndependent, checked(9))
		paper := src("", "Print Weekly", claims.OutletIndependent, nil)
		fresh := src("https://new.example/", "New Outlet", claims.OutletSocial, nil)
		onlyWithdrawn := src("https://gone.example/", "Only Withdrawn", claims.OutletOfficial, checked(1))
		dropped := src("https://dropped.example/", "Dropped", claims.OutletPrimary, checked(0))

		link := func(c *claims.Claim, s *claims.Source, stance claims.Stance) {
			if err := db.LinkSource(ctx, c.ID, s.ID, stance); err != nil {
				t.Fatal(err)
			}
		}
		link(recording, verge, claims.StanceSupports)
		link(recording, reuters, claims.StanceSupports)
		link(recording, bi, claims.StanceDisputes)
		link(recording, paper, claims.StanceDisputes) // no URL: counted, never checked
		link(recording, dropped, claims.StanceSupports)
		if err := db.UnlinkSource(ctx, recording.ID, dropped.ID); err != nil {
			t.Fatal(err)
		}
		link(tracking, verge, claims.StanceSupports)
		link(tracking, fresh, claims.StanceContext) // never checked
		link(withdrawn, onlyWithdrawn, claims.StanceSupports)

		mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &recording.ID, Kind: claims.EventClaimCreated, Note: "old", Public: true})
		newest := mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &recording.ID, Kind: claims.EventStatusChanged, Note: "newest public", Public: true})
		mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &recording.ID, Kind: claims.EventNoteAdded, Note: "internal", Public: false})
		// Linking a source is public but no news: the card keeps the status change.
		mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &recording.ID, Kind: claims.EventSourceLinked, Note: "", Public: true})
		mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &tracking.ID, Kind: claims.EventNoteAdded, Note: "internal only", Public: false})
		mustEvent(t, db, claims.Event{StoryID: st.ID, Kind: claims.EventNoteAdded, Note: "story-wide", Public: true})

		d, err := db.StoryDetail(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Story.ID != st.ID {
			t.Fatalf("story %d, want %d", d.Story.ID, st.ID)
		}
		var got []string
		for _, c := range d.Claims {
			latest := "-"
			if c.Latest != nil {
				latest = c.Latest.Note
			}
			checkedAt := "-"
			if c.SourcesCheckedAt != nil {
				checkedAt = c.SourcesCheckedAt.Sub(utcMicro(t0)).String()
			}
			got = append(got, fmt.Sprintf("%s latest=%s +%d -%d ~%d checked=%s", c.Text, latest, c.Supporting, c.Disputing, c.Contextual, checkedAt))
		}
		want := []string{
			"recording latest=newest public +2 -2 ~0 checked=3h0m0s",
			"tracking latest=- +1 -0 ~1 checked=-",
			"quiet latest=- +0 -0 ~0 checked=-",
		}
		if !slices.Equal(got, want) {
			t.Fatalf("claims\n%v\nwant\n%v", got, want)
		}
		if d.Claims[0].Latest.ID != newest.ID {
			t.Errorf("latest event id %d, want %d", d.Claims[0].Latest.ID, newest.ID)
		}

		// The outline counts the same links without reading them, and
		// leaves out what only the story page shows.
		o, err := db.StoryOutline(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		var outline []string
		for _, c := range o.Claims {
			outline = append(outline, fmt.Sprintf("%s +%d -%d ~%d latest=%v sources=%d", c.Text, c.Supporting, c.Disputing, c.Contextual, c.Latest != nil, len(o.Sources)))
		}
		wantOutline := []string{"recording +2 -2 ~0 latest=false sources=0", "tracking +1 -0 ~1 latest=false sources=0", "quiet +0 -0 ~0 latest=false sources=0"}
		if o.Story.ID != st.ID || !slices.Equal(outline, wantOutline) {
			t.Errorf("outline of story %d\n%v\nwant\n%v", o.Story.ID, outline, wantOutline)
		}

		var sources []string
		for _, s := range d.Sources {
			sources = append(sources, string(s.OutletKind)+"/"+s.Outlet)
		}
		wantSources := []string{"wire/Reuters", "independent/Business Insider", "independent/Print Weekly", "independent/The Verge", "social/New Outlet"}
		if !slices.Equal(sources, wantSources) {
			t.Fatalf("sources\n%v\nwant\n%v", sources, wantSources)
		}
	})
}

func TestStoryDetail_StoryWithoutClaims(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "empty", false)
		d, err := db.StoryDetail(ctxT(t), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Story.Slug != "empty" || len(d.Claims) != 0 || len(d.Sources) != 0 {
			t.Fatalf("StoryDetail = %+v, want the story and nothing else", d)
		}
	})
}
