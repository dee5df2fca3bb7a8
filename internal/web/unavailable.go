package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// ErrCut is the cause with which the server cancels the requests still
// running at the shutdown timeout (see internal/app): their errors are
// answered and logged as cut, not as internal failures.
var ErrCut = errors.New("request cut off at the shutdown timeout")

// retryAfter is the Retry-After of every 503 the web layer answers itself:
// long enough for a lost connection to be replaced or a restart to finish.
const retryAfter = 5 * time.Second

// unavailable answers err, which is EUNAVAILABLE or a request cut at the
// shutdown timeout, with a 503, a Retry-After and the message of the error,
// which tells the client whether sending the request again is safe. The
// log gets one line per kind of failure and interval, with a count, and
// /readyz turns not ready until a write probe succeeds again.
func (s *Server) unavailable(c echo.Context, err error, ce *claims.Error, cut bool) (int, *claims.Error) {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
	if cut {
		s.logger(c).Warn("request cut off at the shutdown timeout", "error", err.Error())
		return http.StatusServiceUnavailable, &claims.Error{Code: claims.EUNAVAILABLE,
			Message: "The server stopped before this request finished; check whether it took effect before sending it again."}
	}
	s.ready.failed(s.now(), ce)
	s.failures.Log(slog.LevelError, "unavailable: "+ce.Message, "storage unavailable", "message", ce.Message, "error", err.Error())
	return http.StatusServiceUnavailable, &claims.Error{Code: claims.EUNAVAILABLE, Message: ce.Message, Fields: ce.Fields}
}

// inflight is the set of requests being served, so that those cut at the
// shutdown timeout can be named in the log.
type inflight struct {
	mu   sync.Mutex
	reqs map[*http.Request]InFlightRequest
}

func (f *inflight) add(c echo.Context, at time.Time) {
	r := c.Request()
	f.put(r, InFlightRequest{Method: r.Method, Path: httpx.LoggedPath(c), RequestID: httpx.RequestIDOf(c), Since: at})
}

func (f *inflight) put(r *http.Request, req InFlightRequest) {
	f.mu.Lock()
	if f.reqs == nil {
		f.reqs = map[*http.Request]InFlightRequest{}
	}
	f.reqs[r] = req
	f.mu.Unlock()
}

func (f *inflight) done(r *http.Request) {
	f.mu.Lock()
	delete(f.reqs, r)
	f.mu.Unlock()
}

// InFlightRequest is a request being served.
type InFlightRequest struct {
	Method, Path, RequestID string
	Since                   time.Time
}

// InFlight lists the requests being served now.
func (s *Server) InFlight() []InFlightRequest {
	s.flight.mu.Lock()
	defer s.flight.mu.Unlock()
	out := make([]InFlightRequest, 0, len(s.flight.reqs))
	for _, r := range s.flight.reqs {
		out = append(out, r)
	}
	return out
}

// probeEvery is how often /readyz may try a write: it is asked every few
// seconds by every load balancer, and a probe is a commit.
const probeEvery = 3 * time.Second

// readiness remembers whether writes work: a failed write (a request's or
// the probe's) makes /readyz answer not ready, and only a successful probe,
// at most every probeEvery, makes it ready again.
type readiness struct {
	mu  sync.Mutex
	at  time.Time // when err was last set
	err error
}

func (r *readiness) failed(now time.Time, err error) {
	r.mu.Lock()
	r.at, r.err = now, err
	r.mu.Unlock()
}

// writable returns nil when writes work, probing with probe when the last
// answer is older than probeEvery.
func (r *readiness) writable(ctx context.Context, now time.Time, probe func(context.Context) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.at.IsZero() && now.Sub(r.at) < probeEvery {
		return r.err
	}
	r.at, r.err = now, probe(ctx)
	return r.err
}
