package alerts_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestResolveClaim_SendsOneAlertPerConfirmedSubscriber(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("claim@readers.example", f.claim.ID)
		f.subscribe("story@readers.example", 0)
		f.subscribe("both@readers.example", 0)
		f.subscribe("both@readers.example", f.claim.ID)
		f.subscribe("other-claim@readers.example", f.other.ID)
		f.subscribePending("unconfirmed@readers.example", f.claim.ID)
		gone := f.subscribe("gone@readers.example", 0)
		if _, err := f.alerts.Unsubscribe(t.Context(), gone); err != nil {
			t.Fatal(err)
		}

		if _, err := f.claims.AddEvidence(t.Context(), deliveryEditor, f.claim.ID, claims.NewEvidence{
			Summary: "Maintenance log", Stance: "supports", SourceURL: "https://wire.example.com/log", Outlet: "Wire"}); err != nil {
			t.Fatal(err)
		}
		f.setStatus(f.claim, "confirmed", "The maintenance log shows both pumps off since March.")
		w := f.worker(alerts.WorkerOptions{})
		if n := f.drain(w); n != 3 {
			t.Errorf("settled %d rows, want 3", n)
		}
		msgs := f.smtp.Messages()
		got := deliveryRecipients(msgs)
		slices.Sort(got)
		want := []string{"both@readers.example", "claim@readers.example", "story@readers.example"}
		if !slices.Equal(got, want) {
			t.Fatalf("mail went to %v, want one each to %v", got, want)
		}
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 3})

		for _, m := range msgs {
			h := m.Header()
			if s := deliverySubject(m); s != "Confirmed: The pumps failed before the storm" {
				t.Errorf("Subject = %q", s)
			}
			lu := h.Get("List-Unsubscribe")
			if !strings.HasPrefix(lu, "<"+deliveryBase+"/unsubscribe/") || !strings.HasSuffix(lu, ">") {
				t.Errorf("List-Unsubscribe = %q", lu)
			}
			if p := h.Get("List-Unsubscribe-Post"); p != "List-Unsubscribe=One-Click" {
				t.Errorf("List-Unsubscribe-Post = %q", p)
			}
			if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<alert-") || !strings.HasSuffix(id, "@claims.example.org>") {
				t.Errorf("Message-ID = %q", id)
			}
			text, err := m.Text()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{
				"OUR VERDICT: Confirmed",
				"Our verdict: Confirmed (it was Unverified).",
				"The maintenance log shows both pumps off since March.",
				"- Supports: Maintenance log (Wire, https://wire.example.com/log)",
				deliveryBase + "/claims/" + deliveryID(f.claim.ID),
				"Still unresolved in “Flooded metro station”",
				"The city was warned in 2019",
				deliveryBase + "/subscriptions/manage/",
				strings.Trim(lu, "<>"),
			} {
				if !strings.Contains(text, s) {
					t.Errorf("mail to %v: text lacks %q:\n%s", m.To, s, text)
				}
			}
			// The links open this address's own pages.
			u, err := f.alerts.UnsubscribeInfo(t.Context(), strings.TrimPrefix(strings.Trim(lu, "<>"), deliveryBase+"/unsubscribe/"))
			if err != nil || u.Email != m.To[0] || u.Ended {
				t.Errorf("mail to %v: its unsubscribe link opens %+v, %v", m.To, u, err)
			}
			_, rest, _ := strings.Cut(text, deliveryBase+"/subscriptions/manage/")
			token, _, _ := strings.Cut(rest, "\n")
			if mb, err := f.alerts.Manage(t.Context(), token); err != nil || mb.Email != m.To[0] {
				t.Errorf("mail to %v: its manage link opens %+v, %v", m.To, mb, err)
			}
		}

		// A second pass finds nothing more to send.
		if n := f.drain(w); n != 0 || len(f.smtp.Messages()) != 3 {
			t.Errorf("a second pass settled %d rows, %d mails in all", n, len(f.smtp.Messages()))
		}
	})
}

