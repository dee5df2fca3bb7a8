package store_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"github.com/claimtrack/claimtrack/internal/procstat"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// alertWorld is a published story with two claims, for outbox tests.
type alertWorld struct {
	story          *claims.Story
	claim, sibling *claims.Claim
}

func newAlertWorld(t testing.TB, db *store.DB) alertWorld {
	t.Helper()
	ctx := context.Background()
	st := &claims.Story{Slug: "flood", Title: "The flood", Published: true, CreatedAt: t0, UpdatedAt: t0}
	if err := db.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	w := alertWorld{story: st}
	for _, c := range []**claims.Claim{&w.claim, &w.sibling} {
		*c = &claims.Claim{StoryID: st.ID, Text: "The dam broke", Status: "unverified", CreatedAt: t0, UpdatedAt: t0}
		if err := db.CreateClaim(ctx, *c); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// eachAlertWorld runs fn in parallel on a fresh alertWorld in each
// database under test.
func eachAlertWorld(t *testing.T, fn func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld)) {
	t.Helper()
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, ctxT(t), db, newAlertWorld(t, db)) })
}

// resolution appends a status_changed event of claim c at at.
func resolution(t testing.TB, db *store.DB, c *claims.Claim, at time.Time) claims.Event {
	t.Helper()
	e := claims.Event{StoryID: c.StoryID, ClaimID: &c.ID, Kind: claims.EventStatusChanged, At: at,
		FromStatus: "unverified", ToStatus: "confirmed", Note: "Satellite images", Public: true}
	if err := db.AppendEvent(context.Background(), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func fanOf(e claims.Event, window time.Duration) alerts.Fan {
	return alerts.Fan{EventID: e.ID, StoryID: e.StoryID, ClaimID: *e.ClaimID, Kind: alerts.KindResolved, At: e.At, DigestWindow: window}
}

func mustSubscriber(t testing.TB, db *store.DB, email string) *alerts.Subscriber {
	t.Helper()
	s := &alerts.Subscriber{Email: email, ManageHash: rand.Text(), CreatedAt: t0}
	if err := db.CreateSubscriber(context.Background(), s); err != nil {
		t.Fatalf("CreateSubscriber(%s): %v", email, err)
	}
	return s
}

// Subscription states for mustFollow.
const (
	active   = "active"
	pending  = "pending"
	expired  = "expired" // pending, its confirmation link expired
	ended    = "ended"
	disabled = "disabled"
)

// mustFollow subscribes sub to a story (storyID) or a claim (claimID) in
// the given state.
func mustFollow(t testing.TB, db *store.DB, sub *alerts.Subscriber, storyID, claimID *int64, state string) *alerts.Subscription {
	t.Helper()
	now := time.Now()
	s := &alerts.Subscription{SubscriberID: sub.ID, StoryID: storyID, ClaimID: claimID, UnsubscribeHash: rand.Text(), CreatedAt: t0}
	switch state {
	case pending, expired:
		exp := now.Add(alerts.ConfirmTTL)
		if state == expired {
			exp = now.Add(-time.Minute)
		}
		s.ConfirmHash, s.ConfirmExpiresAt = rand.Text(), &exp
	case active:
		s.ConfirmedAt = &t0
	case ended:
		s.ConfirmedAt, s.EndedAt = &t0, &t0
	case disabled:
		s.ConfirmedAt, s.DisabledAt, s.PermanentFailures = &t0, &t0, alerts.MaxPermanentFailures
	default:
		t.Fatalf("unknown state %q", state)
	}
	if err := db.CreateSubscription(context.Background(), s); err != nil {
		t.Fatalf("CreateSubscription: %v", err)
	}
	return s
}

// leaseAll leases every queued row due by far (so digest rows too) and
// returns them, to read the outbox back.
func leaseAll(t testing.TB, db *store.DB, owner string) []alerts.Alert {
	t.Helper()
	far := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := db.LeaseAlerts(context.Background(), owner, far, far.Add(time.Minute), 100000)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func counts(t testing.TB, db *store.DB) map[alerts.State]int {
	t.Helper()
	cs, err := db.OutboxCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := map[alerts.State]int{}
	for _, c := range cs {
		m[c.State] = c.N
	}
	return m
}

func bySubscriber(as []alerts.Alert) map[int64]alerts.Alert {
	m := map[int64]alerts.Alert{}
	for _, a := range as {
		m[*a.SubscriberID] = a
	}
	return m
}

func ids(as []alerts.Alert) []int64 {
	out := make([]int64, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

func TestQueueAlerts_OneRowPerAddressAndEventForActiveSubscriptionsOnly(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		other := mustStory(t, db, "other", true)
		story, claim, sibling := &w.story.ID, &w.claim.ID, &w.sibling.ID

		both := mustSubscriber(t, db, "both@example.org")
		claimSub := mustFollow(t, db, both, nil, claim, active)
		mustFollow(t, db, both, story, nil, active)
		storyOnly := mustSubscriber(t, db, "story@example.org")
		storySub := mustFollow(t, db, storyOnly, story, nil, active)
		claimOnly := mustSubscriber(t, db, "claim@example.org")
		mustFollow(t, db, claimOnly, nil, claim, active)
		// Addresses that must get nothing for this event.
		for i, f := range []struct {
			storyID, claimID *int64
			state            string
		}{
			{story, nil, pending}, {nil, claim, expired}, {story, nil, ended}, {nil, claim, disabled},
			{&other.ID, nil, active}, {nil, sibling, active},
		} {
			mustFollow(t, db, mustSubscriber(t, db, fmt.Sprintf("nobody%d@example.org", i)), f.storyID, f.claimID, f.state)
		}

		e := resolution(t, db, w.claim, t0)
		n, err := db.QueueAlerts(ctx, fanOf(e, 5*time.Minute))
		if err != nil || n != 3 {
			t.Fatalf("QueueAlerts = %d, %v; want 3 rows (both, story, claim)", n, err)
		}
		if n, err := db.QueueAlerts(ctx, fanOf(e, 5*time.Minute)); err != nil || n != 0 {
			t.Fatalf("second QueueAlerts of the same event = %d, %v; want 0", n, err)
		}

		rows := bySubscriber(leaseAll(t, db, "reader"))
		if len(rows) != 3 {
			t.Fatalf("outbox holds rows for %d addresses, want 3: %+v", len(rows), rows)
		}
		at := utcMicro(t0)
		// The address following both gets its claim subscription's row:
		// immediate, no digest.
		if r := rows[both.ID]; *r.SubscriptionID != claimSub.ID || r.Digest || !r.NotBefore.Equal(at) {
			t.Errorf("row of the address following both = %+v; want the claim subscription's, sent at once", r)
		}
		if r := rows[storyOnly.ID]; *r.SubscriptionID != storySub.ID || !r.Digest || !r.NotBefore.Equal(at.Add(5*time.Minute)) {
			t.Errorf("story subscription's row = %+v; want a digest row due after the window", r)
		}
		for _, r := range rows {
			if r.EventID != e.ID || r.StoryID != w.story.ID || r.ClaimID != w.claim.ID || r.Kind != alerts.KindResolved ||
				r.State != alerts.StateQueued || r.Attempts != 0 || !r.CreatedAt.Equal(at) {
				t.Errorf("row %+v does not describe the event", r)
			}
		}

		// Without a digest window story rows go at once.
		e2 := resolution(t, db, w.claim, t0.Add(time.Hour))
		if n, err := db.QueueAlerts(ctx, fanOf(e2, 0)); err != nil || n != 3 {
			t.Fatalf("QueueAlerts without window = %d, %v; want 3", n, err)
		}
		rows = bySubscriber(leaseAll(t, db, "reader"))
		if r := rows[storyOnly.ID]; r.Digest || !r.NotBefore.Equal(at.Add(time.Hour)) {
			t.Errorf("story row without a window = %+v; want no digest, due at the event", r)
		}
	})
}

func TestQueueAlerts_RolledBackStatusChangeLeavesNoRow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		svc, st, c := serviceWithClaim(t, db)
		alerts.NewService(db, svc, 0)
		sub := mustSubscriber(t, db, "reader@example.org")
		mustFollow(t, db, sub, &st.ID, nil, active)

		err := db.Tx(ctx, func(ctx context.Context) error {
			if _, err := svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "Lab report", Version: c.Version}); err != nil {
				return err
			}
			if n := countRows(t, db, "alert_outbox"); n != 0 {
				// Outside the transaction nothing shows yet.
				t.Errorf("an uncommitted status change shows %d outbox rows to other readers", n)
			}
			return errors.New("rollback")
		})
		if err == nil || err.Error() != "rollback" {
			t.Fatalf("Tx = %v, want the rollback error", err)
		}
		if n := countRows(t, db, "alert_outbox"); n != 0 {
			t.Fatalf("a rolled-back status change left %d outbox rows", n)
		}
		if got, _ := db.ClaimByID(ctx, c.ID); got.Status != "unverified" {
			t.Fatalf("the claim reads %q after the rollback", got.Status)
		}

		if _, err := svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "Lab report", Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		rows := leaseAll(t, db, "w")
		if len(rows) != 1 || *rows[0].SubscriberID != sub.ID || rows[0].Kind != alerts.KindResolved || rows[0].ClaimID != c.ID {
			t.Fatalf("after the committed change the outbox holds %+v; want one resolved row for the subscriber", rows)
		}
	})
}

