package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestCreateStory_SetsIDVersionAndRevision(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mustStory(t, db, "layoffs", true)
		if s.ID == 0 || s.Version != 1 || s.Revision != 1 {
			t.Fatalf("after CreateStory: ID %d, Version %d, Revision %d; want an id, 1, 1", s.ID, s.Version, s.Revision)
		}
		byID, err := db.StoryByID(ctxT(t), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		bySlug, err := db.StoryBySlug(ctxT(t), "layoffs")
		if err != nil {
			t.Fatal(err)
		}
		if byID.ID != s.ID || bySlug.ID != s.ID || bySlug.Title != s.Title {
			t.Fatalf("lookups returned %+v and %+v, want story %d", byID, bySlug, s.ID)
		}
	})
}

func TestCreateStory_TakenSlugIsConflictAndLeavesTheTransactionUsable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustStory(t, db, "taken", true)
		err := db.Tx(ctxT(t), func(ctx context.Context) error {
			err := db.CreateStory(ctx, &claims.Story{Slug: "taken", Title: "Again"})
			wantCode(t, err, claims.ECONFLICT)
			// PostgreSQL aborts a transaction on a failed statement; the
			// store must not leave it in that state.
			return db.CreateStory(ctx, &claims.Story{Slug: "other", Title: "Other"})
		})
		if err != nil {
			t.Fatalf("transaction after a conflict: %v", err)
		}
		if n, _ := db.CountStories(ctxT(t)); n != 2 {
			t.Fatalf("%d stories, want 2", n)
		}
	})
}

func TestUpdateStory_SameExpectedVersionTwiceOneWins(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mustStory(t, db, "edit", false)
		first, second := *s, *s
		first.Title, first.Published = "First editor", true
		first.Context = []claims.QA{{Question: "Who?", Answer: "Them."}}
		second.Title = "Second editor"
		if err := db.UpdateStory(ctxT(t), &first, 1); err != nil {
			t.Fatalf("first update: %v", err)
		}
		if first.Version != 2 {
			t.Errorf("first.Version = %d, want 2", first.Version)
		}
		wantCode(t, db.UpdateStory(ctxT(t), &second, 1), claims.ECONFLICT)

		got, err := db.StoryByID(ctxT(t), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "First editor" || !got.Published || got.Version != 2 || len(got.Context) != 1 {
			t.Fatalf("stored %+v, want the first editor's version 2", got)
		}
	})
}

func TestUpdateStory_UnknownIsNotFoundAndTakenSlugIsConflict(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustStory(t, db, "one", true)
		two := mustStory(t, db, "two", true)
		wantCode(t, db.UpdateStory(ctxT(t), &claims.Story{ID: 999, Slug: "x", Title: "x"}, 1), claims.ENOTFOUND)
		two.Slug = "one"
		wantCode(t, db.UpdateStory(ctxT(t), two, 1), claims.ECONFLICT)
	})
}

func TestBumpStoryRevision_CountsUpAndIsRead(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mustStory(t, db, "rev", true)
		for want := int64(2); want <= 4; want++ {
			got, err := db.BumpStoryRevision(ctxT(t), claims.WholeStory(s.ID))
			if err != nil || got != want {
				t.Fatalf("BumpStoryRevision = %d, %v; want %d", got, err, want)
			}
		}
		if rev, err := db.StoryRevision(ctxT(t), s.ID); err != nil || rev != 4 {
			t.Fatalf("StoryRevision = %d, %v; want 4", rev, err)
		}
		other := mustStory(t, db, "other", true)
		if rev, _ := db.StoryRevision(ctxT(t), other.ID); rev != 1 {
			t.Fatalf("another story's revision = %d, want 1", rev)
		}
	})
}

