package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

// outboxFixture is a site whose transactional mail waits in the outbox
// until the test runs a worker, on the services' clock, against a real
// SMTP server on loopback.
type outboxFixture struct {
	*fixture
	h      http.Handler
	alerts *alerts.Service
	auth   *auth.Service
	smtp   *mailtest.Server
	mailer mail.Sender
}

func newOutboxFixture(t *testing.T, db *store.DB) *outboxFixture {
	t.Helper()
	f := newFixture(t, db)
	o := &outboxFixture{fixture: f, alerts: alerts.NewService(db, f.svc, 0), smtp: mailtest.NewServer(t),
		auth: auth.NewService(db, f.clock.Now, auth.Options{Hasher: fastHasher})}
	o.mailer = o.smtpMailer(t, o.smtp.URL())
	f.srv = New(Options{Service: f.svc, Auth: o.auth, Alerts: o.alerts, BaseURL: "https://claims.example.org/", Now: f.clock.Now,
		Logger: f.srv.log})
	o.h = f.srv.Handler()
	return o
}

func (o *outboxFixture) smtpMailer(t *testing.T, smtpURL string) mail.Sender {
	t.Helper()
	dials := &loopbackDials{t: t}
	m, err := mail.NewSMTP(smtpURL, "claimtrack <claimtrack@localhost>", mail.Options{
		BaseURL: "https://claims.example.org", Timeout: 10 * time.Second, DialHook: dials.hook})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// worker returns a worker of this site's outbox on db, sending through
// sender.
func (o *outboxFixture) worker(db *store.DB, sender mail.Sender, owner string) *txmail.Worker {
	return newMailWorker(db, sender, o.clock.Now, owner, func() *Server { return o.srv })
}

// runOnce runs one round of w and returns how many rows it settled.
func runOnce(t *testing.T, w *txmail.Worker) int {
	t.Helper()
	n, err := w.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("worker round: %v", err)
	}
	return n
}

// follow asks by form to follow the story, as a reader does.
func (o *outboxFixture) follow(t *testing.T, email string) {
	t.Helper()
	res := postForm(t, o.h, "/subscriptions", url.Values{"email": {email}, "story_slug": {"leaked-audio"}}, nil)
	if body := readAll(t, res.Body); res.StatusCode != http.StatusOK || !strings.Contains(body, "Check your mail") {
		t.Fatalf("POST /subscriptions: %d\n%s", res.StatusCode, body)
	}
}

// outbox returns the rows of the mail outbox.
func (o *outboxFixture) outbox(t *testing.T) []txmail.Mail {
	t.Helper()
	return must(o.db.Mails(context.Background()))(t)
}

func TestMailOutbox_ConfirmationRefusedThenAcceptedArrivesOnceWithAWorkingLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newOutboxFixture(t, db)
		w := o.worker(db, o.mailer, "only")
		o.smtp.ReplyNext(1, mailtest.Temporary)
		o.follow(t, "reader@example.org")

		if n := runOnce(t, w); n != 1 {
			t.Fatalf("first round settled %d rows, want 1 (a retry)", n)
		}
		if got := o.smtp.WaitForAttempts(t, 1); len(got) != 1 || got[0].Accepted() || len(o.smtp.Messages()) != 0 {
			t.Fatalf("first attempt: %d attempts, %d accepted; want one refused", len(got), len(o.smtp.Messages()))
		}
		rows := o.outbox(t)
		if len(rows) != 1 || rows[0].State != outbox.StateQueued || rows[0].Attempts != 1 || rows[0].LastError == "" {
			t.Fatalf("after the refusal: %+v, want one queued row with one failed attempt", rows)
		}
		if n := runOnce(t, w); n != 0 {
			t.Fatalf("a round before the backoff settled %d rows", n)
		}

		o.clock.Advance(outbox.Backoff[0])
		if n := runOnce(t, w); n != 1 {
			t.Fatalf("round after the backoff settled %d rows, want 1", n)
		}
		msgs := o.smtp.Messages()
		if len(msgs) != 1 || msgs[0].To[0] != "reader@example.org" {
			t.Fatalf("accepted %d mails, want the one confirmation", len(msgs))
		}
		if subj := msgs[0].Header().Get("Subject"); !strings.HasPrefix(subj, "Confirm: alerts about Leaked audio") {
			t.Errorf("Subject = %q", subj)
		}
		confirm, manage := mailLinks(t, msgs[0])
		if res := postForm(t, o.h, confirm, nil, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %d", confirm, res.StatusCode)
		}
		mb := must(o.alerts.Manage(context.Background(), strings.TrimPrefix(manage, "/subscriptions/manage/")))(t)
		if len(mb.Following) != 1 || mb.Following[0].Status != "active" {
			t.Errorf("after confirming from the mail: %+v, want one active subscription", mb.Following)
		}

		// Nothing more goes out, however long the worker runs.
		o.clock.Advance(outbox.GiveUpAfter)
		if n := runOnce(t, w); n != 0 {
			t.Errorf("a later round settled %d rows", n)
		}
		if rows := o.outbox(t); rows[0].State != outbox.StateSent || rows[0].Attempts != 2 {
			t.Errorf("row %+v, want sent after two attempts", rows[0])
		}
		if got := len(o.smtp.Messages()); got != 1 {
			t.Errorf("%d mails accepted, want exactly 1", got)
		}
	})
}

