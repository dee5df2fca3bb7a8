package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestSeeding_WritesWhatTheServiceWrites holds the scale bench's bulk
// seeding to the one-by-one writes it stands for: each dimension seeded
// both ways leaves the same database, row for row, but for the moments
// written. Chunks are small here so that several follow one another.
func TestSeeding_WritesWhatTheServiceWrites(t *testing.T) {
	defer func(n int) { seedChunk = n }(seedChunk)
	seedChunk = 40
	const origin = "http://127.0.0.1:9/"
	cases := []struct {
		name      string
		bulk, one func(ctx context.Context, db *store.DB, svc *claims.Service) error
	}{
		{"sources", func(ctx context.Context, db *store.DB, svc *claims.Service) error {
			_, err := seedSources(ctx, db, svc, origin, 130)
			return err
		}, func(ctx context.Context, db *store.DB, svc *claims.Service) error {
			cs, err := seedStory(ctx, svc, "scale-sources", 100)
			for i := 0; err == nil && i < 130; i++ {
				_, err = svc.LinkSource(ctx, seeder, cs[i%len(cs)].ID, sourceIn(origin, i))
			}
			return err
		}},
		{"subscribers", func(ctx context.Context, db *store.DB, svc *claims.Service) error {
			_, err := seedSubscribers(ctx, db, svc, 90)
			return err
		}, func(ctx context.Context, db *store.DB, svc *claims.Service) error {
			cs, err := seedStory(ctx, svc, "scale-subscribers", 1)
			now := time.Now()
			for i := 0; err == nil && i < 90; i++ {
				sub := subscriberIn(i, now)
				if err = db.CreateSubscriber(ctx, &sub); err == nil {
					subn := subscriptionIn(i, sub.ID, cs[0].StoryID, now)
					err = db.CreateSubscription(ctx, &subn)
				}
			}
			return err
		}},
		{"stories", func(ctx context.Context, db *store.DB, svc *claims.Service) error {
			_, err := seedStories(ctx, db, 7, 6)
			return err
		}, func(ctx context.Context, db *store.DB, svc *claims.Service) error {
			var err error
			for i := 0; err == nil && i < 7; i++ {
				_, err = seedStory(ctx, svc, fmt.Sprintf("story-%d", i+1), 6)
			}
			return err
		}},
	}
	dbs := []struct {
		name string
		open func(testing.TB) *store.DB
	}{{store.DialectSQLite, storetest.SQLite}, {store.DialectPostgres, storetest.Postgres}}
	for _, d := range dbs {
		for _, c := range cases {
			t.Run(d.name+"/"+c.name, func(t *testing.T) {
				bulk, one := seededDump(t, d.open(t), c.bulk), seededDump(t, d.open(t), c.one)
				if bulk != one {
					t.Errorf("seeded in bulk, the database differs from the service's writes:\n%s", firstDifference(bulk, one))
				}
			})
		}
	}
}

// seededDump seeds db with fn and returns its dump with the moments
// blanked.
func seededDump(t *testing.T, db *store.DB, fn func(ctx context.Context, db *store.DB, svc *claims.Service) error) string {
	t.Helper()
	svc := claims.NewService(db, claims.DefaultVocabulary(), time.Now)
	if err := fn(t.Context(), db, svc); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := db.Dump(t.Context(), &out, store.DumpOptions{}); err != nil {
		t.Fatal(err)
	}
	return moments.ReplaceAllString(out.String(), "<time>")
}

var moments = regexp.MustCompile(`\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?`)

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d\n bulk:    %s\n service: %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("bulk has %d lines, the service's %d", len(al), len(bl))
}