// queued makes n claim subscribers and one resolution and returns its rows'
// fan-out count.
func queued(t testing.TB, db *store.DB, w alertWorld, n int, at time.Time) {
	t.Helper()
	for i := range n {
		mustFollow(t, db, mustSubscriber(t, db, fmt.Sprintf("r%d-%s@example.org", i, rand.Text())), nil, &w.claim.ID, active)
	}
	e := resolution(t, db, w.claim, at)
	if got, err := db.QueueAlerts(context.Background(), fanOf(e, 0)); err != nil || got != n {
		t.Fatalf("QueueAlerts = %d, %v; want %d", got, err, n)
	}
}

func TestLeaseAlerts_TakesDueRowsOldestFirstAndRetakesExpiredLeases(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		sub := mustSubscriber(t, db, "story@example.org")
		mustFollow(t, db, sub, &w.story.ID, nil, active)
		e1 := resolution(t, db, w.claim, t0)
		e2 := resolution(t, db, w.sibling, t0.Add(time.Minute))
		// Story rows wait 5 min; claim rows of a later event are due at once.
		for _, e := range []claims.Event{e1, e2} {
			if _, err := db.QueueAlerts(ctx, fanOf(e, 5*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		reader := mustSubscriber(t, db, "claim@example.org")
		mustFollow(t, db, reader, nil, &w.claim.ID, active)
		e3 := resolution(t, db, w.claim, t0.Add(2*time.Minute))
		if _, err := db.QueueAlerts(ctx, fanOf(e3, 5*time.Minute)); err != nil {
			t.Fatal(err)
		}

		now := t0.Add(3 * time.Minute)
		got, err := db.LeaseAlerts(ctx, "a", now, now.Add(time.Minute), 10)
		if err != nil || len(got) != 1 || got[0].EventID != e3.ID {
			t.Fatalf("LeaseAlerts before the window = %+v, %v; want only the claim row", got, err)
		}
		if got[0].LeaseOwner != "a" || !got[0].LeaseUntil.Equal(utcMicro(now.Add(time.Minute))) {
			t.Errorf("leased row = %+v; want owner a until %v", got[0], now.Add(time.Minute))
		}
		if again, err := db.LeaseAlerts(ctx, "b", now.Add(30*time.Second), now.Add(time.Hour), 10); err != nil || len(again) != 0 {
			t.Fatalf("a second leaser got %+v, %v while the lease is live; want nothing", again, err)
		}
		later := t0.Add(10 * time.Minute)
		got, err = db.LeaseAlerts(ctx, "b", later, later.Add(time.Minute), 2)
		if err != nil {
			t.Fatal(err)
		}
		// Oldest not_before first: e1's story row (t0+5m), e2's (t0+6m);
		// e3's expired lease (not_before t0+2m) comes first of all.
		if len(got) != 2 || got[0].EventID != e3.ID || got[1].EventID != e1.ID {
			t.Fatalf("LeaseAlerts(limit 2) after the window = %+v; want e3's retaken row, then e1's", got)
		}
		if got[0].LeaseOwner != "b" {
			t.Errorf("retaken row's owner = %q, want b", got[0].LeaseOwner)
		}
		// Then e2's story row (t0+6m) and e3's (t0+7m).
		rest, err := db.LeaseAlerts(ctx, "b", later, later.Add(time.Minute), 10)
		if err != nil || len(rest) != 2 || rest[0].EventID != e2.ID || rest[1].EventID != e3.ID || *rest[1].SubscriberID != sub.ID {
			t.Fatalf("the last due rows = %+v, %v; want e2's and e3's story rows", rest, err)
		}
		if none, err := db.LeaseAlerts(ctx, "b", later, later, 0); err != nil || len(none) != 0 {
			t.Fatalf("limit 0 leased %d rows (err %v)", len(none), err)
		}
	})
}

func TestLeaseDigest_TakesTheSubscriptionsOtherRowsButNotLiveLeases(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		sub := mustSubscriber(t, db, "story@example.org")
		sn := mustFollow(t, db, sub, &w.story.ID, nil, active)
		otherSub := mustSubscriber(t, db, "other@example.org")
		otherSn := mustFollow(t, db, otherSub, &w.story.ID, nil, active)
		var evs []claims.Event
		for i := range 3 {
			e := resolution(t, db, w.claim, t0.Add(time.Duration(i)*time.Minute))
			if _, err := db.QueueAlerts(ctx, fanOf(e, 5*time.Minute)); err != nil {
				t.Fatal(err)
			}
			evs = append(evs, e)
		}
		now := t0.Add(5 * time.Minute) // only the first event's rows are due
		first, err := db.LeaseAlerts(ctx, "a", now, now.Add(time.Minute), 10)
		if err != nil || len(first) != 2 || first[0].EventID != evs[0].ID || first[1].EventID != evs[0].ID {
			t.Fatalf("LeaseAlerts = %+v, %v; want both addresses' first rows", first, err)
		}
		rest, err := db.LeaseDigest(ctx, sn.ID, "a", now, now.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if len(rest) != 2 || rest[0].EventID != evs[1].ID || rest[1].EventID != evs[2].ID {
			t.Fatalf("LeaseDigest = %+v; want the subscription's two later rows, oldest first", rest)
		}
		for _, r := range rest {
			if *r.SubscriptionID != sn.ID || r.LeaseOwner != "a" {
				t.Errorf("digest row %+v: want subscription %d leased to a", r, sn.ID)
			}
		}
		// Another worker asking for the same digest gets nothing while a's
		// leases live.
		if got, err := db.LeaseDigest(ctx, sn.ID, "b", now, now.Add(time.Minute)); err != nil || len(got) != 0 {
			t.Fatalf("LeaseDigest by b = %+v, %v; want nothing", got, err)
		}
		// The other address's rows were left alone.
		others, err := db.LeaseDigest(ctx, otherSn.ID, "c", now, now.Add(time.Minute))
		if err != nil || len(others) != 2 || *others[0].SubscriberID != otherSub.ID || *others[1].SubscriberID != otherSub.ID {
			t.Fatalf("the other subscription's digest = %+v, %v; want its 2 later rows", others, err)
		}
	})
}

