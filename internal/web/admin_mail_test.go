package web

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	ctmail "github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestAdminMail_AdminsReadTheMailWrittenInsteadOfSent writes a message the
// way the app does without SMTP and reads it back through the admin pages.
func TestAdminMail_AdminsReadTheMailWrittenInsteadOfSent(t *testing.T) {
	db := storetest.SQLite(t)
	dir := t.TempDir() + "/mail"
	sink, err := ctmail.NewDir(dir, "claimtrack <claimtrack@localhost>", ctmail.Options{BaseURL: "https://claims.example.org", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	srv := New(Options{Service: csvc, Auth: asvc, Logger: slog.New(slog.DiscardHandler), BaseURL: "https://claims.example.org",
		MailDir: dir})
	h := srv.Handler()
	admin, editor := loginAs(t, h, asvc, auth.RoleAdmin), loginAs(t, h, asvc, auth.RoleEditor)
	get := func(target string, cookie *http.Cookie) (int, string) {
		req := mustRequest(t, http.MethodGet, target)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		res := serve(h, req)
		return res.StatusCode, readAll(t, res.Body)
	}

	status, body := get("/admin/mail", admin)
	if status != http.StatusOK || !strings.Contains(body, "No mail has been written yet") {
		t.Fatalf("empty mailbox: %d", status)
	}
	err = sink.Send(context.Background(), ctmail.Message{To: "reader@example.org", Subject: "Resolved: the audio is <authentic>",
		Text: "The claim is now confirmed.\nhttps://claims.example.org/claims/4", MessageID: "outbox-7"})
	if err != nil {
		t.Fatal(err)
	}
	status, body = get("/admin/mail", admin)
	if status != http.StatusOK || !strings.Contains(body, "reader@example.org") || !strings.Contains(body, "Resolved: the audio is &lt;authentic&gt;") {
		t.Fatalf("mailbox after one message (%d) lacks it:\n%s", status, body)
	}
	link := body[strings.Index(body, `href="/admin/mail/`)+len(`href="`):]
	link = link[:strings.Index(link, `"`)]
	status, body = get(link, admin)
	text := html.UnescapeString(body)
	if status != http.StatusOK || !strings.Contains(text, "The claim is now confirmed.\nhttps://claims.example.org/claims/4") ||
		!strings.Contains(text, "<outbox-7@claims.example.org>") || strings.Contains(body, "<authentic>") {
		t.Fatalf("message page (%d) does not show the decoded message safely:\n%s", status, body)
	}
	if cc := "private, no-store"; !strings.Contains(strings.Join(serve(h, withCookie(mustRequest(t, http.MethodGet, link), admin)).Header["Cache-Control"], ","), cc) {
		t.Errorf("a message page may be cached; want Cache-Control %q", cc)
	}

	for _, bad := range []string{"/admin/mail/nothing.eml", "/admin/mail/..%2Fclaimtrack.db", "/admin/mail/.tmp-1.eml"} {
		if status, _ := get(bad, admin); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, status)
		}
	}
	if status, _ := get("/admin/mail", editor); status != http.StatusForbidden {
		t.Errorf("an editor reading the mailbox: %d, want 403", status)
	}
	if status, _ := get(link, nil); status != http.StatusSeeOther {
		t.Errorf("anonymous reading a message: %d, want 303 to the login", status)
	}
}

func withCookie(r *http.Request, c *http.Cookie) *http.Request { r.AddCookie(c); return r }
