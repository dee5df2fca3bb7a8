package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	ctmail "github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
)

// End to end through the real wiring: HTTP, the claims
// service's status hook, the outbox, the worker and SMTP.

// TestAlerts_SubscribeConfirmResolveUnsubscribeOverSMTP follows a reader of
// a story from the subscribe request to the one-click unsubscribe, with a
// second reader who follows the claim as the proof that alerts still flow
// after the first one left.
func TestAlerts_SubscribeConfirmResolveUnsubscribeOverSMTP(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		smtp := mailtest.NewServer(t)
		m := start(t, dsn, map[string]string{"CLAIMTRACK_DEMO": "off", "CLAIMTRACK_SMTP_URL": smtp.URL(),
			// Story subscribers are mailed at once, not after 5 minutes.
			"CLAIMTRACK_ALERT_DIGEST_WINDOW": "0"})
		st, cl := publishedClaim(t, m.Service(), "Budget vote", "The budget passed by 51 votes to 49")
		token := editorToken(t, m)
		const storyReader, claimReader = "story.reader@example.org", "claim.reader@example.net"

		subscribe(t, m, fmt.Sprintf(`{"email":%q,"story_slug":%q}`, storyReader, st.Slug))
		subscribe(t, m, fmt.Sprintf(`{"email":%q,"claim_id":%d}`, claimReader, cl.ID))
		mails := smtp.WaitFor(t, 2)
		for _, reader := range []string{storyReader, claimReader} {
			link := linkIn(t, mailTo(t, mails, reader, 1)[0], "/subscriptions/confirm/")
			// A mail scanner following the link confirms nothing.
			status, page := get(t, link)
			if status != http.StatusOK || !strings.Contains(page, "<button") || !strings.Contains(strings.ToLower(page), `method="post"`) {
				t.Fatalf("GET %s = %d, want a page with a button that posts:\n%s", link, status, page)
			}
			if n := activeSubscriptions(t, m, reader); n != 0 {
				t.Fatalf("after the GET of the confirmation link %s has %d active subscriptions, want 0", reader, n)
			}
			if status, page := postForm(t, link, nil, nil); status != http.StatusOK || !strings.Contains(page, "/subscriptions/manage/") {
				t.Fatalf("POST %s = %d, want the subscribed page linking to the manage page:\n%s", link, status, page)
			}
			if n := activeSubscriptions(t, m, reader); n != 1 {
				t.Fatalf("after confirming, %s has %d active subscriptions, want 1", reader, n)
			}
		}

		v := patchStatus(t, m, token, cl.ID, "confirmed", "The parliament's record shows 51 to 49", cl.Version)
		mails = smtp.WaitFor(t, 4)
		waitOutboxSettled(t, m)
		for _, reader := range []string{storyReader, claimReader} {
			alert := mailTo(t, smtp.Messages(), reader, 2)[1]
			if subj := alert.Header().Get("Subject"); !strings.HasPrefix(subj, "Confirmed: ") {
				t.Errorf("%s's alert has subject %q, want one leading with the verdict, Confirmed", reader, subj)
			}
			// No CLAIMTRACK_MAIL_FROM: the organisation at the base URL's host.
			if from := alert.Header().Get("From"); from != `"claimtrack" <claimtrack@127.0.0.1>` {
				t.Errorf("%s's alert is from %q, want the organisation at the site's host", reader, from)
			}
			linkIn(t, alert, "/subscriptions/manage/")
		}
		if n := len(smtp.Messages()); n != 4 {
			t.Fatalf("%d messages after the resolution, want 2 confirmations and 2 alerts", n)
		}

		// RFC 8058: the mail provider posts the header's URL, from its own
		// origin, with no cookie.
		alert := mailTo(t, mails, storyReader, 2)[1]
		unsub := strings.Trim(alert.Header().Get("List-Unsubscribe"), "<>")
		if !strings.HasPrefix(unsub, m.URL()+"/unsubscribe/") {
			t.Fatalf("List-Unsubscribe = %q, want <%s/unsubscribe/…>", alert.Header().Get("List-Unsubscribe"), m.URL())
		}
		oneClick := map[string]string{"Origin": "https://mail.example.com", "Sec-Fetch-Site": "cross-site"}
		for i := range 2 {
			if status, page := postForm(t, unsub, url.Values{"List-Unsubscribe": {"One-Click"}}, oneClick); status != http.StatusOK {
				t.Fatalf("one-click unsubscribe #%d = %d, want 200:\n%s", i+1, status, page)
			}
		}
		if n := activeSubscriptions(t, m, storyReader); n != 0 {
			t.Fatalf("after the one-click unsubscribe %s has %d active subscriptions, want 0", storyReader, n)
		}

		patchStatus(t, m, token, cl.ID, "unverified", "The record was amended; we are checking again", v)
		smtp.WaitFor(t, 5)
		waitOutboxSettled(t, m)
		if got := mailTo(t, smtp.Messages(), claimReader, 3)[2]; !strings.HasPrefix(got.Header().Get("Subject"), "Reopened") {
			t.Errorf("the claim reader's third mail has subject %q, want the reopening", got.Header().Get("Subject"))
		}
		mailTo(t, smtp.Messages(), storyReader, 2) // nothing after the unsubscribe

		// Operators see the same on /metrics: three alerts sent, nothing waiting.
		status, metrics := get(t, m.URL()+"/metrics")
		for _, want := range []string{
			`claimtrack_deliveries_total{kind="email",outcome="sent"} 3`,
			`claimtrack_outbox_depth{kind="email"} 0`,
			`claimtrack_outbox_depth{kind="webhook"} 0`,
		} {
			if status != http.StatusOK || !strings.Contains(metrics, want) {
				t.Errorf("/metrics (%d) lacks %q", status, want)
			}
		}
	})
}

