package api

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// The fakes stand in for the services: the interfaces they embed are nil,
// so a call a test did not expect panics and fails it.

// fakeClaims holds one story with one claim at version 3.
type fakeClaims struct {
	StoryReader
	ClaimWriter
	ReviewDesk
	SourceArchive
	// reviewed counts the calls of Reviews, which a cached page spares.
	reviewed int
}

var (
	fakeNow   = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	fakeStory = claims.Story{ID: 1, Slug: "leaked-audio", Title: "A leaked recording", Published: true, Version: 2,
		CreatedAt: fakeNow, UpdatedAt: fakeNow}
	fakeClaim = claims.Claim{ID: 7, StoryID: 1, Text: "The recording is genuine", Status: "unverified", Version: 3,
		CreatedAt: fakeNow, UpdatedAt: fakeNow}
)

func (f *fakeClaims) ClaimRecord(_ context.Context, id int64, _ bool) (*claims.ClaimDetail, error) {
	if id != fakeClaim.ID {
		return nil, claims.Errorf(claims.ENOTFOUND, "no claim %d", id)
	}
	return &claims.ClaimDetail{Claim: fakeClaim, Story: fakeStory}, nil
}

func (f *fakeClaims) ClaimSources(_ context.Context, id int64, _ bool, _ int64, _ int) ([]claims.LinkedSource, claims.SourcePage, error) {
	if id != fakeClaim.ID {
		return nil, claims.SourcePage{}, claims.Errorf(claims.ENOTFOUND, "no claim %d", id)
	}
	return []claims.LinkedSource{}, claims.SourcePage{}, nil
}

func (f *fakeClaims) ListStories(context.Context, bool, claims.Page) ([]claims.StorySummary, error) {
	return []claims.StorySummary{{Story: fakeStory}}, nil
}

// UpdateClaim checks what the real service checks first: a known status,
// then the version the client read.
func (f *fakeClaims) UpdateClaim(_ context.Context, _ claims.Actor, id int64, p claims.ClaimPatch) (*claims.Claim, error) {
	if id != fakeClaim.ID {
		return nil, claims.Errorf(claims.ENOTFOUND, "no claim %d", id)
	}
	if p.Status != nil {
		if _, err := claims.DefaultVocabulary().Lookup(*p.Status); err != nil {
			return nil, claims.Invalid("status", "unknown status %q", *p.Status)
		}
	}
	if p.Version != fakeClaim.Version {
		return nil, &claims.Error{Code: claims.ECONFLICT, Message: "the claim changed since you read it", Current: fakeClaim}
	}
	cl := fakeClaim
	cl.Version++
	if p.Status != nil {
		cl.Status = *p.Status
	}
	return &cl, nil
}

func (f *fakeClaims) CreateStory(_ context.Context, _ claims.Actor, in claims.NewStory) (*claims.Story, error) {
	st := fakeStory
	st.Title, st.Published = in.Title, in.Published
	return &st, nil
}

func (f *fakeClaims) ReviewQueue(context.Context, claims.Actor, claims.ReviewQuery) ([]claims.ReviewItem, error) {
	return nil, nil
}

func (f *fakeClaims) Reviews(context.Context, claims.Page) ([]claims.Review, error) {
	f.reviewed++
	return nil, nil
}

// newHandler is a Handler on fakes, without search, re-checks or accounts.
func newHandler() (*Handler, *fakeClaims, *fakeCache) {
	f, pages := &fakeClaims{}, newFakeCache()
	return &Handler{Reader: f, Writer: f, Desk: f, Sources: f, Pages: pages,
		Site: site.Site{BaseURL: "https://claims.example.org", Organization: "Example", Vocab: claims.DefaultVocabulary()},
		Log:  discardLog, Metrics: noCount{}}, f, pages
}

type noCount struct{}

func (noCount) PageRender(string) {}

// The users a request can be made by.
var (
	editor = &auth.User{ID: 2, Name: "Eda", Role: auth.RoleEditor}
	admin  = &auth.User{ID: 1, Name: "Ada", Role: auth.RoleAdmin}
)

// route is one route as routes.go registers it.
type route struct {
	method, path string
	handle       func(*Handler, echo.Context) error
	guard        echo.MiddlewareFunc
}

// request is one request to a route, by user (nil: anonymous).
type request struct {
	target string
	body   string
	header map[string]string
	user   *auth.User
}

// serve answers req on h's route the way the server does: the route's
// guard, and errors answered as httpx maps them (the server's error handler
// adds logging and the 503 pages around that map).
func serve(t *testing.T, h *Handler, r route, req request) *httptest.ResponseRecorder {
	t.Helper()
	e := echo.New()
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		status, ce := httpx.ErrorStatus(err)
		if err := httpx.WriteError(c, status, ce, httpx.CurrentOf(err)); err != nil {
			t.Errorf("writing the error: %v", err)
		}
	}
	asUser := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if req.user != nil {
				httpx.SetUser(c, req.user)
			}
			return next(c)
		}
	}
	e.Use(asUser)
	var mw []echo.MiddlewareFunc
	if r.guard != nil {
		mw = append(mw, r.guard)
	}
	e.Add(r.method, r.path, func(c echo.Context) error { return r.handle(h, c) }, mw...)
	hr := httptest.NewRequest(r.method, req.target, strings.NewReader(req.body))
	if req.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range req.header {
		hr.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, hr)
	return w
}

var discardLog = slog.New(slog.DiscardHandler)
