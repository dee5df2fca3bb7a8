package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
)

// t0 is a fixed instant with sub-microsecond digits and a non-UTC zone, so
// that tests see what the store does to both.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.FixedZone("CET", 3600))

func ctxT(t *testing.T) context.Context {
	t.Helper()
	return t.Context()
}

func mustStory(t *testing.T, db *store.DB, slug string, published bool) *claims.Story {
	t.Helper()
	s := &claims.Story{Slug: slug, Title: "Story " + slug, Summary: "What happened.", Published: published, CreatedAt: t0, UpdatedAt: t0}
	if err := db.CreateStory(ctxT(t), s); err != nil {
		t.Fatalf("CreateStory(%s): %v", slug, err)
	}
	return s
}

func mustClaim(t *testing.T, db *store.DB, storyID int64, text, status string) *claims.Claim {
	t.Helper()
	c := &claims.Claim{StoryID: storyID, Text: text, Status: status, CreatedAt: t0, UpdatedAt: t0}
	if err := db.CreateClaim(ctxT(t), c); err != nil {
		t.Fatalf("CreateClaim(%q): %v", text, err)
	}
	return c
}

func mustSource(t *testing.T, db *store.DB, url, outlet string, kind claims.OutletKind) *claims.Source {
	t.Helper()
	s := &claims.Source{URL: url, Outlet: outlet, OutletKind: kind, State: claims.SourceUnchecked, CreatedAt: t0}
	if err := db.CreateSource(ctxT(t), s); err != nil {
		t.Fatalf("CreateSource(%q): %v", url, err)
	}
	return s
}

func mustEvent(t *testing.T, db *store.DB, e claims.Event) claims.Event {
	t.Helper()
	if e.At.IsZero() {
		e.At = t0
	}
	if err := db.AppendEvent(ctxT(t), &e); err != nil {
		t.Fatalf("AppendEvent(%s): %v", e.Kind, err)
	}
	return e
}

// wantCode fails t unless err carries the claims error code want.
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := claims.ErrorCode(err); got != want {
		t.Fatalf("error code = %q (err %v), want %q", got, err, want)
	}
	var ce *claims.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *claims.Error", err)
	}
}

func ptr[T any](v T) *T { return &v }

// utcMicro is t as the store gives it back.
func utcMicro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// countRows counts a table's rows directly, to prove nothing was written.
func countRows(t *testing.T, db *store.DB, table string) int64 {
	t.Helper()
	n, err := store.CountRows(ctxT(t), db, table)
	if err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}
