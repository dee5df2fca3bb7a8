package fetch

import (
	"bytes"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestGet_GivesUpOnAHostThatSendsNoHeaderAtTheHeaderTimeout(t *testing.T) {
	srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	var dials dialLog
	opts := privateOptions(t, &dials)
	opts.Timeout = time.Hour // only the header stage's limit can end this Get
	opts.HeaderTimeout = 200 * time.Millisecond
	c := New(opts)
	defer c.Close()
	res, err := c.Get(t.Context(), srv.URL, Conditional{})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Get = %+v, %v; want ErrTimeout", res, err)
	}
}

func TestGet_AWaitingLargeBodyWaitsForTheTurnOfTheOneBeingRead(t *testing.T) {
	// With one large-body turn, a page whose second MiB is slow to come
	// holds the turn; another large page is read to its first MiB and
	// then waits, so it cannot finish first.
	release := make(chan struct{})
	slow := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(bytes.Repeat([]byte("a"), 3<<19)) // 1.5 MiB
		w.(http.Flusher).Flush()
		<-release
		_, _ = w.Write([]byte("end"))
	}))
	quick := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(bytes.Repeat([]byte("b"), 2<<20))
	}))
	var dials dialLog
	opts := privateOptions(t, &dials)
	opts.MaxLargeBodies = 1
	c := New(opts)
	defer c.Close()

	var mu sync.Mutex
	var order []string
	get := func(name, url string, want int) {
		res, err := c.Get(t.Context(), url, Conditional{})
		if err != nil || len(res.Body) != want {
			t.Errorf("%s: %v; want %d bytes", name, err, want)
		}
		mu.Lock()
		order = append(order, name)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	wg.Go(func() { get("slow", slow.URL, 3<<19+3) })
	for len(c.large) == 0 { // the slow page has its turn
		time.Sleep(time.Millisecond)
	}
	wg.Go(func() { get("quick", quick.URL, 2<<20) })
	time.Sleep(300 * time.Millisecond) // time enough for the quick page, were it not waiting
	close(release)
	wg.Wait()
	if len(order) != 2 || order[0] != "slow" {
		t.Errorf("finished in the order %v; want the quick page to wait for the slow one's turn", order)
	}
	if len(c.large) != 0 {
		t.Errorf("%d large-body turns still held after every Get returned", len(c.large))
	}
}
