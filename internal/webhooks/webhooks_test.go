package webhooks_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

var editor = claims.Actor{UserID: 0, Name: "Dana Editor"}

// receiver is a webhook endpoint on loopback that records what it gets and
// answers with the status its answer func gives.
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []post
	answer func(n int) int
}

type post struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, answer func(n int) int) *receiver {
	r := &receiver{answer: answer}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, post{header: req.Header.Clone(), body: b})
		n := len(r.got)
		r.mu.Unlock()
		code := r.answer(n)
		w.WriteHeader(code)
		fmt.Fprintf(w, "answer %d", code)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) posts() []post {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]post(nil), r.got...)
}

type fixture struct {
	t      *testing.T
	clock  *clocktest.Clock
	svc    *claims.Service
	hooks  *webhooks.Service
	story  *claims.Story
	claim  *claims.Claim
	dialed []string
	mu     sync.Mutex
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	f := &fixture{t: t, clock: clocktest.New(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))}
	f.svc = claims.NewService(db, claims.DefaultVocabulary(), f.clock.Now)
	f.hooks = webhooks.NewService(db, f.svc, webhooks.Options{BaseURL: "https://claims.example.org", AllowHTTP: true})
	ctx := context.Background()
	var err error
	if f.story, err = f.svc.CreateStory(ctx, editor, claims.NewStory{Slug: "metro", Title: "Flooded metro", Published: true}); err != nil {
		t.Fatal(err)
	}
	if f.claim, err = f.svc.AddClaim(ctx, editor, f.story.ID, claims.NewClaim{Text: "The pumps failed", Status: "unverified"}); err != nil {
		t.Fatal(err)
	}
	return f
}

// client is the guarded client; allowPrivate is what a test of loopback
// receivers needs. Every dial is recorded and anything but loopback is
// refused, so a broken rule can never send a test's traffic elsewhere.
func (f *fixture) client(allowPrivate bool, resolve map[string]string) *fetch.Client {
	return fetch.New(fetch.Options{
		AllowPrivate: allowPrivate,
		Timeout:      5 * time.Second,
		Resolver: func(ctx context.Context, host string) ([]netip.Addr, error) {
			if a, ok := resolve[host]; ok {
				return []netip.Addr{netip.MustParseAddr(a)}, nil
			}
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		},
		DialHook: func(network, addr string) error {
			f.mu.Lock()
			f.dialed = append(f.dialed, addr)
			f.mu.Unlock()
			host, _, _ := net.SplitHostPort(addr)
			if ip, err := netip.ParseAddr(host); err != nil || !ip.IsLoopback() {
				return fmt.Errorf("test dial hook: %s is not loopback", addr)
			}
			return nil
		},
	})
}

func (f *fixture) setStatus(to, note string) {
	f.t.Helper()
	c, err := f.svc.UpdateClaim(context.Background(), editor, f.claim.ID, claims.ClaimPatch{Status: &to, Note: note, Version: f.claim.Version})
	if err != nil {
		f.t.Fatal(err)
	}
	f.claim = c
}

func (f *fixture) endpoint(url string, kinds ...string) *webhooks.Endpoint {
	f.t.Helper()
	e, err := f.hooks.CreateEndpoint(context.Background(), editor, url, kinds)
	if err != nil {
		f.t.Fatal(err)
	}
	return e
}

