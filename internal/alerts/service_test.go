package alerts_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// Domain tests of subscribing, confirming, managing and unsubscribing,
// against the real store (SQLite, and PostgreSQL when configured). Helper
// names start with "svc" so they cannot clash with the worker's tests in
// this package.

// svcEnv is one published story with an open claim and a withdrawn one,
// a draft story, and the alerts service over them.
type svcEnv struct {
	db        *store.DB
	clock     *clocktest.Clock
	claims    *claims.Service
	alerts    *alerts.Service
	story     *claims.Story
	draft     *claims.Story
	claim     *claims.Claim
	withdrawn *claims.Claim
}

var svcEditor = claims.Actor{Name: "Dana Editor", Role: "editor"}

func newSvcEnv(t *testing.T, db *store.DB) *svcEnv {
	t.Helper()
	ctx := context.Background()
	// The clock starts at the wall clock's time: the store's admin counts
	// tell pending from expired confirmations by the wall clock.
	e := &svcEnv{db: db, clock: clocktest.New(time.Now().UTC().Truncate(time.Second))}
	e.claims = claims.NewService(db, claims.DefaultVocabulary(), e.clock.Now)
	e.alerts = alerts.NewService(db, e.claims, 0)
	var err error
	if e.story, err = e.claims.CreateStory(ctx, svcEditor, claims.NewStory{Slug: "harbour-fire", Title: "Harbour fire", Published: true}); err != nil {
		t.Fatal(err)
	}
	if e.draft, err = e.claims.CreateStory(ctx, svcEditor, claims.NewStory{Slug: "draft", Title: "Not out yet"}); err != nil {
		t.Fatal(err)
	}
	if e.claim, err = e.claims.AddClaim(ctx, svcEditor, e.story.ID, claims.NewClaim{Text: "The fire started at midnight", Status: "investigating"}); err != nil {
		t.Fatal(err)
	}
	w, err := e.claims.AddClaim(ctx, svcEditor, e.story.ID, claims.NewClaim{Text: "Entered by mistake", Status: "unverified"})
	if err != nil {
		t.Fatal(err)
	}
	if e.withdrawn, err = e.claims.WithdrawClaim(ctx, svcEditor, w.ID, "Duplicate"); err != nil {
		t.Fatal(err)
	}
	return e
}

// subscribe asks for a subscription and returns its confirmation mail,
// failing when there is none.
func (e *svcEnv) subscribe(t *testing.T, r alerts.SubscribeRequest) *alerts.Confirmation {
	t.Helper()
	conf, err := e.alerts.Subscribe(context.Background(), r)
	if err != nil {
		t.Fatalf("subscribe %+v: %v", r, err)
	}
	if conf == nil {
		t.Fatalf("subscribe %+v: no confirmation to mail", r)
	}
	return conf
}

// follow subscribes and confirms, returning the manage token.
func (e *svcEnv) follow(t *testing.T, r alerts.SubscribeRequest) string {
	t.Helper()
	conf := e.subscribe(t, r)
	if _, _, err := e.alerts.Confirm(context.Background(), conf.Token); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	return conf.ManageToken
}

// unsubscribeToken hands out an unsubscribe link for a subscription, as an
// alert mail would.
func (e *svcEnv) unsubscribeToken(t *testing.T, subscriptionID int64) string {
	t.Helper()
	sn, err := e.db.SubscriptionByID(t.Context(), subscriptionID)
	if err != nil {
		t.Fatal(err)
	}
	return storetest.UnsubscribeToken(t, e.db, sn.SubscriberID, sn.ID)
}

// statuses returns the manage page's status per followed claim id (0 for
// the story).
func (e *svcEnv) statuses(t *testing.T, manageToken string) map[int64]string {
	t.Helper()
	mb, err := e.alerts.Manage(context.Background(), manageToken)
	if err != nil {
		t.Fatalf("manage: %v", err)
	}
	m := map[int64]string{}
	for _, f := range mb.Following {
		m[f.Target.ClaimID] = f.Status
	}
	return m
}

