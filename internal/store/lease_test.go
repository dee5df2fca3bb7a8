package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

func TestOutboxBacklogs_CountWaitingRowsAndTheOldest(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		got, err := db.OutboxBacklogs(ctx)
		if err != nil || len(got) != 3 || got[0].Queued != 0 || got[1].Queued != 0 || got[2].Queued != 0 || !got[1].Oldest.IsZero() {
			t.Fatalf("empty outboxes: %+v, %v", got, err)
		}
		t0 := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
		now := t0
		svc := claims.NewService(db, claims.DefaultVocabulary(), func() time.Time { return now })
		hooks := webhooks.NewService(db, svc, webhooks.Options{})
		if _, err := hooks.CreateEndpoint(ctx, editor, "https://hooks.example.org/in", []string{"claim_created"}); err != nil {
			t.Fatal(err)
		}
		st, err := svc.CreateStory(ctx, editor, claims.NewStory{Title: "S", Published: true})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if _, err := svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "claim"}); err != nil {
				t.Fatal(err)
			}
			now = now.Add(time.Minute)
		}
		got, err = db.OutboxBacklogs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got[1].Table != "webhook_deliveries" || got[1].Queued != 3 || !got[1].Oldest.Equal(t0) || got[0].Queued != 0 {
			t.Errorf("backlogs %+v; want 3 webhook deliveries waiting since %v", got, t0)
		}
	})
}