func TestAlertMail_EscapesUserHTMLAndKeepsUserTextOutOfHeaders(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		hostile := "Pumps <script>alert(1)</script> failed\r\nBcc: victim@evil.example\r\nX-Injected: yes"
		// Straight into the store: editors' forms are not the only way in
		// (imports are another), and the mail must not rely on them.
		c := &claims.Claim{StoryID: f.story.ID, Text: hostile, Status: "unverified",
			CreatedAt: f.clock.Now(), UpdatedAt: f.clock.Now()}
		if err := db.CreateClaim(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		f.subscribe("reader@readers.example", c.ID)
		f.setStatus(c, "refuted", "Shown false: <img src=x onerror=alert(2)>\r\nSubject: owned")

		f.drain(f.worker(alerts.WorkerOptions{}))
		msgs := f.smtp.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d mails, want 1", len(msgs))
		}
		m := msgs[0]
		if len(m.To) != 1 || m.To[0] != "reader@readers.example" {
			t.Errorf("envelope recipients %v: the Bcc line added one", m.To)
		}
		h := m.Header()
		for _, name := range []string{"Bcc", "X-Injected"} {
			if v, ok := h[name]; ok {
				t.Errorf("header %s: %q came from the claim text", name, v)
			}
		}
		if subj := h["Subject"]; len(subj) != 1 || strings.ContainsAny(subj[0], "\r\n") ||
			!strings.Contains(subj[0], "Bcc: victim@evil.example X-Injected: yes") {
			t.Errorf("Subject = %q, want one line holding the text with its line breaks as spaces", subj)
		}
		html, err := m.HTML()
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range []string{"<script>", "<img src=x"} {
			if strings.Contains(html, raw) {
				t.Errorf("HTML part carries %q unescaped:\n%s", raw, html)
			}
		}
		for _, esc := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;"} {
			if !strings.Contains(html, esc) {
				t.Errorf("HTML part lacks %q:\n%s", esc, html)
			}
		}
		text, _ := m.Text()
		if !strings.Contains(text, "<script>alert(1)</script>") {
			t.Errorf("the plain text should show the claim as written:\n%s", text)
		}
	})
}

func TestStatusChangeRolledBack_QueuesAndSendsNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("reader@readers.example", f.claim.ID)
		f.subscribe("story@readers.example", 0)
		// A later hook fails after the alerts hook has written its rows: the
		// whole change, rows included, must roll back.
		f.claims.OnStatusChange(func(context.Context, claims.StatusTransition) error {
			return errors.New("review queue unavailable")
		})
		status := "confirmed"
		_, err := f.claims.UpdateClaim(t.Context(), deliveryEditor, f.claim.ID,
			claims.ClaimPatch{Status: &status, Note: "Lab report", Version: f.claim.Version})
		if err == nil {
			t.Fatal("the change went through despite the failing hook")
		}
		f.wantCounts(map[alerts.State]int{})
		f.clock.Advance(time.Hour)
		if n := f.drain(f.worker(alerts.WorkerOptions{})); n != 0 {
			t.Errorf("settled %d rows", n)
		}
		if a := f.smtp.Attempts(); len(a) != 0 {
			t.Errorf("%d mails were sent for a change that did not happen", len(a))
		}
	})
}

func TestSMTP421_IsRetriedAfterTheBackoffAndDelivered(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("reader@readers.example", f.claim.ID)
		f.setStatus(f.claim, "confirmed", "Confirmed by the operator")
		f.smtp.ReplyNext(1, mailtest.Temporary)
		w := f.worker(alerts.WorkerOptions{})

		if n := f.drain(w); n != 1 {
			t.Fatalf("settled %d rows, want 1 (a retry)", n)
		}
		f.wantCounts(map[alerts.State]int{alerts.StateQueued: 1})
		fails, err := db.RecentFailures(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(fails) != 1 || fails[0].LastCode != 421 || fails[0].Attempts != 1 ||
			!strings.Contains(fails[0].LastError, "try again later") {
			t.Fatalf("recorded failures = %+v, want one 421 with its reply", fails)
		}

		// Not before the first backoff step.
		f.clock.Advance(alerts.Backoff[0] - time.Second)
		if n := f.drain(w); n != 0 {
			t.Errorf("retried %d rows before the backoff ran out", n)
		}
		f.clock.Advance(2 * time.Second)
		if n := f.drain(w); n != 1 {
			t.Errorf("settled %d rows after the backoff, want 1", n)
		}
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 1})
		att := f.smtp.Attempts()
		if len(att) != 2 || att[0].Accepted() || !att[1].Accepted() || att[0].MessageID != att[1].MessageID {
			t.Errorf("attempts = %s, want a refused one and an accepted one with one Message-ID", describeAttempts(att))
		}
	})
}

