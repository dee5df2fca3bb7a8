package app

// End to end: three serve processes on one PostgreSQL
// database share the re-checker's sweeps and the alert outbox without doing
// anything twice, and the survivors of a SIGKILL take over the dead
// instance's leased sources once the lease runs out.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

const (
	fleetSources     = 300
	fleetSubscribers = 200
	// fleetLease is CLAIMTRACK_RECHECK_LEASE of the three instances.
	fleetLease = 10 * time.Second
)

func TestServe_ThreeInstancesShareSweepsAndAlertsAndSurviveASIGKILL(t *testing.T) {
	dsn, ok := storetest.UnmigratedDSNs(t)[store.DialectPostgres]
	if !ok {
		t.Skipf("%s is not set", storetest.EnvPostgres)
	}
	ctx := t.Context()
	began := time.Now()
	smtp := mailtest.NewServer(t)
	sources := newSourceFarm(t, fleetSources)
	bin := buildBinary(t)

	procs := make([]*instance, 3)
	for i := range procs {
		procs[i] = startInstance(t, bin, dsn,
			"CLAIMTRACK_DEMO=off",
			"CLAIMTRACK_RECHECK=on",
			"CLAIMTRACK_RECHECK_SCHEDULE=@every 1s",
			"CLAIMTRACK_RECHECK_LEASE="+fleetLease.String(),
			"CLAIMTRACK_ALLOW_PRIVATE_SOURCES=true",
			"CLAIMTRACK_SMTP_URL="+smtp.URL(),
			"CLAIMTRACK_ALERT_POLL=200ms",
			"CLAIMTRACK_ALERT_DIGEST_WINDOW=0",
		)
	}
	addrs := make([]string, len(procs))
	for i, p := range procs {
		addr, err := p.waitServing(90 * time.Second)
		if err != nil {
			t.Fatalf("instance %d: %v\nits log:\n%s", i, err, p.log())
		}
		addrs[i] = addr
	}
	sources.setInstances(addrs)
	t.Logf("%s: three instances serving", time.Since(began).Round(time.Millisecond))

	// The test writes its fixtures through the domain services on the same
	// database, as another instance would; the instances migrated it.
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	authSvc := auth.NewService(db, time.Now, auth.Options{})
	editor, err := authSvc.CreateUser(ctx, "ed@newsroom.example", "Ed", auth.RoleEditor, cliPassword)
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := authSvc.CreateToken(ctx, editor.ID, "instances test")
	if err != nil {
		t.Fatal(err)
	}
	ed := claims.Actor{UserID: editor.ID, Name: "Ed", Role: string(auth.RoleEditor)}
	story, err := svc.CreateStory(ctx, ed, claims.NewStory{Title: "Harbour fire", Published: true})
	if err != nil {
		t.Fatal(err)
	}

	// 1. One sweep cycle over 300 due sources: each fetched once, in all.
	const firstClaim = "The harbour fire was started deliberately"
	first, firstIDs := linkSources(t, db, svc, ed, story.ID, firstClaim, sources.urls("s"))
	waitChecked(t, conn, firstIDs, 60*time.Second)
	sources.requireEachOnce(t, "s", "the first cycle")
	requireChecks(t, conn, firstIDs, "the first cycle")
	t.Logf("%s: first cycle done; requests per instance %v", time.Since(began).Round(time.Millisecond), sources.perInstance("s"))
	if by := sources.instancesThatFetched("s"); by < 2 {
		// Which instance ticks first is up to the scheduler, so one
		// instance taking every batch is possible, if unlikely.
		t.Logf("only %d instance fetched sources in the first cycle", by)
	}

	// 2. 200 confirmed subscribers of the claim, which is then resolved
	// through one instance: one email each.
	alertSvc := alerts.NewService(db, svc, 0)
	readers := make([]string, fleetSubscribers)
	for i := range readers {
		readers[i] = fmt.Sprintf("reader%03d@example.org", i)
		conf, err := alertSvc.Subscribe(ctx, alerts.SubscribeRequest{Email: readers[i], ClaimID: first.ID})
		if err != nil || conf == nil {
			t.Fatalf("subscribe %s: %v %v", readers[i], conf, err)
		}
		// An instance's mail worker may mint its confirmation mail's link
		// first, which replaces this one: then confirm with a fresh link.
		for try := 0; ; try++ {
			_, _, err := alertSvc.Confirm(ctx, conf.Token)
			if err == nil {
				break
			}
			if try == 3 {
				t.Fatalf("confirm %s: %v", readers[i], err)
			}
			if conf, err = alertSvc.ConfirmationMail(ctx, conf.SubscriptionID); err != nil {
				t.Fatalf("a fresh link for %s: %v", readers[i], err)
			}
		}
	}
	var version int
	if err := conn.QueryRow(ctx, "SELECT version FROM claims WHERE id = $1", first.ID).Scan(&version); err != nil {
		t.Fatal(err)
	}
	resolveClaim(t, "http://"+addrs[1], token, first.ID, "confirmed", "Police and fire service both confirm it.", version)
	waitMessages(t, smtp, fleetSubscribers, 60*time.Second)
	// Several poll intervals of every instance: a duplicate would show here.
	time.Sleep(2 * time.Second)
	requireOneMailEach(t, alertsOnly(smtp.Messages()), readers, firstClaim)
	t.Logf("%s: %d alerts delivered", time.Since(began).Round(time.Millisecond), len(smtp.Messages()))

	// 3. A sweep of 300 more sources that hang until released; one instance
	// is killed while it holds a batch.
	sources.hold()
	_, thirdIDs := linkSources(t, db, svc, ed, story.ID, "The fire spread to three warehouses", sources.urls("k"))
	victim := sources.waitInFlight(t, len(procs), 30*time.Second)
	leases := leasesOf(t, conn, thirdIDs)
	// Taken before the kill: afterwards a request of the dead instance may
	// look answered if the server sees the release before the hang-up.
	held := sources.inFlightOf("k", victim)
	if err := procs[victim].cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-procs[victim].stopped:
	case <-time.After(20 * time.Second):
		t.Fatal("the killed instance did not exit within 20 s")
	}
	if ws, ok := procs[victim].cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("instance %d ended with %v, want killed by SIGKILL", victim, procs[victim].cmd.ProcessState)
	}
	sources.release()

	// The batch the victim held: the sources it was fetching, and every
	// other source leased in the same statement (one lease_until per batch).
	if len(held) == 0 {
		t.Fatalf("instance %d had no request in flight when killed", victim)
	}
	until, ok := leases[sourceByPath(thirdIDs, held[0])]
	if !ok {
		t.Fatalf("source %s was being fetched but not leased", held[0])
	}
	var batch []int64
	for id, u := range leases {
		if u.Equal(until) {
			batch = append(batch, id)
		}
	}
	for _, p := range held {
		if u := leases[sourceByPath(thirdIDs, p)]; !u.Equal(until) {
			t.Errorf("%s was fetched by the victim under lease %v, not its batch's %v", p, u, until)
		}
	}

	// The survivors check every source, the victim's after its lease.
	waitChecked(t, conn, thirdIDs, fleetLease+60*time.Second)
	requireChecks(t, conn, thirdIDs, "the sweep with a killed instance")
	reqs := sources.requests("k")
	var twice, early findings
	for i := range fleetSources {
		path := fmt.Sprintf("/k/%d", i)
		var bySurvivors []farmRequest
		for _, r := range reqs[path] {
			if r.instance != victim {
				bySurvivors = append(bySurvivors, r)
			}
		}
		if len(bySurvivors) != 1 {
			twice.add("%s fetched %d times by the survivors: %v", path, len(bySurvivors), reqs[path])
			continue
		}
		if id := thirdIDs[i]; slices.Contains(batch, id) && !bySurvivors[0].at.After(until) {
			early.add("%s fetched at %v", path, bySurvivors[0].at.Format("15:04:05.000"))
		}
	}
	twice.report(t, fmt.Sprintf("%d sources are not fetched exactly once by the survivors of instance %d", fleetSources, victim))
	early.report(t, fmt.Sprintf("%d sources of the killed instance's batch were fetched before its lease ran out at %s",
		len(batch), until.Format("15:04:05.000")))
	// How close the survivors came to their own leases running out while
	// held: the margin that keeps this test from flaking on a slow machine.
	margin := fleetLease
	for i, id := range thirdIDs {
		if u, ok := leases[id]; ok && !u.Equal(until) {
			for _, r := range reqs[fmt.Sprintf("/k/%d", i)] {
				margin = min(margin, u.Sub(r.at))
			}
		}
	}
	t.Logf("smallest lease time left when a survivor fetched one of its own held sources: %s", margin.Round(time.Millisecond))
	t.Logf("%s: killed instance %d holding a batch of %d sources (%d in flight, lease until %v); survivors' requests %v",
		time.Since(began).Round(time.Millisecond), victim, len(batch), len(held), until.Format(time.TimeOnly), sources.perInstance("k"))

	// Nothing of the first cycle was fetched again, and no mail went twice.
	sources.requireEachOnce(t, "s", "the whole test")
	requireOneMailEach(t, alertsOnly(smtp.Messages()), readers, firstClaim)
}

