package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/jackc/pgx/v5"
)

// instance is one claimtrack process's worth of web server over a shared
// PostgreSQL database: its own connection pool, services and page cache.
type instance struct {
	db  *store.DB
	svc *claims.Service
	srv *Server
	h   http.Handler
	aut *auth.Service
	up  chan bool
}

func startInstance(t *testing.T, dsn string) *instance {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	srv, h, svc, aut := newTestServer(t, db)
	in := &instance{db: db, svc: svc, srv: srv, h: h, aut: aut, up: make(chan bool, 16)}
	changed, up := srv.PeerWrites()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.ListenStoryChanges(ctx, changed, func(ok bool) { up(ok); in.up <- ok })
	}()
	t.Cleanup(func() { cancel(); <-done })
	return in
}

func (in *instance) waitUp(t *testing.T, want bool) {
	t.Helper()
	select {
	case got := <-in.up:
		if got != want {
			t.Fatalf("listener reported up=%v, want %v", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("listener never reported up=%v", want)
	}
}

func (in *instance) page(t *testing.T, target string) string {
	t.Helper()
	res := serve(in.h, httptest.NewRequest(http.MethodGet, target, nil))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", target, res.StatusCode)
	}
	return readAll(t, res.Body)
}

// seesWithin reports whether the story page of in shows want within d,
// reading it as readers do (through the cache).
func (in *instance) seesWithin(t *testing.T, path, want string, d time.Duration) bool {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		if strings.Contains(in.page(t, path), want) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startPeers starts two instances on one fresh PostgreSQL database and
// waits until each hears the other's writes.
func startPeers(t *testing.T) (a, b *instance) {
	t.Helper()
	dsn := storetest.PostgresDSN(t)
	a, b = startInstance(t, dsn), startInstance(t, dsn)
	a.waitUp(t, true)
	b.waitUp(t, true)
	return a, b
}

// Two instances on one PostgreSQL database: a write through one shows on the
// other's (cached) story page within a second, also while the other's
// notification connection is down, and a session made through one is valid
// on the other.
func TestPeers_WritesThroughOneInstanceShowOnAnotherWithinASecond(t *testing.T) {
	t.Parallel()
	dsn := storetest.PostgresDSN(t)
	a, b := startInstance(t, dsn), startInstance(t, dsn)
	a.waitUp(t, true)
	b.waitUp(t, true)
	ctx := context.Background()

	st := must(a.svc.CreateStory(ctx, editor, claims.NewStory{Slug: "shared", Title: "Shared story", Published: true}))(t)
	c := must(a.svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The audio is authentic", Status: "unverified"}))(t)
	if !b.seesWithin(t, "/stories/"+st.Slug, "The audio is authentic", time.Second) {
		t.Fatal("instance B never showed the claim A added")
	}
	// The notifications of A's two writes may still be on their way and drop
	// the page B just cached: read until B holds it, or the later checks
	// would prove nothing.
	for i := 0; b.srv.pages.Get(st.Slug) == nil; i++ {
		if i == 50 {
			t.Fatal("B never cached the story page")
		}
		time.Sleep(20 * time.Millisecond)
		b.page(t, "/stories/"+st.Slug)
	}

	// A status change, with its note (the story page shows each claim's
	// newest public event).
	c = must(a.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"),
		Note: "Forensic lab report published", Version: c.Version}))(t)
	if !a.seesWithin(t, "/stories/"+st.Slug, "Forensic lab report published", 0) {
		t.Fatal("the writer did not see its own status change at once")
	}
	if !b.seesWithin(t, "/stories/"+st.Slug, "Forensic lab report published", time.Second) {
		t.Fatal("instance B showed A's status change late by more than 1 s")
	}

	// Cut B's listening connection: until it is back, B's pages live
	// under a second, so a write made meanwhile still shows within 1 s.
	killListeners(t, dsn)
	b.waitUp(t, false)
	b.page(t, "/stories/"+st.Slug) // cached while blind
	c = must(a.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Text: ptr("The audio is a forgery"), Version: c.Version}))(t)
	if !b.seesWithin(t, "/stories/"+st.Slug, "The audio is a forgery", time.Second) {
		t.Fatal("with its listener down, B showed A's write late by more than 1 s")
	}
	b.waitUp(t, true)
	must(a.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Text: ptr("The audio is genuine after all"), Version: c.Version}))(t)
	if !b.seesWithin(t, "/stories/"+st.Slug, "The audio is genuine after all", time.Second) {
		t.Fatal("after reconnecting, B showed A's write late by more than 1 s")
	}

	// Sessions live in the database: signed in through A, known to B.
	cookie := loginAs(t, a.h, a.aut, auth.RoleEditor)
	req := httptest.NewRequest(http.MethodGet, "/editor", nil)
	req.AddCookie(cookie)
	if res := serve(b.h, req); res.StatusCode != http.StatusOK {
		t.Fatalf("a session made through A got %d from B's editor, want 200", res.StatusCode)
	}
}

// killListeners ends every story-change listener's server connection on
// the test database, as a network cut or a PostgreSQL restart would.
func killListeners(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN claimtrack_story' AND pid <> pg_backend_pid()`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("found no listener connection to cut")
	}
}

// Two instances on one PostgreSQL database: a write through one shows on
// the other's cached claim page within a second.
func TestPeers_ClaimPageShowsAWriteThroughAnotherInstanceWithinASecond(t *testing.T) {
	t.Parallel()
	a, b := startPeers(t)
	ctx := context.Background()
	st := must(a.svc.CreateStory(ctx, editor, claims.NewStory{Slug: "shared-claim", Title: "Shared story", Published: true}))(t)
	c := must(a.svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The audio is authentic", Status: "unverified"}))(t)
	target := fmt.Sprintf("/claims/%d", c.ID)
	// The notifications of A's writes may still be on their way and drop
	// the page B caches: read until B holds it, or the check proves nothing.
	for i := 0; b.srv.pages.Get(reader.ClaimKey(c.ID)) == nil; i++ {
		if i == 50 {
			t.Fatal("B never cached the claim page")
		}
		b.page(t, target)
		time.Sleep(20 * time.Millisecond)
	}
	must(a.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"),
		Note: "Forensic lab report published", Version: c.Version}))(t)
	if !a.seesWithin(t, target, "Forensic lab report published", 0) {
		t.Fatal("the writer did not see its own status change at once")
	}
	if !b.seesWithin(t, target, "Forensic lab report published", time.Second) {
		t.Fatal("instance B showed A's status change on the claim page late by more than 1 s")
	}
}