func TestSMTP550_FailsAtOnceWithItsReply(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("nobody@readers.example", f.claim.ID)
		f.subscribe("reader@readers.example", f.claim.ID)
		f.smtp.ReplyTo("nobody@readers.example", mailtest.Permanent)
		f.setStatus(f.claim, "confirmed", "Confirmed")
		w := f.worker(alerts.WorkerOptions{})
		f.drain(w)
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 1, alerts.StateFailed: 1})
		fails, err := db.RecentFailures(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(fails) != 1 || fails[0].State != alerts.StateFailed || fails[0].LastCode != 550 ||
			!strings.Contains(fails[0].LastError, "No such user here") {
			t.Fatalf("recorded failures = %+v, want one failed row with the 550 reply", fails)
		}
		f.clock.Advance(alerts.GiveUpAfter)
		if n := f.drain(w); n != 0 {
			t.Errorf("a permanent failure was retried (%d rows)", n)
		}
		if got := deliveryRecipients(f.smtp.Messages()); !slices.Equal(got, []string{"reader@readers.example"}) {
			t.Errorf("accepted mail to %v", got)
		}
	})
}

func TestConnectionDroppedAfterFinalDot_IsSentAgainOnceWithTheSameMessageID(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("reader@readers.example", f.claim.ID)
		f.setStatus(f.claim, "confirmed", "Confirmed")
		f.smtp.ReplyNext(1, mailtest.Drop)
		w := f.worker(alerts.WorkerOptions{})
		f.drain(w)
		f.clock.Advance(alerts.Backoff[0])
		f.drain(w)
		f.clock.Advance(alerts.GiveUpAfter)
		f.drain(w)
		att := f.smtp.Attempts()
		if len(att) != 2 || att[0].Accepted() || !att[1].Accepted() || att[0].MessageID != att[1].MessageID || att[0].MessageID == "" {
			t.Fatalf("attempts = %s, want two with one Message-ID, the second accepted", describeAttempts(att))
		}
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 1})
	})
}

func TestThreePermanentFailures_DisableTheSubscription(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("bouncing@readers.example", f.claim.ID)
		f.smtp.ReplyTo("bouncing@readers.example", mailtest.Permanent)
		w := f.worker(alerts.WorkerOptions{})
		c := f.claim
		for i, status := range []string{"confirmed", "investigating", "refuted"} {
			c = f.setStatus(c, status, "Step "+deliveryID(int64(i+1)))
			f.drain(w)
		}
		f.wantCounts(map[alerts.State]int{alerts.StateFailed: 3})
		sub, err := db.SubscriberByEmail(t.Context(), "bouncing@readers.example")
		if err != nil {
			t.Fatal(err)
		}
		sn, err := db.SubscriptionFor(t.Context(), sub.ID, nil, &f.claim.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sn.DisabledAt == nil || sn.PermanentFailures != 3 {
			t.Fatalf("after three 550s: disabled %v, failures %d", sn.DisabledAt, sn.PermanentFailures)
		}
		// A disabled subscription gets no more rows, so no more attempts.
		f.setStatus(c, "investigating", "Reopened")
		f.drain(w)
		if n := len(f.smtp.Attempts()); n != 3 {
			t.Errorf("%d attempts, want 3", n)
		}
	})
}

