package app

import (
	"context"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
)

// --- ecosystem: paste an article ---

// pasteTimeout bounds a paste, a polite wait for the host included, well
// inside the server's write timeout: the editor gets "did not answer in
// time" rather than a cut connection.
const pasteTimeout = 20 * time.Second

// articleReader reads the article an editor pasted, through the same
// guarded client as the re-checker: private addresses stay refused unless
// CLAIMTRACK_ALLOW_PRIVATE_SOURCES is on, and the body is capped.
type articleReader struct {
	client *fetch.Client
}

// ReadArticle fetches url and reads what its page says about itself. A
// failed fetch returns the fetch error (its kind says why, for the editor
// page to explain); a page that is not HTML or answers with an error
// status is EINVALID (field "url").
func (r articleReader) ReadArticle(ctx context.Context, url string) (claims.SourceDraft, error) {
	ctx, cancel := context.WithTimeout(ctx, pasteTimeout)
	defer cancel()
	res, err := r.client.Get(ctx, url, fetch.Conditional{})
	if err != nil {
		return claims.SourceDraft{}, err
	}
	switch {
	case extract.BotWall(res.StatusCode, res.Header, res.Body):
		return claims.SourceDraft{}, claims.Invalid("url", "the site showed a bot check instead of the article; enter the source by hand on the claim's page")
	case res.StatusCode >= 400:
		return claims.SourceDraft{}, claims.Invalid("url", "the site answered %d %s; nothing was read", res.StatusCode, http.StatusText(res.StatusCode))
	case !isHTML(res.ContentType, res.Body):
		mt, _, _ := mime.ParseMediaType(res.ContentType)
		return claims.SourceDraft{}, claims.Invalid("url", "the address is not a web page (it serves %q); only HTML articles can be read", mt)
	}
	m := extract.Article(res.Body, res.FinalURL)
	return claims.SourceDraft{Pasted: url, URL: res.FinalURL, Canonical: m.Canonical, Title: m.Title, Outlet: m.Outlet,
		Author: m.Author(), Published: m.Published, Description: m.Description, PublisherType: m.PublisherType}, nil
}

// isHTML trusts a declared type and sniffs only when none is declared.
func isHTML(contentType string, body []byte) bool {
	if strings.TrimSpace(contentType) == "" {
		contentType = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}