// setStatus changes the claim's status as an editor would.
func (e *svcEnv) setStatus(t *testing.T, status string) {
	t.Helper()
	c, err := e.claims.UpdateClaim(context.Background(), svcEditor, e.claim.ID, claims.ClaimPatch{
		Status: &status, Note: "Now " + status, Version: e.claim.Version})
	if err != nil {
		t.Fatalf("set status %s: %v", status, err)
	}
	e.claim = c
}

func svcWantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := claims.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

func TestSubscribe_PendingUntilConfirmedThenActiveAndQuiet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		ctx := context.Background()
		conf := e.subscribe(t, alerts.SubscribeRequest{Email: "  Reader@Example.ORG ", StorySlug: "harbour-fire", ClientAddr: "192.0.2.7"})
		if conf.Email != "reader@example.org" || conf.Target.StoryID != e.story.ID || conf.Target.ClaimID != 0 ||
			conf.Target.StoryTitle != "Harbour fire" {
			t.Errorf("confirmation = %+v, want the normalised address and the story", conf)
		}
		if len(conf.Token) < 22 || conf.ManageToken == "" || conf.ManageToken == conf.Token {
			t.Errorf("tokens %q / %q: want a long confirmation token and a distinct manage token", conf.Token, conf.ManageToken)
		}
		if want := e.clock.Now().Add(alerts.ConfirmTTL); !conf.Expires.Equal(want) {
			t.Errorf("expires %v, want %v", conf.Expires, want)
		}
		if got := e.statuses(t, conf.ManageToken); got[0] != "pending" {
			t.Fatalf("after subscribing: %v, want the story pending", got)
		}

		// Looking at the link (a mail scanner does) confirms nothing.
		for range 2 {
			tg, err := e.alerts.PendingConfirmation(ctx, conf.Token)
			if err != nil || tg.StorySlug != "harbour-fire" {
				t.Fatalf("pending confirmation: %+v, %v", tg, err)
			}
		}
		if got := e.statuses(t, conf.ManageToken); got[0] != "pending" {
			t.Fatalf("after looking at the link: %v, want still pending", got)
		}

		tg, manage, err := e.alerts.Confirm(ctx, conf.Token)
		if err != nil {
			t.Fatal(err)
		}
		if tg.StoryID != e.story.ID || manage == "" || manage == conf.ManageToken {
			t.Errorf("confirm = %+v, %q; want the story and a fresh manage token", tg, manage)
		}
		if got := e.statuses(t, manage); got[0] != "active" {
			t.Fatalf("the confirm page's manage link: %v, want active", got)
		}
		if got := e.statuses(t, conf.ManageToken); got[0] != "active" {
			t.Fatalf("after confirming: %v, want active", got)
		}
		_, _, err = e.alerts.Confirm(ctx, conf.Token)
		svcWantCode(t, "confirming twice", err, claims.EINVALID)

		// Asking again for an active subscription sends nothing and
		// changes nothing; the caller answers the same as for a new one.
		again, err := e.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "reader@example.org", StorySlug: "harbour-fire"})
		if err != nil || again != nil {
			t.Fatalf("subscribing an active address again: %+v, %v; want no mail and no error", again, err)
		}
		if got := e.statuses(t, conf.ManageToken); got[0] != "active" || len(got) != 1 {
			t.Errorf("after asking again: %v, want the one active subscription", got)
		}

		// A second target for the same address gets a fresh manage token
		// that opens the same page as the first, which still works.
		conf2 := e.subscribe(t, alerts.SubscribeRequest{Email: "reader@example.org", ClaimID: e.claim.ID})
		if conf2.ManageToken == conf.ManageToken || conf2.Target.ClaimID != e.claim.ID || conf2.Target.ClaimText != e.claim.Text {
			t.Errorf("claim confirmation = %+v", conf2)
		}
		for _, tok := range []string{conf.ManageToken, conf2.ManageToken} {
			if got := e.statuses(t, tok); got[0] != "active" || got[e.claim.ID] != "pending" {
				t.Errorf("statuses %v, want story active and claim pending", got)
			}
		}
	})
}