func TestUnsubscribedWhileQueued_NothingIsSent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		tok := f.subscribe("reader@readers.example", f.claim.ID)
		f.subscribe("stays@readers.example", f.claim.ID)
		f.setStatus(f.claim, "confirmed", "Confirmed")
		// The first try fails for everyone, so both rows wait for a retry.
		f.smtp.ReplyNext(2, mailtest.Temporary)
		w := f.worker(alerts.WorkerOptions{})
		f.drain(w)
		f.wantCounts(map[alerts.State]int{alerts.StateQueued: 2})

		if _, err := f.alerts.Unsubscribe(t.Context(), tok); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		f.drain(w)
		if got := deliveryRecipients(f.smtp.Messages()); !slices.Equal(got, []string{"stays@readers.example"}) {
			t.Errorf("accepted mail to %v, want only the address still subscribed", got)
		}
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 1, alerts.StateCancelled: 1})
	})
}

// A row leased before the address ended its subscription (by a worker that
// then crashed) must not go out when its lease runs out.
func TestSubscriptionEndedWhileLeased_RowIsCancelledNotSent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		tok := f.subscribe("reader@readers.example", f.claim.ID)
		f.setStatus(f.claim, "confirmed", "Confirmed")
		now := f.clock.Now()
		leased, err := db.LeaseAlerts(t.Context(), "crashed-worker", now, now.Add(time.Minute), 10)
		if err != nil || len(leased) != 1 {
			t.Fatalf("lease: %v, %v", leased, err)
		}
		if _, err := f.alerts.Unsubscribe(t.Context(), tok); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(2 * time.Minute)
		f.drain(f.worker(alerts.WorkerOptions{}))
		if a := f.smtp.Attempts(); len(a) != 0 {
			t.Errorf("%d mails went to an address that had unsubscribed", len(a))
		}
		f.wantCounts(map[alerts.State]int{alerts.StateCancelled: 1})
	})
}

func TestAlertKinds_ResolvedCorrectedReopened(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("reader@readers.example", f.claim.ID)
		w := f.worker(alerts.WorkerOptions{})
		steps := []struct {
			status, subject, line string
		}{
			{"confirmed", "Confirmed: The pumps failed before the storm", "Our verdict: Confirmed (it was Unverified)."},
			{"partly_confirmed", "Correction: The pumps failed before the storm", "We corrected our verdict: it was Confirmed, it is now Partly confirmed."},
			{"investigating", "Reopened: The pumps failed before the storm", "We reopened this claim: it was Partly confirmed, it is now Investigating"},
		}
		c := f.claim
		for i, s := range steps {
			c = f.setStatus(c, s.status, "Why: step "+deliveryID(int64(i+1)))
			f.drain(w)
			msgs := f.smtp.Messages()
			if len(msgs) != i+1 {
				t.Fatalf("after %s: %d mails, want %d", s.status, len(msgs), i+1)
			}
			m := msgs[i]
			if got := deliverySubject(m); got != s.subject {
				t.Errorf("Subject = %q, want %q", got, s.subject)
			}
			text, _ := m.Text()
			if !strings.Contains(text, s.line) || !strings.Contains(text, "Why: step "+deliveryID(int64(i+1))) {
				t.Errorf("mail %d lacks %q or its note:\n%s", i+1, s.line, text)
			}
		}
		// Open to open is no news.
		f.setStatus(c, "disputed", "New doubts")
		f.drain(w)
		if n := len(f.smtp.Attempts()); n != 3 {
			t.Errorf("%d mails, want 3: open to open sends nothing", n)
		}
	})
}

