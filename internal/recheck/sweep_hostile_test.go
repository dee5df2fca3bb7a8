package recheck_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// hostileCap is the body cap of the hostile sweep's client: far below the
// 1 GiB the endless servers offer, and small enough that extracting a
// capped body stays cheap under the race detector.
const hostileCap = 1 << 20

// minimalPDF is a tiny but well-formed PDF with one empty page.
const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n"

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// gzipMember is one gzip member holding 1 MiB of zeros, compressed at test
// time; a gzip stream may be a run of members, so the bomb below is that
// member repeated and costs nothing to serve.
var gzipMember = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := io.Copy(zw, io.LimitReader(zeros{}, 1<<20)); err != nil {
		panic(err)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// hostile starts one server per hostile behaviour, each on its own port so
// that politeness (one request at a time per host) does not queue them
// behind each other. Handlers that would run for ever end when the client
// goes away or the test ends. endless counts the bytes the 1 GiB page
// managed to hand to the connection.
func hostile(t *testing.T) (servers map[string]*httptest.Server, endless *atomic.Int64) {
	t.Helper()
	done := make(chan struct{})
	endless = &atomic.Int64{}
	serve := func(h http.HandlerFunc) *httptest.Server {
		s := httptest.NewServer(h)
		t.Cleanup(s.Close)
		return s
	}
	servers = map[string]*httptest.Server{
		"normal": serve(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, article("The harbour reopened on Monday after the storm."))
		}),
		"hang": serve(func(w http.ResponseWriter, r *http.Request) {
			select { // never a header
			case <-r.Context().Done():
			case <-done:
			}
		}),
		"drip": serve(drip(done)),
		"endless": serve(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Length", fmt.Sprint(1<<30))
			head := "<html><head><title>Endless page</title></head><body><article>"
			para := []byte("<p>" + strings.Repeat("The same sentence again and again. ", 30) + "</p>\n")
			if _, err := io.WriteString(w, head); err != nil {
				return
			}
			for n := len(head); n+len(para) <= 1<<30; n += len(para) {
				if _, err := w.Write(para); err != nil {
					return // the client stopped reading at its cap
				}
				endless.Add(int64(len(para)))
			}
		}),
		"gzipbomb": serve(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			member := gzipMember()
			for range 1024 { // 1 GiB once decompressed
				if _, err := w.Write(member); err != nil {
					return
				}
			}
		}),
		"badutf8": serve(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<html><head><title>Caf\xe9 \xff\xfe report</title></head><body><article><p>Broken \xc3\x28 bytes in a sentence that is otherwise fine.</p></article></body></html>")
		}),
		"pdf": serve(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			io.WriteString(w, minimalPDF)
		}),
	}
	// Registered last, so it runs first: the servers' Close waits for
	// their handlers.
	t.Cleanup(func() { close(done) })
	return servers, endless
}

// drip sends an article one byte a second until the client goes away or
// done is closed.
func drip(done <-chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		for _, b := range []byte(article("A page sent one byte a second.")) {
			if _, err := w.Write([]byte{b}); err != nil {
				return
			}
			_ = rc.Flush()
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
				return
			case <-done:
				return
			}
		}
	}
}

func TestSweep_HostileServersInOneSweepAreEachRecordedAndTheNormalPageIsLive(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		servers, endless := hostile(t)
		c := f.claim(t, f.story.ID, "The harbour reopened")
		ids := map[string]int64{}
		for name, s := range servers {
			ids[name] = f.link(t, c.ID, s.URL+"/"+name).ID
		}
		client := loopbackClient(t, fetch.Options{Timeout: 2 * time.Second, MaxBody: hostileCap, PerHostGap: -1})
		chk := recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }, Concurrency: len(servers)})

		sum, got := sweepResults(t, chk)
		if sum.Checked != len(servers) || sum.Failed != 0 {
			t.Fatalf("sweep = %+v, want all %d sources checked and none failed", sum, len(servers))
		}
		row := map[string]claims.CheckRecord{}
		for name, id := range ids {
			checks := f.checks(t, id)
			if len(checks) != 1 || got[id] == nil {
				t.Fatalf("%s: %d check rows and result %+v, want one of each", name, len(checks), got[id])
			}
			if s := f.sourceState(t, id); s == claims.SourceUnchecked || s != checks[0].State {
				t.Fatalf("%s: source is %s, check row says %s; want a checked state that agrees", name, s, checks[0].State)
			}
			row[name] = checks[0]
		}

		if r := row["normal"]; r.State != claims.SourceLive || r.Title != "Minister statement" || r.TextHash == "" {
			t.Fatalf("normal page's check = %+v, want live with its title and text", r)
		}
		for _, name := range []string{"hang", "drip"} {
			if r := row[name]; r.State != claims.SourceUnreachable || !strings.Contains(r.Error, fetch.ErrTimeout.Error()) {
				t.Fatalf("%s's check = %+v, want unreachable with a timeout error", name, r)
			}
		}
		for _, name := range []string{"endless", "gzipbomb"} {
			if r := row[name]; r.State != claims.SourceLive || r.StatusCode != http.StatusOK || r.Error != "" || r.TextHash == "" || !r.Truncated {
				t.Fatalf("%s's check = %+v, want it recorded as a live page cut at the cap, not a failure", name, r)
			}
		}
		if r := row["normal"]; r.Truncated {
			t.Fatal("the normal page's check says it was cut at the cap")
		}
		if r := row["endless"]; r.Title != "Endless page" {
			t.Fatalf("endless page's title %q, want the one in its first bytes", r.Title)
		}
		// What the server got rid of is the client's cap plus what socket
		// buffers hold, nowhere near the gigabyte on offer.
		t.Logf("the endless page handed %d KiB to the connection", endless.Load()>>10)
		if n := endless.Load(); n > 64<<20 {
			t.Fatalf("the endless page handed %d MiB to the connection, want the client to stop reading near its %d MiB cap", n>>20, hostileCap>>20)
		}
		if r := row["badutf8"]; r.State != claims.SourceLive || !utf8.ValidString(r.Title) || !strings.Contains(r.Title, "report") {
			t.Fatalf("invalid UTF-8 page's check = %+v, want live with a repaired title", r)
		}
		sum256 := sha256.Sum256([]byte(minimalPDF))
		if r := row["pdf"]; r.State != claims.SourceLive || r.ContentType != "application/pdf" || r.Title != "" || r.TextHash != hex.EncodeToString(sum256[:]) {
			t.Fatalf("PDF's check = %+v, want live, hashed by its bytes", r)
		}
	})
}