func TestMark_SettlesOnlyRowsTheOwnerHolds(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		queued(t, db, w, 4, t0)
		now := t0.Add(time.Minute)
		rows, err := db.LeaseAlerts(ctx, "a", now, now.Add(time.Minute), 10)
		if err != nil || len(rows) != 4 {
			t.Fatalf("LeaseAlerts = %d rows, %v", len(rows), err)
		}
		sent, retry, failed, cancelled := rows[0].ID, rows[1].ID, rows[2].ID, rows[3].ID

		// A stranger changes nothing.
		for name, mark := range map[string]func(owner string) (int, error){
			"MarkSent": func(o string) (int, error) { return db.MarkSent(ctx, []int64{sent}, o, now) },
			"MarkRetry": func(o string) (int, error) {
				return db.MarkRetry(ctx, []int64{retry}, o, now, now.Add(time.Hour), 421, "busy")
			},
			"MarkFailed":    func(o string) (int, error) { return db.MarkFailed(ctx, []int64{failed}, o, now, 550, "no such user") },
			"MarkCancelled": func(o string) (int, error) { return db.MarkCancelled(ctx, []int64{cancelled}, o, now) },
		} {
			for _, stranger := range []string{"b", ""} {
				if n, err := mark(stranger); err != nil || n != 0 {
					t.Errorf("%s by %q = %d, %v; want 0 rows and no error", name, stranger, n, err)
				}
			}
			if n, err := mark("a"); err != nil || n != 1 {
				t.Errorf("%s by the owner = %d, %v; want 1", name, n, err)
			}
			if n, err := mark("a"); err != nil || n != 0 {
				t.Errorf("%s repeated = %d, %v; want 0 (the row is no longer held)", name, n, err)
			}
		}
		if got := counts(t, db); got[alerts.StateQueued] != 1 || got[alerts.StateSent] != 1 || got[alerts.StateFailed] != 1 || got[alerts.StateCancelled] != 1 {
			t.Fatalf("OutboxCounts = %v; want one row in each state", got)
		}
		fails, err := db.RecentFailures(ctx, 10)
		if err != nil || len(fails) != 2 {
			t.Fatalf("RecentFailures = %+v, %v; want the failed and the retried row", fails, err)
		}
		byID := map[int64]alerts.Alert{fails[0].ID: fails[0], fails[1].ID: fails[1]}
		if r := byID[retry]; r.State != alerts.StateQueued || r.Attempts != 1 || r.LastCode != 421 || r.LastError != "busy" ||
			!r.NotBefore.Equal(utcMicro(now.Add(time.Hour))) || r.LeaseOwner != "" || r.LeaseUntil != nil {
			t.Errorf("retried row = %+v", r)
		}
		if r := byID[failed]; r.State != alerts.StateFailed || r.Attempts != 1 || r.LastCode != 550 || r.LastError != "no such user" || r.LeaseOwner != "" {
			t.Errorf("failed row = %+v", r)
		}
		// The retried row is due again at next, not before.
		if got, _ := db.LeaseAlerts(ctx, "b", now.Add(59*time.Minute), now.Add(2*time.Hour), 10); len(got) != 0 {
			t.Errorf("the retried row was leased before its next attempt: %+v", got)
		}
		if got, _ := db.LeaseAlerts(ctx, "b", now.Add(time.Hour), now.Add(2*time.Hour), 10); len(got) != 1 || got[0].ID != retry {
			t.Errorf("at its next attempt the retried row was not leasable: %+v", got)
		}
	})
}

