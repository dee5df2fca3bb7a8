package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/api"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// readyz asks /readyz and returns its status.
func readyz(t *testing.T, h http.Handler) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	return rec.Code
}

func TestFullDisk_Answers503AndUnreadyThenRecoversWithoutLosingAnAcknowledgedWrite(t *testing.T) {
	db := storetest.SQLite(t)
	f := newWriteFixture(t, db)
	ctx := context.Background()
	if code := readyz(t, f.h); code != http.StatusOK {
		t.Fatalf("/readyz = %d before the disk filled, want 200", code)
	}
	if err := db.LimitPages(ctx, 8); err != nil {
		t.Fatal(err)
	}
	note := func(i int) (*http.Response, string) {
		body := fmt.Sprintf(`{"text":"note %d %s"}`, i, strings.Repeat("x", 2000))
		return apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/claims/%d/notes", f.claim.ID), body, f.editorA, nil)
	}
	acked := map[int]bool{}
	var full *http.Response
	var fullBody string
	for i := 0; i < 200 && full == nil; i++ {
		res, body := note(i)
		switch res.StatusCode {
		case http.StatusCreated:
			acked[i] = true
		case http.StatusServiceUnavailable:
			full, fullBody = res, body
		default:
			t.Fatalf("note %d: status %d, want 201 or 503\n%s", i, res.StatusCode, body)
		}
	}
	if full == nil {
		t.Fatal("200 notes fitted in 8 pages: the disk never filled")
	}
	if len(acked) == 0 {
		t.Fatal("no note fitted before the disk filled; the test shows nothing about acknowledged writes")
	}
	t.Logf("%d notes acknowledged before the disk filled", len(acked))
	e := decode[httpx.ErrorBody](t, fullBody)
	if e.Error.Code != "unavailable" || !strings.Contains(e.Error.Message, "nothing was saved") || full.Header.Get("Retry-After") == "" {
		t.Errorf("full disk: %s with Retry-After %q; want code unavailable, a message saying nothing was saved, and Retry-After", fullBody, full.Header.Get("Retry-After"))
	}
	for i := range 20 { // more writes while full: each gets the same clear answer
		if res, body := note(1000 + i); res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("write while full: %d, want 503\n%s", res.StatusCode, body)
		}
	}
	if code := readyz(t, f.h); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d while writes fail, want 503", code)
	}

	if err := db.LimitPages(ctx, -1); err != nil { // space returns
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * probeEvery)
	for readyz(t, f.h) != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still not ready %s after space returned", 3*probeEvery)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if res, body := note(2000); res.StatusCode != http.StatusCreated {
		t.Fatalf("write after space returned: %d\n%s", res.StatusCode, body)
	}
	acked[2000] = true

	res, body := apiReq(t, f.h, "GET", fmt.Sprintf("/api/v1/claims/%d/timeline?all=1&limit=200", f.claim.ID), "", f.editorA, nil)
	wantStatus(t, "timeline", res, body, http.StatusOK)
	stored := map[int]bool{}
	for _, ev := range decode[httpx.ListBody[api.Event]](t, body).Items {
		var i int
		if _, err := fmt.Sscanf(ev.Note, "note %d ", &i); err == nil {
			stored[i] = true
		}
	}
	for i := range acked {
		if !stored[i] {
			t.Errorf("note %d was acknowledged (201) but is not on the timeline", i)
		}
	}
	for i := range stored {
		if !acked[i] {
			t.Errorf("note %d is on the timeline but its request got a 503 saying nothing was saved", i)
		}
	}
}

func TestLostConnections_WritesGetNo5xxThatARetryCouldHaveAvoided(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	// The test's own backends, and no one else's, are terminated: they are
	// the ones with its schema's name as application_name.
	app := "claimtrack-test-" + u.Query().Get("search_path")
	q := u.Query()
	q.Set("application_name", app)
	u.RawQuery = q.Encode()
	ctx := context.Background()
	db, err := store.Open(ctx, u.String(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := newWriteFixture(t, db)

	admin, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// Five rounds of terminating every backend of the test while the
	// writers write, a second apart: time enough for a transaction that
	// lost its connection to run again, even waiting for the story's row
	// lock behind the other writers.
	stop := make(chan struct{})
	var killed int64
	var killers sync.WaitGroup
	killers.Go(func() {
		defer close(stop)
		for range 5 {
			time.Sleep(time.Second)
			var n int64
			if err := admin.QueryRowContext(ctx, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", app).Scan(&n); err != nil {
				t.Errorf("terminate backends: %v", err)
				return
			}
			killed += n
		}
	})

	const writers = 6
	type answer struct {
		i      int
		status int
		body   string
	}
	var mu sync.Mutex
	var answers []answer
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				i := k*writers + w
				res, body := apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/claims/%d/notes", f.claim.ID), fmt.Sprintf(`{"text":"note %d"}`, i), f.editorA, nil)
				mu.Lock()
				answers = append(answers, answer{i, res.StatusCode, body})
				mu.Unlock()
			}
		})
	}
	killers.Wait()
	wg.Wait()

	acked, maybe := map[int]bool{}, map[int]bool{}
	for _, a := range answers {
		switch {
		case a.status == http.StatusCreated:
			acked[a.i] = true
		case a.status == http.StatusServiceUnavailable && strings.Contains(a.body, "may or may not have been saved"):
			// The connection died during COMMIT: only a reload can tell,
			// so no retry could have made this a clean answer.
			maybe[a.i] = true
		default:
			t.Errorf("note %d: %d %s; want 201, or 503 for a commit whose outcome is unknown", a.i, a.status, a.body)
		}
	}
	t.Logf("%d backends terminated during %d writes: %d acknowledged, %d with an unknown outcome", killed, len(answers), len(acked), len(maybe))
	if killed == 0 {
		t.Fatal("no backend was terminated; the test shows nothing")
	}

	res, body := apiReq(t, f.h, "GET", fmt.Sprintf("/api/v1/claims/%d/timeline?all=1&limit=200", f.claim.ID), "", f.editorA, nil)
	wantStatus(t, "timeline", res, body, http.StatusOK)
	stored := map[int]bool{}
	page := decode[httpx.ListBody[api.Event]](t, body)
	for page.Next != nil || len(page.Items) > 0 {
		for _, ev := range page.Items {
			var i int
			if _, err := fmt.Sscanf(ev.Note, "note %d", &i); err == nil {
				stored[i] = true
			}
		}
		if page.Next == nil {
			break
		}
		res, body = apiReq(t, f.h, "GET", fmt.Sprintf("/api/v1/claims/%d/timeline?all=1&limit=200&before=%s", f.claim.ID, *page.Next), "", f.editorA, nil)
		wantStatus(t, "timeline", res, body, http.StatusOK)
		page = decode[httpx.ListBody[api.Event]](t, body)
	}
	for i := range acked {
		if !stored[i] {
			t.Errorf("note %d was acknowledged but is not on the timeline", i)
		}
	}
	for i := range stored {
		if !acked[i] && !maybe[i] {
			t.Errorf("note %d is on the timeline but was not acknowledged", i)
		}
	}
}