func TestSubscribe_RepeatedPendingRequestReplacesTheLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		first := e.subscribe(t, alerts.SubscribeRequest{Email: "a@example.org", ClaimID: e.claim.ID})
		second := e.subscribe(t, alerts.SubscribeRequest{Email: "a@example.org", ClaimID: e.claim.ID})
		if first.Token == second.Token {
			t.Fatal("a repeated request got the same confirmation token")
		}
		_, _, err := e.alerts.Confirm(context.Background(), first.Token)
		svcWantCode(t, "the superseded link", err, claims.EINVALID)
		if _, _, err := e.alerts.Confirm(context.Background(), second.Token); err != nil {
			t.Fatalf("the newest link: %v", err)
		}
	})
}

func TestConfirm_ExpiredOrUnknownTokenIsInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		ctx := context.Background()
		conf := e.subscribe(t, alerts.SubscribeRequest{Email: "late@example.org", StorySlug: "harbour-fire"})
		for _, tok := range []string{"", "not-a-token", conf.Token + "x"} {
			_, err := e.alerts.PendingConfirmation(ctx, tok)
			svcWantCode(t, "pending "+tok, err, claims.EINVALID)
			_, _, err = e.alerts.Confirm(ctx, tok)
			svcWantCode(t, "confirm "+tok, err, claims.EINVALID)
			var ce *claims.Error
			if errors.As(err, &ce) && ce.Fields["token"] == "" {
				t.Errorf("confirm %q: error names fields %v, want token", tok, ce.Fields)
			}
		}

		e.clock.Advance(alerts.ConfirmTTL - time.Minute)
		if _, err := e.alerts.PendingConfirmation(ctx, conf.Token); err != nil {
			t.Fatalf("a minute before expiry: %v", err)
		}
		e.clock.Advance(time.Minute)
		_, err := e.alerts.PendingConfirmation(ctx, conf.Token)
		svcWantCode(t, "pending after 7 days", err, claims.EINVALID)
		_, _, err = e.alerts.Confirm(ctx, conf.Token)
		svcWantCode(t, "confirm after 7 days", err, claims.EINVALID)
		if got := e.statuses(t, conf.ManageToken); got[0] != "pending" {
			t.Errorf("after an expired confirm: %v, want still pending", got)
		}
	})
}

func TestSubscribe_RefusesBadInputAndWhatReadersCannotSee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		for _, tc := range []struct {
			name string
			req  alerts.SubscribeRequest
			code string
		}{
			{"no email", alerts.SubscribeRequest{StorySlug: "harbour-fire"}, claims.EINVALID},
			{"bad email", alerts.SubscribeRequest{Email: "reader at example", StorySlug: "harbour-fire"}, claims.EINVALID},
			{"display name", alerts.SubscribeRequest{Email: "Reader <r@example.org>", StorySlug: "harbour-fire"}, claims.EINVALID},
			{"header injection", alerts.SubscribeRequest{Email: "r@example.org\r\nBcc: x@example.org", StorySlug: "harbour-fire"}, claims.EINVALID},
			{"no target", alerts.SubscribeRequest{Email: "r@example.org"}, claims.EINVALID},
			{"two targets", alerts.SubscribeRequest{Email: "r@example.org", StorySlug: "harbour-fire", ClaimID: e.claim.ID}, claims.EINVALID},
			{"unknown story", alerts.SubscribeRequest{Email: "r@example.org", StorySlug: "no-such-story"}, claims.ENOTFOUND},
			{"draft story", alerts.SubscribeRequest{Email: "r@example.org", StorySlug: e.draft.Slug}, claims.ENOTFOUND},
			{"unknown claim", alerts.SubscribeRequest{Email: "r@example.org", ClaimID: 999999}, claims.ENOTFOUND},
			{"withdrawn claim", alerts.SubscribeRequest{Email: "r@example.org", ClaimID: e.withdrawn.ID}, claims.ENOTFOUND},
		} {
			conf, err := e.alerts.Subscribe(context.Background(), tc.req)
			svcWantCode(t, tc.name, err, tc.code)
			if conf != nil {
				t.Errorf("%s: a confirmation to mail came back with the error", tc.name)
			}
		}
		// Nothing was recorded for the refused requests.
		if _, err := e.alerts.Manage(context.Background(), "anything"); claims.ErrorCode(err) != claims.EINVALID {
			t.Errorf("manage with an unknown token: %v, want EINVALID", err)
		}
		o, err := e.alerts.AdminView(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Targets) != 0 {
			t.Errorf("refused requests left subscriptions: %+v", o.Targets)
		}
	})
}