func TestMark_ExpiredLeaseStaysTheOwnersUntilAnotherTakesIt(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		queued(t, db, w, 2, t0)
		now := t0.Add(time.Minute)
		rows, err := db.LeaseAlerts(ctx, "a", now, now.Add(time.Minute), 10)
		if err != nil || len(rows) != 2 {
			t.Fatalf("LeaseAlerts = %d, %v", len(rows), err)
		}
		late := now.Add(10 * time.Minute)
		// Row 0's lease ran out but nobody took it: a's late result counts.
		if n, err := db.MarkSent(ctx, []int64{rows[0].ID}, "a", late); err != nil || n != 1 {
			t.Fatalf("MarkSent after the lease ran out, unretaken = %d, %v; want 1", n, err)
		}
		// Row 1 was taken over by b: a's result no longer counts, b's does.
		if got, err := db.LeaseAlerts(ctx, "b", late, late.Add(time.Minute), 10); err != nil || len(got) != 1 || got[0].ID != rows[1].ID {
			t.Fatalf("b's lease = %+v, %v", got, err)
		}
		if n, err := db.MarkSent(ctx, ids(rows), "a", late); err != nil || n != 0 {
			t.Fatalf("MarkSent by the former owner = %d, %v; want 0", n, err)
		}
		if n, err := db.MarkSent(ctx, []int64{rows[1].ID}, "b", late); err != nil || n != 1 {
			t.Fatalf("MarkSent by the new owner = %d, %v; want 1", n, err)
		}
		if got := counts(t, db); got[alerts.StateSent] != 2 || got[alerts.StateQueued] != 0 {
			t.Fatalf("OutboxCounts = %v; want 2 sent", got)
		}
	})
}

func TestLeaseAlerts_ConcurrentLeasersNeverGetTheSameRow(t *testing.T) {
	t.Parallel()
	for dialect, dsn := range storetest.DSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			// Two stores on one database stand for two processes; two
			// goroutines on each for a worker's concurrent rounds.
			var dbs []*store.DB
			for range 2 {
				db, err := store.Open(ctx, dsn, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				dbs = append(dbs, db)
			}
			w := newAlertWorld(t, dbs[0])
			const subscribers, events = 50, 6
			for i := range subscribers {
				mustFollow(t, dbs[0], mustSubscriber(t, dbs[0], fmt.Sprintf("r%d@example.org", i)), nil, &w.claim.ID, active)
			}
			for i := range events {
				if _, err := dbs[0].QueueAlerts(ctx, fanOf(resolution(t, dbs[0], w.claim, t0.Add(time.Duration(i)*time.Second)), 0)); err != nil {
					t.Fatal(err)
				}
			}
			now := t0.Add(time.Hour)
			const leasers = 4
			got := make([][]int64, leasers)
			errs := make([]error, leasers)
			var wg sync.WaitGroup
			for i := range leasers {
				wg.Go(func() {
					db, owner := dbs[i%2], fmt.Sprintf("worker-%d", i)
					for {
						rows, err := db.LeaseAlerts(ctx, owner, now, now.Add(time.Hour), 7)
						if err != nil || len(rows) == 0 {
							errs[i] = err
							return
						}
						for _, r := range rows {
							if r.LeaseOwner != owner {
								errs[i] = fmt.Errorf("%s got row %d leased to %q", owner, r.ID, r.LeaseOwner)
								return
							}
						}
						n, err := db.MarkSent(ctx, ids(rows), owner, now)
						if err == nil && n != len(rows) {
							err = fmt.Errorf("%s leased %d rows but could mark only %d sent", owner, len(rows), n)
						}
						if err != nil {
							errs[i] = err
							return
						}
						got[i] = append(got[i], ids(rows)...)
					}
				})
			}
			wg.Wait()
			seen := map[int64]int{}
			for i, list := range got {
				if errs[i] != nil {
					t.Errorf("leaser %d: %v", i, errs[i])
				}
				for _, id := range list {
					seen[id]++
				}
			}
			for id, n := range seen {
				if n > 1 {
					t.Errorf("row %d was leased %d times", id, n)
				}
			}
			if len(seen) != subscribers*events {
				t.Errorf("%d distinct rows were leased, want %d", len(seen), subscribers*events)
			}
			if c := counts(t, dbs[1]); c[alerts.StateSent] != subscribers*events {
				t.Errorf("OutboxCounts = %v; want all %d sent", c, subscribers*events)
			}
		})
	}
}

