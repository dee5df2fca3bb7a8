package web

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/account"
)

// loopbackDials is a mail DialHook that refuses and records any address
// that is not loopback, so no test sends mail off this machine.
type loopbackDials struct {
	t       testing.TB
	mu      sync.Mutex
	refused []string
}

func (d *loopbackDials) hook(network, addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		d.mu.Lock()
		d.refused = append(d.refused, addr)
		d.mu.Unlock()
		d.t.Errorf("mail dial to non-loopback %s %s refused", network, addr)
		return fmt.Errorf("test refuses to dial %s", addr)
	}
	return nil
}

// newMailServer returns a server with accounts whose mail goes to a real
// SMTP server on loopback, its handler, the accounts service, the SMTP
// server and the logs.
func newMailServer(t *testing.T, db *store.DB) (http.Handler, *auth.Service, *mailtest.Server, *syncBuffer) {
	t.Helper()
	return newMailServerWith(t, db, auth.Options{})
}

// newMailServerWith is newMailServer with account options.
func newMailServerWith(t *testing.T, db *store.DB, opts auth.Options) (http.Handler, *auth.Service, *mailtest.Server, *syncBuffer) {
	t.Helper()
	if opts.Hasher == nil {
		opts.Hasher = fastHasher
	}
	smtpSrv := mailtest.NewServer(t)
	dials := &loopbackDials{t: t}
	mailer, err := mail.NewSMTP(smtpSrv.URL(), "claimtrack <claimtrack@localhost>", mail.Options{
		BaseURL: "https://claims.example.org", Timeout: 10 * time.Second, DialHook: dials.hook,
	})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	asvc := auth.NewService(db, nil, opts)
	srv := newWithMail(t, db, mailer, nil, Options{
		Service: claims.NewService(db, claims.DefaultVocabulary(), nil), Auth: asvc,
		BaseURL: "https://claims.example.org", AccessLog: true,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	return srv.Handler(), asvc, smtpSrv, logs
}

var resetLinkRE = regexp.MustCompile(`https://claims\.example\.org(/password/reset/[A-Za-z0-9_-]+)`)

func TestPasswordReset_MailedLinkSetsANewPasswordOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h, asvc, smtpSrv, logs := newMailServer(t, db)
		u := createTestUser(t, asvc, auth.RoleEditor)
		oldSession := loginWith(t, h, u.Email, testPassword)

		login := readAll(t, getWith(t, h, "/login").Body)
		if !strings.Contains(login, `href="/password/forgot"`) {
			t.Fatal("the login page has no link to reset a forgotten password")
		}
		if res := getWith(t, h, "/password/forgot"); res.StatusCode != http.StatusOK {
			t.Fatalf("GET /password/forgot: %d", res.StatusCode)
		}
		res := postForm(t, h, "/password/forgot", url.Values{"email": {strings.ToUpper(u.Email)}}, nil)
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, account.ResetSentNotice) {
			t.Fatalf("POST /password/forgot: %d, want 200 with the notice; body:\n%s", res.StatusCode, body)
		}

		msg := smtpSrv.WaitFor(t, 1)[0]
		if len(msg.To) != 1 || msg.To[0] != u.Email {
			t.Errorf("mail to %v, want %s", msg.To, u.Email)
		}
		hdr := msg.Header()
		if got := hdr.Get("Subject"); got != "Reset your claimtrack password" {
			t.Errorf("Subject = %q", got)
		}
		if got := hdr.Get("Message-Id"); !strings.HasPrefix(got, "<reset-") {
			t.Errorf("Message-ID = %q, want <reset-...>", got)
		}
		text, err := msg.Text()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"one hour", "If you did not ask for this, ignore this mail"} {
			if !strings.Contains(text, want) {
				t.Errorf("mail text lacks %q:\n%s", want, text)
			}
		}
		m := resetLinkRE.FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("no absolute reset link in the mail:\n%s", text)
		}
		link := m[1]
		token := strings.TrimPrefix(link, "/password/reset/")

		// Opening the link twice (a mail scanner, then the person) keeps it.
		for range 2 {
			res := getWith(t, h, link)
			page := readAll(t, res.Body)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `name="password_again"`) {
				t.Fatalf("GET link: %d, want the new-password form; body:\n%s", res.StatusCode, page)
			}
			if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("reset form Cache-Control = %q, want no-store", cc)
			}
		}
		const newPassword = "tangerine viaduct marmalade"
		res = postForm(t, h, link, url.Values{"password": {newPassword}, "password_again": {newPassword + "x"}}, nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(readAll(t, res.Body), "The two passwords differ") {
			t.Fatalf("mismatched passwords: %d, want 422 saying they differ", res.StatusCode)
		}
		res = postForm(t, h, link, url.Values{"password": {"password123456"}, "password_again": {"password123456"}}, nil)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("weak password: %d, want 422", res.StatusCode)
		}
		res = postForm(t, h, link, url.Values{"password": {newPassword}, "password_again": {newPassword}}, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?reset=done" {
			t.Fatalf("setting the password: %d to %q, want 303 to /login?reset=done", res.StatusCode, res.Header.Get("Location"))
		}
		if res := getWith(t, h, "/login?reset=done"); !strings.Contains(readAll(t, res.Body), "Your password was changed") {
			t.Error("the login page after a reset does not say the password was changed")
		}

		if res := getWith(t, h, "/editor", oldSession); res.StatusCode == http.StatusOK {
			t.Error("the session from before the reset still opens the editor")
		}
		if res := postForm(t, h, "/login", url.Values{"email": {u.Email}, "password": {testPassword}}, nil); res.StatusCode == http.StatusSeeOther {
			t.Error("the old password still signs in")
		}
		ck := loginWith(t, h, u.Email, newPassword)
		if res := getWith(t, h, "/editor", ck); res.StatusCode != http.StatusOK {
			t.Errorf("editor after signing in with the new password: %d", res.StatusCode)
		}

		// The link works once.
		for _, try := range []func() *http.Response{
			func() *http.Response { return getWith(t, h, link) },
			func() *http.Response {
				return postForm(t, h, link, url.Values{"password": {"another fine passphrase"}, "password_again": {"another fine passphrase"}}, nil)
			},
		} {
			res := try()
			page := readAll(t, res.Body)
			if res.StatusCode != http.StatusGone || !strings.Contains(page, "this link has expired or was already used") ||
				!strings.Contains(page, `href="/password/forgot"`) {
				t.Errorf("used link: %d, want 410 with a way to ask again; body:\n%s", res.StatusCode, page)
			}
		}
		if !strings.Contains(logs.String(), "/password/reset/:token") {
			t.Errorf("the access log has no line for the reset link:\n%s", logs.String())
		}
		if strings.Contains(logs.String(), token) {
			t.Errorf("the logs contain the reset token:\n%s", logs.String())
		}
	})
}

