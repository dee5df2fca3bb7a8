package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/openapi"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// The OpenAPI document is held to the code two ways: the routes test below
// compares the document's operations with echo's /api/ routes, and every
// request this package's tests send through the fixtures' handlers (fixture.do,
// newTestServer and newTestServerWith) passes validateAPI, which checks the
// request and the response against the document and fails the test that
// sent them. A test that builds its own handler with New(...).Handler() and
// calls /api/ should wrap it in validateAPI too.

// apiSpec is the document with a router that finds a request's operation.
type apiSpec struct {
	doc    *openapi3.T
	router routers.Router
}

var loadAPISpec = sync.OnceValues(func() (*apiSpec, error) {
	doc, err := openapi.Load()
	if err != nil {
		return nil, err
	}
	r, err := gorillamux.NewRouter(doc.T)
	if err != nil {
		return nil, err
	}
	return &apiSpec{doc: doc.T, router: r}, nil
})

func mustAPISpec(t testing.TB) *apiSpec {
	t.Helper()
	s, err := loadAPISpec()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validateAPI wraps h so that every request to /api/ it serves is checked
// against the OpenAPI document, failing t on any mismatch:
//   - a request to a path and method the document does not describe must be
//     refused (4xx/5xx) with the body every error has;
//   - a request the document calls invalid (missing credentials, a malformed
//     id, a body of the wrong shape) must be refused;
//   - the response's status must be one the operation documents, and its
//     headers and body must match that response's schema.
func validateAPI(t testing.TB, h http.Handler) http.Handler {
	spec := mustAPISpec(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			h.ServeHTTP(w, r)
			return
		}
		var reqBody []byte
		if r.Body != nil {
			var err error
			// Errorf, not Fatalf: behind httptest.NewServer this runs
			// outside the test's goroutine.
			if reqBody, err = io.ReadAll(r.Body); err != nil {
				t.Errorf("%s %s: reading the request body: %v", r.Method, r.URL, err)
			}
		}
		clone := r.Clone(context.Background())
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)

		for _, problem := range spec.check(clone, reqBody, rec) {
			t.Errorf("OpenAPI: %s %s answered %d: %s", r.Method, r.URL.RequestURI(), rec.Code, problem)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// check returns what is wrong with one exchange, by the document.
func (s *apiSpec) check(req *http.Request, reqBody []byte, rec *httptest.ResponseRecorder) []string {
	ctx := context.Background()
	body, err := responseBody(rec)
	if err != nil {
		return []string{err.Error()}
	}
	find := req
	if req.Method == http.MethodHead { // HEAD has the operation of GET and no body to check
		find = req.Clone(ctx)
		find.Method = http.MethodGet
	}
	route, params, err := s.router.FindRoute(find)
	if err != nil {
		if rec.Code < 400 {
			return []string{"the document describes no such operation (" + err.Error() + ")"}
		}
		if req.Method == http.MethodHead {
			return nil
		}
		return s.checkError(rec, body)
	}

	opts := &openapi3filter.Options{AuthenticationFunc: credentialsSent, IncludeResponseStatus: true, MultiError: true}
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	var problems []string
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && rec.Code < 400 {
		problems = append(problems, "the document calls the request invalid, but it was accepted: "+err.Error())
	}
	res := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(), Options: opts}
	res.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, res); err != nil {
		problems = append(problems, "the response does not match the document: "+err.Error())
	}
	return problems
}

// checkError checks the body of an error answered to an undescribed
// operation (an unknown path, a wrong method) against the Error schema.
func (s *apiSpec) checkError(rec *httptest.ResponseRecorder, body []byte) []string {
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return []string{fmt.Sprintf("an error under /api/ with Content-Type %q, want JSON", ct)}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"an error body that is not JSON: " + err.Error()}
	}
	if err := s.doc.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
		return []string{"an error body that does not match the Error schema: " + err.Error()}
	}
	return nil
}

// responseBody returns the recorded body, unzipped when it was sent gzipped.
func responseBody(rec *httptest.ResponseRecorder) ([]byte, error) {
	b := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") != "gzip" {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("a gzip response that does not unzip: %w", err)
	}
	return io.ReadAll(zr)
}

