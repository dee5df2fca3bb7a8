package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestAccessLog_KeepsTheSetupTokenOutOfTheLog(t *testing.T) {
	db := storetest.SQLite(t)
	var logs bytes.Buffer
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	srv := New(Options{
		Service: claims.NewService(db, claims.DefaultVocabulary(), nil), Auth: asvc,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), AccessLog: true,
		BaseURL: "https://claims.example.org", Now: time.Now,
	})
	token, err := asvc.SetupToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/setup/"+token, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /setup/<token> = %d, want 200", rec.Code)
	}
	if strings.Contains(logs.String(), token) {
		t.Fatalf("the access log holds the one-time setup token:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "/setup/:token") {
		t.Fatalf("the access log does not record the request at all:\n%s", logs.String())
	}
}

// The batched access log must read like the slog lines it replaces, so that
// whatever parses the logs keeps working.
func TestAccessLines_ReadLikeSlogLines(t *testing.T) {
	e := accessEntry{at: time.Date(2026, 12, 7, 15, 4, 5, 123456789, time.UTC), method: "GET", path: "/stories/leaked-audio",
		status: 200, took: 1234567 * time.Nanosecond, bytes: 3600, requestID: "a1b2c3-9z"}
	odd := e
	odd.path = "/search x=\"1\"\nlevel=ERROR é"
	for _, jsonOut := range []bool{false, true} {
		for _, e := range []accessEntry{e, odd} {
			var want bytes.Buffer
			var h slog.Handler = slog.NewTextHandler(&want, nil)
			if jsonOut {
				h = slog.NewJSONHandler(&want, nil)
			}
			r := slog.NewRecord(e.at, slog.LevelInfo, "request", 0)
			r.AddAttrs(slog.String("method", e.method), slog.String("path", e.path), slog.Int("status", e.status),
				slog.Duration("duration", e.took), slog.Int64("bytes", e.bytes), slog.String("request_id", e.requestID))
			if err := h.Handle(t.Context(), r); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			a := newAccessLines(&got, jsonOut)
			a.write(e)
			if got.Len() != 0 {
				t.Errorf("a line was written before its batch was due: %q", got.String())
			}
			a.Flush()
			if got.String() != want.String() {
				t.Errorf("json=%v: line\n%s want (as slog writes it)\n%s", jsonOut, got.String(), want.String())
			}
			if strings.Count(got.String(), "\n") != 1 {
				t.Errorf("a path with a newline split the line: %q", got.String())
			}
		}
	}
}

func TestAccessLines_ReachTheirWriterWithinAFlushPeriod(t *testing.T) {
	var out syncBuffer
	a := newAccessLines(&out, false)
	a.write(accessEntry{at: time.Now(), method: "GET", path: "/", status: 200, requestID: "x-1"})
	deadline := time.Now().Add(5 * time.Second)
	for !regexp.MustCompile(`msg=request method=GET path=/ status=200`).MatchString(out.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("the line was not written: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stalledLog is a log file whose first write hangs until release is
// closed, like a pipe to a journal that stopped reading.
type stalledLog struct {
	syncBuffer
	once             sync.Once
	stalled, release chan struct{}
}

func (s *stalledLog) Write(p []byte) (int, error) {
	s.once.Do(func() { close(s.stalled); <-s.release })
	return s.syncBuffer.Write(p)
}

func TestAccessLines_RequestsDoNotWaitWhileAFullBufferIsWritten(t *testing.T) {
	out := &stalledLog{stalled: make(chan struct{}), release: make(chan struct{})}
	a := newAccessLines(out, false)
	line := func(id string) accessEntry {
		return accessEntry{at: time.Now(), method: "GET", path: "/stories/s", status: 200, requestID: id}
	}
	// The request whose line fills the buffer writes it out, and hangs
	// with the file.
	var filled sync.WaitGroup
	lines := 0
	filled.Go(func() {
		for {
			lines++
			a.write(line("fill-" + strconv.Itoa(lines)))
			select {
			case <-out.stalled:
				return
			default:
			}
		}
	})
	<-out.stalled

	other := make(chan struct{})
	go func() { a.write(line("other")); close(other) }()
	select {
	case <-other:
	case <-time.After(5 * time.Second):
		t.Fatal("another request's line waited for the stalled log file")
	}
	close(out.release)
	filled.Wait()
	a.Flush()

	var ids []string
	for _, m := range regexp.MustCompile(`request_id=(\S+)`).FindAllStringSubmatch(out.String(), -1) {
		ids = append(ids, m[1])
	}
	want := make([]string, 0, lines+1)
	for i := 1; i <= lines; i++ {
		want = append(want, "fill-"+strconv.Itoa(i))
	}
	want = append(want, "other")
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("the log holds %d lines, want %d, in order: %v", len(ids), len(want), ids)
	}
}