func (f *fixture) log(id int64) []webhooks.Delivery {
	f.t.Helper()
	_, log, err := f.hooks.Endpoint(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return log
}

func TestWebhooks_EachEventArrivesOnceSigned(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rcv := newReceiver(t, func(int) int { return http.StatusNoContent })
		ep := f.endpoint(rcv.srv.URL+"/hooks", "status_changed", webhooks.KindClaimResolved)
		other := f.endpoint(rcv.srv.URL+"/evidence-only", "evidence_added")
		if !strings.HasPrefix(ep.Secret, "whsec_") || len(ep.Secret) < 40 {
			t.Fatalf("secret %q", ep.Secret)
		}

		f.setStatus("confirmed", "Maintenance log published")
		if _, err := f.svc.AddNote(context.Background(), editor, f.claim.ID, "internal only"); err != nil {
			t.Fatal(err)
		}
		w := f.hooks.NewWorker(webhooks.WorkerOptions{Client: f.client(true, nil)})
		n, err := w.RunOnce(context.Background())
		if err != nil || n != 2 {
			t.Fatalf("RunOnce settled %d, %v; want 2 deliveries (status_changed and claim_resolved)", n, err)
		}
		if n, err := w.RunOnce(context.Background()); n != 0 || err != nil {
			t.Fatalf("second round settled %d, %v; want nothing left", n, err)
		}
		posts := rcv.posts()
		if len(posts) != 2 {
			t.Fatalf("receiver got %d posts, want 2", len(posts))
		}
		kinds := map[string]bool{}
		for _, p := range posts {
			if err := webhooks.Verify(ep.Secret, p.header.Get(webhooks.HeaderSignature), p.body, f.clock.Now(), 5*time.Minute); err != nil {
				t.Errorf("signature: %v", err)
			}
			if err := webhooks.Verify(other.Secret, p.header.Get(webhooks.HeaderSignature), p.body, f.clock.Now(), 5*time.Minute); err == nil {
				t.Error("a delivery verified with another endpoint's secret")
			}
			var b map[string]any
			if err := json.Unmarshal(p.body, &b); err != nil {
				t.Fatalf("body %s: %v", p.body, err)
			}
			kind := p.header.Get(webhooks.HeaderEvent)
			kinds[kind] = true
			if b["kind"] != kind || b["to_status"] != "confirmed" || b["from_status"] != "unverified" ||
				b["note"] != "Maintenance log published" || b["claim_url"] != fmt.Sprintf("https://claims.example.org/claims/%d", f.claim.ID) {
				t.Errorf("body %s", p.body)
			}
			if p.header.Get("Content-Type") != "application/json" || p.header.Get(webhooks.HeaderDelivery) == "" {
				t.Errorf("headers %v", p.header)
			}
		}
		if !kinds["status_changed"] || !kinds[webhooks.KindClaimResolved] {
			t.Errorf("kinds delivered %v", kinds)
		}
		// A tampered body fails verification.
		if err := webhooks.Verify(ep.Secret, posts[0].header.Get(webhooks.HeaderSignature), append(posts[0].body, ' '), f.clock.Now(), 5*time.Minute); err == nil {
			t.Error("a tampered body verified")
		}
		for _, d := range f.log(ep.ID) {
			if d.State != webhooks.StateDelivered || d.LastStatus != http.StatusNoContent || d.Attempts != 1 {
				t.Errorf("log entry %+v", d)
			}
		}
		if log := f.log(other.ID); len(log) != 0 {
			t.Errorf("an endpoint that wants only evidence got %d deliveries", len(log))
		}
	})
}