// credentialsSent stands in for authentication when requests are checked:
// a security scheme is met when its credential is present. Whether the
// credential is good is the server's business; a bad one must get 401, which
// the response check holds it to.
func credentialsSent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	switch ss := in.SecurityScheme; {
	case ss.Type == "http" && ss.Scheme == "bearer":
		if _, ok := bearerToken(r.Header.Get("Authorization")); ok {
			return nil
		}
	case ss.Type == "apiKey" && ss.In == "cookie":
		if c, err := r.Cookie(ss.Name); err == nil && c.Value != "" {
			return nil
		}
	default:
		return fmt.Errorf("security scheme %s of a type the tests do not know", in.SecuritySchemeName)
	}
	return errors.New("no " + in.SecuritySchemeName + " sent")
}

var echoParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

func TestOpenAPI_DescribesEveryAPIRouteAndNoOther(t *testing.T) {
	db := storetest.SQLite(t)
	srv, _, _, _ := newTestServer(t, db)

	// Every route under /api/ counts, /api/openapi.json included (it is
	// described too); HEAD twins of GET routes would be ignored, and the
	// page at /api is HTML, not part of the JSON API.
	registered := map[string]bool{}
	for _, r := range srv.echo.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == http.MethodHead {
			continue
		}
		registered[r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	described := map[string]bool{}
	spec := mustAPISpec(t)
	for path, item := range spec.doc.Paths.Map() {
		for method := range item.Operations() {
			described[method+" "+path] = true
		}
	}
	if len(registered) < 30 {
		t.Fatalf("found only %d API routes; is the route listing broken? %v", len(registered), slices.Sorted(maps.Keys(registered)))
	}
	for _, op := range slices.Sorted(maps.Keys(registered)) {
		if !described[op] {
			t.Errorf("%s is registered in routes.go but not described in internal/web/openapi/openapi.yaml", op)
		}
	}
	for _, op := range slices.Sorted(maps.Keys(described)) {
		if !registered[op] {
			t.Errorf("%s is described in openapi.yaml but not registered in routes.go", op)
		}
	}
}

func TestOpenAPI_ServedDocumentIsValidOpenAPI3AndCacheable(t *testing.T) {
	db := storetest.SQLite(t)
	_, h, _, _ := newTestServer(t, db)

	res := serve(h, httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil))
	body := readAll(t, res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("GET /api/openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(body))
	if err != nil {
		t.Fatalf("the served document does not parse: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("the served document is not valid OpenAPI 3: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Paths.Find("/api/v1/stories/{slug}") == nil {
		t.Errorf("served document: openapi %q, paths %v", doc.OpenAPI, doc.Paths.InMatchingOrder())
	}

	etag := res.Header.Get("ETag")
	if etag == "" || !strings.Contains(res.Header.Get("Cache-Control"), "max-age") {
		t.Fatalf("ETag %q, Cache-Control %q: the document should be cacheable", etag, res.Header.Get("Cache-Control"))
	}
	req := httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil)
	req.Header.Set("If-None-Match", etag)
	if res := serve(h, req); res.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match %s: %d, want 304", etag, res.StatusCode)
	}
	req = httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	if res := serve(h, req); res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("GET with Accept-Encoding gzip: %d, Content-Encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
}

func TestAPIDocsPage_ListsEveryOperationWithWhoMayCallIt(t *testing.T) {
	db := storetest.SQLite(t)
	_, h, _, _ := newTestServer(t, db)
	res := serve(h, httptest.NewRequest(http.MethodGet, "/api", nil))
	page := readAll(t, res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /api: %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), page)
	}
	spec := mustAPISpec(t)
	n := 0
	for path, item := range spec.doc.Paths.Map() {
		for method, op := range item.Operations() {
			n++
			entry := strings.ReplaceAll(between(t, page, `id="`+op.OperationID+`"`, "</li>\n</ul>"), "<wbr>", "")
			if !strings.Contains(entry, "<code>"+method+" "+path+"</code>") {
				t.Errorf("the entry of %s does not name %s %s:\n%s", op.OperationID, method, path, entry)
			}
			if summary := strings.SplitN(op.Summary, "`", 2)[0]; !strings.Contains(entry, html.EscapeString(summary)) {
				t.Errorf("the entry of %s %s lacks its summary %q:\n%s", method, path, summary, entry)
			}
		}
	}
	if n < 30 {
		t.Fatalf("only %d operations in the document", n)
	}
	for _, want := range []string{
		`<a href="/api/openapi.json">`,
		"Sign-in needed: none",
		"Sign-in needed: editor (session cookie or API token)",
		"Sign-in needed: admin (session cookie or API token)",
		"<code>claim_id</code>",       // a body field of the subscription request
		"<code>If-Match</code>",       // a header parameter
		"<code>404</code> · Error",    // a documented answer and its schema
		"claimtrack_session",          // the cookie a browser signs in with
		"<code>Authorization: Bearer", // and the token API clients send
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the API page lacks %q", want)
		}
	}

	// The page is reachable from every page's footer.
	res = serve(h, httptest.NewRequest(http.MethodGet, "/login", nil))
	if footer := between(t, readAll(t, res.Body), `<footer`, `</footer>`); !strings.Contains(footer, `href="/api"`) {
		t.Errorf("the footer does not link the API page: %s", footer)
	}
}

