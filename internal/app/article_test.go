package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
)

// pastedSite serves an article, a JSON document, a missing page and a
// redirect on loopback, counting requests.
func pastedSite(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/news/fire", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Fire - Gazette</title><link rel="canonical" href="/news/fire-warehouse">
<meta property="og:site_name" content="Gazette"><meta name="author" content="Mira Okafor">
<meta property="article:published_time" content="2025-11-18T06:30:00Z"></head><body><p>Text.</p></body></html>`)
	})
	mux.HandleFunc("/data.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"title":"not a page"}`)
	})
	mux.HandleFunc("/short", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/fire?utm_source=x", http.StatusFound)
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestArticleReader_ReadsThePageAfterRedirects(t *testing.T) {
	site, _ := pastedSite(t)
	r := articleReader{client: guardedClient(config.Config{AllowPrivateSources: true}, "")}
	d, err := r.ReadArticle(context.Background(), site.URL+"/short")
	if err != nil {
		t.Fatal(err)
	}
	want := claims.SourceDraft{Pasted: site.URL + "/short", URL: site.URL + "/news/fire?utm_source=x", Canonical: site.URL + "/news/fire-warehouse",
		Title: "Fire", Outlet: "Gazette", Author: "Mira Okafor", Published: time.Date(2025, 11, 18, 6, 30, 0, 0, time.UTC)}
	if d != want {
		t.Errorf("draft =\n%+v\nwant\n%+v", d, want)
	}
}

func TestArticleReader_NotAPageOrAnErrorStatusIsInvalid(t *testing.T) {
	site, _ := pastedSite(t)
	r := articleReader{client: guardedClient(config.Config{AllowPrivateSources: true}, "")}
	for path, want := range map[string]string{"/data.json": `not a web page (it serves "application/json")`, "/missing": "answered 404 Not Found"} {
		_, err := r.ReadArticle(context.Background(), site.URL+path)
		if claims.ErrorCode(err) != claims.EINVALID || !strings.Contains(claims.ErrorMessage(err), want) {
			t.Errorf("%s: %v, want EINVALID saying %q", path, err, want)
		}
	}
}

func TestArticleReader_PrivateAddressIsRefusedUnlessAllowed(t *testing.T) {
	site, hits := pastedSite(t)
	r := articleReader{client: guardedClient(config.Config{}, "")}
	_, err := r.ReadArticle(context.Background(), site.URL+"/news/fire")
	if !errors.Is(err, fetch.ErrRefused) || hits.Load() != 0 {
		t.Errorf("loopback with the rule on: %v after %d requests; want refused, nothing sent", err, hits.Load())
	}
}

func TestArticleReader_FetchArticleReadsTheTextWithTheSameRules(t *testing.T) {
	site, hits := pastedSite(t)
	r := articleReader{client: guardedClient(config.Config{AllowPrivateSources: true}, "")}
	a, err := r.FetchArticle(context.Background(), site.URL+"/short")
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "Text." || a.Outlet != "Gazette" || a.URL != site.URL+"/news/fire?utm_source=x" {
		t.Errorf("article = %+v", a)
	}
	if _, err := r.FetchArticle(context.Background(), site.URL+"/data.json"); claims.ErrorCode(err) != claims.EINVALID {
		t.Errorf("JSON: %v, want EINVALID", err)
	}
	before := hits.Load()
	guarded := articleReader{client: guardedClient(config.Config{}, "")}
	if _, err := guarded.FetchArticle(context.Background(), site.URL+"/news/fire"); !errors.Is(err, fetch.ErrRefused) || hits.Load() != before {
		t.Errorf("loopback with the rule on: %v; want refused, nothing sent", err)
	}
}