func TestListStories_CountsClaimsByTheVocabularyGiven(t *testing.T) {
	t.Parallel()
	vocab, err := claims.NewVocabulary([]claims.Status{
		{ID: "pending", Label: "Pending"},
		{ID: "settled", Label: "Settled", Resolved: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		draft := mustStory(t, db, "draft", false)
		a := mustStory(t, db, "a", true)
		b := mustStory(t, db, "b", true)
		mustClaim(t, db, a.ID, "open 1", "pending")
		mustClaim(t, db, a.ID, "open 2", "pending")
		mustClaim(t, db, a.ID, "done", "settled")
		gone := mustClaim(t, db, a.ID, "withdrawn", "pending")
		gone.Withdrawn = true
		if err := db.UpdateClaim(ctxT(t), gone, 1); err != nil {
			t.Fatal(err)
		}
		mustClaim(t, db, b.ID, "done", "settled")
		mustClaim(t, db, draft.ID, "draft claim", "pending")

		tests := []struct {
			name          string
			publishedOnly bool
			page          claims.Page
			want          []string // slug:unresolved/resolved
		}{
			{"published only, newest first", true, claims.Page{}, []string{"b:0/1", "a:2/1"}},
			{"all stories", false, claims.Page{}, []string{"b:0/1", "a:2/1", "draft:1/0"}},
			{"limit", false, claims.Page{Limit: 1}, []string{"b:0/1"}},
			{"before", false, claims.Page{Before: b.ID, Limit: 10}, []string{"a:2/1", "draft:1/0"}},
			{"before the first", false, claims.Page{Before: draft.ID}, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := db.ListStories(ctxT(t), tt.publishedOnly, tt.page, vocab)
				if err != nil {
					t.Fatal(err)
				}
				got := []string{}
				for _, s := range list {
					got = append(got, fmt.Sprintf("%s:%d/%d", s.Slug, s.Unresolved, s.Resolved))
				}
				if !slices.Equal(got, tt.want) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			})
		}
	})
}

func TestCountStories_CountsPublishedAndDrafts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if n, err := db.CountStories(ctxT(t)); err != nil || n != 0 {
			t.Fatalf("empty database: %d, %v", n, err)
		}
		mustStory(t, db, "a", true)
		mustStory(t, db, "b", false)
		if n, err := db.CountStories(ctxT(t)); err != nil || n != 2 {
			t.Fatalf("CountStories = %d, %v; want 2", n, err)
		}
	})
}

func TestLookups_UnknownIDsAreNotFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := mustStory(t, db, "known", true)
		c := mustClaim(t, db, s.ID, "known claim", "unverified")
		tests := []struct {
			name string
			call func() error
		}{
			{"StoryBySlug", func() error { _, err := db.StoryBySlug(ctxT(t), "unknown"); return err }},
			{"StoryByID", func() error { _, err := db.StoryByID(ctxT(t), 999); return err }},
			{"StoryRevision", func() error { _, err := db.StoryRevision(ctxT(t), 999); return err }},
			{"BumpStoryRevision", func() error { _, err := db.BumpStoryRevision(ctxT(t), claims.WholeStory(999)); return err }},
			{"StoryDetail", func() error { _, err := db.StoryDetail(ctxT(t), 999); return err }},
			{"ClaimByID", func() error { _, err := db.ClaimByID(ctxT(t), 999); return err }},
			{"UpdateClaim", func() error { return db.UpdateClaim(ctxT(t), &claims.Claim{ID: 999, Text: "x", Status: "x"}, 1) }},
			{"CreateClaim in unknown story", func() error {
				return db.CreateClaim(ctxT(t), &claims.Claim{StoryID: 999, Text: "x", Status: "unverified"})
			}},
			{"EvidenceByID", func() error { _, err := db.EvidenceByID(ctxT(t), 999); return err }},
			{"WithdrawEvidence", func() error { return db.WithdrawEvidence(ctxT(t), 999) }},
			{"CreateEvidence on unknown claim", func() error {
				return db.CreateEvidence(ctxT(t), &claims.Evidence{ClaimID: 999, Summary: "x", Stance: claims.StanceSupports})
			}},
			{"SourceByID", func() error { _, err := db.SourceByID(ctxT(t), 999); return err }},
			{"SourceByURL", func() error { _, err := db.SourceByURL(ctxT(t), "https://unknown.example/"); return err }},
			{"SourceByURL empty", func() error { _, err := db.SourceByURL(ctxT(t), ""); return err }},
			{"LinkSource unknown source", func() error { return db.LinkSource(ctxT(t), c.ID, 999, claims.StanceSupports) }},
			{"UnlinkSource not linked", func() error { return db.UnlinkSource(ctxT(t), c.ID, 999) }},
			{"AppendEvent unknown story", func() error {
				return db.AppendEvent(ctxT(t), &claims.Event{StoryID: 999, Kind: claims.EventNoteAdded})
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.call(), claims.ENOTFOUND) })
		}
	})
}