// recordingTB is a testing.TB that keeps the errors reported to it, so the
// validator can be shown to fail what it should.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestValidateAPI_FailsTheTestOnAnythingTheDocumentDoesNotAllow(t *testing.T) {
	// A stand-in server that answers whatever each case asks for.
	type answer struct {
		status int
		body   string
	}
	cases := []struct {
		name, method, target, reqBody string
		header                        map[string]string
		answer                        answer
		wantErr                       string // "" = the exchange is fine
	}{
		{name: "a list as documented", method: "GET", target: "/api/v1/stories",
			answer: answer{200, `{"items":[],"next":null}`}},
		{name: "a field of the wrong type", method: "GET", target: "/api/v1/stories",
			answer: answer{200, `{"items":"none","next":null}`}, wantErr: "does not match"},
		{name: "a field the document does not know", method: "GET", target: "/api/v1/stories",
			answer: answer{200, `{"items":[],"next":null,"total":0}`}, wantErr: "does not match"},
		{name: "a status the operation does not document", method: "GET", target: "/api/v1/stories",
			answer: answer{418, `{"error":{"code":"invalid","message":"x","fields":{}}}`}, wantErr: "status is not supported"},
		{name: "an error in another shape", method: "GET", target: "/api/v1/claims/7",
			answer: answer{404, `{"message":"not found"}`}, wantErr: "does not match"},
		{name: "an undescribed route that answers", method: "GET", target: "/api/v1/secret",
			answer: answer{200, `{}`}, wantErr: "describes no such operation"},
		{name: "an undescribed route refused in the error shape", method: "GET", target: "/api/v1/secret",
			answer: answer{404, `{"error":{"code":"not_found","message":"x","fields":{}}}`}},
		{name: "an undescribed route refused in another shape", method: "GET", target: "/api/v1/secret",
			answer: answer{404, `not found`}, wantErr: "not JSON"},
		{name: "a write without credentials that succeeds", method: "POST", target: "/api/v1/stories",
			reqBody: `{"title":"t"}`, answer: answer{201, `{}`}, wantErr: "calls the request invalid"},
		{name: "a malformed id that succeeds", method: "GET", target: "/api/v1/claims/abc",
			answer: answer{200, `{}`}, wantErr: "calls the request invalid"},
		{name: "a malformed id refused", method: "GET", target: "/api/v1/claims/abc",
			answer: answer{400, `{"error":{"code":"invalid","message":"x","fields":{"id":"x"}}}`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stub := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if b, _ := io.ReadAll(r.Body); string(b) != tc.reqBody {
					t.Errorf("the server got body %q, want %q", b, tc.reqBody)
				}
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(tc.answer.status)
				_, _ = io.WriteString(w, tc.answer.body)
			})
			rtb := &recordingTB{TB: t}
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.reqBody))
			if tc.reqBody != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			res := serve(validateAPI(rtb, stub), req)
			if got := readAll(t, res.Body); res.StatusCode != tc.answer.status || got != tc.answer.body {
				t.Errorf("the client got %d %q, want the server's %d %q", res.StatusCode, got, tc.answer.status, tc.answer.body)
			}
			errs := strings.Join(rtb.errs, "\n")
			switch {
			case tc.wantErr == "" && len(rtb.errs) > 0:
				t.Errorf("a fine exchange was failed:\n%s", errs)
			case tc.wantErr != "" && !strings.Contains(errs, tc.wantErr):
				t.Errorf("want a failure saying %q, got:\n%s", tc.wantErr, errs)
			}
		})
	}
}

