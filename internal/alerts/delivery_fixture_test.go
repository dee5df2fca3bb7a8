package alerts_test

// Helpers of the delivery tests (worker, compose, crash). Their names start
// with "delivery" so they never clash with the subscription tests' helpers
// in the same package.

import (
	"context"
	"errors"
	"log/slog"
	"mime"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/mailview"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// deliveryBase is the public address links in test mail point to; https,
// so that mail carries the one-click header.
const deliveryBase = "https://claims.example.org"

var deliveryEditor = claims.Actor{Name: "Test editor"}

// deliveryFixture is a published story with two open claims, the claims and
// alerts services on a real store, and a real SMTP server.
type deliveryFixture struct {
	t      *testing.T
	db     *store.DB
	clock  *clocktest.Clock
	claims *claims.Service
	alerts *alerts.Service
	smtp   *mailtest.Server
	sender mail.Sender
	story  *claims.Story
	claim  *claims.Claim
	other  *claims.Claim
}

func newDeliveryFixture(t *testing.T, db *store.DB, digest time.Duration) *deliveryFixture {
	t.Helper()
	return newDeliveryFixtureOn(t, db, db, digest)
}

// newDeliveryFixtureOn lets the claims service read through cs (a counting
// wrapper of db), while the alerts store is db itself.
func newDeliveryFixtureOn(t *testing.T, db *store.DB, cs claims.Store, digest time.Duration) *deliveryFixture {
	t.Helper()
	f := &deliveryFixture{t: t, db: db, clock: clocktest.New(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))}
	f.claims = claims.NewService(cs, claims.DefaultVocabulary(), f.clock.Now)
	f.alerts = alerts.NewService(db, f.claims, digest)
	f.smtp = mailtest.NewServer(t)
	f.sender = deliverySender(t, f.smtp.URL(), f.clock.Now)
	var err error
	f.story, err = f.claims.CreateStory(t.Context(), deliveryEditor, claims.NewStory{Title: "Flooded metro station", Published: true})
	if err != nil {
		t.Fatal(err)
	}
	f.claim = f.addClaim("The pumps failed before the storm")
	f.other = f.addClaim("The city was warned in 2019")
	return f
}

