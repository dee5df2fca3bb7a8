package store_test

import (
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestEvidence_OldestFirstAndWithdrawnStays(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "s", true)
		c := mustClaim(t, db, st.ID, "claim", "unverified")
		other := mustClaim(t, db, st.ID, "other", "unverified")
		var ids []int64
		for _, e := range []*claims.Evidence{
			{ClaimID: c.ID, Summary: "first", Stance: claims.StanceSupports},
			{ClaimID: other.ID, Summary: "elsewhere", Stance: claims.StanceContext},
			{ClaimID: c.ID, Summary: "second", Stance: claims.StanceDisputes},
		} {
			if err := db.CreateEvidence(ctxT(t), e); err != nil {
				t.Fatal(err)
			}
			if e.ID == 0 || e.CreatedAt.IsZero() {
				t.Fatalf("CreateEvidence left ID %d, CreatedAt %v", e.ID, e.CreatedAt)
			}
			ids = append(ids, e.ID)
		}
		if err := db.WithdrawEvidence(ctxT(t), ids[0]); err != nil {
			t.Fatal(err)
		}
		list, err := db.EvidenceByClaim(ctxT(t), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Summary != "first" || !list[0].Withdrawn || list[1].Summary != "second" || list[1].Withdrawn {
			t.Fatalf("EvidenceByClaim = %+v, want first (withdrawn) then second", list)
		}
		got, err := db.EvidenceByID(ctxT(t), ids[2])
		if err != nil || got.Summary != "second" || got.Stance != claims.StanceDisputes {
			t.Fatalf("EvidenceByID = %+v, %v", got, err)
		}
	})
}
