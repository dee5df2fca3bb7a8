package store_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestClaimPage_ReadsNoEventItDoesNotDraw plans every read of a claim's page
// (newest timeline page, readers' and editors' views) and of the first page
// of GET /api/v1/claims/{id}/timeline, and fails when one reads the
// claim's events without a bound: a count, a scan of the events or a read
// that a LIMIT does not stop. The counts come from the claim's row, the
// verdict from events_claim_status.
func TestClaimPage_ReadsNoEventItDoesNotDraw(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, st, c := serviceWithClaim(t, db)
		var evs []claims.Event
		for i := range 120 {
			evs = append(evs, claims.Event{StoryID: st.ID, ClaimID: &c.ID, Kind: claims.EventNoteAdded, Note: fmt.Sprint(i), Public: i%5 != 0})
		}
		if err := db.InsertEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		reads := map[string]func() error{
			"the reader's claim page": func() error {
				p, err := svc.ClaimPage(ctx, c.ID, claims.ClaimView{})
				if err == nil && p.Timeline.Total != 97 { // 96 public notes and the claim's creation
					err = fmt.Errorf("the page counts %d public events, want 97", p.Timeline.Total)
				}
				return err
			},
			"the editor's claim page": func() error {
				_, err := svc.ClaimPage(ctx, c.ID, claims.ClaimView{Drafts: true, Internal: true})
				return err
			},
			"the timeline API's first page": func() error {
				_, err := svc.Timeline(ctx, c.ID, true, claims.Page{})
				return err
			},
		}
		readsEvents := regexp.MustCompile(`(?i)\bevents\b`)
		for name, read := range reads {
			plans, err := store.PlanReads(ctx, db, read)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			verdictByIndex := false
			for _, p := range plans {
				stmt, node, _ := strings.Cut(p, ": ")
				verdictByIndex = verdictByIndex || strings.Contains(node, "events_claim_status")
				if !readsEvents.MatchString(stmt) {
					continue
				}
				if !strings.Contains(strings.ToUpper(stmt), "LIMIT") || strings.Contains(strings.ToUpper(stmt), "COUNT(") ||
					strings.Contains(node, "Seq Scan on events") || strings.HasPrefix(node, "SCAN events") || strings.HasPrefix(node, "SCAN e ") || node == "SCAN e" {
					t.Errorf("%s reads events it does not draw: %s", name, p)
				}
			}
			// The verdict, its newest status event, is the first entry of
			// events_claim_status, not found among all its public events.
			if !verdictByIndex && name != "the timeline API's first page" {
				t.Errorf("%s finds the verdict without events_claim_status:\n%s", name, strings.Join(plans, "\n"))
			}
		}
	})
}

// BenchmarkClaimPageReads reads the newest page of a claim's public
// timeline with everything the claim's page draws (svc.ClaimPage, the
// storage side of the page; its drawing does not grow with the timeline),
// for claims of 100 and 10,000 events, status changes or notes. On
// PostgreSQL the tables are analyzed first, as autovacuum would have.
//
//	go test -run XXX -bench ClaimPageReads -benchtime 200x ./internal/store/
func BenchmarkClaimPageReads(b *testing.B) {
	for _, dialect := range []string{store.DialectSQLite, store.DialectPostgres} {
		for _, kind := range []claims.EventKind{claims.EventStatusChanged, claims.EventNoteAdded} {
			for _, n := range []int{100, 10000} {
				b.Run(fmt.Sprintf("%s/%s/%d", dialect, kind, n), func(b *testing.B) {
					db := storetest.SQLite(b)
					if dialect == store.DialectPostgres {
						db = storetest.Postgres(b)
					}
					benchClaimPageReads(b, db, kind, n)
				})
			}
		}
	}
}

func benchClaimPageReads(b *testing.B, db *store.DB, kind claims.EventKind, n int) {
	ctx := context.Background()
	svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	st, err := svc.CreateStory(ctx, editor, claims.NewStory{Title: "A story changed often", Published: true})
	if err != nil {
		b.Fatal(err)
	}
	c, err := svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The count keeps changing", WhatWouldSettle: "the final count"})
	if err != nil {
		b.Fatal(err)
	}
	evs := make([]claims.Event, n)
	for i := range evs {
		evs[i] = claims.Event{StoryID: st.ID, ClaimID: &c.ID, Kind: kind, Note: fmt.Sprintf("Change %d", i+1), Public: true}
		if kind == claims.EventStatusChanged {
			evs[i].FromStatus, evs[i].ToStatus = "unverified", "investigating"
		}
	}
	if err := db.InsertEvents(ctx, evs); err != nil {
		b.Fatal(err)
	}
	if db.Dialect() == store.DialectPostgres {
		if err := store.Exec(ctx, db, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		p, err := svc.ClaimPage(ctx, c.ID, claims.ClaimView{})
		if err != nil || p.Timeline.Total != n+1 {
			b.Fatalf("ClaimPage: %v, %d events counted, want %d", err, p.Timeline.Total, n+1)
		}
	}
}
