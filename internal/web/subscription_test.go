package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// alertsFixture is the reader fixture with alerts on: its server mails
// through a real SMTP server on loopback and has accounts for the admin
// page.
type alertsFixture struct {
	*fixture
	h      http.Handler
	alerts *alerts.Service
	auth   *auth.Service
	smtp   *mailtest.Server
	mailer mail.Sender
}

func newAlertsFixture(t *testing.T, db *store.DB) *alertsFixture {
	t.Helper()
	f := newFixture(t, db)
	smtpSrv := mailtest.NewServer(t)
	dials := &loopbackDials{t: t}
	mailer, err := mail.NewSMTP(smtpSrv.URL(), "claimtrack <claimtrack@localhost>", mail.Options{
		BaseURL: "https://claims.example.org", Timeout: 10 * time.Second, DialHook: dials.hook,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := &alertsFixture{fixture: f, alerts: alerts.NewService(db, f.svc, 0), smtp: smtpSrv, mailer: mailer,
		auth: auth.NewService(db, nil, auth.Options{Hasher: fastHasher})}
	logger := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.srv = newWithMail(t, db, mailer, f.clock.Now, Options{Service: f.svc, Auth: a.auth, Alerts: a.alerts, Logger: logger,
		BaseURL: "https://claims.example.org/", Now: f.clock.Now, AccessLog: true})
	a.h = validateAPI(t, f.srv.Handler())
	return a
}

var (
	confirmLinkRE = regexp.MustCompile(`https://claims\.example\.org(/subscriptions/confirm/[A-Za-z0-9_-]{40,})`)
	manageLinkRE  = regexp.MustCompile(`https://claims\.example\.org(/subscriptions/manage/[A-Za-z0-9_-]{40,})`)
)

// mailLinks returns the confirmation and manage paths of a confirmation
// mail.
func mailLinks(t *testing.T, m mailtest.Message) (confirm, manage string) {
	t.Helper()
	text, err := m.Text()
	if err != nil {
		t.Fatal(err)
	}
	c, mg := confirmLinkRE.FindStringSubmatch(text), manageLinkRE.FindStringSubmatch(text)
	if c == nil || mg == nil {
		t.Fatalf("the mail lacks an absolute confirmation or manage link:\n%s", text)
	}
	return c[1], mg[1]
}

// postJSON sends an API request as a script or app would: no cookie, no
// Origin.
func postJSON(t *testing.T, h http.Handler, target, body string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res := serve(h, req)
	return res, readAll(t, res.Body)
}

func getPage(t *testing.T, h http.Handler, target string) (*http.Response, string) {
	t.Helper()
	res := serve(h, httptest.NewRequest(http.MethodGet, target, nil))
	return res, readAll(t, res.Body)
}

// wantTokenPage checks the headers of a page whose address holds a token.
func wantTokenPage(t *testing.T, what string, res *http.Response) {
	t.Helper()
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("%s: Cache-Control %q, want no-store", what, cc)
	}
	if rp := res.Header.Get("Referrer-Policy"); rp != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q, want no-referrer", what, rp)
	}
}

// statusOf returns the status of the address's subscription to the story
// (claimID 0) or a claim, as its manage page would list it.
func (a *alertsFixture) statusOf(t *testing.T, manageToken string, claimID int64) string {
	t.Helper()
	mb, err := a.alerts.Manage(context.Background(), manageToken)
	if err != nil {
		t.Fatalf("manage: %v", err)
	}
	for _, f := range mb.Following {
		if f.Target.ClaimID == claimID {
			return f.Status
		}
	}
	return "none"
}

// subscriberOf returns the id of the subscriber with that address.
func (a *alertsFixture) subscriberOf(t *testing.T, email string) int64 {
	t.Helper()
	sub, err := a.db.SubscriberByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return sub.ID
}

// follow subscribes and confirms through the service (no mail), returning
// the manage token.
func (a *alertsFixture) follow(t *testing.T, r alerts.SubscribeRequest) string {
	t.Helper()
	conf, err := a.alerts.Subscribe(context.Background(), r)
	if err != nil || conf == nil {
		t.Fatalf("subscribe: %+v, %v", conf, err)
	}
	if _, _, err := a.alerts.Confirm(context.Background(), conf.Token); err != nil {
		t.Fatal(err)
	}
	return conf.ManageToken
}