// TestAlerts_WithoutSMTPTheAlertIsAFileAdminsRead is the default embedded
// run: no mail server, so the alert lands in the mail directory, where
// /admin/mail lists it.
func TestAlerts_WithoutSMTPTheAlertIsAFileAdminsRead(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		dir := t.TempDir() + "/mail"
		m := start(t, dsn, map[string]string{"CLAIMTRACK_DEMO": "off", "CLAIMTRACK_MAIL_DIR": dir})
		_, cl := publishedClaim(t, m.Service(), "Harbour fire", "The fire started in warehouse <B>")
		const reader = "reader@example.org"
		subscribe(t, m, fmt.Sprintf(`{"email":%q,"claim_id":%d}`, reader, cl.ID))
		conf := waitMailFiles(t, dir, 1)[0]
		if !strings.Contains(conf.To, reader) {
			t.Fatalf("the confirmation was written to %q, want %s", conf.To, reader)
		}
		link := linkIn(t, readMailFile(t, dir, conf.Name), "/subscriptions/confirm/")
		if status, page := postForm(t, link, nil, nil); status != http.StatusOK {
			t.Fatalf("POST %s = %d:\n%s", link, status, page)
		}

		patchStatus(t, m, editorToken(t, m), cl.ID, "refuted", "The fire brigade's report names warehouse C", cl.Version)
		files := waitMailFiles(t, dir, 2)
		alert := files[0] // newest first
		if !strings.Contains(alert.To, reader) || !strings.HasPrefix(alert.Subject, "Refuted: ") || alert.MessageID == "" {
			t.Fatalf("the alert file: to %q, subject %q, Message-ID %q", alert.To, alert.Subject, alert.MessageID)
		}
		if h := readMailFile(t, dir, alert.Name).Header().Get("List-Unsubscribe"); !strings.Contains(h, "/unsubscribe/") {
			t.Errorf("the written alert's List-Unsubscribe = %q", h)
		}

		admin := loginAdmin(t, m)
		status, body := getAs(t, m.URL()+"/admin/mail", admin)
		if status != http.StatusOK || !strings.Contains(body, html.EscapeString(alert.Subject)) || !strings.Contains(body, reader) {
			t.Fatalf("/admin/mail = %d and does not list the alert %q to %s:\n%s", status, alert.Subject, reader, body)
		}
		// The admin view counts the delivery and the follower of the claim.
		status, body = getAs(t, m.URL()+"/admin/alerts", admin)
		if status != http.StatusOK || !strings.Contains(body, html.EscapeString(cl.Text)) {
			t.Fatalf("/admin/alerts = %d and does not list the followed claim:\n%s", status, body)
		}
	})
}