func TestSubscribe_RateLimitedPerEmailAndPerClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		ctx := context.Background()
		// Per email, from many clients: the limit holds across addresses.
		for i := range alerts.RequestsPerEmail {
			if _, err := e.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "target@example.org", StorySlug: "harbour-fire",
				ClientAddr: "198.51.100." + strconv.Itoa(i+1)}); err != nil {
				t.Fatalf("request %d: %v", i+1, err)
			}
		}
		_, err := e.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "TARGET@example.org", StorySlug: "harbour-fire", ClientAddr: "198.51.100.200"})
		svcWantCode(t, "one request too many for the email", err, claims.ERATELIMITED)
		// Another address is not affected.
		if _, err := e.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "other@example.org", StorySlug: "harbour-fire", ClientAddr: "198.51.100.200"}); err != nil {
			t.Fatalf("another address: %v", err)
		}

		// Per client, with a new email each time.
		const client = "203.0.113.9"
		for i := range alerts.RequestsPerClient {
			if _, err := e.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "r" + strconv.Itoa(i) + "@example.org", ClaimID: e.claim.ID, ClientAddr: client}); err != nil {
				t.Fatalf("client request %d: %v", i+1, err)
			}
		}
		_, err = e.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "fresh@example.org", ClaimID: e.claim.ID, ClientAddr: client})
		svcWantCode(t, "one request too many from the client", err, claims.ERATELIMITED)

		// An hour later both may ask again.
		e.clock.Advance(alerts.RequestWindow + time.Second)
		if _, err := e.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "fresh@example.org", ClaimID: e.claim.ID, ClientAddr: client}); err != nil {
			t.Errorf("client after the window: %v", err)
		}
		if _, err := e.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "target@example.org", StorySlug: "harbour-fire"}); err != nil {
			t.Errorf("email after the window: %v", err)
		}
	})
}

func TestManage_ListsEverySubscriptionWithItsStatusAndEndsOnlyOwnOnes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		ctx := context.Background()
		manage := e.follow(t, alerts.SubscribeRequest{Email: "me@example.org", StorySlug: "harbour-fire"})
		e.subscribe(t, alerts.SubscribeRequest{Email: "me@example.org", ClaimID: e.claim.ID})
		mb, err := e.alerts.Manage(ctx, manage)
		if err != nil {
			t.Fatal(err)
		}
		if mb.Email != "me@example.org" || len(mb.Following) != 2 {
			t.Fatalf("manage = %+v, want the address and two subscriptions", mb)
		}
		story, claim := mb.Following[0], mb.Following[1]
		if story.Status != "active" || story.Target.StoryTitle != "Harbour fire" || story.Target.ClaimID != 0 ||
			claim.Status != "pending" || claim.Target.ClaimText != e.claim.Text {
			t.Errorf("following = %+v", mb.Following)
		}

		// Someone else's subscription cannot be ended from this page, nor
		// this address's from theirs.
		other := e.follow(t, alerts.SubscribeRequest{Email: "other@example.org", StorySlug: "harbour-fire"})
		omb, err := e.alerts.Manage(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		err = e.alerts.EndFromManage(ctx, manage, omb.Following[0].SubscriptionID)
		svcWantCode(t, "ending another address's subscription", err, claims.ENOTFOUND)
		if got := e.statuses(t, other); got[0] != "active" {
			t.Errorf("the other address's subscription: %v, want still active", got)
		}
		err = e.alerts.EndFromManage(ctx, "not-a-token", story.SubscriptionID)
		svcWantCode(t, "ending with an unknown token", err, claims.EINVALID)

		for range 2 { // ending twice is not an error
			if err := e.alerts.EndFromManage(ctx, manage, story.SubscriptionID); err != nil {
				t.Fatalf("end: %v", err)
			}
		}
		if err := e.alerts.EndFromManage(ctx, manage, claim.SubscriptionID); err != nil {
			t.Fatalf("end pending: %v", err)
		}
		if got := e.statuses(t, manage); got[0] != "ended" || got[e.claim.ID] != "ended" {
			t.Errorf("after ending both: %v", got)
		}
		// An ended subscription can be asked for again, and needs a new
		// confirmation.
		e.subscribe(t, alerts.SubscribeRequest{Email: "me@example.org", StorySlug: "harbour-fire"})
		if got := e.statuses(t, manage); got[0] != "pending" {
			t.Errorf("after subscribing again: %v, want pending", got)
		}
	})
}

