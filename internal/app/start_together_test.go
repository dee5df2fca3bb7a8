package app

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	migrations "github.com/claimtrack/claimtrack/db"
	"github.com/claimtrack/claimtrack/internal/demo"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// Log messages the start-up writes once per database, whichever instance
// gets there first.
const (
	msgMigrated  = "applied migration"
	msgDemo      = "loaded the demo story"
	msgSetupLink = "no users yet: open this one-time link to create the first admin"
	msgServing   = "claimtrack is serving"
)

func TestServe_ThreeInstancesStartingTogetherOnOnePostgresDoEachStartStepOnce(t *testing.T) {
	dsn, ok := storetest.UnmigratedDSNs(t)[store.DialectPostgres]
	if !ok {
		t.Skipf("%s is not set", storetest.EnvPostgres)
	}
	bin := buildBinary(t)

	const n = 3
	procs := make([]*instance, n)
	for i := range procs {
		procs[i] = startInstance(t, bin, dsn)
	}
	addrs := make([]string, n)
	for i, p := range procs {
		addr, err := p.waitServing(90 * time.Second)
		if err != nil {
			t.Fatalf("instance %d: %v\nits log:\n%s", i, err, p.log())
		}
		addrs[i] = addr
	}

	ctx := t.Context()
	// Version numbers may skip (numbers are allocated ahead), so count files.
	files, err := fs.Glob(migrations.Postgres(), "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("the PostgreSQL migrations: %v %v", files, err)
	}

	// Each step is logged by exactly one instance, and that instance did all
	// of the step (every migration, not some here and some there).
	for _, step := range []struct {
		msg  string
		want int
	}{
		{msgMigrated, len(files)},
		{msgDemo, 1},
		{msgSetupLink, 1},
	} {
		total, by := 0, 0
		for _, p := range procs {
			if c := p.count(step.msg); c > 0 {
				total += c
				by++
			}
		}
		if total != step.want || by != 1 {
			t.Errorf("%q logged %d times by %d instances, want %d times by one", step.msg, total, by, step.want)
		}
	}

	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for table, want := range map[string]int{"stories": 1, "setup_tokens": 1, "users": 0} {
		var got int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s has %d rows, want %d", table, got, want)
		}
	}

	// All three serve the one demo story.
	for i, addr := range addrs {
		base := "http://" + addr
		if status, body := get(t, base+"/readyz"); status != http.StatusOK {
			t.Errorf("instance %d: /readyz = %d %s", i, status, body)
		}
		var list apiStoryList
		getJSON(t, base+"/api/v1/stories", &list)
		if len(list.Items) != 1 || list.Items[0].Slug != demo.Slug {
			t.Errorf("instance %d lists %+v, want the demo story alone", i, list.Items)
		}
	}
}

// buildBinary compiles claimtrack once into the test's temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "claimtrack")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/claimtrack")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// instance is one claimtrack serve process and what it has logged.
type instance struct {
	cmd     *exec.Cmd
	serving chan string // receives the listen address once, then closes
	stopped chan struct{}

	mu   sync.Mutex
	seen []map[string]any
	raw  strings.Builder
}

// startInstance starts bin serving dsn on a free loopback port, with JSON
// logs, and stops it when the test ends. extra holds KEY=VALUE settings
// that add to or override the defaults below (the last value wins).
func startInstance(t *testing.T, bin, dsn string, extra ...string) *instance {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir // mail and anything relative stay in the test's directory
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"CLAIMTRACK_DATABASE=" + dsn,
		"CLAIMTRACK_ADDR=127.0.0.1:0",
		"CLAIMTRACK_LOG_FORMAT=json",
		"CLAIMTRACK_ACCESS_LOG=off",
		"CLAIMTRACK_DEMO=on",
		// The demo story's sources are real outlets: tests never fetch them.
		"CLAIMTRACK_RECHECK=off",
	}
	cmd.Env = append(cmd.Env, extra...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &instance{cmd: cmd, serving: make(chan string, 1), stopped: make(chan struct{})}
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		defer close(p.serving)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var rec map[string]any
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				rec = map[string]any{"msg": "unparsed: " + sc.Text()}
			}
			p.mu.Lock()
			p.seen = append(p.seen, rec)
			p.raw.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if msg, _ := rec["msg"].(string); strings.HasPrefix(msg, msgServing) {
				addr, _ := rec["listen"].(string)
				select {
				case p.serving <- addr:
				default:
				}
			}
		}
	}()
	// Wait reads nothing itself once the log is drained, so it follows it.
	go func() { <-logDone; _ = cmd.Wait(); close(p.stopped) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.stopped:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-p.stopped
			t.Errorf("an instance ignored SIGTERM for 20 s and was killed")
		}
	})
	return p
}

// waitServing waits until the instance logs that it is serving and returns
// the address it listens on.
func (p *instance) waitServing(limit time.Duration) (string, error) {
	select {
	case addr, ok := <-p.serving:
		if !ok || addr == "" {
			return "", fmt.Errorf("exited (or logged no address) before serving")
		}
		return addr, nil
	case <-time.After(limit):
		return "", fmt.Errorf("not serving after %s", limit)
	}
}

// count returns how many log lines so far carry msg.
func (p *instance) count(msg string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, rec := range p.seen {
		if rec["msg"] == msg {
			n++
		}
	}
	return n
}

func (p *instance) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.raw.String()
}
