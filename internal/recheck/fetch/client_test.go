package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestGet_ReturnsBodyValidatorsAndRemoteAddr(t *testing.T) {
	var gotUA, gotAE atomic.Value
	srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA.Store(r.UserAgent())
		gotAE.Store(r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		_, _ = w.Write([]byte("<title>hi</title>"))
	}))
	var dials dialLog
	opts := privateOptions(t, &dials)
	opts.UserAgent = UserAgent("1.2.3", "https://claims.example.org")
	c := New(opts)
	defer c.Close()

	res, err := c.Get(t.Context(), srv.URL+"/page", Conditional{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	want := Result{
		StatusCode: 200, FinalURL: srv.URL + "/page", RemoteAddr: srv.addrPort(t).String(),
		ContentType: "text/html; charset=utf-8", ETag: `"v1"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT",
	}
	if res.StatusCode != want.StatusCode || res.FinalURL != want.FinalURL || res.RemoteAddr != want.RemoteAddr ||
		res.ContentType != want.ContentType || res.ETag != want.ETag || res.LastModified != want.LastModified ||
		string(res.Body) != "<title>hi</title>" || res.Truncated || res.NotModified || len(res.Redirects) != 0 {
		t.Fatalf("Get = %+v; want %+v with the body", res, want)
	}
	if res.Duration <= 0 {
		t.Fatalf("Duration = %v; want > 0", res.Duration)
	}
	if ua := gotUA.Load(); ua != "claimtrack/1.2.3 (+https://claims.example.org)" {
		t.Fatalf("server saw User-Agent %q", ua)
	}
	if ae := gotAE.Load(); ae != "gzip, deflate" {
		t.Fatalf("server saw Accept-Encoding %q", ae)
	}
}

func TestGet_RequestsNumericHostsAtTheAddressTheyDenote(t *testing.T) {
	var gotHost atomic.Value
	srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { gotHost.Store(r.Host) }))
	p, _ := srv.port(t)
	var dials dialLog
	c := New(privateOptions(t, &dials))
	defer c.Close()
	for _, host := range []string{"2130706433", "0x7f000001", "127.1", "0177.0.0.1"} {
		res, err := c.Get(t.Context(), "http://"+host+":"+p+"/", Conditional{})
		if err != nil {
			t.Fatalf("Get(%s): %v", host, err)
		}
		if res.FinalURL != "http://127.0.0.1:"+p+"/" || gotHost.Load() != "127.0.0.1:"+p {
			t.Fatalf("Get(%s): FinalURL %s, server saw Host %v; want 127.0.0.1:%s", host, res.FinalURL, gotHost.Load(), p)
		}
	}
}

// TestGet_EndsSlowServersAtTheTimeout: the caller's context has no deadline,
// so only the client's own Timeout can end these fetches.
func TestGet_EndsSlowServersAtTheTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"hangs before headers", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }},
		{"hangs after headers", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}},
		{"drips a byte every 50ms", func(w http.ResponseWriter, r *http.Request) {
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				if _, err := w.Write([]byte("x")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-tick.C:
				case <-r.Context().Done():
					return
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start4(t, tt.handler)
			var dials dialLog
			opts := privateOptions(t, &dials)
			opts.Timeout = 300 * time.Millisecond
			c := New(opts)
			defer c.Close()
			res, err := c.Get(t.Context(), srv.URL, Conditional{})
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("Get = %+v, %v; want ErrTimeout", res, err)
			}
		})
	}
}

func TestGet_SendsValidatorsAndReportsNotModified(t *testing.T) {
	const etag, lastMod = `"abc"`, "Tue, 03 Mar 2026 10:00:00 GMT"
	var gotINM, gotIMS atomic.Value
	srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotINM.Store(r.Header.Get("If-None-Match"))
		gotIMS.Store(r.Header.Get("If-Modified-Since"))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		_, _ = w.Write([]byte("full page"))
	}))
	var dials dialLog
	c := New(privateOptions(t, &dials))
	defer c.Close()

	res, err := c.Get(t.Context(), srv.URL, Conditional{ETag: etag, LastModified: lastMod})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if gotINM.Load() != etag || gotIMS.Load() != lastMod {
		t.Fatalf("server saw If-None-Match %v, If-Modified-Since %v", gotINM.Load(), gotIMS.Load())
	}
	if !res.NotModified || res.StatusCode != 304 || len(res.Body) != 0 || res.ETag != etag || res.LastModified != lastMod {
		t.Fatalf("Get = %+v; want 304 NotModified keeping the validators", res)
	}

	res, err = c.Get(t.Context(), srv.URL, Conditional{})
	if err != nil {
		t.Fatalf("unconditional Get: %v", err)
	}
	if gotINM.Load() != "" || gotIMS.Load() != "" || res.NotModified || string(res.Body) != "full page" {
		t.Fatalf("unconditional Get = %+v, server saw %v/%v; want a full page and no validators", res, gotINM.Load(), gotIMS.Load())
	}
}

func TestGet_ParsesRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		status     int
		retryAfter string
		want       time.Duration
	}{
		{"429 seconds", 429, "120", 120 * time.Second},
		{"503 seconds", 503, "5", 5 * time.Second},
		{"503 HTTP date", 503, now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"429 date in the past", 429, now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"429 negative", 429, "-3", 0},
		{"429 garbage", 429, "soon", 0},
		{"429 absent", 429, "", 0},
		{"200 ignores it", 200, "120", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.status)
			}))
			var dials dialLog
			opts := privateOptions(t, &dials)
			opts.Now = func() time.Time { return now }
			c := New(opts)
			defer c.Close()
			res, err := c.Get(t.Context(), srv.URL, Conditional{})
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if res.StatusCode != tt.status || res.RetryAfter != tt.want {
				t.Fatalf("Get = status %d RetryAfter %v; want %d %v", res.StatusCode, res.RetryAfter, tt.status, tt.want)
			}
		})
	}
}

func TestGet_FollowsRedirectChainAcrossServers(t *testing.T) {
	other := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("final")) }))
	srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a":
			http.Redirect(w, r, "/b", http.StatusMovedPermanently)
		case "/b":
			http.Redirect(w, r, other.URL+"/c", http.StatusFound)
		}
	}))
	var dials dialLog
	c := New(privateOptions(t, &dials))
	defer c.Close()
	res, err := c.Get(t.Context(), srv.URL+"/a", Conditional{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	wantRedirects := []string{srv.URL + "/b", other.URL + "/c"}
	if res.FinalURL != other.URL+"/c" || string(res.Body) != "final" || res.RemoteAddr != other.addrPort(t).String() ||
		strings.Join(res.Redirects, " ") != strings.Join(wantRedirects, " ") {
		t.Fatalf("Get = final %s via %v from %s, body %q; want %s via %v", res.FinalURL, res.Redirects, res.RemoteAddr, res.Body, other.URL+"/c", wantRedirects)
	}
}

func TestGet_StopsRedirectLoopAtMaxRedirects(t *testing.T) {
	tests := []struct {
		name         string
		maxRedirects int
		wantRequests int64
	}{
		{"default of 10", 0, 11},
		{"configured 3", 3, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(r.URL.Query().Get("n"))
				http.Redirect(w, r, "/loop?n="+strconv.Itoa(n+1), http.StatusFound)
			}))
			var dials dialLog
			opts := privateOptions(t, &dials)
			opts.MaxRedirects = tt.maxRedirects
			c := New(opts)
			defer c.Close()
			res, err := c.Get(t.Context(), srv.URL+"/loop", Conditional{})
			if !errors.Is(err, ErrTooManyRedirects) {
				t.Fatalf("Get = %+v, %v; want ErrTooManyRedirects", res, err)
			}
			if n := srv.requests.Load(); n != tt.wantRequests {
				t.Fatalf("server saw %d requests; want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestGet_ClassifiesFailures(t *testing.T) {
	// A port with nothing listening: bind one, remember it, close it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := ln.Addr().String()
	ln.Close()

	tests := []struct {
		name     string
		url      string
		resolver map[string][]netip.Addr
		want     error
	}{
		{"unknown name", "http://nowhere.example/", nil, ErrDNS},
		{"name without addresses", "http://empty.example/", map[string][]netip.Addr{"empty.example": {}}, ErrDNS},
		{"connection refused", "http://" + deadAddr + "/", nil, ErrNetwork},
		{"unparsable URL", "http://[::1/", nil, ErrRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dials dialLog
			opts := privateOptions(t, &dials)
			opts.Resolver = func(_ context.Context, host string) ([]netip.Addr, error) {
				if addrs, ok := tt.resolver[host]; ok {
					return addrs, nil
				}
				return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
			}
			c := New(opts)
			defer c.Close()
			res, err := c.Get(t.Context(), tt.url, Conditional{})
			if !errors.Is(err, tt.want) || KindOf(err) != tt.want {
				t.Fatalf("Get(%s) = %+v, %v (kind %v); want %v", tt.url, res, err, KindOf(err), tt.want)
			}
		})
	}
}

func TestGet_ReturnsCallerCancellationAsIs(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel() // the caller gives up while the server is answering
		<-r.Context().Done()
	}))
	var dials dialLog
	c := New(privateOptions(t, &dials))
	defer c.Close()
	_, err := c.Get(ctx, srv.URL, Conditional{})
	if !errors.Is(err, context.Canceled) || KindOf(err) != nil {
		t.Fatalf("Get = %v (kind %v); want context.Canceled and no fetch kind", err, KindOf(err))
	}
}

func TestGet_FetchesHTTPS(t *testing.T) {
	tlsSrv := newTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("secure")) }))
	var dials dialLog
	opts := privateOptions(t, &dials)
	opts.TLSConfig = tlsSrv.Client().Transport.(*http.Transport).TLSClientConfig
	c := New(opts)
	defer c.Close()
	res, err := c.Get(t.Context(), tlsSrv.URL, Conditional{})
	if err != nil || string(res.Body) != "secure" {
		t.Fatalf("Get(%s) = %+v, %v; want the secure page", tlsSrv.URL, res, err)
	}

	// Without the test CA, the certificate is not trusted.
	opts.TLSConfig = nil
	c2 := New(opts)
	defer c2.Close()
	if _, err := c2.Get(t.Context(), tlsSrv.URL, Conditional{}); !errors.Is(err, ErrNetwork) {
		t.Fatalf("Get with an untrusted certificate = %v; want ErrNetwork", err)
	}
}