func TestEndSubscription_CancelsQueuedAlertsAndKeepsTheFirstEnd(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		sub := mustSubscriber(t, db, "story@example.org")
		sn := mustFollow(t, db, sub, &w.story.ID, nil, active)
		stay := mustFollow(t, db, mustSubscriber(t, db, "stays@example.org"), &w.story.ID, nil, active)
		for i := range 2 {
			if _, err := db.QueueAlerts(ctx, fanOf(resolution(t, db, w.claim, t0.Add(time.Duration(i)*time.Minute)), 0)); err != nil {
				t.Fatal(err)
			}
		}
		// One of its rows is leased by a worker at the moment it ends.
		due, err := db.LeaseAlerts(ctx, "a", t0, t0.Add(time.Minute), 10)
		if err != nil || len(due) != 2 {
			t.Fatalf("LeaseAlerts = %+v, %v; want both first rows", due, err)
		}
		leased := slices.DeleteFunc(due, func(a alerts.Alert) bool { return *a.SubscriptionID != sn.ID })
		endAt := t0.Add(time.Minute)
		if err := db.EndSubscription(ctx, sn.ID, endAt); err != nil {
			t.Fatal(err)
		}
		if err := db.EndSubscription(ctx, sn.ID, endAt.Add(time.Hour)); err != nil {
			t.Fatalf("ending twice: %v", err)
		}
		got, err := db.SubscriptionByID(ctx, sn.ID)
		if err != nil || got.EndedAt == nil || !got.EndedAt.Equal(utcMicro(endAt)) || got.Active() {
			t.Fatalf("after ending: %+v, %v; want ended at the first end", got, err)
		}
		if n, err := db.MarkSent(ctx, ids(leased), "a", endAt); err != nil || n != 0 {
			t.Errorf("the worker marked a cancelled row sent: %d, %v", n, err)
		}
		if c := counts(t, db); c[alerts.StateCancelled] != 2 || c[alerts.StateQueued] != 2 {
			t.Fatalf("OutboxCounts = %v; want its 2 rows cancelled, the other address's 2 queued", c)
		}
		for _, r := range leaseAll(t, db, "b") {
			if *r.SubscriptionID != stay.ID {
				t.Errorf("row %+v of an ended subscription is still leasable", r)
			}
		}
		// Nothing new is queued for it.
		if n, err := db.QueueAlerts(ctx, fanOf(resolution(t, db, w.claim, t0.Add(time.Hour)), 0)); err != nil || n != 1 {
			t.Fatalf("QueueAlerts after the end = %d, %v; want 1 (the other address)", n, err)
		}
		wantCode(t, db.EndSubscription(ctx, 999999, endAt), claims.ENOTFOUND)
	})
}

func TestDeleteSubscriber_KeepsDeliveryCountsWithoutTheAddress(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		sub := mustSubscriber(t, db, "gone@example.org")
		claimSub := mustFollow(t, db, sub, nil, &w.claim.ID, active)
		storySub := mustFollow(t, db, sub, &w.story.ID, nil, active)
		other := mustSubscriber(t, db, "stays@example.org")
		mustFollow(t, db, other, &w.story.ID, nil, active)

		if _, err := db.QueueAlerts(ctx, fanOf(resolution(t, db, w.claim, t0), 0)); err != nil {
			t.Fatal(err)
		}
		// Its first alert failed (the failure list shows rows' addresses),
		// the other address's was sent.
		first := bySubscriber(leaseAll(t, db, "a"))
		if n, err := db.MarkFailed(ctx, []int64{first[sub.ID].ID}, "a", t0, 550, "mailbox full"); err != nil || n != 1 {
			t.Fatalf("MarkFailed = %d, %v", n, err)
		}
		if n, err := db.MarkSent(ctx, []int64{first[other.ID].ID}, "a", t0); err != nil || n != 1 {
			t.Fatalf("MarkSent = %d, %v", n, err)
		}
		// A later event: its row waits in the outbox when the address goes.
		if _, err := db.QueueAlerts(ctx, fanOf(resolution(t, db, w.sibling, t0.Add(time.Minute)), time.Hour)); err != nil {
			t.Fatal(err)
		}

		if err := db.DeleteSubscriber(ctx, sub.ID, t0.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		_, err := db.SubscriberByID(ctx, sub.ID)
		wantCode(t, err, claims.ENOTFOUND)
		_, err = db.SubscriberByEmail(ctx, "gone@example.org")
		wantCode(t, err, claims.ENOTFOUND)
		for _, id := range []int64{claimSub.ID, storySub.ID} {
			_, err = db.SubscriptionByID(ctx, id)
			wantCode(t, err, claims.ENOTFOUND)
		}
		if c := counts(t, db); c[alerts.StateSent] != 1 || c[alerts.StateFailed] != 1 || c[alerts.StateCancelled] != 1 || c[alerts.StateQueued] != 1 {
			t.Fatalf("OutboxCounts = %v; want the past deliveries kept, its waiting row cancelled, the other's queued", c)
		}
		fails, err := db.RecentFailures(ctx, 10)
		if err != nil || len(fails) != 1 || fails[0].SubscriberID != nil || fails[0].SubscriptionID != nil || fails[0].LastCode != 550 {
			t.Fatalf("RecentFailures = %+v, %v; want its failure kept without address or subscription", fails, err)
		}
		if n := countRows(t, db, "alert_outbox"); n != 4 {
			t.Fatalf("alert_outbox holds %d rows, want 4", n)
		}
		if rest := leaseAll(t, db, "b"); len(rest) != 1 || *rest[0].SubscriberID != other.ID {
			t.Fatalf("leasable rows = %+v; want only the other address's", rest)
		}
		// The address may come back as a stranger.
		mustSubscriber(t, db, "gone@example.org")
		wantCode(t, db.DeleteSubscriber(ctx, sub.ID, t0), claims.ENOTFOUND)
	})
}