func TestPasswordReset_UnknownOrDisabledAddressGetsTheSamePageAndNoMail(t *testing.T) {
	db := storetest.SQLite(t)
	h, asvc, smtpSrv, _ := newMailServer(t, db)
	createTestUser(t, asvc, auth.RoleAdmin)
	known := createTestUser(t, asvc, auth.RoleEditor)
	gone := createTestUser(t, asvc, auth.RoleEditor)
	if err := asvc.DisableUser(t.Context(), gone.ID); err != nil {
		t.Fatal(err)
	}

	res := postForm(t, h, "/password/forgot", url.Values{"email": {known.Email}}, nil)
	want := readAll(t, res.Body)
	smtpSrv.WaitFor(t, 1)
	for _, email := range []string{"nobody@newsroom.example", gone.Email} {
		res := postForm(t, h, "/password/forgot", url.Values{"email": {email}}, nil)
		if got := readAll(t, res.Body); res.StatusCode != http.StatusOK || got != want {
			t.Errorf("%s: %d, want 200 and the very page a known address gets; body:\n%s", email, res.StatusCode, got)
		}
	}
	// Proving an absence needs a wait; the mail to the known address,
	// sent the same way, arrived well within it.
	time.Sleep(300 * time.Millisecond)
	if n := len(smtpSrv.Messages()); n != 1 {
		t.Errorf("%d mails sent, want only the one to the known address", n)
	}
}

func TestPasswordReset_TooManyRequestsAreRefused(t *testing.T) {
	db := storetest.SQLite(t)
	h, asvc, smtpSrv, _ := newMailServer(t, db)
	u := createTestUser(t, asvc, auth.RoleEditor)
	for i := range auth.ResetRequestsPerEmail {
		if res := postForm(t, h, "/password/forgot", url.Values{"email": {u.Email}}, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %d", i+1, res.StatusCode)
		}
	}
	smtpSrv.WaitFor(t, auth.ResetRequestsPerEmail)
	res := postForm(t, h, "/password/forgot", url.Values{"email": {u.Email}}, nil)
	if body := readAll(t, res.Body); res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "too many password reset requests") {
		t.Errorf("request past the limit: %d, want 429 saying why; body:\n%s", res.StatusCode, body)
	}
}
