package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// api calls claimtrack's JSON API as an editor's tool does, with a token.
type api struct {
	base, token string
	client      *http.Client
}

func newAPI(base, token string) *api {
	return &api{base: base, token: token, client: &http.Client{Timeout: 30 * time.Second}}
}

// do sends body as JSON and decodes the answer into out (when not nil); an
// answer other than 2xx is an error naming it.
func (a *api) do(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// claimRef is what the benches keep of a claim to change it.
type claimRef struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	Status  string `json:"status"`
}

// newStory creates a published story with n claims and returns them.
func (a *api) newStory(slug string, n int) ([]claimRef, error) {
	err := a.do(http.MethodPost, "/api/v1/stories", map[string]any{"title": "Bench story " + slug,
		"summary": "A story the bench reads and changes.", "slug": slug, "published": true}, nil)
	if err != nil {
		return nil, err
	}
	out := make([]claimRef, n)
	for i := range out {
		err := a.do(http.MethodPost, "/api/v1/stories/"+slug+"/claims", map[string]any{
			"text": fmt.Sprintf("Claim %d of the bench story", i+1), "status": "unverified",
			"what_would_settle": "A document that settles it"}, &out[i])
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// linkSource links a page of the origin to a claim; sweeps then check it.
func (a *api) linkSource(claimID int64, url string) error {
	return a.do(http.MethodPost, "/api/v1/claims/"+strconv.FormatInt(claimID, 10)+"/sources", map[string]any{
		"url": url, "outlet": "Loopback News", "outlet_kind": "independent", "title": "An article that keeps changing",
		"stance": "supports"}, nil)
}

// origin is a news site on loopback whose every article changes on every
// request, so each check of a source finds a change to record.
type origin struct {
	url   string
	port  string
	hits  atomic.Int64
	close func()
}

func startOrigin() (*origin, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	o := &origin{url: "http://" + ln.Addr().String()}
	_, o.port, _ = net.SplitHostPort(ln.Addr().String())
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := o.hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>Article %s</title></head><body><nav>Home News</nav><article>
<h1>Article %s</h1><p>The council met on Tuesday and discussed the budget at length.</p>
<p>Update %d: the figures were revised at %s.</p><p>More reporting follows as it comes in.</p></article></body></html>`,
			r.URL.Path, r.URL.Path, n, time.Now().Format(time.RFC3339Nano))
	})}
	go func() { _ = srv.Serve(ln) }()
	o.close = func() { _ = srv.Close() }
	return o, nil
}

// sweepSettings run the re-checker often against the origin on loopback.
func sweepSettings(o *origin, every string) map[string]string {
	return map[string]string{"CLAIMTRACK_RECHECK": "on", "CLAIMTRACK_RECHECK_SCHEDULE": "@every " + every,
		"CLAIMTRACK_ALLOW_PRIVATE_SOURCES": "true", "CLAIMTRACK_SOURCE_PORTS": o.port, "CLAIMTRACK_DEMO": "off"}
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