func TestSubscription_ReaderFollowsStoryByFormAndConfirmsByMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)

		_, story := getPage(t, a.h, "/stories/leaked-audio")
		for _, want := range []string{`action="/subscriptions"`, `name="story_slug" value="leaked-audio"`,
			`Follow this story by email`, `href="/claims/` + strconv.FormatInt(a.open.ID, 10) + `#follow"`} {
			if !strings.Contains(story, want) {
				t.Errorf("story page lacks %s", want)
			}
		}
		_, claim := getPage(t, a.h, site.ClaimURL(a.open.ID))
		if !strings.Contains(claim, `name="claim_id" value="`+strconv.FormatInt(a.open.ID, 10)+`"`) || !strings.Contains(claim, `id="follow"`) {
			t.Error("claim page lacks its follow form")
		}
		if _, gone := getPage(t, a.h, site.ClaimURL(a.gone.ID)); strings.Contains(gone, `action="/subscriptions"`) {
			t.Error("a withdrawn claim offers to follow it")
		}

		res := postForm(t, a.h, "/subscriptions", url.Values{"email": {" Reader@Example.org "}, "story_slug": {"leaked-audio"}}, nil)
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Check your mail") || !strings.Contains(body, "Reader@Example.org") {
			t.Fatalf("POST /subscriptions: %d; body:\n%s", res.StatusCode, body)
		}

		msg := a.smtp.WaitFor(t, 1)[0]
		if len(msg.To) != 1 || msg.To[0] != "reader@example.org" {
			t.Errorf("mail to %v, want reader@example.org", msg.To)
		}
		hdr := msg.Header()
		if subj := hdr.Get("Subject"); !strings.HasPrefix(subj, "Confirm: alerts about Leaked audio") {
			t.Errorf("Subject = %q", subj)
		}
		if id := hdr.Get("Message-Id"); !strings.HasPrefix(id, "<confirm-") {
			t.Errorf("Message-ID = %q", id)
		}
		confirm, manage := mailLinks(t, msg)
		confirmToken := strings.TrimPrefix(confirm, "/subscriptions/confirm/")
		manageToken := strings.TrimPrefix(manage, "/subscriptions/manage/")

		// Opening the link (a mail scanner, then the reader) confirms nothing.
		for range 2 {
			res, page := getPage(t, a.h, confirm)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `<form method="post" action="`+confirm+`"`) ||
				!strings.Contains(page, ">Confirm</button>") {
				t.Fatalf("GET confirmation link: %d; body:\n%s", res.StatusCode, page)
			}
			if strings.Contains(page, `<script>alert("title")`) || !strings.Contains(page, "Leaked audio &lt;script&gt;") {
				t.Error("the confirmation page does not escape the story title")
			}
			wantTokenPage(t, "confirmation page", res)
		}
		if got := a.statusOf(t, manageToken, 0); got != "pending" {
			t.Fatalf("after opening the link: %s, want pending", got)
		}
		res, page := getPage(t, a.h, manage)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "Waiting for you to confirm") {
			t.Errorf("manage page before confirming: %d; body:\n%s", res.StatusCode, page)
		}

		res = postForm(t, a.h, confirm, nil, nil)
		page = readAll(t, res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "You&#39;re subscribed") || !strings.Contains(page, `href="/subscriptions/manage/`) {
			t.Fatalf("POST confirmation: %d; body:\n%s", res.StatusCode, page)
		}
		// Its manage link is a fresh one, and opens the same page.
		if m := regexp.MustCompile(`href="(/subscriptions/manage/[^"]+)"`).FindStringSubmatch(page); m == nil || m[1] == manage {
			t.Errorf("the confirmed page's manage link %v, want a fresh one", m)
		} else if res, body := getPage(t, a.h, m[1]); res.StatusCode != http.StatusOK || !strings.Contains(body, "reader@example.org") {
			t.Errorf("the confirmed page's manage link: %d", res.StatusCode)
		}
		wantTokenPage(t, "confirmed page", res)
		if got := a.statusOf(t, manageToken, 0); got != "active" {
			t.Fatalf("after confirming: %s, want active", got)
		}
		res, page = getPage(t, a.h, manage)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, ">Active<") || !strings.Contains(page, "reader@example.org") {
			t.Errorf("manage page after confirming: %d; body:\n%s", res.StatusCode, page)
		}
		wantTokenPage(t, "manage page", res)

		// The link works once.
		res = postForm(t, a.h, confirm, nil, nil)
		page = readAll(t, res.Body)
		if res.StatusCode != http.StatusGone || !strings.Contains(page, "this link has expired or is not valid") {
			t.Errorf("confirming twice: %d; body:\n%s", res.StatusCode, page)
		}

		logs := a.logs.String()
		for _, route := range []string{"/subscriptions/confirm/:token", "/subscriptions/manage/:token"} {
			if !strings.Contains(logs, route) {
				t.Errorf("the access log has no line for %s", route)
			}
		}
		for _, secret := range []string{confirmToken, manageToken} {
			if strings.Contains(logs, secret) {
				t.Errorf("the logs contain a token:\n%s", logs)
			}
		}
	})
}