func TestRecordPermanentFailure_DisablesAtMaxAndCancelsUnheldRows(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		sub := mustSubscriber(t, db, "bounces@example.org")
		sn := mustFollow(t, db, sub, &w.story.ID, nil, active)
		for i := range 3 {
			if _, err := db.QueueAlerts(ctx, fanOf(resolution(t, db, w.claim, t0.Add(time.Duration(i)*time.Minute)), 0)); err != nil {
				t.Fatal(err)
			}
		}
		held, err := db.LeaseAlerts(ctx, "a", t0, t0.Add(time.Minute), 1)
		if err != nil || len(held) != 1 {
			t.Fatalf("LeaseAlerts = %+v, %v", held, err)
		}
		at := t0.Add(30 * time.Second)
		for i := 1; i <= alerts.MaxPermanentFailures+1; i++ {
			off, err := db.RecordPermanentFailure(ctx, sn.ID, at.Add(time.Duration(i)*time.Second), alerts.MaxPermanentFailures)
			if err != nil {
				t.Fatal(err)
			}
			if want := i >= alerts.MaxPermanentFailures; off != want {
				t.Fatalf("failure %d: disabled = %v, want %v", i, off, want)
			}
		}
		got, err := db.SubscriptionByID(ctx, sn.ID)
		wantDisabledAt := utcMicro(at.Add(alerts.MaxPermanentFailures * time.Second))
		if err != nil || got.PermanentFailures != alerts.MaxPermanentFailures+1 || got.DisabledAt == nil ||
			!got.DisabledAt.Equal(wantDisabledAt) || got.Active() {
			t.Fatalf("subscription = %+v, %v; want %d failures, disabled at the third", got, err, alerts.MaxPermanentFailures+1)
		}
		// The unheld rows are cancelled; the worker still settles its own.
		if c := counts(t, db); c[alerts.StateCancelled] != 2 || c[alerts.StateQueued] != 1 {
			t.Fatalf("OutboxCounts = %v; want 2 cancelled, the held one queued", c)
		}
		if n, err := db.MarkFailed(ctx, ids(held), "a", at, 550, "mailbox unavailable"); err != nil || n != 1 {
			t.Fatalf("MarkFailed of the held row = %d, %v", n, err)
		}
		_, err = db.RecordPermanentFailure(ctx, 999999, at, 3)
		wantCode(t, err, claims.ENOTFOUND)
	})
}

func TestCountSubscribeRequest_CountsPerKeyWithinTheWindowAndPrunes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		window := time.Hour
		count := func(kind, key string, at time.Time) int {
			t.Helper()
			n, err := db.CountSubscribeRequest(ctx, kind, key, at, at.Add(-window))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for i := 1; i <= 3; i++ {
			if n := count("email", "k1", t0.Add(time.Duration(i)*time.Minute)); n != i {
				t.Fatalf("request %d counted %d", i, n)
			}
		}
		if n := count("email", "k2", t0.Add(4*time.Minute)); n != 1 {
			t.Fatalf("another key counted %d, want 1", n)
		}
		if n := count("client", "k1", t0.Add(4*time.Minute)); n != 1 {
			t.Fatalf("another kind counted %d, want 1", n)
		}
		// An hour after the first request it no longer counts, and is gone.
		if n := count("email", "k1", t0.Add(time.Hour+time.Minute)); n != 3 {
			t.Fatalf("after the window: %d, want 3 (two old, this one)", n)
		}
		if n := countRows(t, db, "subscription_requests"); n != 5 {
			t.Fatalf("%d requests kept, want 5 (the expired one pruned)", n)
		}
		// Password reset requests, counted by the same code, are apart.
		if n, err := db.AddResetRequest(ctx, "email", "k1", t0.Add(time.Hour+time.Minute), t0); err != nil || n != 1 {
			t.Fatalf("AddResetRequest = %d, %v; want 1", n, err)
		}
	})
}

func TestConcurrentSubscribeRequests_EachCountsAllBeforeIt(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 20
		got := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				c, err := db.CountSubscribeRequest(context.Background(), "email", "same", t0, t0.Add(-time.Hour))
				if err != nil {
					t.Error(err)
				}
				got[i] = c
			})
		}
		wg.Wait()
		slices.Sort(got)
		for i, c := range got {
			if c != i+1 {
				t.Fatalf("concurrent counts = %v; want 1..%d, each once", got, n)
			}
		}
	})
}

