package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// effects are what a request set off besides its answer, read from the
// database and the claims service's after-commit signal (pocketbase's
// ApiScenario asserts ExpectedEvents the same way).
type effects struct {
	alerts   int    // alert outbox rows queued
	webhooks int    // webhook deliveries queued
	drops    string // stories whose pages were dropped from the cache, by slug, comma-separated
}

// scenarioFixture is the reader fixture with every follower of a write
// wired in: a reader following the open claim, a webhook endpoint asking
// for resolutions, and the page-cache signal recorded.
type scenarioFixture struct {
	*alertsFixture
	token string // an editor's API token

	mu      sync.Mutex
	dropped []int64
}

func newScenarioFixture(t *testing.T, db *store.DB) *scenarioFixture {
	t.Helper()
	s := &scenarioFixture{alertsFixture: newAlertsFixture(t, db)}
	ctx := context.Background()
	s.follow(t, alerts.SubscribeRequest{Email: "reader@example.org", ClaimID: s.open.ID})
	hooks := webhooks.NewService(db, s.svc, webhooks.Options{BaseURL: "https://claims.example.org"})
	if _, err := hooks.CreateEndpoint(ctx, editor, "https://hooks.example.org/claimtrack", []string{webhooks.KindClaimResolved}); err != nil {
		t.Fatal(err)
	}
	ed := createTestUser(t, s.auth, auth.RoleEditor)
	token, _, err := s.auth.CreateToken(ctx, ed.ID, "scenarios")
	if err != nil {
		t.Fatal(err)
	}
	s.token = token
	s.svc.OnStoryChanged(func(ch claims.StoryChange) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.dropped = append(s.dropped, ch.StoryID)
	})
	return s
}

// queued counts the rows waiting in the two outboxes.
func (s *scenarioFixture) queued(t *testing.T) (alertRows, deliveries int) {
	t.Helper()
	backlogs, err := s.db.OutboxBacklogs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range backlogs {
		switch b.Table {
		case "alert_outbox":
			alertRows = int(b.Queued)
		case "webhook_deliveries":
			deliveries = int(b.Queued)
		}
	}
	return alertRows, deliveries
}

// droppedSlugs names the stories dropped since the last call.
func (s *scenarioFixture) droppedSlugs() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var slugs []string
	for _, id := range s.dropped {
		for _, st := range []struct {
			id   int64
			slug string
		}{{s.story.ID, s.story.Slug}, {s.draft.ID, s.draft.Slug}} {
			if st.id == id && !slices.Contains(slugs, st.slug) {
				slugs = append(slugs, st.slug)
			}
		}
	}
	s.dropped = nil
	return strings.Join(slugs, ",")
}

// TestScenarios_WritesSetOffTheirFollowersAndRefusalsNothing runs requests
// against a fresh database each and asserts the answer and what it set off:
// alerts for followers, webhook deliveries, cache drops. A refused request
// sets off nothing.
func TestScenarios_WritesSetOffTheirFollowersAndRefusalsNothing(t *testing.T) {
	type scenario struct {
		name   string
		method string
		url    func(s *scenarioFixture) string
		body   func(s *scenarioFixture) string
		anon   bool // no API token
		status int
		want   string // in the body
		effects
	}
	claimURL := func(c func(s *scenarioFixture) int64) func(s *scenarioFixture) string {
		return func(s *scenarioFixture) string { return fmt.Sprintf("/api/v1/claims/%d", c(s)) }
	}
	open := func(s *scenarioFixture) int64 { return s.open.ID }
	resolve := func(s *scenarioFixture) string {
		return fmt.Sprintf(`{"status":"confirmed","note":"Two labs agree","version":%d}`, s.open.Version)
	}
	scenarios := []scenario{
		{name: "a reader reads a story", method: http.MethodGet,
			url:    func(s *scenarioFixture) string { return "/stories/" + s.story.Slug },
			status: http.StatusOK, want: "What remains unresolved", anon: true},
		{name: "an editor resolves a followed claim", method: http.MethodPatch, url: claimURL(open), body: resolve,
			status: http.StatusOK, want: `"status":"confirmed"`, effects: effects{alerts: 1, webhooks: 1, drops: "leaked-audio"}},
		{name: "a stale version is refused", method: http.MethodPatch, url: claimURL(open),
			body: func(s *scenarioFixture) string {
				return fmt.Sprintf(`{"status":"confirmed","note":"Two labs agree","version":%d}`, s.open.Version-1)
			},
			status: http.StatusConflict, want: `"conflict"`},
		{name: "a status change without a note is refused", method: http.MethodPatch, url: claimURL(open),
			body: func(s *scenarioFixture) string {
				return fmt.Sprintf(`{"status":"confirmed","version":%d}`, s.open.Version)
			},
			status: http.StatusUnprocessableEntity, want: `"note"`},
		{name: "a status that does not exist is refused", method: http.MethodPatch, url: claimURL(open),
			body: func(s *scenarioFixture) string {
				return fmt.Sprintf(`{"status":"rumoured","note":"x","version":%d}`, s.open.Version)
			},
			status: http.StatusUnprocessableEntity, want: `"status"`},
		{name: "an anonymous write is refused", method: http.MethodPatch, url: claimURL(open), body: resolve, anon: true,
			status: http.StatusUnauthorized},
		{name: "evidence on a followed claim alerts nobody", method: http.MethodPost,
			url: func(s *scenarioFixture) string { return fmt.Sprintf("/api/v1/claims/%d/evidence", s.open.ID) },
			body: func(*scenarioFixture) string {
				return `{"summary":"A third lab is testing the clip","stance":"context"}`
			},
			status: http.StatusCreated, effects: effects{drops: "leaked-audio"}},
		{name: "resolving a claim in a draft story alerts nobody", method: http.MethodPatch,
			url: claimURL(func(s *scenarioFixture) int64 { return s.hidden.ID }),
			body: func(s *scenarioFixture) string {
				return fmt.Sprintf(`{"status":"refuted","note":"Never happened","version":%d}`, s.hidden.Version)
			},
			status: http.StatusOK, effects: effects{drops: "draft-story"}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				s := newScenarioFixture(t, db)
				alertsBefore, hooksBefore := s.queued(t)
				s.droppedSlugs()
				var body *strings.Reader
				if sc.body != nil {
					body = strings.NewReader(sc.body(s))
				} else {
					body = strings.NewReader("")
				}
				req := httptest.NewRequest(sc.method, sc.url(s), body)
				if sc.body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				if !sc.anon {
					req.Header.Set("Authorization", "Bearer "+s.token)
				}
				res := serve(s.h, req)
				got := readAll(t, res.Body)
				if res.StatusCode != sc.status || !strings.Contains(got, sc.want) {
					t.Fatalf("%s %s = %d, want %d with %q:\n%s", sc.method, req.URL, res.StatusCode, sc.status, sc.want, got)
				}
				alertsAfter, hooksAfter := s.queued(t)
				gotEffects := effects{alerts: alertsAfter - alertsBefore, webhooks: hooksAfter - hooksBefore, drops: s.droppedSlugs()}
				if gotEffects != sc.effects {
					t.Errorf("set off %+v, want %+v", gotEffects, sc.effects)
				}
			})
		})
	}
}