func TestWebhooks_UnpublishedStoriesAndInternalEventsStayIn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rcv := newReceiver(t, func(int) int { return http.StatusOK })
		ep := f.endpoint(rcv.srv.URL, webhooks.Kinds()...)
		ctx := context.Background()
		draft, err := f.svc.CreateStory(ctx, editor, claims.NewStory{Slug: "draft", Title: "Draft"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddClaim(ctx, editor, draft.ID, claims.NewClaim{Text: "Secret claim"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddNote(ctx, editor, f.claim.ID, "internal only"); err != nil {
			t.Fatal(err)
		}
		if log := f.log(ep.ID); len(log) != 0 {
			t.Fatalf("queued %d deliveries for a draft story and an internal note: %+v", len(log), log)
		}
	})
}

func TestWebhooks_AFailingReceiverIsRetriedWithBackoff(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rcv := newReceiver(t, func(n int) int {
			if n <= 2 {
				return http.StatusInternalServerError
			}
			return http.StatusOK
		})
		ep := f.endpoint(rcv.srv.URL, "status_changed")
		f.setStatus("disputed", "Two engineers disagree")
		w := f.hooks.NewWorker(webhooks.WorkerOptions{Client: f.client(true, nil)})
		ctx := context.Background()
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		d := f.log(ep.ID)[0]
		if d.State != webhooks.StateQueued || d.Attempts != 1 || d.LastStatus != 500 || !strings.Contains(d.LastError, "HTTP 500") {
			t.Fatalf("after a 500: %+v", d)
		}
		if _, err := w.RunOnce(ctx); err != nil || len(rcv.posts()) != 1 {
			t.Fatalf("retried before the backoff: %d posts, %v", len(rcv.posts()), err)
		}
		f.clock.Advance(time.Minute)
		_, _ = w.RunOnce(ctx)
		f.clock.Advance(5 * time.Minute)
		_, _ = w.RunOnce(ctx)
		d = f.log(ep.ID)[0]
		if len(rcv.posts()) != 3 || d.State != webhooks.StateDelivered || d.Attempts != 3 || d.LastStatus != 200 {
			t.Fatalf("after 1 and 5 more minutes: %d posts, %+v; want delivered on the third", len(rcv.posts()), d)
		}
		ids := map[string]bool{}
		for _, p := range rcv.posts() {
			ids[p.header.Get(webhooks.HeaderDelivery)] = true
		}
		if len(ids) != 1 {
			t.Errorf("retries carried delivery ids %v; want one id for all", ids)
		}
	})
}

func TestWebhooks_PrivateAddressesAreRefusedUnlessAllowed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rcv := newReceiver(t, func(int) int { return http.StatusOK })
		literal := f.endpoint(rcv.srv.URL, "status_changed")
		// A name that resolves to a private address is refused at dial time,
		// after DNS; the dial hook would catch a rule that let it through.
		named := f.endpoint("http://hooks.newsroom.example:8080/in", "status_changed")
		f.setStatus("confirmed", "Log published")
		w := f.hooks.NewWorker(webhooks.WorkerOptions{Client: f.client(false, map[string]string{"hooks.newsroom.example": "10.20.30.40"})})
		if _, err := w.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, ep := range []*webhooks.Endpoint{literal, named} {
			d := f.log(ep.ID)[0]
			if d.State != webhooks.StateFailed || !strings.Contains(d.LastError, "refused") {
				t.Errorf("%s: %+v; want failed as refused", ep.URL, d)
			}
		}
		if len(rcv.posts()) != 0 || len(f.dialed) != 0 {
			t.Errorf("the receiver got %d posts and %v were dialed; want none", len(rcv.posts()), f.dialed)
		}
	})
}

func TestWebhooks_EndpointRules(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	strict := webhooks.NewService(db, svc, webhooks.Options{})
	ctx := context.Background()
	for _, c := range []struct {
		url   string
		kinds []string
		field string
	}{
		{"http://hooks.example.org/in", []string{"status_changed"}, "url"},
		{"https://user:pw@hooks.example.org/in", []string{"status_changed"}, "url"},
		{"hooks.example.org/in", []string{"status_changed"}, "url"},
		{"ftp://hooks.example.org/in", []string{"status_changed"}, "url"},
		{"https://hooks.example.org/in", nil, "kinds"},
		{"https://hooks.example.org/in", []string{"note_added"}, "kinds"},
	} {
		_, err := strict.CreateEndpoint(ctx, editor, c.url, c.kinds)
		var ce *claims.Error
		if !errors.As(err, &ce) || ce.Code != claims.EINVALID || ce.Fields[c.field] == "" {
			t.Errorf("CreateEndpoint(%q, %v) = %v; want EINVALID on %s", c.url, c.kinds, err, c.field)
		}
	}
	e, err := strict.CreateEndpoint(ctx, editor, "https://hooks.example.org/in#x", []string{"status_changed", "status_changed"})
	if err != nil || e.URL != "https://hooks.example.org/in" || len(e.Kinds) != 1 {
		t.Fatalf("CreateEndpoint = %+v, %v", e, err)
	}
	if err := strict.SetActive(ctx, editor, e.ID, false); err != nil {
		t.Fatal(err)
	}
	list, _ := strict.Endpoints(ctx)
	if len(list) != 1 || list[0].Active {
		t.Errorf("after switching off: %+v", list)
	}
}