func TestSubscription_ExpiredOrUnknownLinkGetsAClearPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)
		res, _ := postJSON(t, a.h, "/api/v1/subscriptions", `{"email":"late@example.org","claim_id":`+strconv.FormatInt(a.open.ID, 10)+`}`)
		if res.StatusCode != http.StatusAccepted {
			t.Fatalf("subscribe: %d", res.StatusCode)
		}
		confirm, manage := mailLinks(t, a.smtp.WaitFor(t, 1)[0])
		a.clock.Advance(alerts.ConfirmTTL)

		check := func(what string, res *http.Response) {
			t.Helper()
			page := readAll(t, res.Body)
			if res.StatusCode != http.StatusGone || !strings.Contains(page, "this link has expired or is not valid") ||
				!strings.Contains(page, "Follow") || !strings.Contains(page, `href="/"`) {
				t.Errorf("%s: %d, want 410 saying so with a way to subscribe again; body:\n%s", what, res.StatusCode, page)
			}
			wantTokenPage(t, what, res)
		}
		check("GET an expired link", serve(a.h, httptest.NewRequest(http.MethodGet, confirm, nil)))
		check("POST an expired link", postForm(t, a.h, confirm, nil, nil))
		check("GET an unknown link", serve(a.h, httptest.NewRequest(http.MethodGet, "/subscriptions/confirm/nonsense", nil)))
		check("POST an unknown link", postForm(t, a.h, "/subscriptions/confirm/nonsense", nil, nil))
		if got := a.statusOf(t, strings.TrimPrefix(manage, "/subscriptions/manage/"), a.open.ID); got != "pending" {
			t.Errorf("after the expired link: %s, want still pending (never active)", got)
		}
		if res, page := getPage(t, a.h, "/subscriptions/manage/nonsense"); res.StatusCode != http.StatusGone ||
			!strings.Contains(page, "this link has expired or is not valid") {
			t.Errorf("unknown manage link: %d; body:\n%s", res.StatusCode, page)
		}
	})
}

