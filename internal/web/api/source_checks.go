package api

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SourceChecks returns a source's checks newest first, paged, for
// editors. 404 for an unknown source.
func (h *Handler) SourceChecks(c echo.Context) error {
	return httpx.ListJSON(c, httpx.WritePrivateJSON, h.Sources.SourceCheckHistory, func(r claims.CheckRecord) int64 { return r.ID }, toAPICheck)
}

// Check is one check of a source as the API shows it.
type Check struct {
	ID             int64     `json:"id"`
	SourceID       int64     `json:"source_id"`
	At             time.Time `json:"at"`
	State          string    `json:"state"`
	StatusCode     int       `json:"status_code"`
	FinalURL       string    `json:"final_url"`
	RemoteAddr     string    `json:"remote_addr"`
	ContentType    string    `json:"content_type"`
	DurationMS     int64     `json:"duration_ms"`
	ETag           string    `json:"etag"`
	LastModified   string    `json:"last_modified"`
	Title          string    `json:"title"`
	Canonical      string    `json:"canonical"`
	ExtractVersion int       `json:"extract_version"`
	TextHash       string    `json:"text_hash"`
	Error          string    `json:"error"`
	// Finding is "bot_wall" or "soft_404" when an answer that looked fine
	// was not taken as the page.
	Finding string `json:"finding"`
	// Truncated says the body passed the size cap and only its start was
	// read.
	Truncated bool `json:"truncated"`
}

func toAPICheck(r claims.CheckRecord) Check {
	return Check{
		ID: r.ID, SourceID: r.SourceID, At: httpx.UTC(r.At), State: string(r.State), StatusCode: r.StatusCode,
		FinalURL: r.FinalURL, RemoteAddr: r.RemoteAddr, ContentType: r.ContentType, DurationMS: r.Duration.Milliseconds(),
		ETag: r.ETag, LastModified: r.LastModified, Title: r.Title, Canonical: r.Canonical,
		ExtractVersion: r.ExtractVersion, TextHash: r.TextHash, Error: r.Error,
		Finding: r.Finding, Truncated: r.Truncated,
	}
}