func TestMailOutbox_MailQueuedBeforeARestartIsSent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newOutboxFixture(t, db)
		u := createTestUser(t, o.auth, auth.RoleEditor)
		// Queued while no worker runs (the server stopped, or SMTP down).
		o.follow(t, "early@example.org")
		if res := postForm(t, o.h, "/password/forgot", url.Values{"email": {u.Email}}, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("POST /password/forgot: %d", res.StatusCode)
		}
		// A worker that leased the reset and was killed before sending it.
		now := o.clock.Now()
		held := must(db.LeaseMails(context.Background(), "killed", now, now.Add(time.Minute), 1))(t)
		if len(held) != 1 {
			t.Fatalf("the killed worker leased %d rows", len(held))
		}

		// The next start sends what is free at once ...
		runMailWorker(t, o.worker(db, o.mailer, "restarted"))
		first := o.smtp.WaitFor(t, 1)[0]
		if first.To[0] != "early@example.org" && first.To[0] != u.Email {
			t.Fatalf("mail to %v", first.To)
		}
		// ... and the killed worker's row once its lease has run out.
		o.clock.Advance(time.Minute)
		again := o.worker(db, o.mailer, "restarted-again")
		for runOnce(t, again) > 0 {
		}
		msgs := o.smtp.WaitFor(t, 2)
		to := map[string]int{}
		for _, m := range msgs {
			to[m.To[0]]++
		}
		if len(msgs) != 2 || to["early@example.org"] != 1 || to[u.Email] != 1 {
			t.Fatalf("mails to %v, want one confirmation and one reset", to)
		}
		for _, m := range msgs {
			if m.To[0] != u.Email {
				continue
			}
			text := must(m.Text())(t)
			link := resetLinkRE.FindStringSubmatch(text)
			if link == nil {
				t.Fatalf("the reset mail has no link:\n%s", text)
			}
			if res := getWith(t, o.h, link[1]); res.StatusCode != http.StatusOK {
				t.Errorf("GET %s: %d, want the reset form", link[1], res.StatusCode)
			}
		}
	})
}

func TestMailOutbox_TwoWorkersOnOneDatabaseSendEachMailOnce(t *testing.T) {
	for dialect, dsn := range storetest.DSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			db := openTestStore(t, dsn)
			o := newOutboxFixture(t, db)
			const readers = 12
			for i := range readers {
				o.follow(t, fmt.Sprintf("reader%d@example.org", i))
			}
			// The second worker is another instance: its own connections.
			other := openTestStore(t, dsn)
			workers := []*txmail.Worker{
				txmail.NewWorker(db, txmail.WorkerOptions{Sender: o.mailer, Compose: o.srv.ComposeMail, Now: o.clock.Now, Tuning: outbox.Tuning{Owner: "one", Batch: 2}}),
				txmail.NewWorker(other, txmail.WorkerOptions{Sender: o.mailer, Compose: o.srv.ComposeMail, Now: o.clock.Now, Tuning: outbox.Tuning{Owner: "two", Batch: 2}}),
			}
			var settled atomic.Int64
			var wg sync.WaitGroup
			for _, w := range workers {
				wg.Go(func() {
					for {
						n, err := w.RunOnce(context.Background())
						if err != nil {
							t.Errorf("round: %v", err)
							return
						}
						if n == 0 {
							return
						}
						settled.Add(int64(n))
					}
				})
			}
			wg.Wait()
			if got := settled.Load(); got != readers {
				t.Errorf("the workers settled %d rows, want %d", got, readers)
			}
			to := map[string]int{}
			for _, m := range o.smtp.WaitFor(t, readers) {
				to[m.To[0]]++
			}
			for i := range readers {
				if a := fmt.Sprintf("reader%d@example.org", i); to[a] != 1 {
					t.Errorf("%s got %d confirmations, want 1", a, to[a])
				}
			}
			if n := len(o.smtp.Attempts()); n != readers {
				t.Errorf("the SMTP server read %d messages, want %d", n, readers)
			}
		})
	}
}