// linkSources creates a claim on the story and links every url to it in one
// transaction, so that all become due at the same moment. It returns the
// claim and the source ids in url order.
func linkSources(t *testing.T, db *store.DB, svc *claims.Service, ed claims.Actor, storyID int64, text string, urls []string) (*claims.Claim, []int64) {
	t.Helper()
	ctx := t.Context()
	c, err := svc.AddClaim(ctx, ed, storyID, claims.NewClaim{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(urls))
	err = db.Tx(ctx, func(ctx context.Context) error {
		for i, u := range urls {
			ls, err := svc.LinkSource(ctx, ed, c.ID, claims.NewSourceLink{URL: u, Outlet: fmt.Sprintf("Outlet %d", i),
				OutletKind: "official", Stance: "supports"})
			if err != nil {
				return err
			}
			ids[i] = ls.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, ids
}

// waitChecked polls until every source in ids has a recorded check.
func waitChecked(t *testing.T, conn *pgx.Conn, ids []int64, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var n int
		err := conn.QueryRow(t.Context(), "SELECT count(DISTINCT source_id) FROM source_checks WHERE source_id = ANY($1)", ids).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == len(ids) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d sources checked after %s", n, len(ids), limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// requireChecks requires exactly one recorded check per source, each of a
// live page.
func requireChecks(t *testing.T, conn *pgx.Conn, ids []int64, when string) {
	t.Helper()
	rows, err := conn.Query(t.Context(), "SELECT state, count(*) FROM source_checks WHERE source_id = ANY($1) GROUP BY state", ids)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var state string
		var n int
		err := r.Scan(&state, &n)
		return fmt.Sprintf("%s=%d", state, n), err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("live=%d", len(ids)); len(got) != 1 || got[0] != want {
		t.Errorf("checks recorded in %s: %v, want %s", when, got, want)
	}
}

// leasesOf returns the unexpired lease of each source in ids that has one.
func leasesOf(t *testing.T, conn *pgx.Conn, ids []int64) map[int64]time.Time {
	t.Helper()
	rows, err := conn.Query(t.Context(), `SELECT source_id, lease_until FROM source_check_state
		WHERE source_id = ANY($1) AND lease_until > now()`, ids)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var until time.Time
		if err := rows.Scan(&id, &until); err != nil {
			t.Fatal(err)
		}
		out[id] = until
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sourceByPath maps "/k/N" to the id of the Nth source.
func sourceByPath(ids []int64, path string) int64 {
	var n int
	if _, err := fmt.Sscanf(path[strings.LastIndex(path, "/")+1:], "%d", &n); err != nil || n < 0 || n >= len(ids) {
		return 0
	}
	return ids[n]
}

// resolveClaim moves a claim to a resolved status through an instance's
// write API.
func resolveClaim(t *testing.T, base, token string, claimID int64, status, note string, version int) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"status": status, "note": note, "version": version})
	req, _ := http.NewRequest(http.MethodPatch, fmt.Sprintf("%s/api/v1/claims/%d", base, claimID), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var got apiClaim
	if res.StatusCode != http.StatusOK || json.Unmarshal(b, &got) != nil || got.Status != status || !got.Resolved {
		t.Fatalf("PATCH claim %d to %s = %d %s", claimID, status, res.StatusCode, b)
	}
}

// waitMessages polls until the server has accepted n messages.
func waitMessages(t *testing.T, smtp *mailtest.Server, n int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	// Subjects are parsed only once there are enough messages: parsing
	// hundreds ten times a second would take the CPU the instances need.
	enough := func() bool { msgs := smtp.Messages(); return len(msgs) >= n && len(alertsOnly(msgs)) >= n }
	for !enough() {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages after %s (%d with confirmations)", len(alertsOnly(smtp.Messages())), n, limit, len(smtp.Messages()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// alertsOnly leaves out confirmation mails: the setup subscribes through
// the service, which queues one per reader, and an instance's mail worker
// may send one it took before the setup confirmed the subscription.
func alertsOnly(msgs []mailtest.Message) []mailtest.Message {
	return slices.DeleteFunc(msgs, func(m mailtest.Message) bool { return strings.HasPrefix(m.Header().Get("Subject"), "Confirm:") })
}

// requireOneMailEach requires one message per reader, each about the claim,
// and none to anybody else.
func requireOneMailEach(t *testing.T, msgs []mailtest.Message, readers []string, claimText string) {
	t.Helper()
	got := map[string]int{}
	var off findings
	for _, m := range msgs {
		for _, to := range m.To {
			got[strings.ToLower(to)]++
		}
		if subj := m.Header().Get("Subject"); !strings.Contains(subj, claimText) {
			off.add("to %v: %q", m.To, subj)
		}
	}
	off.report(t, fmt.Sprintf("%d messages do not name the claim %q in the subject", len(msgs), claimText))
	var wrong findings
	for _, r := range readers {
		if got[r] != 1 {
			wrong.add("%s received %d", r, got[r])
		}
		delete(got, r)
	}
	wrong.report(t, fmt.Sprintf("%d readers did not receive exactly one message", len(readers)))
	if len(got) > 0 || len(msgs) != len(readers) {
		t.Errorf("%d messages for %d readers; others received %v", len(msgs), len(readers), got)
	}
}

// farmRequest is one request a source server saw.
type farmRequest struct {
	instance int // index of the instance whose User-Agent sent it; -1 unknown
	at       time.Time
	done     bool // answered (false while held, or when the client went away)
}

func (r farmRequest) String() string {
	return fmt.Sprintf("instance %d at %s", r.instance, r.at.Format("15:04:05.000"))
}

// sourceFarm serves each source from its own loopback server, so that the
// fetcher's one-request-per-second politeness per host does not stretch a
// batch past the lease: the test is about leases, not politeness. Paths are
// /{prefix}/{n} on server n.
type sourceFarm struct {
	servers []*httptest.Server

	mu        sync.Mutex
	instances []string // listen addresses, matched against User-Agent
	seen      map[string][]*farmRequest
	held      chan struct{} // requests under /k/ wait until it is closed
	arrived   chan struct{} // closed and replaced on every request
}

func newSourceFarm(t *testing.T, n int) *sourceFarm {
	t.Helper()
	f := &sourceFarm{seen: map[string][]*farmRequest{}, arrived: make(chan struct{})}
	for range n {
		srv := httptest.NewServer(http.HandlerFunc(f.serve))
		t.Cleanup(srv.Close)
		f.servers = append(f.servers, srv)
	}
	t.Cleanup(func() { f.release() })
	return f
}

func (f *sourceFarm) setInstances(addrs []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.instances = addrs
}

func (f *sourceFarm) urls(prefix string) []string {
	out := make([]string, len(f.servers))
	for i, srv := range f.servers {
		out[i] = fmt.Sprintf("%s/%s/%d", srv.URL, prefix, i)
	}
	return out
}

func (f *sourceFarm) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	req := &farmRequest{instance: -1, at: time.Now()}
	for i, addr := range f.instances {
		// The User-Agent names the instance's base URL.
		if strings.Contains(r.UserAgent(), "//"+addr+")") {
			req.instance = i
		}
	}
	f.seen[r.URL.Path] = append(f.seen[r.URL.Path], req)
	held := f.held
	close(f.arrived)
	f.arrived = make(chan struct{})
	f.mu.Unlock()

	if held != nil && strings.HasPrefix(r.URL.Path, "/k/") {
		select {
		case <-held:
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, "<html><head><title>Report %s</title></head><body><article><p>Fire crews worked through the night at the harbour.</p></article></body></html>", r.URL.Path)
	f.mu.Lock()
	req.done = true
	f.mu.Unlock()
}

// hold makes requests under /k/ wait until release.
func (f *sourceFarm) hold() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.held = make(chan struct{})
}

func (f *sourceFarm) release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held != nil {
		close(f.held)
		f.held = nil
	}
}

// waitInFlight waits until every one of n instances has a held request in
// flight (or, after limit, at least one has) and returns the one that has
// held requests longest: it is certainly in the middle of a sweep.
func (f *sourceFarm) waitInFlight(t *testing.T, n int, limit time.Duration) int {
	t.Helper()
	deadline := time.After(limit)
	// Once the first instance holds a batch, the others get a few ticks to
	// take theirs; past that its lease would be near running out.
	var settle <-chan time.Time
	for {
		f.mu.Lock()
		first, earliest := -1, time.Time{}
		busy := map[int]bool{}
		for path, reqs := range f.seen {
			if !strings.HasPrefix(path, "/k/") {
				continue
			}
			for _, r := range reqs {
				if r.done || r.instance < 0 {
					continue
				}
				busy[r.instance] = true
				if first < 0 || r.at.Before(earliest) {
					first, earliest = r.instance, r.at
				}
			}
		}
		arrived := f.arrived
		f.mu.Unlock()
		if len(busy) == n {
			return first
		}
		if first >= 0 && settle == nil {
			settle = time.After(4 * time.Second)
		}
		select {
		case <-arrived:
		case <-settle:
			t.Logf("only %d of %d instances were fetching when one was killed", len(busy), n)
			return first
		case <-deadline:
			t.Fatalf("no instance fetched a held source within %s", limit)
		}
	}
}

// inFlightOf returns the paths under /prefix/ that instance i requested and
// got no answer to.
func (f *sourceFarm) inFlightOf(prefix string, i int) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for path, reqs := range f.seen {
		if !strings.HasPrefix(path, "/"+prefix+"/") {
			continue
		}
		for _, r := range reqs {
			if r.instance == i && !r.done {
				out = append(out, path)
			}
		}
	}
	slices.Sort(out)
	return out
}

// requests returns a copy of the requests seen per path under /prefix/.
func (f *sourceFarm) requests(prefix string) map[string][]farmRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string][]farmRequest{}
	for path, reqs := range f.seen {
		if strings.HasPrefix(path, "/"+prefix+"/") {
			for _, r := range reqs {
				out[path] = append(out[path], *r)
			}
		}
	}
	return out
}

// requireEachOnce requires exactly one request for every source under
// /prefix/.
func (f *sourceFarm) requireEachOnce(t *testing.T, prefix, when string) {
	t.Helper()
	reqs := f.requests(prefix)
	var wrong findings
	for i := range f.servers {
		path := fmt.Sprintf("/%s/%d", prefix, i)
		if n := len(reqs[path]); n != 1 {
			wrong.add("%s requested %d times: %v", path, n, reqs[path])
		}
	}
	wrong.report(t, fmt.Sprintf("%d sources are not requested exactly once in %s", len(f.servers), when))
	if len(reqs) != len(f.servers) {
		t.Errorf("%d paths under /%s/ requested, want %d", len(reqs), prefix, len(f.servers))
	}
}

// perInstance counts requests under /prefix/ by instance (-1: unknown).
func (f *sourceFarm) perInstance(prefix string) map[int]int {
	out := map[int]int{}
	for _, reqs := range f.requests(prefix) {
		for _, r := range reqs {
			out[r.instance]++
		}
	}
	return out
}

func (f *sourceFarm) instancesThatFetched(prefix string) int {
	n := 0
	for i, c := range f.perInstance(prefix) {
		if i >= 0 && c > 0 {
			n++
		}
	}
	return n
}

// findings collects failures of one kind, so that a broken run reports a
// count and a few examples rather than hundreds of lines.
type findings []string

func (f *findings) add(format string, args ...any) { *f = append(*f, fmt.Sprintf(format, args...)) }

// report fails t with "N of what", when there are findings.
func (f findings) report(t *testing.T, of string) {
	t.Helper()
	if len(f) > 0 {
		t.Errorf("%d of %s; for example:\n  %s", len(f), of, strings.Join(f[:min(len(f), 5)], "\n  "))
	}
}
