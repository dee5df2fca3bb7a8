package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// hitKeys lists hits as "kind:text" for comparing.
func hitKeys(t *testing.T, db *store.DB, q search.IndexQuery) []string {
	t.Helper()
	if q.PerKind == 0 {
		q.PerKind = 50
	}
	hits, err := db.SearchIndex(ctxT(t), q)
	if err != nil {
		t.Fatalf("SearchIndex(%v): %v", q.Words, err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, string(h.Kind)+":"+h.Text)
	}
	slices.Sort(out)
	return out
}

func TestSearchIndex_FindsStemmedWordsAndKeepsDraftsForEditors(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		pub := mustStory(t, db, "leak", true)
		pub.Title, pub.Context = "The leaked recordings", []claims.QA{{Question: "Who made the recordings?", Answer: "A contractor of the ministry."}}
		if err := db.UpdateStory(ctx, pub, pub.Version); err != nil {
			t.Fatal(err)
		}
		draft := mustStory(t, db, "draft", false)
		c1 := mustClaim(t, db, pub.ID, "The recording is authentic.", "unverified")
		mustClaim(t, db, draft.ID, "A second recording exists.", "unverified")
		ev := &claims.Evidence{ClaimID: c1.ID, Summary: "Two labs examined the recording", Stance: claims.StanceSupports, Quote: "no sign of editing", CreatedAt: t0}
		if err := db.CreateEvidence(ctx, ev); err != nil {
			t.Fatal(err)
		}
		mustEvent(t, db, claims.Event{StoryID: pub.ID, ClaimID: &c1.ID, Kind: claims.EventNoteAdded, Note: "Ask the lab about the recording's metadata", Public: false})

		reader := hitKeys(t, db, search.IndexQuery{Words: []string{"recordings"}})
		want := []string{"claim:The recording is authentic.", "evidence:Two labs examined the recording", "fact:Who made the recordings?", "story:The leaked recordings"}
		if !slices.Equal(reader, want) {
			t.Fatalf("reader sees %q, want %q", reader, want)
		}
		editor := hitKeys(t, db, search.IndexQuery{Words: []string{"recordings"}, Drafts: true})
		want = append(want, "claim:A second recording exists.", "note:Ask the lab about the recording's metadata")
		slices.Sort(want)
		if !slices.Equal(editor, want) {
			t.Fatalf("editor sees %q, want %q", editor, want)
		}
		if got := hitKeys(t, db, search.IndexQuery{Words: []string{"recording", "authentic"}}); !slices.Equal(got, []string{"claim:The recording is authentic."}) {
			t.Fatalf("all words: %q", got)
		}
		if got := hitKeys(t, db, search.IndexQuery{Words: []string{"recording"}, Status: "confirmed"}); len(got) != 0 {
			t.Fatalf("status confirmed: %q", got)
		}
		if got := hitKeys(t, db, search.IndexQuery{Words: []string{"recording"}, Status: "unverified", StorySlug: "leak"}); !slices.Equal(got, []string{"claim:The recording is authentic.", "evidence:Two labs examined the recording"}) {
			t.Fatalf("status and story: %q", got)
		}
	})
}

func TestSearchIndex_FollowsEditsInTheirTransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		st := mustStory(t, db, "s", true)
		c := mustClaim(t, db, st.ID, "The minister resigned.", "unverified")
		words := func(w string) []string { return hitKeys(t, db, search.IndexQuery{Words: []string{w}}) }

		// A failed transaction leaves the index as it was.
		boom := errors.New("boom")
		err := db.Tx(ctx, func(ctx context.Context) error {
			edited := *c
			edited.Text = "The minister was dismissed."
			if err := db.UpdateClaim(ctx, &edited, c.Version); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if got := words("resigned"); len(got) != 1 {
			t.Fatalf("after a rollback: %q", got)
		}
		c.Text = "The minister was dismissed."
		if err := db.UpdateClaim(ctx, c, c.Version); err != nil {
			t.Fatal(err)
		}
		if got := words("resigned"); len(got) != 0 {
			t.Fatalf("old words still found: %q", got)
		}
		if got := words("dismissal"); !slices.Equal(got, []string{"claim:The minister was dismissed."}) {
			t.Fatalf("new words: %q", got)
		}
		st.Context = []claims.QA{{Question: "When?", Answer: "On Tuesday."}}
		if err := db.UpdateStory(ctx, st, st.Version); err != nil {
			t.Fatal(err)
		}
		st.Context = []claims.QA{{Question: "Where?", Answer: "In Lisbon."}}
		if err := db.UpdateStory(ctx, st, st.Version); err != nil {
			t.Fatal(err)
		}
		if got := words("tuesday"); len(got) != 0 {
			t.Fatalf("old fact still found: %q", got)
		}
		if got := words("lisbon"); !slices.Equal(got, []string{"fact:Where?"}) {
			t.Fatalf("new fact: %q", got)
		}
	})
}

func TestClaimPostings_ListsEachWordsClaimsAndDropsCommonWords(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "s", true)
		var jobs []int64
		for _, text := range []string{"The company cut jobs.", "The company hired staff.", "The company moved offices."} {
			c := mustClaim(t, db, st.ID, text, "unverified")
			if strings.Contains(text, "jobs") {
				jobs = append(jobs, c.ID)
			}
		}
		ohio := mustClaim(t, db, st.ID, "The company cut 300 jobs in Ohio.", "unverified")
		jobs = append(jobs, ohio.ID)
		draft := mustStory(t, db, "d", false)
		hidden := mustClaim(t, db, draft.ID, "Ohio's jobs were cut.", "unverified")
		jobs = append(jobs, hidden.ID)

		got, err := db.ClaimPostings(ctxT(t), []string{"company", "Ohio", "job", "zebra"}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if got["company"] != nil || !slices.Equal(got["ohio"], []int64{ohio.ID, hidden.ID}) || !slices.Equal(got["job"], jobs) || len(got["zebra"]) != 0 {
			t.Fatalf("postings %v", got)
		}
		texts, err := db.ClaimTexts(ctxT(t), []int64{ohio.ID, hidden.ID}, false)
		if err != nil || len(texts) != 1 || texts[0].ID != ohio.ID || texts[0].StoryTitle != "Story s" {
			t.Fatalf("readers' texts: %+v, %v", texts, err)
		}
		if texts, _ := db.ClaimTexts(ctxT(t), []int64{ohio.ID, hidden.ID}, true); len(texts) != 2 {
			t.Fatalf("editors' texts: %+v", texts)
		}
		if n, err := db.CountClaims(ctxT(t)); err != nil || n != 5 {
			t.Fatalf("CountClaims = %d, %v", n, err)
		}
	})
}