func TestSubscribers_LookupsAndConflicts(t *testing.T) {
	eachAlertWorld(t, func(t *testing.T, ctx context.Context, db *store.DB, w alertWorld) {
		sub := mustSubscriber(t, db, "a@example.org")
		if sub.ID == 0 {
			t.Fatal("CreateSubscriber did not set the ID")
		}
		for name, get := range map[string]func() (*alerts.Subscriber, error){
			"by email": func() (*alerts.Subscriber, error) { return db.SubscriberByEmail(ctx, "a@example.org") },
			"by id":    func() (*alerts.Subscriber, error) { return db.SubscriberByID(ctx, sub.ID) },
			"by link":  func() (*alerts.Subscriber, error) { return db.SubscriberByManageHash(ctx, "manage-link-hash") },
		} {
			if name == "by link" {
				if err := db.AddLinkTokens(ctx, []alerts.LinkToken{{Hash: "manage-link-hash", Kind: alerts.LinkManage, SubscriberID: sub.ID}}); err != nil {
					t.Fatal(err)
				}
			}
			got, err := get()
			if err != nil || got.ID != sub.ID || got.Email != sub.Email || got.ManageHash != sub.ManageHash || !got.CreatedAt.Equal(utcMicro(t0)) {
				t.Errorf("%s: %+v, %v; want %+v", name, got, err, sub)
			}
		}
		_, err := db.SubscriberByEmail(ctx, "b@example.org")
		wantCode(t, err, claims.ENOTFOUND)
		_, err = db.SubscriberByManageHash(ctx, "")
		wantCode(t, err, claims.ENOTFOUND)
		wantCode(t, db.CreateSubscriber(ctx, &alerts.Subscriber{Email: "a@example.org", ManageHash: rand.Text()}), claims.ECONFLICT)

		// Subscriptions (several without a confirmation hash must not
		// collide on its unique column: the fan-out test has many).
		claimSub := mustFollow(t, db, sub, nil, &w.claim.ID, active)
		storySub := mustFollow(t, db, sub, &w.story.ID, nil, pending)
		wantCode(t, db.CreateSubscription(ctx, &alerts.Subscription{SubscriberID: sub.ID, StoryID: &w.story.ID,
			UnsubscribeHash: rand.Text()}), claims.ECONFLICT)
		wantCode(t, db.CreateSubscription(ctx, &alerts.Subscription{SubscriberID: sub.ID, StoryID: &w.story.ID, ClaimID: &w.claim.ID,
			UnsubscribeHash: rand.Text()}), claims.EINVALID)
		wantCode(t, db.CreateSubscription(ctx, &alerts.Subscription{SubscriberID: sub.ID + 1000, ClaimID: &w.sibling.ID,
			UnsubscribeHash: rand.Text()}), claims.ENOTFOUND)

		if got, err := db.SubscriptionFor(ctx, sub.ID, &w.story.ID, nil); err != nil || got.ID != storySub.ID || got.ConfirmHash != storySub.ConfirmHash {
			t.Errorf("SubscriptionFor(story) = %+v, %v", got, err)
		}
		if got, err := db.SubscriptionFor(ctx, sub.ID, nil, &w.claim.ID); err != nil || got.ID != claimSub.ID || !got.Active() {
			t.Errorf("SubscriptionFor(claim) = %+v, %v", got, err)
		}
		_, err = db.SubscriptionFor(ctx, sub.ID, nil, &w.sibling.ID)
		wantCode(t, err, claims.ENOTFOUND)
		if got, err := db.SubscriptionByConfirmHash(ctx, storySub.ConfirmHash); err != nil || got.ID != storySub.ID {
			t.Errorf("SubscriptionByConfirmHash = %+v, %v", got, err)
		}
		unsub := alerts.LinkToken{Hash: "unsubscribe-link-hash", Kind: alerts.LinkUnsubscribe, SubscriberID: sub.ID, SubscriptionID: &claimSub.ID}
		if err := db.AddLinkTokens(ctx, []alerts.LinkToken{unsub}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.SubscriptionByUnsubscribeHash(ctx, unsub.Hash); err != nil || got.ID != claimSub.ID {
			t.Errorf("SubscriptionByUnsubscribeHash = %+v, %v", got, err)
		}
		if _, err := db.SubscriberByManageHash(ctx, unsub.Hash); claims.ErrorCode(err) != claims.ENOTFOUND {
			t.Errorf("an unsubscribe link opened the manage page: %v", err)
		}
		_, err = db.SubscriptionByConfirmHash(ctx, "")
		wantCode(t, err, claims.ENOTFOUND)
		_, err = db.SubscriptionByUnsubscribeHash(ctx, "")
		wantCode(t, err, claims.ENOTFOUND)

		// Confirming: every field written and read back, the hash cleared.
		confirmed := *storySub
		at := t0.Add(time.Hour)
		confirmed.ConfirmHash, confirmed.ConfirmExpiresAt, confirmed.ConfirmedAt, confirmed.PermanentFailures = "", nil, &at, 2
		if err := db.UpdateSubscription(ctx, &confirmed); err != nil {
			t.Fatal(err)
		}
		got, err := db.SubscriptionByID(ctx, storySub.ID)
		if err != nil || got.ConfirmHash != "" || got.ConfirmExpiresAt != nil || !got.ConfirmedAt.Equal(utcMicro(at)) ||
			got.PermanentFailures != 2 || *got.StoryID != w.story.ID || got.ClaimID != nil || got.UnsubscribeHash != storySub.UnsubscribeHash {
			t.Fatalf("after UpdateSubscription: %+v, %v", got, err)
		}
		_, err = db.SubscriptionByConfirmHash(ctx, storySub.ConfirmHash)
		wantCode(t, err, claims.ENOTFOUND)
		confirmed.ID = 999999
		wantCode(t, db.UpdateSubscription(ctx, &confirmed), claims.ENOTFOUND)

		list, err := db.SubscriptionsBySubscriber(ctx, sub.ID)
		if err != nil || len(list) != 2 || list[0].ID != claimSub.ID || list[1].ID != storySub.ID {
			t.Fatalf("SubscriptionsBySubscriber = %+v, %v; want claim, then story subscription", list, err)
		}
	})
}

func TestAdminReads_CountsFailuresAndSubscribers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		got, err := db.OutboxCounts(ctx)
		want := []alerts.Count{{State: alerts.StateQueued}, {State: alerts.StateSent}, {State: alerts.StateFailed}, {State: alerts.StateCancelled}}
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("OutboxCounts of an empty outbox = %v, %v; want every state at 0", got, err)
		}

		w := newAlertWorld(t, db)
		for i, state := range []string{active, active, pending, expired, ended, disabled} {
			mustFollow(t, db, mustSubscriber(t, db, fmt.Sprintf("s%d@example.org", i)), &w.story.ID, nil, state)
		}
		for i, state := range []string{active, pending} {
			mustFollow(t, db, mustSubscriber(t, db, fmt.Sprintf("c%d@example.org", i)), nil, &w.claim.ID, state)
		}
		mustFollow(t, db, mustSubscriber(t, db, "gone@example.org"), nil, &w.sibling.ID, ended)
		tc, err := db.SubscriberCounts(ctx)
		wantTC := []alerts.TargetCount{
			{StoryID: w.story.ID, ClaimID: 0, Active: 2, Pending: 1},
			{StoryID: w.story.ID, ClaimID: w.claim.ID, Active: 1, Pending: 1},
		}
		if err != nil || !slices.Equal(tc, wantTC) {
			t.Fatalf("SubscriberCounts = %+v, %v; want %+v", tc, err, wantTC)
		}

		if n, err := db.QueueAlerts(ctx, fanOf(resolution(t, db, w.claim, t0), 0)); err != nil || n != 3 {
			t.Fatalf("QueueAlerts = %d, %v; want 3 (2 story, 1 claim subscriber)", n, err)
		}
		rows := leaseAll(t, db, "a")
		// Oldest failure first in time; newest first in the list.
		steps := []func(id int64, at time.Time) (int, error){
			func(id int64, at time.Time) (int, error) {
				return db.MarkFailed(ctx, []int64{id}, "a", at, 550, "5.1.1 user unknown")
			},
			func(id int64, at time.Time) (int, error) {
				return db.MarkRetry(ctx, []int64{id}, "a", at, at.Add(time.Hour), 421, "4.3.2 try later")
			},
			func(id int64, at time.Time) (int, error) { return db.MarkSent(ctx, []int64{id}, "a", at) },
		}
		for i, step := range steps {
			if n, err := step(rows[i].ID, t0.Add(time.Duration(i+1)*time.Minute)); err != nil || n != 1 {
				t.Fatalf("step %d: %d, %v", i, n, err)
			}
		}
		fails, err := db.RecentFailures(ctx, 10)
		if err != nil || len(fails) != 2 || fails[0].ID != rows[1].ID || fails[1].ID != rows[0].ID {
			t.Fatalf("RecentFailures = %+v, %v; want the retry, then the older failure", fails, err)
		}
		if fails[0].LastError != "4.3.2 try later" || fails[1].LastCode != 550 {
			t.Errorf("failures lost their SMTP replies: %+v", fails)
		}
		if one, err := db.RecentFailures(ctx, 1); err != nil || len(one) != 1 || one[0].ID != rows[1].ID {
			t.Errorf("RecentFailures(1) = %+v, %v", one, err)
		}
		if c := counts(t, db); c[alerts.StateQueued] != 1 || c[alerts.StateSent] != 1 || c[alerts.StateFailed] != 1 || c[alerts.StateCancelled] != 0 {
			t.Errorf("OutboxCounts = %v", c)
		}
	})
}

