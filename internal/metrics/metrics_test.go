package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func scrape(t *testing.T, h http.Handler, auth string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

func TestMetrics_RecordedValuesAreServedInPrometheusFormat(t *testing.T) {
	m := New()
	m.HTTP("/claims/:id", "GET", 200, 3*time.Millisecond)
	m.HTTP("/claims/:id", "GET", 200, 4*time.Millisecond)
	m.HTTP("", "GET", 404, time.Millisecond)
	m.Check("live", 120*time.Millisecond)
	m.Check("error", 0)
	m.Sweep(2 * time.Second)
	code, body := scrape(t, m.Handler(""), "")
	for _, want := range []string{
		`claimtrack_http_requests_total{code="200",method="GET",route="/claims/:id"} 2`,
		`claimtrack_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`claimtrack_http_request_duration_seconds_count{method="GET",route="/claims/:id"} 2`,
		`claimtrack_source_checks_total{outcome="live"} 1`,
		`claimtrack_source_checks_total{outcome="error"} 1`,
		`claimtrack_source_fetch_duration_seconds_count 1`,
		`claimtrack_recheck_sweep_duration_seconds_count 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics (%d) lack %q", code, want)
		}
	}
}

func TestMetrics_ATokenGuardsTheEndpoint(t *testing.T) {
	h := New().Handler("s3cret-token")
	for _, auth := range []string{"", "Bearer wrong", "s3cret-token", "Basic czNjcmV0LXRva2Vu"} {
		if code, _ := scrape(t, h, auth); code != http.StatusUnauthorized {
			t.Errorf("Authorization %q: %d, want 401", auth, code)
		}
	}
	if code, body := scrape(t, h, "Bearer s3cret-token"); code != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("with the token: %d", code)
	}
}

func TestMetrics_DeliveriesAndOutboxBacklogs(t *testing.T) {
	m := New()
	m.Delivery("email", "sent", 3)
	m.Delivery("webhook", "retry", 1)
	m.Delivery("webhook", "sent", 0) // nothing settled: no series
	m.WatchOutboxes(func() ([]OutboxDepth, error) {
		return []OutboxDepth{{Kind: "email", Queued: 7, Oldest: 90 * time.Second}, {Kind: "webhook"}}, nil
	})
	_, body := scrape(t, m.Handler(""), "")
	for _, want := range []string{
		`claimtrack_deliveries_total{kind="email",outcome="sent"} 3`,
		`claimtrack_deliveries_total{kind="webhook",outcome="retry"} 1`,
		`claimtrack_outbox_depth{kind="email"} 7`,
		`claimtrack_outbox_oldest_seconds{kind="email"} 90`,
		`claimtrack_outbox_depth{kind="webhook"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, `outcome="sent",kind="webhook"`) || strings.Contains(body, `claimtrack_deliveries_total{kind="webhook",outcome="sent"}`) {
		t.Error("a delivery of 0 rows made a series")
	}
}