func TestUnsubscribe_EndsOnceAndRepeatsQuietly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		ctx := context.Background()
		manage := e.follow(t, alerts.SubscribeRequest{Email: "u@example.org", ClaimID: e.claim.ID})
		mb, err := e.alerts.Manage(ctx, manage)
		if err != nil {
			t.Fatal(err)
		}
		tok := e.unsubscribeToken(t, mb.Following[0].SubscriptionID)

		info, err := e.alerts.UnsubscribeInfo(ctx, tok)
		if err != nil || info.Ended || info.Email != "u@example.org" || info.Target.ClaimID != e.claim.ID || info.ManageToken != "" {
			t.Fatalf("info = %+v, %v", info, err)
		}
		if got := e.statuses(t, manage); got[e.claim.ID] != "active" {
			t.Fatalf("after looking: %v, want still active", got)
		}
		for i := range 3 {
			u, err := e.alerts.Unsubscribe(ctx, tok)
			if err != nil || !u.Ended {
				t.Fatalf("unsubscribe #%d: %+v, %v", i+1, u, err)
			}
			if got := e.statuses(t, u.ManageToken); got[e.claim.ID] != "ended" {
				t.Errorf("the manage link after unsubscribing: %v", got)
			}
		}
		if got := e.statuses(t, manage); got[e.claim.ID] != "ended" {
			t.Errorf("after unsubscribing: %v", got)
		}
		_, err = e.alerts.Unsubscribe(ctx, "unknown-token")
		svcWantCode(t, "unknown unsubscribe token", err, claims.ENOTFOUND)
		_, err = e.alerts.UnsubscribeInfo(ctx, "")
		svcWantCode(t, "empty unsubscribe token", err, claims.ENOTFOUND)

		// A resolution after unsubscribing queues nothing.
		e.setStatus(t, "confirmed")
		if n := svcCount(t, e, alerts.StateQueued); n != 0 {
			t.Errorf("%d alerts queued for an unsubscribed address", n)
		}
	})
}

func TestDeleteAddress_RemovesSubscriberKeepsDeliveryCountsWithoutIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		ctx := context.Background()
		manage := e.follow(t, alerts.SubscribeRequest{Email: "gone@example.org", ClaimID: e.claim.ID})
		e.follow(t, alerts.SubscribeRequest{Email: "gone@example.org", StorySlug: "harbour-fire"})
		mb, err := e.alerts.Manage(ctx, manage)
		if err != nil {
			t.Fatal(err)
		}
		unsub := e.unsubscribeToken(t, mb.Following[0].SubscriptionID)
		stays := e.follow(t, alerts.SubscribeRequest{Email: "stays@example.org", StorySlug: "harbour-fire"})

		// One alert sent, one failed, one still queued for the address.
		now := e.clock.Now()
		e.setStatus(t, "confirmed")
		svcDeliver(t, e, func(ids []int64, owner string) (int, error) { return db.MarkSent(ctx, ids, owner, now) })
		e.setStatus(t, "refuted")
		svcDeliver(t, e, func(ids []int64, owner string) (int, error) {
			return db.MarkFailed(ctx, ids, owner, now, 550, "mailbox unavailable")
		})
		e.setStatus(t, "disputed")

		if err := e.alerts.DeleteAddress(ctx, manage); err != nil {
			t.Fatal(err)
		}
		_, err = e.alerts.Manage(ctx, manage)
		svcWantCode(t, "manage after delete", err, claims.EINVALID)
		_, err = e.alerts.UnsubscribeInfo(ctx, unsub)
		svcWantCode(t, "unsubscribe link after delete", err, claims.ENOTFOUND)
		err = e.alerts.DeleteAddress(ctx, manage)
		svcWantCode(t, "deleting twice", err, claims.EINVALID)
		if _, err := db.SubscriberByEmail(ctx, "gone@example.org"); !claims.IsNotFound(err) {
			t.Errorf("subscriber after delete: %v, want not found", err)
		}

		// Counts: per event one row to the deleted address (it followed the
		// claim and the story) and one to the address that stays.
		want := map[alerts.State]int{alerts.StateSent: 2, alerts.StateFailed: 2, alerts.StateCancelled: 1, alerts.StateQueued: 1}
		for st, n := range want {
			if got := svcCount(t, e, st); got != n {
				t.Errorf("%s rows = %d, want %d", st, got, n)
			}
		}
		failed, err := db.RecentFailures(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		detached := 0
		for _, a := range failed {
			if a.SubscriberID == nil && a.SubscriptionID == nil && a.LastCode == 550 {
				detached++
			}
		}
		if detached != 1 {
			t.Errorf("failed rows without an address: %d of %+v, want 1", detached, failed)
		}
		if got := e.statuses(t, stays); got[0] != "active" {
			t.Errorf("the other address: %v, want untouched", got)
		}
		// The address may come back, as a new subscriber.
		conf := e.subscribe(t, alerts.SubscribeRequest{Email: "gone@example.org", ClaimID: e.claim.ID})
		if conf.ManageToken == manage {
			t.Error("a deleted address came back with its old manage token")
		}
	})
}