func TestWebhooks_PrivateAndLoopbackEndpointsAreRefusedAtRegistration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Names resolve through the test's table, never DNS; nothing is
		// dialled at all (the hook records any try).
		checker := f.client(false, map[string]string{"hooks.example.org": "93.184.215.14", "intranet.example.org": "10.1.2.3"})
		hooks := webhooks.NewService(db, f.svc, webhooks.Options{Checker: checker})
		ctx := t.Context()
		for _, u := range []string{
			"https://127.0.0.1/in", "https://[::1]/in", "https://localhost/in", "https://10.0.0.5/in",
			"https://192.168.1.20/in", "https://169.254.169.254/latest", "https://[::ffff:127.0.0.1]/in",
			"https://2130706433/in", "https://intranet.example.org/in",
		} {
			_, err := hooks.CreateEndpoint(ctx, editor, u, []string{"status_changed"})
			var ce *claims.Error
			if !errors.As(err, &ce) || ce.Code != claims.EINVALID || !strings.Contains(ce.Fields["url"], "does not send webhooks there") {
				t.Errorf("CreateEndpoint(%q) = %v; want EINVALID on url saying why", u, err)
			}
		}
		if e, err := hooks.CreateEndpoint(ctx, editor, "https://hooks.example.org/in", []string{"status_changed"}); err != nil || e.ID == 0 {
			t.Errorf("a public endpoint: %+v, %v", e, err)
		}
		if list, err := hooks.Endpoints(ctx); err != nil || len(list) != 1 {
			t.Errorf("endpoints registered: %d, %v; want only the public one", len(list), err)
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if len(f.dialed) != 0 {
			t.Errorf("registration dialled %v; it must only resolve and check", f.dialed)
		}
	})
}

// panickyPoster panics on its first post, as a bug in a delivery would.
type panickyPoster struct {
	webhooks.Poster
	calls atomic.Int32
}

func (p *panickyPoster) Post(ctx context.Context, rawURL, contentType string, body []byte, header http.Header) (int, []byte, error) {
	if p.calls.Add(1) == 1 {
		panic("the client blew up")
	}
	return p.Poster.Post(ctx, rawURL, contentType, body, header)
}

func TestWebhooks_APanicInADeliveryLeavesTheWorkerRunningAndIsPostedAfterTheLease(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rcv := newReceiver(t, func(int) int { return http.StatusOK })
		ep := f.endpoint(rcv.srv.URL, "status_changed")
		f.setStatus("disputed", "Two engineers disagree")
		w := f.hooks.NewWorker(webhooks.WorkerOptions{Client: &panickyPoster{Poster: f.client(true, nil)}, Tuning: outbox.Tuning{Lease: time.Minute}})
		ctx := context.Background()
		if n, err := w.RunOnce(ctx); n != 0 || err != nil {
			t.Fatalf("the round that panicked: %d settled, %v", n, err)
		}
		if d := f.log(ep.ID)[0]; d.State != webhooks.StateQueued || len(rcv.posts()) != 0 {
			t.Fatalf("after the panic: %+v, %d posts; want it queued under its lease", d, len(rcv.posts()))
		}
		f.clock.Advance(time.Minute)
		if n, err := w.RunOnce(ctx); n != 1 || err != nil {
			t.Fatalf("after the lease: %d settled, %v", n, err)
		}
		if d := f.log(ep.ID)[0]; d.State != webhooks.StateDelivered || len(rcv.posts()) != 1 {
			t.Errorf("after the lease: %+v, %d posts; want delivered once", d, len(rcv.posts()))
		}
	})
}
