package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// readCounter is the real store with a count of the reads a dashboard
// could repeat per row.
type readCounter struct {
	claims.Store
	n atomic.Int64
}

func (r *readCounter) ClaimByID(ctx context.Context, id int64) (*claims.Claim, error) {
	r.n.Add(1)
	return r.Store.ClaimByID(ctx, id)
}

func (r *readCounter) StoryByID(ctx context.Context, id int64) (*claims.Story, error) {
	r.n.Add(1)
	return r.Store.StoryByID(ctx, id)
}

func (r *readCounter) SourceByID(ctx context.Context, id int64) (*claims.Source, error) {
	r.n.Add(1)
	return r.Store.SourceByID(ctx, id)
}

func (r *readCounter) Events(ctx context.Context, q claims.EventQuery) ([]claims.Event, error) {
	r.n.Add(1)
	return r.Store.Events(ctx, q)
}

func (r *readCounter) ListClaims(ctx context.Context, q claims.ClaimQuery, resolved []string) ([]claims.ClaimRef, error) {
	r.n.Add(1)
	return r.Store.ListClaims(ctx, q, resolved)
}

func (r *readCounter) ListStories(ctx context.Context, published bool, p claims.Page, v *claims.Vocabulary) ([]claims.StorySummary, error) {
	r.n.Add(1)
	return r.Store.ListStories(ctx, published, p, v)
}

func (r *readCounter) ReviewItems(ctx context.Context, q claims.ReviewQuery) ([]claims.ReviewItem, error) {
	r.n.Add(1)
	return r.Store.ReviewItems(ctx, q)
}

func (r *readCounter) ClaimsDueForReview(ctx context.Context, now time.Time) ([]claims.Claim, error) {
	r.n.Add(1)
	return r.Store.ClaimsDueForReview(ctx, now)
}

// TestDashboard_ReadsAsMuchForTwentyClaimsAsForOne names every claim of the
// queue and the recent changes with its text and story without a read per
// row.
func TestDashboard_ReadsAsMuchForTwentyClaimsAsForOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rc := &readCounter{Store: db}
		csvc := claims.NewService(rc, claims.DefaultVocabulary(), nil)
		asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
		srv := New(Options{Service: csvc, Auth: asvc, Logger: slog.New(slog.DiscardHandler), Now: time.Now})
		h := srv.Handler()
		other := claims.Actor{UserID: createTestUser(t, asvc, auth.RoleEditor).ID, Name: "Other Editor"}
		me := loginAs(t, h, asvc, auth.RoleEditor)
		ctx := context.Background()

		reads := func(claimsPerStory int) (int64, string) {
			slug := fmt.Sprintf("story-%d", claimsPerStory)
			st := must(csvc.CreateStory(ctx, other, claims.NewStory{Slug: slug, Title: "Story " + slug}))(t)
			for i := range claimsPerStory {
				c := must(csvc.AddClaim(ctx, other, st.ID, claims.NewClaim{Text: fmt.Sprintf("Claim %d of %s", i, slug)}))(t)
				status := "investigating"
				must(csvc.UpdateClaim(ctx, other, c.ID, claims.ClaimPatch{Status: &status, Note: "Looking", Version: c.Version}))(t)
			}
			rc.n.Store(0)
			req, _ := http.NewRequest(http.MethodGet, "/editor", nil)
			req.AddCookie(me)
			res := serve(h, req)
			body := readAll(t, res.Body)
			if res.StatusCode != 200 {
				t.Fatalf("dashboard: %d", res.StatusCode)
			}
			return rc.n.Load(), body
		}
		one, _ := reads(1)
		twenty, body := reads(20)
		if one != twenty {
			t.Errorf("the dashboard made %d reads with one claim and %d with twenty more", one, twenty)
		}
		for _, want := range []string{"Claim 19 of story-20", "Story story-20", "Status changed"} {
			if !strings.Contains(body, want) {
				t.Errorf("the dashboard does not name %q", want)
			}
		}
	})
}