func TestDigest_StorySubscribersGetOneMailListingResolutionsWithinTheWindow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const window = 5 * time.Minute
		f := newDeliveryFixture(t, db, window)
		third := f.addClaim("Nobody was hurt")
		f.subscribe("story@readers.example", 0)
		f.subscribe("claim@readers.example", f.claim.ID)
		f.subscribe("other@readers.example", f.other.ID)
		w := f.worker(alerts.WorkerOptions{})

		f.setStatus(f.claim, "confirmed", "Maintenance log")
		f.drain(w)
		f.clock.Advance(2 * time.Minute)
		f.setStatus(f.other, "refuted", "No warning was ever sent")
		f.drain(w)
		// Claim subscribers are mailed at once; the story waits.
		if got := deliveryRecipients(f.smtp.Messages()); !slices.Equal(got, []string{"claim@readers.example", "other@readers.example"}) {
			t.Fatalf("before the window ends, mail went to %v", got)
		}
		f.clock.Advance(window - 2*time.Minute)
		f.drain(w)
		msgs := f.smtp.Messages()
		if len(msgs) != 3 || msgs[2].To[0] != "story@readers.example" {
			t.Fatalf("after the window: mail to %v, want one more to the story's subscriber", deliveryRecipients(msgs))
		}
		m := msgs[2]
		if got := deliverySubject(m); got != "2 claims resolved in “Flooded metro station”" {
			t.Errorf("digest Subject = %q", got)
		}
		text, _ := m.Text()
		for _, s := range []string{"Confirmed: The pumps failed before the storm", "Refuted: The city was warned in 2019",
			"Maintenance log", "No warning was ever sent", "Nobody was hurt", deliveryBase + "/claims/" + deliveryID(third.ID)} {
			if !strings.Contains(text, s) {
				t.Errorf("digest lacks %q:\n%s", s, text)
			}
		}
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 4})
		// The digest's Message-ID is its lowest row's, which no other mail has.
		ids := map[string]bool{}
		for _, a := range f.smtp.Attempts() {
			if ids[a.MessageID] {
				t.Errorf("Message-ID %s used twice", a.MessageID)
			}
			ids[a.MessageID] = true
		}
	})
}

func TestDigestWindowZero_SendsEachResolutionAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("story@readers.example", 0)
		w := f.worker(alerts.WorkerOptions{})
		f.setStatus(f.claim, "confirmed", "Maintenance log")
		f.drain(w)
		f.clock.Advance(time.Minute)
		f.setStatus(f.other, "refuted", "No warning was ever sent")
		f.drain(w)
		msgs := f.smtp.Messages()
		if len(msgs) != 2 {
			t.Fatalf("%d mails, want 2", len(msgs))
		}
		want := []string{"Confirmed: The pumps failed before the storm", "Refuted: The city was warned in 2019"}
		for i, m := range msgs {
			if got := deliverySubject(m); got != want[i] {
				t.Errorf("mail %d: Subject = %q, want %q", i+1, got, want[i])
			}
		}
	})
}

// countingStore counts the claim reads the claims service makes.
type countingStore struct {
	*store.DB
	claimReads atomic.Int64
}

func (s *countingStore) ClaimByID(ctx context.Context, id int64) (*claims.Claim, error) {
	s.claimReads.Add(1)
	return s.DB.ClaimByID(ctx, id)
}

func TestWorkerRound_ReadsTheClaimOncePerEventNotPerMail(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cs := &countingStore{DB: db}
		f := newDeliveryFixtureOn(t, db, cs, 0)
		const readers = 40
		for i := range readers {
			f.subscribe("reader"+deliveryID(int64(i))+"@readers.example", 0)
		}
		f.setStatus(f.claim, "confirmed", "Confirmed")
		cs.claimReads.Store(0)
		n, err := f.worker(alerts.WorkerOptions{Tuning: outbox.Tuning{Batch: 100}}).RunOnce(t.Context())
		if err != nil || n != readers {
			t.Fatalf("RunOnce = %d, %v; want %d", n, err, readers)
		}
		if len(f.smtp.Messages()) != readers {
			t.Fatalf("%d mails, want %d", len(f.smtp.Messages()), readers)
		}
		if n := cs.claimReads.Load(); n > 3 {
			t.Errorf("one round of %d mails about one event read the claim %d times", readers, n)
		}
	})
}

func TestWorkerRun_DeliversWhenWokenAndStopsWithItsContext(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("reader@readers.example", f.claim.ID)
		w := f.worker(alerts.WorkerOptions{Tuning: outbox.Tuning{Poll: time.Hour}})
		ctx, cancel := context.WithCancel(deliveryContext(t))
		done := make(chan error, 1)
		go func() { done <- w.Run(ctx) }()
		f.setStatus(f.claim, "confirmed", "Confirmed")
		w.Wake()
		f.smtp.WaitFor(t, 1)
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v after its context ended", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not stop within 10 s of its context ending")
		}
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 1})
	})
}

func describeAttempts(as []mailtest.Attempt) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString("[" + deliveryID(int64(a.N)) + " " + a.MessageID + " to " + strings.Join(a.To, ","))
		if a.Accepted() {
			b.WriteString(" accepted]")
		} else {
			b.WriteString(" refused]")
		}
	}
	return b.String()
}

