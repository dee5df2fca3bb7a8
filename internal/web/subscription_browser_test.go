package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestBrowser_ReaderFollowsConfirmsAndEndsBySubscription drives the alerts
// a reader clicks through in headless chromium: the follow form on the
// story page, the link from the confirmation mail (read from a real SMTP
// server), the Confirm button, the manage page's End button, and the
// unsubscribe page of a claim subscription.
func TestBrowser_ReaderFollowsConfirmsAndEndsBySubscription(t *testing.T) {
	browser := startBrowser(t)

	db := storetest.SQLite(t)
	ctx := context.Background()
	csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	asvc := alerts.NewService(db, csvc, 0)
	st := must(csvc.CreateStory(ctx, editor, claims.NewStory{Slug: "pier-fire", Title: "Fire at pier 4",
		Summary: "A warehouse fire closed the harbour overnight.", Published: true}))(t)
	cl := must(csvc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The fire started in the warehouse", Status: "investigating",
		WhatWouldSettle: "The fire service's report"}))(t)

	smtpSrv := mailtest.NewServer(t)
	dials := &loopbackDials{t: t}
	// The links in mail must point at this test server, which exists only
	// once started: the handler is set right after.
	var h http.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	mailer, err := mail.NewSMTP(smtpSrv.URL(), "claimtrack <claimtrack@localhost>", mail.Options{
		BaseURL: ts.URL, Timeout: 10 * time.Second, DialHook: dials.hook})
	if err != nil {
		t.Fatal(err)
	}
	h = newWithMail(t, db, mailer, nil, Options{Service: csvc, Alerts: asvc, BaseURL: ts.URL, Logger: slog.New(slog.DiscardHandler)}).Handler()

	b := tab{t: t, ctx: browser, base: ts.URL}
	b.do(chromedp.EmulateViewport(1280, 900))
	b.open("/stories/pier-fire")
	if !eval[bool](b, `!!document.querySelector("#unresolved ~ .follow-block #follow")`) {
		t.Error("the follow form does not come after the unresolved section")
	}
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#follow")))
	b.fill(map[string]string{"#follow-email": "reader@example.org"})
	b.screenshot("story-follow-form.png")
	b.submit("#follow", "/subscriptions")
	if got := eval[string](b, `document.querySelector("h1").innerText`); got != "Check your mail" {
		t.Fatalf("after following: heading %q", got)
	}

	confirmRE := regexp.MustCompile(regexp.QuoteMeta(ts.URL) + `(/subscriptions/confirm/[A-Za-z0-9_-]+)`)
	text, err := smtpSrv.WaitFor(t, 1)[0].Text()
	if err != nil {
		t.Fatal(err)
	}
	m := confirmRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no confirmation link in the mail:\n%s", text)
	}
	b.open(m[1])
	if !eval[bool](b, `document.body.innerText.includes("Fire at pier 4")`) {
		t.Error("the confirmation page does not name the story")
	}
	// The answer comes at the same address: wait for its heading.
	b.do(chromedp.Click(chromedp.CSS(`form[action^="/subscriptions/confirm/"] button[type="submit"]`)))
	waitHeading(b, "You're subscribed")

	b.do(chromedp.Click(chromedp.CSS(`a[href^="/subscriptions/manage/"]`)))
	b.waitURL("/subscriptions/manage/")
	manage := eval[string](b, `location.pathname`)
	token := strings.TrimPrefix(manage, "/subscriptions/manage/")
	if got := storyStatus(t, asvc, token); got != "active" {
		t.Fatalf("after confirming in the browser: %s, want active", got)
	}
	if !eval[bool](b, `document.querySelector(".follow-active") && document.body.innerText.includes("reader@example.org")`) {
		t.Error("the manage page does not show the active subscription and the address")
	}
	b.screenshot("subscription-manage.png")
	b.submit(`form[action*="/end/"]`, "done=ended")
	if !eval[bool](b, `!!document.querySelector(".follow-ended") && !document.querySelector('form[action*="/end/"]')`) {
		t.Error("after End the manage page does not show the subscription ended")
	}
	if got := storyStatus(t, asvc, token); got != "ended" {
		t.Errorf("after End: %s, want ended", got)
	}

	// A claim subscription, ended from the unsubscribe link every alert
	// carries.
	conf := must(asvc.Subscribe(ctx, alerts.SubscribeRequest{Email: "reader@example.org", ClaimID: cl.ID}))(t)
	if _, _, err := asvc.Confirm(ctx, conf.Token); err != nil {
		t.Fatal(err)
	}
	mb := must(asvc.Manage(ctx, token))(t)
	var unsub string
	for _, f := range mb.Following {
		if f.Target.ClaimID == cl.ID {
			sub := must(db.SubscriberByEmail(ctx, "reader@example.org"))(t)
			unsub = "/unsubscribe/" + storetest.UnsubscribeToken(t, db, sub.ID, f.SubscriptionID)
		}
	}
	b.open(unsub)
	b.do(chromedp.Click(chromedp.CSS(`form[action^="/unsubscribe/"] button[type="submit"]`)))
	waitHeading(b, "You're unsubscribed")
	b.screenshot("unsubscribed.png")
	mb = must(asvc.Manage(ctx, token))(t)
	for _, f := range mb.Following {
		if f.Status != "ended" {
			t.Errorf("%+v still %s after both were ended in the browser", f.Target, f.Status)
		}
	}
}

// waitHeading waits until the tab shows a fully loaded page whose h1 is
// want.
func waitHeading(b tab, want string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.readyState + " " + (document.querySelector("h1")?.innerText ?? "")`))
		if err == nil {
			last = s
			if s == "complete "+want {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("waiting for the heading %q: %q", want, last)
}

// storyStatus is the status of the address's story subscription.
func storyStatus(t *testing.T, svc *alerts.Service, manageToken string) string {
	t.Helper()
	mb := must(svc.Manage(context.Background(), manageToken))(t)
	for _, f := range mb.Following {
		if f.Target.ClaimID == 0 {
			return f.Status
		}
	}
	return "none"
}
