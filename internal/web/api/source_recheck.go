package api

import (
	"context"
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SourceChecker checks one source now and records what it found.
type SourceChecker interface {
	CheckOne(ctx context.Context, sourceID int64) (*recheck.Result, error)
}

// SourceRecheck checks a source now, due or not, and returns what the
// check found. 404 for an unknown source, 422 for one without a URL, 409
// while another check of it runs.
func (h *Handler) SourceRecheck(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	if h.Rechecker == nil {
		return httpx.Off("Source checks")
	}
	res, err := h.Rechecker.CheckOne(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, toAPIRecheckResult(res))
}

// RecheckResult is what one check found, as the API shows it.
type RecheckResult struct {
	SourceID    int64     `json:"source_id"`
	URL         string    `json:"url"`
	State       string    `json:"state"`
	Events      []string  `json:"events"`
	StatusCode  int       `json:"status_code,omitempty"`
	FinalURL    string    `json:"final_url,omitempty"`
	Error       string    `json:"error,omitempty"`
	TextHash    string    `json:"text_hash,omitempty"`
	DurationMS  int64     `json:"duration_ms"`
	NextCheckAt time.Time `json:"next_check_at"`
	CheckedAt   time.Time `json:"checked_at"`
}

func toAPIRecheckResult(r *recheck.Result) RecheckResult {
	events := make([]string, len(r.Events))
	for i, k := range r.Events {
		events[i] = string(k)
	}
	return RecheckResult{
		SourceID: r.SourceID, URL: r.URL, State: string(r.State), Events: events,
		StatusCode: r.StatusCode, FinalURL: r.FinalURL, Error: r.Error, TextHash: r.TextHash,
		DurationMS: r.Duration.Milliseconds(), NextCheckAt: r.NextCheckAt.UTC(), CheckedAt: r.CheckedAt.UTC(),
	}
}