// TestOpenAPI_ATourOfEveryOperationSucceedsInTheDocumentedShape calls every
// operation once the way a client doing real work would, so that each
// operation's success answer is checked against the document at least
// once, not only the errors other tests provoke.
func TestOpenAPI_ATourOfEveryOperationSucceedsInTheDocumentedShape(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		csvc.UseWatchSyntax(extract.CheckNumberWatch)
		asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
		srv := New(Options{Service: csvc, Auth: asvc, BaseURL: "https://claims.example.org", Now: time.Now,
			Rechecker: newTestChecker(t, csvc, false), Search: search.New(db, csvc.Vocabulary(), 0, nil)})
		h := validateAPI(t, srv.Handler())
		editor := loginAs(t, h, asvc, auth.RoleEditor)
		admin := loginAs(t, h, asvc, auth.RoleAdmin)
		page := newSourcePage(t, articleHTML("Engineers found 5 cracks in the dam.", "The dam was inspected in May."))
		spec := mustAPISpec(t)

		succeeded := map[string]bool{}
		call := func(method, target, body string, cookie *http.Cookie, hdr map[string]string, want int) map[string]any {
			t.Helper()
			res, got := apiReq(t, h, method, target, body, cookie, hdr)
			wantStatus(t, method+" "+target, res, got, want)
			if route, _, err := spec.router.FindRoute(httptest.NewRequest(method, target, nil)); err == nil && want < 300 {
				succeeded[route.Operation.OperationID] = true
			}
			var v map[string]any
			if strings.HasPrefix(got, "{") {
				v = decode[map[string]any](t, got)
			}
			return v
		}
		id := func(v map[string]any, key string) string { return fmt.Sprint(int64(v[key].(float64))) }

		call("GET", "/api/openapi.json", "", nil, nil, 200)
		call("POST", "/api/v1/stories", `{"title":"Dam safety","slug":"dam","summary":"Is the dam safe?","published":true}`, editor, nil, 201)
		call("PATCH", "/api/v1/stories/dam", `{"context":[{"question":"Which dam?","answer":"The old one."}]}`, editor,
			map[string]string{"If-Match": `"1"`}, 200)
		call("PATCH", "/api/v1/stories/dam", `{"title":"Stale"}`, editor, map[string]string{"If-Match": `"1"`}, 412)
		claim := id(call("POST", "/api/v1/stories/dam/claims", `{"text":"The dam is safe"}`, editor, nil, 201), "id")
		link := call("POST", "/api/v1/claims/"+claim+"/sources", fmt.Sprintf(
			`{"url":%q,"outlet":"Valley Courier","outlet_kind":"independent","stance":"disputes","title":"Dam report"}`,
			page.srv.URL+"/dam"), editor, nil, 201)
		source := id(link, "source_id")
		evidence := id(call("POST", "/api/v1/claims/"+claim+"/evidence", fmt.Sprintf(
			`{"summary":"The paper counts cracks","stance":"disputes","source_url":%q,"quote":"Engineers found 5 cracks"}`,
			page.srv.URL+"/dam"), editor, nil, 201), "id")
		call("PUT", "/api/v1/claims/"+claim+"/watches", `{"version":0,"phrases":["cracks","inspected"],`+
			`"numbers":[{"label":"cracks","pattern":"(\\d+) cracks","comparison":">= 3","propose":"refuted"}]}`, editor, nil, 200)
		call("GET", "/api/v1/claims/"+claim+"/watches", "", editor, nil, 200)
		call("GET", "/api/v1/claims?assignee=me", "", editor, nil, 200)
		call("POST", "/api/v1/sources/"+source+"/recheck", "", editor, nil, 200)
		call("GET", "/api/v1/sources/"+source+"/checks", "", editor, nil, 200)
		snaps := call("GET", "/api/v1/sources/"+source+"/snapshots", "", editor, nil, 200)["items"].([]any)
		if len(snaps) == 0 {
			t.Fatal("a check stored no copy")
		}
		call("GET", "/api/v1/snapshots/"+id(snaps[0].(map[string]any), "id"), "", editor, nil, 200)

		// The check found both phrases and the number past its line: three
		// review items, one of them a proposal.
		var proposal string
		var others []string
		for _, it := range call("GET", "/api/v1/review", "", editor, nil, 200)["items"].([]any) {
			item := it.(map[string]any)
			if item["event"].(map[string]any)["kind"] == "status_proposed" {
				proposal = id(item, "id")
			} else {
				others = append(others, id(item, "id"))
			}
		}
		if proposal == "" || len(others) < 2 {
			t.Fatalf("review queue: proposal %q, others %v; want a proposal and two phrase findings", proposal, others)
		}
		call("POST", "/api/v1/review/"+proposal+"/accept", `{"note":"The count settles it"}`, editor, nil, 200)
		call("POST", "/api/v1/review/"+others[0]+"/reviewed", "", editor, nil, 200)
		call("POST", "/api/v1/review/"+others[1]+"/dismiss", "", editor, nil, 200)

		call("PATCH", "/api/v1/claims/"+claim, `{"what_would_settle":"An engineer's report","review_by":"2030-01-01"}`, editor,
			map[string]string{"If-Match": `"2"`}, 200)
		call("POST", "/api/v1/claims/"+claim+"/notes", `{"text":"Call the engineer"}`, editor, nil, 201)
		call("GET", "/api/v1/stories", "", nil, nil, 200)
		call("GET", "/api/v1/stories/dam", "", nil, nil, 200)
		call("GET", "/api/v1/claims/"+claim, "", nil, nil, 200)
		call("GET", "/api/v1/claims/"+claim+"/sources", "", nil, nil, 200)
		call("GET", "/api/v1/claims/"+claim+"/timeline", "", nil, nil, 200)
		call("GET", "/api/v1/claims/"+claim+"/timeline?all=1", "", editor, nil, 200)
		call("GET", "/api/v1/claims/"+claim+"/history", "", nil, nil, 200)
		call("GET", "/api/v1/sources/"+source, "", nil, nil, 200)
		reviews := call("GET", "/api/v1/claimreview?limit=1", "", nil, nil, 200)
		if _, ok := reviews["items"].([]any); !ok {
			t.Errorf("claimreview is not a page of items: %v", reviews)
		}
		for _, target := range []string{"/api/v1/claimreview", "/api/v1/stories/dam/export"} {
			res, _ := apiReq(t, h, "GET", target, "", nil, nil)
			call("GET", target, "", nil, map[string]string{"If-None-Match": res.Header.Get("ETag")}, 304)
		}
		call("POST", "/api/v1/evidence/"+evidence+"/withdraw", `{"note":"Counted twice"}`, editor, nil, 200)
		call("DELETE", "/api/v1/claims/"+claim+"/sources/"+source, "", editor, nil, 204)
		call("POST", "/api/v1/claims/"+claim+"/withdraw", `{"note":"Entered by mistake"}`, editor, nil, 200)

		call("GET", "/api/v1/users", "", admin, nil, 200)
		user := id(call("POST", "/api/v1/users", `{"email":"tour@newsroom.example","name":"Tour","role":"editor","password":"`+
			testPassword+`"}`, admin, nil, 201), "id")
		call("POST", "/api/v1/users/"+user+"/disable", "", admin, nil, 200)

		// Added by the import/export work.
		call("GET", "/api/v1/stories/dam/export", "", editor, nil, 200)
		call("POST", "/api/v1/import?name=tour.yaml", "title: Imported\nclaims:\n  - text: Something happened\n", editor,
			map[string]string{"Content-Type": "application/yaml"}, 200)

		if items := call("GET", "/api/v1/search?q=dam&limit=1", "", editor, nil, 200)["items"].([]any); len(items) != 1 {
			t.Errorf("search found %d items on a page of 1, want 1", len(items))
		}
		call("POST", "/api/v1/match", `{"text":"Engineers say the dam has cracks. Nothing else happened."}`, nil, nil, 200)
		call("POST", "/api/v1/claims/"+claim+"/appearances", `{"url":"https://paper.example/dam","outlet":"The Paper",`+
			`"appeared_at":"2026-11-12T08:00:00Z","claimant":"A councillor"}`, editor, nil, 201)

		// Alerts need a mail setup this server does not have; their answers
		// are checked by the alerts tests that run through these fixtures.
		skipped := map[string]bool{"createSubscription": true}
		for path, item := range spec.doc.Paths.Map() {
			for method, op := range item.Operations() {
				if !succeeded[op.OperationID] && !skipped[op.OperationID] {
					t.Errorf("the tour never called %s %s (%s) successfully", method, path, op.OperationID)
				}
			}
		}
	})
}

// TestBrowser_APIPageFitsAPhone: the longest paths must wrap instead of
// pushing the page sideways.
func TestBrowser_APIPageFitsAPhone(t *testing.T) {
	browser := startBrowser(t)
	db := storetest.SQLite(t)
	_, h, _, _ := newTestServer(t, db)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	b := tab{t: t, ctx: browser, base: ts.URL}
	b.do(chromedp.EmulateViewport(390, 844))
	b.open("/api")
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > 390 {
		wide := eval[string](b, `[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > 390).slice(0, 3).map(e => e.outerHTML.slice(0, 120)).join("\n")`)
		t.Errorf("the API page is %dpx wide on a 390px phone; too wide:\n%s", w, wide)
	}
}
