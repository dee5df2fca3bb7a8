// Package pagetest serves one HTML room's handlers for its tests, without
// a database: the real templates and page chrome, a signed-in user of the
// test's choosing, and errors answered with the status the shared error
// map gives them and their message as the body.
package pagetest

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// CSS is the stylesheet address the test chrome puts on every page.
const CSS = "/static/test.css"

// Chrome renders with the real templates for a site on example.org.
func Chrome() *view.Chrome {
	return &view.Chrome{Views: httpx.MustViews(), CSS: CSS, Log: slog.New(slog.DiscardHandler),
		Site: site.Site{BaseURL: "https://example.org", Organization: "claimtrack", Vocab: claims.DefaultVocabulary()}}
}

// Admin and Editor are the users a test signs in as.
var (
	Admin  = &auth.User{ID: 1, Email: "ada@example.org", Name: "Ada", Role: auth.RoleAdmin}
	Editor = &auth.User{ID: 2, Email: "eve@example.org", Name: "Eve", Role: auth.RoleEditor}
)

// Server is an echo whose requests come from one user (nil: anonymous),
// signed in with Session when that is set.
type Server struct {
	*echo.Echo
	User    *auth.User
	Session *auth.Session
}

// New is a Server for user; the test registers the routes it needs.
func New(user *auth.User) *Server {
	s := &Server{Echo: echo.New(), User: user}
	s.HTTPErrorHandler = func(err error, c echo.Context) {
		status, ce := httpx.ErrorStatus(err)
		_ = c.String(status, ce.Message)
	}
	s.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if s.User != nil {
				httpx.SetUser(c, s.User)
			}
			if s.Session != nil {
				httpx.SetSession(c, s.Session)
			}
			return next(c)
		}
	})
	return s
}

// Do sends a request; a form, when given, is posted url-encoded.
func (s *Server) Do(t *testing.T, method, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	return s.Serve(r)
}

// Serve answers a request the test built itself (with cookies, say).
func (s *Server) Serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// Doc parses an answer's HTML.
func Doc(t *testing.T, w *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(w.Body.String()))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return d
}

// Text is the trimmed text of what sel selects in d.
func Text(d *goquery.Document, sel string) string {
	return strings.TrimSpace(d.Find(sel).Text())
}
