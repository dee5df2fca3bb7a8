package web

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/labstack/echo/v4"
)

func TestRequestID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cases := []struct {
			name, sent string
			kept       bool
		}{
			{"a well-formed id from a proxy is kept", "edge-42.abc", true},
			{"a missing id is generated", "", false},
			{"an id with log syntax is replaced", `x" level=ERROR msg="forged`, false},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := map[string]string{}
				if tc.sent != "" {
					h["X-Request-Id"] = tc.sent
				}
				got := f.do(t, http.MethodGet, "/stories/no-such-story", h).Header.Get("X-Request-Id")
				if got == "" || (got == tc.sent) != tc.kept {
					t.Errorf("X-Request-Id = %q (sent %q)", got, tc.sent)
				}
				if !strings.Contains(f.logs.String(), "request_id="+got) {
					t.Errorf("no log line carries request id %q", got)
				}
			})
		}
	})
}

func TestAccessLog_UserTextCannotForgeLogLines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		before := strings.Count(f.logs.String(), "\n")
		f.do(t, http.MethodGet, "/stories/x%0Atime=2025-01-01%20level=ERROR%20msg=forged", nil)
		logs := f.logs.String()
		if after := strings.Count(logs, "\n"); after != before+1 {
			t.Errorf("one request wrote %d log lines, want 1:\n%s", after-before, logs)
		}
		for _, line := range strings.Split(logs, "\n") {
			if strings.HasPrefix(line, "time=2025-01-01") {
				t.Errorf("forged line in the log: %q", line)
			}
		}
		if !strings.Contains(logs, "status=404") || !strings.Contains(logs, "method=GET") || !strings.Contains(logs, "duration=") {
			t.Errorf("access log lacks status, method or duration:\n%s", logs)
		}
	})
}

func TestPanicInAHandler_ShowsAnErrorPageWithTheRequestID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.srv.echo.GET("/boom", func(echo.Context) error { panic("kaboom") })
		f.srv.echo.GET("/api/v1/boom", func(echo.Context) error { return errors.New("db password=hunter2 leaked in an error") })

		res := f.do(t, http.MethodGet, "/boom", map[string]string{"X-Request-Id": "req-panic-1"})
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "req-panic-1") || strings.Contains(body, "kaboom") {
			t.Errorf("panic: status %d, body:\n%s", res.StatusCode, body)
		}
		if logs := f.logs.String(); !strings.Contains(logs, "kaboom") || !strings.Contains(logs, "request_id=req-panic-1") {
			t.Errorf("the panic is not logged with its request id:\n%s", logs)
		}

		var e apiErrorBody
		getJSON(t, f, "/api/v1/boom", http.StatusInternalServerError, &e)
		if e.Error.Code != "internal" || strings.Contains(e.Error.Message, "hunter2") {
			t.Errorf("internal error shown as %+v", e.Error)
		}
		if !strings.Contains(f.logs.String(), "hunter2") {
			t.Error("the internal error's detail is not logged")
		}
	})
}
