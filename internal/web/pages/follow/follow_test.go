package follow

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

var story = alerts.Target{StoryID: 1, StorySlug: "water-bill", StoryTitle: "The water bill"}

// fakeAlerts knows one live token, "live"; every other token is unknown.
type fakeAlerts struct {
	subscribed []alerts.SubscribeRequest
	refuse     error
	ended      []int64
}

func (f *fakeAlerts) Subscribe(_ context.Context, r alerts.SubscribeRequest) error {
	if f.refuse != nil {
		return f.refuse
	}
	f.subscribed = append(f.subscribed, r)
	return nil
}

func tokenRefused() error {
	return &claims.Error{Code: claims.EINVALID, Message: "this link has expired", Fields: map[string]string{"token": "expired"}}
}

func (f *fakeAlerts) PendingConfirmation(_ context.Context, token string) (*alerts.Target, error) {
	if token != "live" {
		return nil, tokenRefused()
	}
	return &story, nil
}

func (f *fakeAlerts) Confirm(ctx context.Context, token string) (*alerts.Target, string, error) {
	t, err := f.PendingConfirmation(ctx, token)
	return t, "manage-1", err
}

func (f *fakeAlerts) Manage(_ context.Context, token string) (*alerts.Mailbox, error) {
	if token != "live" {
		return nil, tokenRefused()
	}
	return &alerts.Mailbox{Email: "r@example.org", ManageToken: token}, nil
}

func (f *fakeAlerts) EndFromManage(_ context.Context, token string, id int64) error {
	if token != "live" {
		return tokenRefused()
	}
	f.ended = append(f.ended, id)
	return nil
}

func (f *fakeAlerts) DeleteAddress(context.Context, string) error { return nil }

func (f *fakeAlerts) UnsubscribeInfo(_ context.Context, token string) (*alerts.Unsubscription, error) {
	if token != "live" {
		return nil, claims.Errorf(claims.ENOTFOUND, "there is no such unsubscribe link")
	}
	return &alerts.Unsubscription{Target: story, Email: "r@example.org"}, nil
}

func (f *fakeAlerts) Unsubscribe(ctx context.Context, token string) (*alerts.Unsubscription, error) {
	u, err := f.UnsubscribeInfo(ctx, token)
	if err == nil {
		u.Ended, u.ManageToken = true, "manage-2"
	}
	return u, err
}

func serve(t *testing.T) (*pagetest.Server, *fakeAlerts) {
	t.Helper()
	f := &fakeAlerts{}
	h := &Handler{Chrome: pagetest.Chrome(), Alerts: f, Subscriber: f}
	s := pagetest.New(nil)
	reads := []string{http.MethodGet, http.MethodHead}
	s.POST("/subscriptions", h.SubscriptionCreate)
	s.Match(reads, "/subscriptions/confirm/:token", h.ConfirmShow)
	s.POST("/subscriptions/confirm/:token", h.ConfirmCreate)
	s.Match(reads, "/subscriptions/manage/:token", h.ManageShow)
	s.POST("/subscriptions/manage/:token/end/:id", h.ManageEnd)
	s.Match(reads, "/unsubscribe/:token", h.UnsubscribeShow)
	s.POST("/unsubscribe/:token", h.UnsubscribeCreate)
	return s, f
}

func TestTokenPages_KeepNoCacheAndSendNoReferrer(t *testing.T) {
	s, _ := serve(t)
	for _, target := range []string{"/subscriptions/confirm/live", "/subscriptions/manage/live", "/unsubscribe/live"} {
		w := s.Do(t, http.MethodGet, target, nil)
		if w.Code != http.StatusOK {
			t.Errorf("%s = %d", target, w.Code)
		}
		if got := w.Header().Get("Cache-Control"); got != "private, no-store" {
			t.Errorf("%s Cache-Control = %q", target, got)
		}
		if got := w.Header().Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("%s Referrer-Policy = %q", target, got)
		}
	}
}