// openTestStore opens the migrated database dsn, closed when t ends.
func openTestStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db := must(store.Open(context.Background(), dsn, store.Options{}))(t)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// panicOnce is a mail server's client that panics the first time it sends,
// as a bug in a delivery would.
type panicOnce struct {
	mail.Sender
	calls atomic.Int32
}

func (p *panicOnce) Send(ctx context.Context, m mail.Message) error {
	if p.calls.Add(1) == 1 {
		panic("the sender blew up")
	}
	return p.Sender.Send(ctx, m)
}

func TestMailOutbox_PanicInADeliveryIsRecordedAndRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newOutboxFixture(t, db)
		w := o.worker(db, &panicOnce{Sender: o.mailer}, "panicky")
		o.follow(t, "reader@example.org")

		if n := runOnce(t, w); n != 1 {
			t.Fatalf("the round that panicked settled %d rows, want 1", n)
		}
		rows := o.outbox(t)
		if len(rows) != 1 || rows[0].State != outbox.StateQueued || rows[0].Attempts != 1 || !strings.Contains(rows[0].LastError, "the sender blew up") {
			t.Fatalf("after the panic: %+v, want the row queued again with the panic as its error", rows)
		}
		o.clock.Advance(outbox.Backoff[0])
		if n := runOnce(t, w); n != 1 {
			t.Fatalf("the retry settled %d rows", n)
		}
		if got := len(o.smtp.WaitFor(t, 1)); got != 1 || o.outbox(t)[0].State != outbox.StateSent {
			t.Errorf("after the retry: %d mails, row %+v; want one sent", got, o.outbox(t)[0])
		}
	})
}

func TestMailOutbox_RequestsAnswerAlikeWhetherOrNotSMTPIsUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		o := newOutboxFixture(t, db)
		u := createTestUser(t, o.auth, auth.RoleEditor)
		// A worker runs, but its SMTP server is gone: nothing listens there.
		ln := must(net.Listen("tcp", "127.0.0.1:0"))(t)
		down := "smtp://" + ln.Addr().String()
		_ = ln.Close()
		stop := runMailWorker(t, o.worker(db, o.smtpMailer(t, down), "down"))

		answers := map[string]string{}
		for _, req := range []struct{ path, field, value string }{
			{"/subscriptions", "email", "reader@example.org"},
			{"/password/forgot", "email", u.Email},
			{"/password/forgot", "email", "nobody@example.org"},
		} {
			form := url.Values{req.field: {req.value}}
			if req.path == "/subscriptions" {
				form.Set("story_slug", "leaked-audio")
			}
			res := postForm(t, o.h, req.path, form, nil)
			body := readAll(t, res.Body)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "Check your mail") {
				t.Errorf("POST %s with SMTP down: %d\n%s", req.path, res.StatusCode, body)
			}
			answers[req.value] = fmt.Sprint(res.StatusCode, pageTitle(body))
		}
		if answers[u.Email] != answers["nobody@example.org"] {
			t.Errorf("reset answers differ for an account and a stranger: %q vs %q", answers[u.Email], answers["nobody@example.org"])
		}
		rows := o.outbox(t)
		if len(rows) != 2 {
			t.Fatalf("outbox %+v, want the confirmation and the reset queued", rows)
		}
		// Once a server takes mail again, both go out.
		stop()
		o.clock.Advance(outbox.Backoff[0])
		up := o.worker(db, o.mailer, "up")
		for runOnce(t, up) > 0 {
		}
		if got := len(o.smtp.WaitFor(t, 2)); got != 2 {
			t.Errorf("%d mails once SMTP is up, want 2", got)
		}
	})
}

// pageTitle returns the text of a page's <title>.
func pageTitle(body string) string {
	_, rest, _ := strings.Cut(body, "<title>")
	title, _, _ := strings.Cut(rest, "</title>")
	return title
}