// getAs fetches url with a session cookie.
func getAs(t *testing.T, url string, session *http.Cookie) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.AddCookie(session)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// publishedClaim creates a published story with one open claim.
func publishedClaim(t testing.TB, svc *claims.Service, title, text string) (*claims.Story, *claims.Claim) {
	t.Helper()
	ed := claims.Actor{UserID: 1, Name: "Ed", Role: "editor"}
	st, err := svc.CreateStory(t.Context(), ed, claims.NewStory{Title: title, Published: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.AddClaim(t.Context(), ed, st.ID, claims.NewClaim{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return st, c
}

// editorToken creates an editor and returns an API token of theirs.
func editorToken(t testing.TB, m *Main) string {
	t.Helper()
	u, err := m.Auth().CreateUser(t.Context(), "ed@newsroom.example", "Ed", auth.RoleEditor, cliPassword)
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := m.Auth().CreateToken(t.Context(), u.ID, "alerts test")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// loginAdmin creates an admin, signs in through the login form and returns
// the session cookie.
func loginAdmin(t *testing.T, m *Main) *http.Cookie {
	t.Helper()
	if _, err := m.Auth().CreateUser(t.Context(), "boss@newsroom.example", "Boss", auth.RoleAdmin, cliPassword); err != nil {
		t.Fatal(err)
	}
	res, err := noRedirects.PostForm(m.URL()+"/login", url.Values{"email": {"boss@newsroom.example"}, "password": {cliPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
		t.Fatalf("admin login: %d, cookies %v", res.StatusCode, res.Cookies())
	}
	return res.Cookies()[0]
}

// subscribe posts to the subscriptions API and requires its 202.
func subscribe(t testing.TB, m *Main, body string) {
	t.Helper()
	res, err := http.Post(m.URL()+"/api/v1/subscriptions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusAccepted || !strings.Contains(string(b), `"pending"`) {
		t.Fatalf("POST /api/v1/subscriptions %s = %d %s, want 202 pending", body, res.StatusCode, b)
	}
}

// patchStatus moves a claim's status through the write API and returns the
// claim's new version.
func patchStatus(t testing.TB, m *Main, token string, claimID int64, status, note string, version int) int {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"status": status, "note": note, "version": version})
	req, _ := http.NewRequest(http.MethodPatch, fmt.Sprintf("%s/api/v1/claims/%d", m.URL(), claimID), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got apiClaim
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || json.Unmarshal(b, &got) != nil || got.Status != status {
		t.Fatalf("PATCH claim %d to %s = %d %s", claimID, status, res.StatusCode, b)
	}
	return got.Version
}

// postForm posts a form with extra headers and no cookie.
func postForm(t *testing.T, target string, form url.Values, headers map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", target, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// mailTo returns the messages to addr, requiring exactly n.
func mailTo(t *testing.T, all []mailtest.Message, addr string, n int) []mailtest.Message {
	t.Helper()
	var out []mailtest.Message
	for _, msg := range all {
		for _, to := range msg.To {
			if strings.EqualFold(to, addr) {
				out = append(out, msg)
			}
		}
	}
	if len(out) != n {
		var subjects []string
		for _, msg := range out {
			subjects = append(subjects, msg.Header().Get("Subject"))
		}
		t.Fatalf("%s received %d messages %q, want %d", addr, len(out), subjects, n)
	}
	return out
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkIn returns the first link in a message's plain text whose path
// contains part.
func linkIn(t *testing.T, msg mailtest.Message, part string) string {
	t.Helper()
	text, err := msg.Text()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range linkPattern.FindAllString(text, -1) {
		if strings.Contains(l, part) {
			return l
		}
	}
	t.Fatalf("no link with %q in the message %q:\n%s", part, msg.Header().Get("Subject"), text)
	return ""
}

// activeSubscriptions counts an address's subscriptions that get alerts.
func activeSubscriptions(t *testing.T, m *Main, email string) int {
	t.Helper()
	sub, err := m.db.SubscriberByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	list, err := m.db.SubscriptionsBySubscriber(t.Context(), sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sn := range list {
		if sn.Active() {
			n++
		}
	}
	return n
}

// waitOutboxSettled waits until no outbox row is queued, so that a count
// of messages taken afterwards is final.
func waitOutboxSettled(t testing.TB, m *Main) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		counts, err := m.db.OutboxCounts(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		queued := 0
		for _, c := range counts {
			if c.State == alerts.StateQueued {
				queued = c.N
			}
		}
		if queued == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d alerts still queued after 10 s: %+v", queued, counts)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitMailFiles waits until dir holds n messages and returns them, newest
// first.
func waitMailFiles(t *testing.T, dir string, n int) []ctmail.Entry {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		entries, err := ctmail.List(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) >= n {
			if len(entries) > n {
				t.Fatalf("%d messages in %s, want %d", len(entries), dir, n)
			}
			return entries
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages written to %s within 10 s", len(entries), n, dir)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// readMailFile reads a written message as the test SMTP server would hold
// it.
func readMailFile(t *testing.T, dir, name string) mailtest.Message {
	t.Helper()
	data, err := ctmail.Read(dir, name)
	if err != nil {
		t.Fatal(err)
	}
	return mailtest.Message{Data: data}
}
