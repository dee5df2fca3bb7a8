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
	"github.com/claimtrack/claimtrack/internal/search"
)

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
	res, m, err := r.read(ctx, url)
	if err != nil {
		return claims.SourceDraft{}, err
	}
	return claims.SourceDraft{Pasted: url, URL: res.FinalURL, Canonical: m.Canonical, Title: m.Title, Outlet: m.Outlet,
		Author: m.Author(), Published: m.Published, Description: m.Description, PublisherType: m.PublisherType}, nil
}

// FetchArticle fetches url for a reader's lookup, with ReadArticle's rules
// and errors, and extracts the article's main text.
func (r articleReader) FetchArticle(ctx context.Context, url string) (search.Article, error) {
	res, m, err := r.read(ctx, url)
	if err != nil {
		return search.Article{}, err
	}
	doc, err := extract.Page(res.Body, res.ContentType, res.FinalURL)
	if err != nil {
		return search.Article{}, err
	}
	return search.Article{URL: res.FinalURL, Canonical: m.Canonical, Title: m.Title, Outlet: m.Outlet, Text: doc.Text}, nil
}

// read fetches url within the paste timeout, refuses what is not an
// article (a bot wall, an error status, a page that is not HTML) and reads
// what the page says about itself.
func (r articleReader) read(ctx context.Context, url string) (*fetch.Result, extract.ArticleMeta, error) {
	ctx, cancel := context.WithTimeout(ctx, pasteTimeout)
	defer cancel()
	res, err := r.client.Get(ctx, url, fetch.Conditional{})
	if err != nil {
		return nil, extract.ArticleMeta{}, err
	}
	switch {
	case extract.BotWall(res.StatusCode, res.Header, res.Body):
		return nil, extract.ArticleMeta{}, claims.Invalid("url", "the site showed a bot check instead of the article; enter the source by hand on the claim's page")
	case res.StatusCode >= 400:
		return nil, extract.ArticleMeta{}, claims.Invalid("url", "the site answered %d %s; nothing was read", res.StatusCode, http.StatusText(res.StatusCode))
	case !isHTML(res.ContentType, res.Body):
		mt, _, _ := mime.ParseMediaType(res.ContentType)
		return nil, extract.ArticleMeta{}, claims.Invalid("url", "the address is not a web page (it serves %q); only HTML articles can be read", mt)
	}
	return res, extract.Article(res.Body, res.FinalURL), nil
}

// isHTML trusts a declared type and sniffs only when none is declared.
func isHTML(contentType string, body []byte) bool {
	if strings.TrimSpace(contentType) == "" {
		contentType = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// search is the search and matching service, reading readers' lookups
// through the guarded client.
func (m *Main) search() *search.Service {
	svc := search.New(m.db, m.svc.Vocabulary(), 0, m.now)
	svc.UseArticles(articleReader{client: guardedClient(m.cfg, m.baseURL)})
	return svc
}
