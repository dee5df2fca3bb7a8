package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
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
