package web

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

func TestMetrics_RequestsAreCountedByRoutePatternNotByPath(t *testing.T) {
	db := storetest.SQLite(t)
	svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	st := must(svc.CreateStory(t.Context(), claims.ActorDemo, claims.NewStory{Slug: "vote", Title: "Vote", Published: true}))(t)
	c := must(svc.AddClaim(t.Context(), claims.ActorDemo, st.ID, claims.NewClaim{Text: "It passed"}))(t)
	// With accounts on, as in the app: the metrics token is not an API token.
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	h := New(Options{Service: svc, Auth: asvc, Logger: slog.New(slog.DiscardHandler), Metrics: metrics.New(), MetricsToken: "tok"}).Handler()

	for _, target := range []string{site.ClaimURL(c.ID), site.ClaimURL(c.ID), "/claims/999999", "/no/such/page", "/stories/vote"} {
		serve(h, mustRequest(t, http.MethodGet, target))
	}
	for _, m := range []string{"BOGUSA", "BOGUSB"} {
		serve(h, mustRequest(t, m, "/stories/vote"))
	}
	if res := serve(h, mustRequest(t, http.MethodGet, "/metrics")); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("/metrics without the token: %d, want 401", res.StatusCode)
	}
	req := mustRequest(t, http.MethodGet, "/metrics")
	req.Header.Set("Authorization", "Bearer tok")
	res := serve(h, req)
	body := readAll(t, res.Body)
	for _, want := range []string{
		`claimtrack_http_requests_total{code="200",method="GET",route="/claims/:id"} 2`,
		`claimtrack_http_requests_total{code="404",method="GET",route="/claims/:id"} 1`,
		`claimtrack_http_requests_total{code="200",method="GET",route="/stories/:slug"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics with the token: %d", res.StatusCode)
	}
	if strings.Contains(body, `route="/claims/999999"`) || strings.Contains(body, `route="/no/such/page"`) {
		t.Error("a request path became a label: every id would make a new series")
	}
	if strings.Contains(body, "BOGUS") || !strings.Contains(body, `method="other"`) {
		t.Error("a client's made-up method became a label of its own")
	}
}

func TestMetrics_WithoutATokenServedOnlyWhenTheListenerIsLoopback(t *testing.T) {
	db := storetest.SQLite(t)
	svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	for _, tt := range []struct {
		open bool
		want int
	}{{false, http.StatusUnauthorized}, {true, http.StatusOK}} {
		h := New(Options{Service: svc, Metrics: metrics.New(), MetricsOpen: tt.open}).Handler()
		res := serve(h, mustRequest(t, http.MethodGet, "/metrics"))
		body := readAll(t, res.Body)
		if res.StatusCode != tt.want {
			t.Errorf("loopback-only %v, no token: /metrics %d, want %d", tt.open, res.StatusCode, tt.want)
		}
		if !tt.open && (strings.Contains(body, "claimtrack_") || !strings.Contains(body, "CLAIMTRACK_METRICS_TOKEN")) {
			t.Errorf("the refusal shows metrics or does not say what to set:\n%s", body)
		}
	}
}
