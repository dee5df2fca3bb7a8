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
// that a LIMIT does not stop. The counts come from the claim's row.
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
			for _, p := range plans {
				stmt, node, _ := strings.Cut(p, ": ")
				if !readsEvents.MatchString(stmt) {
					continue
				}
				if !strings.Contains(strings.ToUpper(stmt), "LIMIT") || strings.Contains(strings.ToUpper(stmt), "COUNT(") ||
					strings.Contains(node, "Seq Scan on events") || strings.HasPrefix(node, "SCAN events") || strings.HasPrefix(node, "SCAN e ") || node == "SCAN e" {
					t.Errorf("%s reads events it does not draw: %s", name, p)
				}
			}
		}
	})
}