func TestAdminView_CountsOutboxAndFollowers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSvcEnv(t, db)
		ctx := context.Background()
		e.follow(t, alerts.SubscribeRequest{Email: "a@example.org", StorySlug: "harbour-fire"})
		e.follow(t, alerts.SubscribeRequest{Email: "b@example.org", StorySlug: "harbour-fire"})
		e.subscribe(t, alerts.SubscribeRequest{Email: "c@example.org", StorySlug: "harbour-fire"})
		e.follow(t, alerts.SubscribeRequest{Email: "a@example.org", ClaimID: e.claim.ID})
		e.setStatus(t, "confirmed")
		now := e.clock.Now()
		svcDeliver(t, e, func(ids []int64, owner string) (int, error) {
			return db.MarkFailed(ctx, ids[:1], owner, now, 552, "mailbox full")
		})

		o, err := e.alerts.AdminView(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[alerts.State]int{}
		var order []alerts.State
		for _, c := range o.Counts {
			got[c.State] = c.N
			order = append(order, c.State)
		}
		if len(order) != 4 || order[0] != alerts.StateQueued || got[alerts.StateFailed] != 1 || got[alerts.StateSent] != 0 {
			t.Errorf("counts = %+v, want all four states with one failed", o.Counts)
		}
		if got[alerts.StateQueued]+got[alerts.StateFailed] != 2 {
			t.Errorf("counts = %+v, want two rows (a once for claim and story, b once)", o.Counts)
		}
		if len(o.Failures) != 1 || o.Failures[0].Alert.LastCode != 552 || o.Failures[0].Alert.LastError != "mailbox full" ||
			o.Failures[0].Target.ClaimText != e.claim.Text {
			t.Errorf("failures = %+v", o.Failures)
		}
		if len(o.Targets) != 2 {
			t.Fatalf("targets = %+v, want the story and the claim", o.Targets)
		}
		st, cl := o.Targets[0], o.Targets[1]
		if st.Target.StoryTitle != "Harbour fire" || st.Target.ClaimID != 0 || st.Active != 2 || st.Pending != 1 {
			t.Errorf("story followers = %+v, want 2 active and 1 pending", st)
		}
		if cl.Target.ClaimID != e.claim.ID || cl.Active != 1 || cl.Pending != 0 {
			t.Errorf("claim followers = %+v, want 1 active", cl)
		}
	})
}

// svcDeliver leases every due row and settles them with mark.
func svcDeliver(t *testing.T, e *svcEnv, mark func(ids []int64, owner string) (int, error)) {
	t.Helper()
	now := e.clock.Now()
	rows, err := e.db.LeaseAlerts(context.Background(), "svc-test", now, now.Add(time.Minute), 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no alert was queued")
	}
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	if n, err := mark(ids, "svc-test"); err != nil || n == 0 {
		t.Fatalf("settling leased rows %v: %d changed, %v", ids, n, err)
	}
}

func svcCount(t *testing.T, e *svcEnv, st alerts.State) int {
	t.Helper()
	counts, err := e.db.OutboxCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.State == st {
			return c.N
		}
	}
	return 0
}