func TestTokenPages_AnswerUnknownAndUsedLinks(t *testing.T) {
	s, _ := serve(t)
	cases := []struct {
		method, target string
		status         int
		heading        string
	}{
		{http.MethodGet, "/subscriptions/confirm/used", http.StatusGone, "This link no longer works"},
		{http.MethodPost, "/subscriptions/confirm/used", http.StatusGone, "This link no longer works"},
		{http.MethodGet, "/subscriptions/manage/used", http.StatusGone, "This link no longer works"},
		{http.MethodGet, "/unsubscribe/nope", http.StatusNotFound, "This link is not valid"},
		{http.MethodPost, "/unsubscribe/nope", http.StatusNotFound, "This link is not valid"},
	}
	for _, tc := range cases {
		w := s.Do(t, tc.method, tc.target, url.Values{})
		if w.Code != tc.status {
			t.Errorf("%s %s = %d, want %d", tc.method, tc.target, w.Code, tc.status)
			continue
		}
		if got := pagetest.Text(pagetest.Doc(t, w), "h1"); got != tc.heading {
			t.Errorf("%s %s heading = %q, want %q", tc.method, tc.target, got, tc.heading)
		}
	}
}

func TestUnsubscribe_ShowingChangesNothingAndPostingEnds(t *testing.T) {
	s, _ := serve(t)
	d := pagetest.Doc(t, s.Do(t, http.MethodGet, "/unsubscribe/live", nil))
	if pagetest.Text(d, "h1") != "Unsubscribe" || d.Find(`form[action="/unsubscribe/live"]`).Length() != 1 {
		t.Fatalf("the page offers no button: %q", pagetest.Text(d, "h1"))
	}
	w := s.Do(t, http.MethodPost, "/unsubscribe/live", url.Values{})
	if w.Code != http.StatusOK {
		t.Fatalf("one-click unsubscribe = %d, want 200", w.Code)
	}
	d = pagetest.Doc(t, w)
	if got := pagetest.Text(d, "h1"); got != "You're unsubscribed" {
		t.Errorf("heading = %q", got)
	}
	if d.Find(`a[href="/subscriptions/manage/manage-2"]`).Length() != 1 {
		t.Error("no link to manage the address's other subscriptions")
	}
}

func TestManageEnd_RedirectsBackAndNeedsANumericID(t *testing.T) {
	s, f := serve(t)
	w := s.Do(t, http.MethodPost, "/subscriptions/manage/live/end/4", url.Values{})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/subscriptions/manage/live?done=ended" {
		t.Fatalf("end = %d to %q", w.Code, w.Header().Get("Location"))
	}
	if len(f.ended) != 1 || f.ended[0] != 4 {
		t.Errorf("ended = %v", f.ended)
	}
	if w := s.Do(t, http.MethodPost, "/subscriptions/manage/live/end/x", url.Values{}); w.Code != http.StatusBadRequest {
		t.Errorf("bad id = %d, want 400", w.Code)
	}
}

func TestSubscriptionCreate_RefusedAddressIsShownAgainWith422(t *testing.T) {
	s, f := serve(t)
	f.refuse = &claims.Error{Code: claims.EINVALID, Message: "that is not an email address", Fields: map[string]string{"email": "not an address"}}
	w := s.Do(t, http.MethodPost, "/subscriptions", url.Values{"email": {"nobody"}, "story_slug": {"water-bill"}})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422", w.Code)
	}
	d := pagetest.Doc(t, w)
	if v, _ := d.Find(`input[name="email"]`).Attr("value"); v != "nobody" {
		t.Errorf("address refilled = %q", v)
	}
	if got := pagetest.Text(d, "#follow-email + .ed-field-error"); got != "not an address" {
		t.Errorf("field error = %q", got)
	}
	if w := s.Do(t, http.MethodPost, "/subscriptions", url.Values{"email": {"r@example.org"}, "claim_id": {"-1"}}); w.Code != http.StatusBadRequest {
		t.Errorf("bad claim_id = %d, want 400", w.Code)
	}

	f.refuse = nil
	w = s.Do(t, http.MethodPost, "/subscriptions", url.Values{"email": {" r@example.org "}, "claim_id": {"9"}})
	if w.Code != http.StatusOK {
		t.Fatalf("subscribe = %d", w.Code)
	}
	if got := pagetest.Text(pagetest.Doc(t, w), "strong"); got != "r@example.org" {
		t.Errorf("address shown = %q", got)
	}
	if len(f.subscribed) != 1 || f.subscribed[0].ClaimID != 9 {
		t.Errorf("subscribed = %+v", f.subscribed)
	}
}