func TestAPISubscription_AnswersTheSameWhateverTheAddressState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)
		story := `"story_slug":"leaked-audio"`
		res, want := postJSON(t, a.h, "/api/v1/subscriptions", `{"email":"new@example.org",`+story+`}`)
		if res.StatusCode != http.StatusAccepted || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("new address: %d %s; body %s", res.StatusCode, res.Header.Get("Content-Type"), want)
		}
		var body struct{ Status, Message string }
		if err := json.Unmarshal([]byte(want), &body); err != nil || body.Status != "pending" || body.Message == "" {
			t.Errorf("body = %s (%v), want status pending and a message", want, err)
		}
		confirm, _ := mailLinks(t, a.smtp.WaitFor(t, 1)[0])
		if res := postForm(t, a.h, confirm, nil, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("confirm: %d", res.StatusCode)
		}

		for _, tc := range []struct{ name, email string }{
			{"active address", "NEW@example.org"},
			{"new pending address", "pending@example.org"},
			{"pending address again", "pending@example.org"},
		} {
			res, got := postJSON(t, a.h, "/api/v1/subscriptions", `{"email":"`+tc.email+`",`+story+`}`)
			if res.StatusCode != http.StatusAccepted || got != want {
				t.Errorf("%s: %d %s, want 202 and the very body a new address gets (%s)", tc.name, res.StatusCode, got, want)
			}
		}
		// Two confirmation mails to the pending address (the second link
		// replaces the first), none to the active one.
		a.smtp.WaitFor(t, 3)
		time.Sleep(300 * time.Millisecond) // proving an absence needs a wait
		var to []string
		for _, m := range a.smtp.Messages() {
			to = append(to, m.To...)
		}
		if strings.Join(to, ",") != "new@example.org,pending@example.org,pending@example.org" {
			t.Errorf("mail went to %v, want the new address once and the pending one twice", to)
		}

		for _, tc := range []struct {
			name, body string
			status     int
			code       string
		}{
			{"bad email", `{"email":"not an address",` + story + `}`, http.StatusUnprocessableEntity, claims.EINVALID},
			{"no target", `{"email":"r@example.org"}`, http.StatusUnprocessableEntity, claims.EINVALID},
			{"draft story", `{"email":"r@example.org","story_slug":"draft-story"}`, http.StatusNotFound, claims.ENOTFOUND},
			{"withdrawn claim", `{"email":"r@example.org","claim_id":` + strconv.FormatInt(a.gone.ID, 10) + `}`, http.StatusNotFound, claims.ENOTFOUND},
			{"claim in a draft", `{"email":"r@example.org","claim_id":` + strconv.FormatInt(a.hidden.ID, 10) + `}`, http.StatusNotFound, claims.ENOTFOUND},
			{"not JSON", `email=r@example.org`, http.StatusBadRequest, claims.EINVALID},
		} {
			res, got := postJSON(t, a.h, "/api/v1/subscriptions", tc.body)
			var eb httpx.ErrorBody
			if err := json.Unmarshal([]byte(got), &eb); err != nil || res.StatusCode != tc.status || eb.Error.Code != tc.code {
				t.Errorf("%s: %d %s, want %d with code %s", tc.name, res.StatusCode, got, tc.status, tc.code)
			}
			if tc.name == "bad email" && eb.Error.Fields["email"] == "" {
				t.Errorf("bad email: fields %v, want email named", eb.Error.Fields)
			}
		}
	})
}

func TestSubscription_TooManyRequestsGet429WithTheAddressKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)
		form := url.Values{"email": {"flood@example.org"}, "claim_id": {strconv.FormatInt(a.open.ID, 10)}}
		for i := range alerts.RequestsPerEmail {
			if res := postForm(t, a.h, "/subscriptions", form, nil); res.StatusCode != http.StatusOK {
				t.Fatalf("request %d: %d", i+1, res.StatusCode)
			}
		}
		res := postForm(t, a.h, "/subscriptions", form, nil)
		page := readAll(t, res.Body)
		if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "too many subscribe requests") ||
			!strings.Contains(page, `value="flood@example.org"`) || !strings.Contains(page, `name="claim_id"`) {
			t.Errorf("one request too many: %d, want 429 with the form and the address kept; body:\n%s", res.StatusCode, page)
		}
		res2, body := postJSON(t, a.h, "/api/v1/subscriptions", `{"email":"flood@example.org","claim_id":`+strconv.FormatInt(a.open.ID, 10)+`}`)
		if res2.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, `"code":"rate_limited"`) {
			t.Errorf("API past the limit: %d %s", res2.StatusCode, body)
		}

		// A bad address gets the form back with the error, typed text
		// kept and escaped.
		res = postForm(t, a.h, "/subscriptions", url.Values{"email": {`"><b>x`}, "story_slug": {"leaked-audio"}}, nil)
		page = readAll(t, res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `value="&#34;&gt;&lt;b&gt;x"`) ||
			!strings.Contains(page, "is not an email address") || strings.Contains(page, "<b>x") {
			t.Errorf("bad address: %d; body:\n%s", res.StatusCode, page)
		}
	})
}