// deliverySender is an SMTP sender that refuses to dial anything but
// loopback.
func deliverySender(t testing.TB, url string, now func() time.Time) mail.Sender {
	t.Helper()
	s, err := mail.NewSMTP(url, "claimtrack <alerts@claims.example.org>", mail.Options{
		BaseURL: deliveryBase,
		Timeout: 10 * time.Second,
		Now:     now,
		DialHook: func(network, addr string) error {
			if host, _, err := net.SplitHostPort(addr); err != nil || !net.ParseIP(host).IsLoopback() {
				return errors.New("tests dial loopback only, not " + addr)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *deliveryFixture) addClaim(text string) *claims.Claim {
	f.t.Helper()
	c, err := f.claims.AddClaim(f.t.Context(), deliveryEditor, f.story.ID, claims.NewClaim{Text: text})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// subscribe follows the story (claimID 0) or a claim and confirms, the way
// a reader does; it returns the subscription's unsubscribe token.
func (f *deliveryFixture) subscribe(email string, claimID int64) string {
	f.t.Helper()
	tok := f.subscribePending(email, claimID)
	if _, _, err := f.alerts.Confirm(f.t.Context(), tok); err != nil {
		f.t.Fatalf("confirm %s: %v", email, err)
	}
	return f.unsubscribeToken(email, claimID)
}

// subscribePending asks to follow and returns the confirmation token,
// leaving the subscription unconfirmed.
func (f *deliveryFixture) subscribePending(email string, claimID int64) string {
	f.t.Helper()
	r := alerts.SubscribeRequest{Email: email, ClaimID: claimID}
	if claimID == 0 {
		r.StorySlug = f.story.Slug
	}
	conf, err := f.alerts.Subscribe(f.t.Context(), r)
	if err != nil || conf == nil {
		f.t.Fatalf("subscribe %s: %v, %v", email, conf, err)
	}
	return conf.Token
}

func (f *deliveryFixture) unsubscribeToken(email string, claimID int64) string {
	f.t.Helper()
	sub, err := f.db.SubscriberByEmail(f.t.Context(), email)
	if err != nil {
		f.t.Fatal(err)
	}
	var storyID, cid *int64
	if claimID == 0 {
		storyID = &f.story.ID
	} else {
		cid = &claimID
	}
	sn, err := f.db.SubscriptionFor(f.t.Context(), sub.ID, storyID, cid)
	if err != nil {
		f.t.Fatal(err)
	}
	return storetest.UnsubscribeToken(f.t, f.db, sub.ID, sn.ID)
}

// setStatus changes a claim's status with a note, as an editor does.
func (f *deliveryFixture) setStatus(c *claims.Claim, status, note string) *claims.Claim {
	f.t.Helper()
	cur, err := f.db.ClaimByID(f.t.Context(), c.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	got, err := f.claims.UpdateClaim(f.t.Context(), deliveryEditor, c.ID, claims.ClaimPatch{Status: &status, Note: note, Version: cur.Version})
	if err != nil {
		f.t.Fatalf("set status %s: %v", status, err)
	}
	return got
}

func (f *deliveryFixture) worker(o alerts.WorkerOptions) *alerts.Worker {
	if o.Sender == nil {
		o.Sender = f.sender
	}
	if o.BaseURL == "" {
		o.BaseURL = deliveryBase
	}
	if o.Owner == "" {
		o.Owner = "test-worker"
	}
	if o.Views == nil {
		o.Views = mailViews(f.t)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(f.t.Output(), nil))
	}
	return f.alerts.NewWorker(o)
}

// drain runs rounds until one settles nothing and returns how many rows
// were settled.
func (f *deliveryFixture) drain(w *alerts.Worker) int {
	f.t.Helper()
	total := 0
	for range 1000 {
		n, err := w.RunOnce(f.t.Context())
		if err != nil {
			f.t.Fatalf("RunOnce: %v", err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
	f.t.Fatal("the worker never ran out of rows")
	return total
}

// counts returns the outbox's rows by state.
func (f *deliveryFixture) counts() map[alerts.State]int {
	f.t.Helper()
	cs, err := f.db.OutboxCounts(f.t.Context())
	if err != nil {
		f.t.Fatal(err)
	}
	m := map[alerts.State]int{}
	for _, c := range cs {
		m[c.State] = c.N
	}
	return m
}

// wantCounts fails unless the outbox holds exactly these rows by state.
func (f *deliveryFixture) wantCounts(want map[alerts.State]int) {
	f.t.Helper()
	got := f.counts()
	for _, st := range []alerts.State{alerts.StateQueued, alerts.StateSent, alerts.StateFailed, alerts.StateCancelled} {
		if got[st] != want[st] {
			f.t.Errorf("outbox: %v, want %v", got, want)
			return
		}
	}
}

// recipients returns who the accepted mail went to, one entry per mail.
func deliveryRecipients(msgs []mailtest.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, strings.Join(m.To, ","))
	}
	return out
}

// deliveryContext is a context for calls outside a test's own goroutine.
func deliveryContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func deliveryID(n int64) string { return strconv.FormatInt(n, 10) }

// deliverySubject is a mail's Subject with encoded words decoded.
func deliverySubject(m mailtest.Message) string {
	raw := m.Header().Get("Subject")
	s, err := new(mime.WordDecoder).DecodeHeader(raw)
	if err != nil {
		return raw
	}
	return s
}

// mailViews loads the mail templates the real worker gets.
func mailViews(t testing.TB) *mailview.Views {
	t.Helper()
	v, err := mailview.New()
	if err != nil {
		t.Fatal(err)
	}
	return v
}
