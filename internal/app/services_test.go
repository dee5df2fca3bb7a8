package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// hookReceiver is a webhook endpoint on loopback that keeps what it is sent.
type hookReceiver struct {
	*httptest.Server
	mu    sync.Mutex
	posts []hookPost
}

type hookPost struct {
	header http.Header
	body   []byte
}

func newHookReceiver(t *testing.T) *hookReceiver {
	t.Helper()
	h := &hookReceiver{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.posts = append(h.posts, hookPost{r.Header.Clone(), body})
		h.mu.Unlock()
	}))
	t.Cleanup(h.Close)
	return h
}

// waitFor waits until n posts have come and returns them.
func (h *hookReceiver) waitFor(t *testing.T, n int) []hookPost {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		h.mu.Lock()
		got := append([]hookPost(nil), h.posts...)
		h.mu.Unlock()
		if len(got) >= n {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("webhook receiver got fewer than %d posts in 30 s", n)
	return nil
}

// TestImportCommand_AResolutionReachesFollowersAndWebhooks: a story file
// that resolves a followed claim, imported from the command line while the
// server runs, gets the reader one alert over SMTP and the endpoint one
// signed delivery, as the same change made in the editor would.
func TestImportCommand_AResolutionReachesFollowersAndWebhooks(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		smtp := mailtest.NewServer(t)
		hooks := newHookReceiver(t)
		m := start(t, dsn, map[string]string{"CLAIMTRACK_DEMO": "off", "CLAIMTRACK_SMTP_URL": smtp.URL(),
			"CLAIMTRACK_ALERT_DIGEST_WINDOW": "0", "CLAIMTRACK_ALERT_POLL": "1s", "CLAIMTRACK_ALLOW_PRIVATE_SOURCES": "true"})
		env := map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_LOG_LEVEL": "warn", "CLAIMTRACK_BASE_URL": m.URL(),
			"CLAIMTRACK_ALLOW_PRIVATE_SOURCES": "true"}
		if out, errOut, err := runCommand(t, env, "import", writeFile(t, "bridge.yaml", bridgeStory)); err != nil {
			t.Fatalf("first import: %v\n%s%s", err, out, errOut)
		}
		var st apiStory
		getJSON(t, m.URL()+"/api/v1/stories/bridge-closure", &st)
		if len(st.Claims) != 1 {
			t.Fatalf("the imported story has %d claims, want 1", len(st.Claims))
		}
		claimID := st.Claims[0].ID

		const reader = "reader@example.org"
		subscribe(t, m, fmt.Sprintf(`{"email":%q,"claim_id":%d}`, reader, claimID))
		confirm := linkIn(t, mailTo(t, smtp.WaitFor(t, 1), reader, 1)[0], "/subscriptions/confirm/")
		if status, page := postForm(t, confirm, nil, nil); status != http.StatusOK {
			t.Fatalf("confirming = %d:\n%s", status, page)
		}
		ep, err := m.webhooks.CreateEndpoint(context.Background(), claims.Actor{UserID: 1, Name: "Admin", Role: "admin"},
			hooks.URL+"/hook", []string{webhooks.KindClaimResolved})
		if err != nil {
			t.Fatal(err)
		}

		resolved := strings.Replace(bridgeStory, "status: investigating", "status: confirmed", 1)
		if out, errOut, err := runCommand(t, env, "import", writeFile(t, "bridge.yaml", resolved)); err != nil {
			t.Fatalf("resolving import: %v\n%s%s", err, out, errOut)
		}

		alert := mailTo(t, smtp.WaitFor(t, 2), reader, 2)[1]
		if subj := alert.Header().Get("Subject"); !strings.Contains(subj, "The bridge will close for six months") {
			t.Errorf("the alert's subject is %q, want the claim", subj)
		}
		posts := hooks.waitFor(t, 1)
		if err := webhooks.Verify(ep.Secret, posts[0].header.Get(webhooks.HeaderSignature), posts[0].body, time.Now(), 5*time.Minute); err != nil {
			t.Errorf("the delivery's signature does not verify: %v", err)
		}
		if !strings.Contains(string(posts[0].body), webhooks.KindClaimResolved) {
			t.Errorf("the delivery is not a resolution: %s", posts[0].body)
		}
		waitOutboxSettled(t, m)
		time.Sleep(1500 * time.Millisecond) // past one more poll of each worker: nothing goes twice
		if n := len(smtp.Messages()); n != 2 {
			t.Errorf("%d messages, want the confirmation and one alert", n)
		}
		if n := len(hooks.waitFor(t, 1)); n != 1 {
			t.Errorf("%d webhook deliveries, want one", n)
		}
	})
}

// debunkedVocabulary resolves claims with a status the built-in vocabulary
// does not have.
const debunkedVocabulary = `statuses:
  - {id: open, label: Open}
  - {id: debunked, label: Debunked, resolved: true, rating: 1}
`

// TestRecheckCommand_UsesTheConfiguredVocabulary: a source whose only claim
// is settled in the installation's own vocabulary is next due in days, not
// within the hour as an open claim's source would be.
func TestRecheckCommand_UsesTheConfiguredVocabulary(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		page, _ := sourcePage(t)
		statuses := writeFile(t, "statuses.yaml", debunkedVocabulary)
		m := start(t, dsn, map[string]string{"CLAIMTRACK_DEMO": "off", "CLAIMTRACK_STATUSES": statuses})
		svc, ed := m.Service(), claims.Actor{UserID: 1, Name: "Ed", Role: "editor"}
		st, err := svc.CreateStory(t.Context(), ed, claims.NewStory{Title: "Meeting", Published: true})
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.AddClaim(t.Context(), ed, st.ID, claims.NewClaim{Text: "They met"})
		if err != nil {
			t.Fatal(err)
		}
		ls, err := svc.LinkSource(t.Context(), ed, c.ID, claims.NewSourceLink{URL: page.URL + "/statement", Outlet: "Ministry",
			OutletKind: "official", Stance: "supports"})
		if err != nil {
			t.Fatal(err)
		}
		id := ls.ID
		debunked := "debunked"
		if _, err := svc.UpdateClaim(t.Context(), ed, c.ID, claims.ClaimPatch{Status: &debunked,
			Note: "The ministry's own diary shows no meeting", Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_ALLOW_PRIVATE_SOURCES": "true",
			"CLAIMTRACK_LOG_LEVEL": "error", "CLAIMTRACK_STATUSES": statuses}
		out, _, err := runCommand(t, env, "recheck", "--source", fmt.Sprint(id))
		if err != nil {
			t.Fatalf("recheck: %v\n%s", err, out)
		}
		_, after, ok := strings.Cut(strings.TrimSpace(out), " next ")
		next, perr := time.Parse(time.RFC3339, after)
		if !ok || perr != nil {
			t.Fatalf("recheck printed %q, want a next check time", out)
		}
		if wait := time.Until(next); wait < 48*time.Hour {
			t.Errorf("the source of a debunked claim is next checked in %s, want the weekly pace of settled claims", wait.Round(time.Minute))
		}
	})
}
