package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestClaimSources_APageWalksTheLinksFromItsCursor plans a page of a claim's
// sources, the first and one from a cursor, as the claim page and
// GET /api/v1/claims/{id}/sources read them, and fails when the database
// would sort the claim's links to find it: a page then costs as much as
// every link of the claim (migration 00021).
func TestClaimSources_APageWalksTheLinksFromItsCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, _, c := serviceWithClaim(t, db)
		var ids []int64
		for i := range 40 {
			s := claims.Source{URL: fmt.Sprintf("https://news.example.org/%d", i), Outlet: "News", OutletKind: "independent"}
			if err := db.CreateSource(ctxT(t), &s); err != nil {
				t.Fatal(err)
			}
			if err := db.LinkSource(ctxT(t), c.ID, s.ID, claims.StanceSupports); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		for _, q := range []claims.LinkQuery{{Limit: 30}, {Limit: 30, After: ids[29]}} {
			var got []claims.LinkedSource
			plans, err := store.PlanReads(ctxT(t), db, func() (err error) {
				got, err = db.LinkedSources(ctxT(t), c.ID, q)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := min(30, 40-len(ids[:indexAfter(ids, q.After)])); len(got) != want {
				t.Errorf("after %d: %d sources, want %d", q.After, len(got), want)
			}
			for _, p := range plans {
				_, node, _ := strings.Cut(p, ": ")
				if strings.Contains(node, "TEMP B-TREE FOR ORDER BY") || strings.Contains(node, "Sort") {
					t.Errorf("after %d, the page sorts the claim's links: %s", q.After, p)
				}
			}
			if !strings.Contains(strings.Join(plans, "\n"), "claim_sources_claim_linked") {
				t.Errorf("after %d, the page does not walk claim_sources_claim_linked:\n%s", q.After, strings.Join(plans, "\n"))
			}
		}
	})
}

// indexAfter is how many of ids come up to and including after (0: none).
func indexAfter(ids []int64, after int64) int {
	for i, id := range ids {
		if id == after {
			return i + 1
		}
	}
	return 0
}