func TestUnsubscribe_OneClickPostWithoutCookieFromAnyOrigin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)
		manage := a.follow(t, alerts.SubscribeRequest{Email: "u@example.org", ClaimID: a.open.ID})
		mb, err := a.alerts.Manage(context.Background(), manage)
		if err != nil {
			t.Fatal(err)
		}
		unsub := storetest.UnsubscribeToken(t, db, a.subscriberOf(t, "u@example.org"), mb.Following[0].SubscriptionID)
		link := "/unsubscribe/" + unsub

		for range 2 {
			res, page := getPage(t, a.h, link)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `<form method="post" action="`+link+`"`) ||
				!strings.Contains(page, "u@example.org") {
				t.Fatalf("GET unsubscribe: %d; body:\n%s", res.StatusCode, page)
			}
			wantTokenPage(t, "unsubscribe page", res)
		}
		if got := a.statusOf(t, manage, a.open.ID); got != "active" {
			t.Fatalf("after GET: %s, want still active", got)
		}

		// What a mail provider sends (RFC 8058): its own origin, no cookie.
		oneClick := func() *http.Response {
			req := httptest.NewRequest(http.MethodPost, link, strings.NewReader("List-Unsubscribe=One-Click"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "https://mail.example.net")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			return serve(a.h, req)
		}
		for i := range 2 {
			res := oneClick()
			page := readAll(t, res.Body)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, "You&#39;re unsubscribed") {
				t.Fatalf("one-click POST #%d: %d; body:\n%s", i+1, res.StatusCode, page)
			}
			if got := a.statusOf(t, manage, a.open.ID); got != "ended" {
				t.Fatalf("after one-click POST #%d: %s, want ended", i+1, got)
			}
		}

		// The exemption is for that route alone.
		for _, target := range []string{"/subscriptions/manage/" + manage + "/delete", "/subscriptions"} {
			req := httptest.NewRequest(http.MethodPost, target, strings.NewReader("email=x%40example.org&story_slug=leaked-audio"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			if res := serve(a.h, req); res.StatusCode != http.StatusForbidden {
				t.Errorf("cross-site POST %s: %d, want 403", target, res.StatusCode)
			}
		}
		if _, err := a.alerts.Manage(context.Background(), manage); err != nil {
			t.Errorf("the address after a refused cross-site delete: %v", err)
		}

		res := postForm(t, a.h, "/unsubscribe/not-a-token", nil, nil)
		if page := readAll(t, res.Body); res.StatusCode != http.StatusNotFound || !strings.Contains(page, "not valid") {
			t.Errorf("unknown unsubscribe link: %d; body:\n%s", res.StatusCode, page)
		}
		if strings.Contains(a.logs.String(), unsub) {
			t.Error("the logs contain an unsubscribe token")
		}
	})
}