// BenchmarkQueueAlerts10k measures the outbox insert of one status change
// of a claim whose story 10,000 confirmed addresses follow, committed as
// the change would be. Rows accumulate across iterations, as in a real
// outbox.
func BenchmarkQueueAlerts10k(b *testing.B) {
	benchEach(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		w := newAlertWorld(b, db)
		follow10k(b, db, w)
		var cpu time.Duration
		b.ResetTimer()
		for i := range b.N {
			b.StopTimer()
			e := resolution(b, db, w.claim, t0.Add(time.Duration(i)*time.Second))
			before := processCPU(b)
			b.StartTimer()
			err := db.Tx(ctx, func(ctx context.Context) error {
				n, err := db.QueueAlerts(ctx, fanOf(e, 0))
				if err == nil && n != 10000 {
					err = fmt.Errorf("queued %d rows", n)
				}
				return err
			})
			b.StopTimer()
			cpu += processCPU(b) - before
			b.StartTimer()
			if err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
	})
}

// BenchmarkStatusChange10kStorySubscribers measures what the editor waits
// for: a whole status change through the claims service, with the alerts
// hook queuing 10,000 story subscribers' rows in its transaction (digest
// window 0). The goal is under 100 ms.
func BenchmarkStatusChange10kStorySubscribers(b *testing.B) {
	benchEach(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		alerts.NewService(db, svc, 0)
		w := newAlertWorld(b, db)
		follow10k(b, db, w)
		c, err := db.ClaimByID(ctx, w.claim.ID)
		if err != nil {
			b.Fatal(err)
		}
		// Alternating between two resolved statuses: each change is a
		// "resolution corrected" alert to every subscriber.
		statuses := []string{"confirmed", "refuted"}
		before := processCPU(b)
		b.ResetTimer()
		for i := range b.N {
			c, err = svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: &statuses[i%2], Note: "New evidence", Version: c.Version})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		reportCPU(b, processCPU(b)-before)
		if n, err := store.CountRows(ctx, db, "alert_outbox"); err != nil || n != int64(10000*b.N) {
			b.Fatalf("%d outbox rows (err %v) after %d changes, want %d", n, err, b.N, 10000*b.N)
		}
	})
}

// processCPU is the CPU time this process has used. On a shared machine
// wall time says more about the neighbours than about the code; CPU time
// of the test process is all the work on SQLite, and the client's share on
// PostgreSQL (whose server runs in other processes).
func processCPU(b *testing.B) time.Duration {
	b.Helper()
	d, err := procstat.CPU()
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "process-cpu-ms/op")
}

// follow10k gives w's story 10,000 confirmed subscribers.
func follow10k(b *testing.B, db *store.DB, w alertWorld) {
	b.Helper()
	err := db.Tx(context.Background(), func(ctx context.Context) error {
		for i := range 10000 {
			s := &alerts.Subscriber{Email: fmt.Sprintf("reader%d@example.org", i), ManageHash: rand.Text(), CreatedAt: t0}
			if err := db.CreateSubscriber(ctx, s); err != nil {
				return err
			}
			sn := &alerts.Subscription{SubscriberID: s.ID, StoryID: &w.story.ID, UnsubscribeHash: rand.Text(), CreatedAt: t0, ConfirmedAt: &t0}
			if err := db.CreateSubscription(ctx, sn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// benchEach runs fn on SQLite and, when configured, on PostgreSQL.
func benchEach(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	b.Run(store.DialectSQLite, func(b *testing.B) { fn(b, storetest.SQLite(b)) })
	b.Run(store.DialectPostgres, func(b *testing.B) { fn(b, storetest.Postgres(b)) })
}
