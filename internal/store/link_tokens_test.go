package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// linkTokenValues returns every value of the columns that hold a
// subscriber's link tokens or their hashes.
func linkTokenValues(t *testing.T, ctx context.Context, db *store.DB) []string {
	t.Helper()
	var all []string
	for table, cols := range map[string][]string{
		"subscribers":       {"manage_hash"},
		"subscriptions":     {"unsubscribe_hash"},
		"subscriber_tokens": {"hash"},
	} {
		vals, err := store.TextColumns(ctx, db, table, cols...)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, vals...)
	}
	return all
}

func TestMigrate_RawSubscriberTokensBecomeHashesAndOldLinksKeepWorking(t *testing.T) {
	t.Parallel()
	for dialect, dsn := range storetest.UnmigratedDSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			// The schema before migration 00015, with a reader who got a
			// mail then: raw tokens in the rows.
			if err := store.MigrateUpTo(ctx, db, 14); err != nil {
				t.Fatal(err)
			}
			st := mustStory(t, db, "flood", true)
			const manage, unsub = "OldManageTokenFromAMailSentLastYear_0123456", "OldUnsubscribeTokenFromThatMail_0123456789"
			now := time.Now().UTC()
			if err := store.Exec(ctx, db, "INSERT INTO subscribers (email, manage_token, created_at) VALUES (?, ?, ?)", "old@example.org", manage, now); err != nil {
				t.Fatal(err)
			}
			if err := store.Exec(ctx, db, `INSERT INTO subscriptions (subscriber_id, story_id, unsubscribe_token, created_at, confirmed_at)
				SELECT id, ?, ?, ?, ? FROM subscribers WHERE email = ?`, st.ID, unsub, now, now, "old@example.org"); err != nil {
				t.Fatal(err)
			}

			for range 2 { // the second run must change nothing
				if err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				if vals := linkTokenValues(t, ctx, db); slices.Contains(vals, manage) || slices.Contains(vals, unsub) || len(vals) != 4 {
					t.Fatalf("token columns after migrating: %q; want 4 hashes and no raw token", vals)
				}
				svc := alerts.NewService(db, claims.NewService(db, claims.DefaultVocabulary(), nil), 0)
				mb, err := svc.Manage(ctx, manage)
				if err != nil || mb.Email != "old@example.org" || len(mb.Following) != 1 {
					t.Fatalf("the old manage link: %+v, %v", mb, err)
				}
				info, err := svc.UnsubscribeInfo(ctx, unsub)
				if err != nil || info.Email != "old@example.org" || info.Target.StoryID != st.ID {
					t.Fatalf("the old unsubscribe link: %+v, %v", info, err)
				}
				// Neither token opens the other's page.
				if _, err := svc.Manage(ctx, unsub); claims.ErrorCode(err) != claims.EINVALID {
					t.Errorf("the unsubscribe token opened the manage page: %v", err)
				}
			}
		})
	}
}
