package recheck_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestSweep_AHostThatHangsDoesNotHoldUpTheNextBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		normalDone := make(chan struct{})
		hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select { // answers only once the other source is recorded
			case <-normalDone:
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, article("At last an answer."))
		}))
		t.Cleanup(hang.Close)
		normal := newPage(t, article("The harbour reopened on Monday."))
		c := f.claim(t, f.story.ID, "The harbour reopened")
		hangID := f.link(t, c.ID, hang.URL+"/slow").ID
		normalID := f.link(t, c.ID, normal.srv.URL+"/quick").ID

		client := loopbackClient(t, fetch.Options{Timeout: 5 * time.Second, PerHostGap: -1})
		// One source a batch: the hanging source is the first batch, the
		// normal one the second.
		chk := recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }, Batch: 1})
		var mu sync.Mutex
		var order []int64
		sum, err := chk.Sweep(t.Context(), func(r *recheck.Result, err error) {
			if err != nil {
				t.Errorf("source failed: %v", err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			order = append(order, r.SourceID)
			if r.SourceID == normalID {
				close(normalDone)
			}
		})
		if err != nil || sum.Checked != 2 {
			t.Fatalf("Sweep = %+v, %v; want both sources checked", sum, err)
		}
		if len(order) != 2 || order[0] != normalID || order[1] != hangID {
			t.Errorf("recorded sources %v; want the normal one (%d) while the hanging one (%d) still waited", order, normalID, hangID)
		}
	})
}