func TestSubscriptionManage_EndsOneOrDeletesTheAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)
		ctx := context.Background()
		manage := a.follow(t, alerts.SubscribeRequest{Email: "me@example.org", StorySlug: "leaked-audio"})
		if _, err := a.alerts.Subscribe(ctx, alerts.SubscribeRequest{Email: "me@example.org", ClaimID: a.open.ID}); err != nil {
			t.Fatal(err)
		}
		other := a.follow(t, alerts.SubscribeRequest{Email: "other@example.org", StorySlug: "leaked-audio"})
		mine, err := a.alerts.Manage(ctx, manage)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := a.alerts.Manage(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		storySub, claimSub := mine.Following[0].SubscriptionID, mine.Following[1].SubscriptionID

		path := site.ManagePath(manage)
		res, page := getPage(t, a.h, path)
		for _, want := range []string{"me@example.org", "Leaked audio &lt;script&gt;", "The recording is authentic &lt;script&gt;",
			`action="` + site.ManageEndPath(manage, storySub) + `"`, `action="` + site.ManageEndPath(manage, claimSub) + `"`,
			`action="` + path + `/delete"`, ">Active<", "Waiting for you to confirm"} {
			if !strings.Contains(page, want) {
				t.Errorf("manage page lacks %s", want)
			}
		}
		if res.StatusCode != http.StatusOK || strings.Contains(page, "other@example.org") {
			t.Errorf("manage page: %d, or shows another address", res.StatusCode)
		}

		res = postForm(t, a.h, site.ManageEndPath(manage, storySub), nil, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path+"?done=ended" {
			t.Fatalf("end: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		_, page = getPage(t, a.h, path+"?done=ended")
		if !strings.Contains(page, "That subscription is ended") || !strings.Contains(page, ">Ended<") ||
			strings.Contains(page, `action="`+site.ManageEndPath(manage, storySub)+`"`) {
			t.Errorf("manage page after ending: %s", page)
		}

		// Someone else's subscription cannot be ended with this token.
		res = postForm(t, a.h, site.ManageEndPath(manage, theirs.Following[0].SubscriptionID), nil, nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("ending another address's subscription: %d, want 404", res.StatusCode)
		}
		if got := a.statusOf(t, other, 0); got != "active" {
			t.Errorf("the other address: %s, want still active", got)
		}

		res = postForm(t, a.h, path+"/delete", nil, nil)
		page = readAll(t, res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "Your address is deleted") || strings.Contains(page, "me@example.org") {
			t.Fatalf("delete: %d; body:\n%s", res.StatusCode, page)
		}
		wantTokenPage(t, "deleted page", res)
		if res, _ := getPage(t, a.h, path); res.StatusCode != http.StatusGone {
			t.Errorf("manage link after delete: %d, want 410", res.StatusCode)
		}
		if _, err := db.SubscriberByEmail(ctx, "me@example.org"); !claims.IsNotFound(err) {
			t.Errorf("the address after delete: %v, want not found", err)
		}
		if got := a.statusOf(t, other, 0); got != "active" {
			t.Errorf("the other address after the delete: %s", got)
		}
	})
}

func TestAdminAlerts_AdminsSeeOutboxFailuresAndFollowers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)
		ctx := context.Background()
		a.follow(t, alerts.SubscribeRequest{Email: "a@example.org", StorySlug: "leaked-audio"})
		a.follow(t, alerts.SubscribeRequest{Email: "b@example.org", StorySlug: "leaked-audio"})
		a.follow(t, alerts.SubscribeRequest{Email: "c@example.org", ClaimID: a.open.ID})
		if _, err := a.svc.UpdateClaim(ctx, editor, a.open.ID, claims.ClaimPatch{Status: ptr("refuted"),
			Note: "Forensic report", Version: a.open.Version}); err != nil {
			t.Fatal(err)
		}
		now := a.clock.Now()
		rows, err := db.LeaseAlerts(ctx, "web-test", now, now.Add(time.Minute), 10)
		if err != nil || len(rows) != 3 {
			t.Fatalf("leased %d rows (%v), want 3", len(rows), err)
		}
		if _, err := db.MarkFailed(ctx, []int64{rows[0].ID}, "web-test", now, 550, "5.1.1 <a@example.org> user <b>unknown</b>"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MarkSent(ctx, []int64{rows[1].ID}, "web-test", now); err != nil {
			t.Fatal(err)
		}

		if res, _ := getPage(t, a.h, "/admin/alerts"); res.StatusCode != http.StatusSeeOther ||
			!strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("anonymous: %d to %q, want a redirect to sign in", res.StatusCode, res.Header.Get("Location"))
		}
		ed := loginAs(t, a.h, a.auth, auth.RoleEditor)
		if res := serve(a.h, withCookie(httptest.NewRequest(http.MethodGet, "/admin/alerts", nil), ed)); res.StatusCode != http.StatusForbidden {
			t.Errorf("editor: %d, want 403", res.StatusCode)
		}
		admin := loginAs(t, a.h, a.auth, auth.RoleAdmin)
		res := serve(a.h, withCookie(httptest.NewRequest(http.MethodGet, "/admin/alerts", nil), admin))
		page := readAll(t, res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("admin: %d; body:\n%s", res.StatusCode, page)
		}
		counts := between(t, page, `id="outbox-counts"`, "</table>")
		for _, want := range []string{">Queued<", ">Sent<", ">Failed<", ">Cancelled<",
			`class="count-queued">1<`, `class="count-sent">1<`, `class="count-failed">1<`, `class="count-cancelled">0<`} {
			if !strings.Contains(counts, want) {
				t.Errorf("outbox counts lack %s:\n%s", want, counts)
			}
		}
		failures := between(t, page, `id="alert-failures"`, "</table>")
		for _, want := range []string{"<strong>550</strong>", "user &lt;b&gt;unknown&lt;/b&gt;", "The recording is authentic &lt;script&gt;"} {
			if !strings.Contains(failures, want) {
				t.Errorf("failures lack %s:\n%s", want, failures)
			}
		}
		followers := between(t, page, `id="alert-subscribers"`, "</table>")
		if !strings.Contains(followers, "Leaked audio &lt;script&gt;") || !strings.Contains(followers, "<td>2</td>") ||
			!strings.Contains(followers, "<td>1</td>") {
			t.Errorf("followers table:\n%s", followers)
		}
		if strings.Contains(page, "<b>unknown") {
			t.Error("the SMTP reply reached the page unescaped")
		}
		res = serve(a.h, withCookie(httptest.NewRequest(http.MethodGet, "/admin/users", nil), admin))
		if !strings.Contains(readAll(t, res.Body), `href="/admin/alerts"`) {
			t.Error("the admin pages do not link to /admin/alerts")
		}
	})
}

