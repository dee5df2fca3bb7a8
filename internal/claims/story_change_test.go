package claims_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// Each write tells OnStoryChanged the claims whose pages it changed: a
// write to one claim that claim, a re-check finding every claim linking the
// source, a change to the story itself all of them (no claim named).
func TestOnStoryChanged_NamesTheClaimsAWriteChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		var heard []claims.StoryChange
		svc.OnStoryChanged(func(ch claims.StoryChange) { heard = append(heard, ch) })
		actor := claims.Actor{Name: "Ed"}
		st, err := svc.CreateStory(ctx, actor, claims.NewStory{Slug: "two-claims", Title: "Two claims", Published: true})
		if err != nil {
			t.Fatal(err)
		}
		add := func(text string) *claims.Claim {
			c, err := svc.AddClaim(ctx, actor, st.ID, claims.NewClaim{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		a, b, c := add("The audio is authentic"), add("The meeting took place"), add("Nobody was paid")
		link := func(claimID int64) *claims.LinkedSource {
			ls, err := svc.LinkSource(ctx, actor, claimID, claims.NewSourceLink{URL: "https://news.example.com/audio",
				Outlet: "Example News", OutletKind: "independent", Stance: "supports"})
			if err != nil {
				t.Fatal(err)
			}
			return ls
		}
		src := link(a.ID)
		link(b.ID)
		steps := []struct {
			name  string
			write func() error
			want  []int64 // nil: every claim of the story
		}{
			{"a status change", func() error {
				_, err := svc.UpdateClaim(ctx, actor, a.ID, claims.ClaimPatch{Status: ptr("disputed"), Note: "Doubts", Version: a.Version})
				return err
			}, []int64{a.ID}},
			{"evidence", func() error {
				_, err := svc.AddEvidence(ctx, actor, c.ID, claims.NewEvidence{Summary: "A receipt", Stance: "disputes"})
				return err
			}, []int64{c.ID}},
			{"a note", func() error { _, err := svc.AddNote(ctx, actor, b.ID, "Call the organiser"); return err }, []int64{b.ID}},
			{"an unlink", func() error { return svc.UnlinkSource(ctx, actor, b.ID, src.ID, "") }, []int64{b.ID}},
			{"a re-check finding", func() error {
				link(b.ID)
				heard = nil
				_, err := svc.RecordCheck(ctx, src.ID, claims.RecordCheckInput{Prev: claims.SourceUnchecked,
					Events: []claims.EventKind{claims.EventSourceGone}, Check: claims.CheckRecord{StatusCode: 410, State: claims.SourceGone}})
				return err
			}, []int64{a.ID, b.ID}},
			{"a story edit", func() error {
				cur, err := svc.StoryBySlug(ctx, st.Slug)
				if err != nil {
					return err
				}
				_, err = svc.UpdateStory(ctx, actor, st.Slug, claims.StoryPatch{Title: ptr("Two claims, retitled"), Version: cur.Version})
				return err
			}, nil},
		}
		for _, step := range steps {
			heard = nil
			if err := step.write(); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if len(heard) != 1 || heard[0].StoryID != st.ID {
				t.Fatalf("%s: heard %+v, want one change of story %d", step.name, heard, st.ID)
			}
			got := slices.Sorted(slices.Values(heard[0].Claims))
			if !slices.Equal(got, step.want) {
				t.Errorf("%s: heard claims %v, want %v (none: all)", step.name, got, step.want)
			}
		}
	})
}
