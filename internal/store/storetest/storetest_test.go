package storetest_test

import (
	"context"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestEach_GivesEverySubtestAnEmptyMigratedStore(t *testing.T) {
	for round := range 2 {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			if err := db.Ping(context.Background()); err != nil {
				t.Fatalf("round %d: Ping: %v", round, err)
			}
			if n, err := db.CountStories(context.Background()); err != nil || n != 0 {
				t.Fatalf("round %d: %d stories (err %v), want an empty database", round, n, err)
			}
			if err := db.CreateStory(context.Background(), &claims.Story{Slug: "same-slug", Title: "T"}); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		})
	}
}

func TestDSNs_OpenTheSameDatabaseTwice(t *testing.T) {
	for dialect, dsn := range storetest.DSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			writer, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer writer.Close()
			reader, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer reader.Close()
			if reader.Dialect() != dialect {
				t.Errorf("Dialect() = %q, want %q", reader.Dialect(), dialect)
			}
			if err := writer.CreateStory(ctx, &claims.Story{Slug: "shared", Title: "Shared"}); err != nil {
				t.Fatal(err)
			}
			if _, err := reader.StoryBySlug(ctx, "shared"); err != nil {
				t.Fatalf("the second store does not see the first one's write: %v", err)
			}
		})
	}
}