// An alert waiting when its story is unpublished would link readers to
// pages that no longer exist for them: it is cancelled.
func TestStoryUnpublishedWhileQueued_AlertIsCancelled(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("reader@readers.example", f.claim.ID)
		f.setStatus(f.claim, "confirmed", "Confirmed")
		st, err := db.StoryByID(t.Context(), f.story.ID)
		if err != nil {
			t.Fatal(err)
		}
		no := false
		if _, err := f.claims.UpdateStory(t.Context(), deliveryEditor, st.Slug, claims.StoryPatch{Published: &no, Version: st.Version}); err != nil {
			t.Fatal(err)
		}
		f.drain(f.worker(alerts.WorkerOptions{}))
		if a := f.smtp.Attempts(); len(a) != 0 {
			t.Errorf("%d mails about an unpublished story", len(a))
		}
		f.wantCounts(map[alerts.State]int{alerts.StateCancelled: 1})
	})
}

func TestDigest_OneClaimResolvedAndReopenedIsTwoUpdatesInOneMail(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 5*time.Minute)
		f.subscribe("story@readers.example", 0)
		w := f.worker(alerts.WorkerOptions{})
		c := f.setStatus(f.claim, "confirmed", "Maintenance log")
		f.clock.Advance(time.Minute)
		f.setStatus(c, "investigating", "The log was forged")
		f.drain(w)
		if n := len(f.smtp.Attempts()); n != 0 {
			t.Fatalf("%d mails inside the window", n)
		}
		f.clock.Advance(5 * time.Minute)
		f.drain(w)
		msgs := f.smtp.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d mails, want one digest", len(msgs))
		}
		if got := deliverySubject(msgs[0]); got != "2 updates to claims in “Flooded metro station”" {
			t.Errorf("Subject = %q", got)
		}
		text, _ := msgs[0].Text()
		for _, s := range []string{"Confirmed: The pumps failed before the storm", "Reopened: The pumps failed before the storm",
			"The log was forged", "Still unresolved"} {
			if !strings.Contains(text, s) {
				t.Errorf("digest lacks %q:\n%s", s, text)
			}
		}
		f.wantCounts(map[alerts.State]int{alerts.StateSent: 2})
	})
}

func TestAlertMail_LinksWorkButNoDumpOfTheDatabaseHoldsTheirTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeliveryFixture(t, db, 0)
		f.subscribe("reader@readers.example", f.claim.ID)
		f.setStatus(f.claim, "confirmed", "Both pumps were off.")
		if n := f.drain(f.worker(alerts.WorkerOptions{})); n != 1 {
			t.Fatalf("settled %d rows, want 1", n)
		}
		text, err := f.smtp.Messages()[0].Text()
		if err != nil {
			t.Fatal(err)
		}
		linkToken := func(prefix string) string {
			_, rest, ok := strings.Cut(text, deliveryBase+prefix)
			tok, _, _ := strings.Cut(rest, "\n")
			if !ok || tok == "" {
				t.Fatalf("no %s link in the mail:\n%s", prefix, text)
			}
			return tok
		}
		mailManage, mailUnsub := linkToken("/subscriptions/manage/"), linkToken("/unsubscribe/")

		var dump bytes.Buffer
		if _, err := db.Dump(t.Context(), &dump, store.DumpOptions{}); err != nil {
			t.Fatal(err)
		}
		for name, tok := range map[string]string{"manage": mailManage, "unsubscribe": mailUnsub} {
			if strings.Contains(dump.String(), tok) {
				t.Errorf("the database dump holds the %s token", name)
			}
		}
		// The links work all the same.
		if mb, err := f.alerts.Manage(t.Context(), mailManage); err != nil || mb.Email != "reader@readers.example" {
			t.Errorf("manage link: %+v, %v", mb, err)
		}
		if u, err := f.alerts.Unsubscribe(t.Context(), mailUnsub); err != nil || !u.Ended {
			t.Errorf("unsubscribe link: %+v, %v", u, err)
		}
	})
}