func TestSubscription_WithoutAlertsNoFormAndNoRoutes(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	_, story := f.get(t, "/stories/leaked-audio")
	if strings.Contains(story, `action="/subscriptions"`) || strings.Contains(story, "#follow") {
		t.Error("the story page offers alerts that are not enabled")
	}
	h := validateAPI(t, f.srv.Handler())
	if res := postForm(t, h, "/subscriptions", url.Values{"email": {"r@example.org"}, "story_slug": {"leaked-audio"}}, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("POST /subscriptions: %d, want 404", res.StatusCode)
	}
	if res, _ := postJSON(t, h, "/api/v1/subscriptions", `{"email":"r@example.org","story_slug":"leaked-audio"}`); res.StatusCode != http.StatusNotFound {
		t.Errorf("POST /api/v1/subscriptions: %d, want 404", res.StatusCode)
	}
	if res, _ := getPage(t, h, "/unsubscribe/whatever"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /unsubscribe: %d, want 404", res.StatusCode)
	}
}

func TestConfirmMail_EscapesUserTextInHTMLAndKeepsHeadersClean(t *testing.T) {
	a := newAlertsFixture(t, storetest.SQLite(t))
	m, err := a.srv.confirmMessage(&alerts.Confirmation{Email: "r@example.org", Token: "tok", ManageToken: "man",
		Expires: a.clock.Now().Add(alerts.ConfirmTTL),
		Target: alerts.Target{StoryID: 1, StorySlug: "s", StoryTitle: "Story <i>x</i>", ClaimID: 7,
			ClaimText: "Claim <script>alert(1)</script>\r\nBcc: victim@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, "<script>") || !strings.Contains(m.HTML, "Claim &lt;script&gt;") || strings.Contains(m.HTML, "<i>x") {
		t.Errorf("HTML part does not escape the claim and story:\n%s", m.HTML)
	}
	for _, want := range []string{"https://claims.example.org/subscriptions/confirm/tok", "https://claims.example.org/subscriptions/manage/man",
		"https://claims.example.org/claims/7"} {
		if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
			t.Errorf("mail lacks %s", want)
		}
	}
	// Sent for real, the CR/LF in the subject adds no header.
	if err := a.mailer.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := a.smtp.WaitFor(t, 1)[0].Header()
	if got.Get("Bcc") != "" || !strings.Contains(got.Get("Subject"), "Bcc: victim@example.org") {
		t.Errorf("headers after a CR/LF in the claim: Bcc %q, Subject %q", got.Get("Bcc"), got.Get("Subject"))
	}
}
