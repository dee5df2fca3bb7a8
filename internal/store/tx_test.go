package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// writeAll writes a story with a claim, a source link, evidence and an
// event through ctx.
func writeAll(ctx context.Context, db *store.DB, slug string) error {
	st := &claims.Story{Slug: slug, Title: slug}
	if err := db.CreateStory(ctx, st); err != nil {
		return err
	}
	c := &claims.Claim{StoryID: st.ID, Text: "claim", Status: "unverified"}
	if err := db.CreateClaim(ctx, c); err != nil {
		return err
	}
	src := &claims.Source{URL: "https://" + slug + ".example/", Outlet: slug, OutletKind: claims.OutletWire}
	if err := db.CreateSource(ctx, src); err != nil {
		return err
	}
	if err := db.LinkSource(ctx, c.ID, src.ID, claims.StanceSupports); err != nil {
		return err
	}
	if err := db.CreateEvidence(ctx, &claims.Evidence{ClaimID: c.ID, Summary: "e", Stance: claims.StanceSupports}); err != nil {
		return err
	}
	if _, err := db.BumpStoryRevision(ctx, claims.WholeStory(st.ID)); err != nil {
		return err
	}
	return db.AppendEvent(ctx, &claims.Event{StoryID: st.ID, ClaimID: &c.ID, Kind: claims.EventClaimCreated, Public: true})
}

func TestTx_ErrorWritesNothing(t *testing.T) {
	t.Parallel()
	errStop := errors.New("stop")
	tests := []struct {
		name string
		fn   func(db *store.DB) func(ctx context.Context) error
	}{
		{"error after writes", func(db *store.DB) func(context.Context) error {
			return func(ctx context.Context) error {
				if err := writeAll(ctx, db, "gone"); err != nil {
					return err
				}
				return errStop
			}
		}},
		{"error from a nested Tx", func(db *store.DB) func(context.Context) error {
			return func(ctx context.Context) error {
				if err := writeAll(ctx, db, "outer"); err != nil {
					return err
				}
				return db.Tx(ctx, func(ctx context.Context) error {
					if err := writeAll(ctx, db, "inner"); err != nil {
						return err
					}
					return errStop
				})
			}
		}},
		{"outer error after a nested Tx succeeded", func(db *store.DB) func(context.Context) error {
			return func(ctx context.Context) error {
				if err := db.Tx(ctx, func(ctx context.Context) error { return writeAll(ctx, db, "inner") }); err != nil {
					return err
				}
				return errStop
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				if err := db.Tx(ctxT(t), tt.fn(db)); !errors.Is(err, errStop) {
					t.Fatalf("Tx returned %v, want the function's error", err)
				}
				for _, table := range []string{"stories", "claims", "sources", "claim_sources", "evidence", "events"} {
					if n := countRows(t, db, table); n != 0 {
						t.Errorf("%s has %d rows after the failed transaction, want 0", table, n)
					}
				}
			})
		})
	}
}

func TestTx_CommitsAndReadsItsOwnWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		err := db.Tx(ctxT(t), func(ctx context.Context) error {
			if err := writeAll(ctx, db, "kept"); err != nil {
				return err
			}
			// Reads inside the transaction see its writes; on SQLite a read
			// on another connection would also wait for the write lock.
			_, err := db.StoryBySlug(ctx, "kept")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		st, err := db.StoryBySlug(ctxT(t), "kept")
		if err != nil {
			t.Fatal(err)
		}
		if rev, _ := db.StoryRevision(ctxT(t), st.ID); rev != 2 {
			t.Fatalf("revision %d after commit, want 2", rev)
		}
	})
}

func TestTx_PanicRollsBack(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("the panic did not propagate")
				}
			}()
			_ = db.Tx(ctxT(t), func(ctx context.Context) error {
				if err := writeAll(ctx, db, "panicked"); err != nil {
					return err
				}
				panic("boom")
			})
		}()
		if n, _ := db.CountStories(ctxT(t)); n != 0 {
			t.Fatalf("%d stories after a panicking transaction, want 0", n)
		}
	})
}
