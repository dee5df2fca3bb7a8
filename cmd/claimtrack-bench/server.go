package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, to create and drop bench databases
)

// benchAdmin is the account the benches write as, through the API with a
// token like any editor's tool.
const benchAdmin = "bench@example.org"

// workDir makes a temporary directory that nginx's workers (another user)
// can read.
func workDir(keep bool) (string, func(), error) {
	dir, err := os.MkdirTemp("", "claimtrack-bench-")
	if err != nil {
		return "", nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", nil, err
	}
	if keep {
		return dir, func() { fmt.Println("kept", dir) }, nil
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// prepare makes the work directory and builds claimtrack into it.
func prepare(keep bool) (dir, bin string, cleanup func(), err error) {
	dir, cleanup, err = workDir(keep)
	if err != nil {
		return "", "", nil, err
	}
	if bin, err = buildClaimtrack(dir); err != nil {
		cleanup()
		return "", "", nil, err
	}
	return dir, bin, cleanup, nil
}

// buildClaimtrack builds the real binary into dir, unless
// CLAIMTRACK_BENCH_BIN names one already built (the tests build it once).
func buildClaimtrack(dir string) (string, error) {
	if bin := os.Getenv("CLAIMTRACK_BENCH_BIN"); bin != "" {
		return bin, nil
	}
	bin := filepath.Join(dir, "claimtrack")
	build := exec.Command("go", "build", "-o", bin, "github.com/claimtrack/claimtrack/cmd/claimtrack")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building claimtrack (run inside the repository): %w", err)
	}
	return bin, nil
}

// database returns the DSN of a fresh database of kind ("sqlite" or
// "postgres") and a function that drops it.
func database(ctx context.Context, kind, dir, pgAdmin string) (string, func(), error) {
	switch kind {
	case "sqlite":
		return filepath.Join(dir, "claimtrack.db"), func() {}, nil
	case "postgres":
	default:
		return "", nil, fmt.Errorf("-db must be sqlite or postgres, not %q", kind)
	}
	admin, err := sql.Open("pgx", pgAdmin)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("claimtrack_bench_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("creating a PostgreSQL database through -postgres %s: %w", pgAdmin, err)
	}
	u := strings.Replace(pgAdmin, "/postgres?", "/"+name+"?", 1)
	if u == pgAdmin {
		admin.Close()
		return "", nil, errors.New("-postgres must name the postgres database, like postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	}
	drop := func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	}
	return u, drop, nil
}

// server is a running claimtrack process.
type server struct {
	bin  string
	env  []string
	base string
	cmd  *exec.Cmd
	log  *os.File
}

// startServer runs bin serve with the given settings on a free loopback
// port; its log (access log included) goes to dir/claimtrack.log, as it
// would go to a file or journal in production.
func startServer(bin, dir string, settings map[string]string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "CLAIMTRACK_ADDR="+addr, "CLAIMTRACK_LOG_LEVEL=info")
	for k, v := range settings {
		env = append(env, k+"="+v)
	}
	logf, err := os.OpenFile(filepath.Join(dir, "claimtrack.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env, cmd.Stdout, cmd.Stderr = env, logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	s := &server{bin: bin, env: env, base: "http://" + addr, cmd: cmd, log: logf}
	for range 300 {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("claimtrack did not become ready within 30 s; see %s", logf.Name())
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	_ = s.cmd.Wait()
	s.log.Close()
}

// token creates an API token for the bench's admin, made at the first
// start through CLAIMTRACK_ADMIN_EMAIL.
func (s *server) token() (string, error) {
	cmd := exec.Command(s.bin, "token", "create", "--email", benchAdmin, "--name", "bench")
	cmd.Env = s.env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("claimtrack token create: %w: %s", err, errOut.String())
	}
	return strings.TrimSpace(out.String()), nil
}

// adminSettings make the bench's admin account at the first start.
func adminSettings() map[string]string {
	return map[string]string{"CLAIMTRACK_ADMIN_EMAIL": benchAdmin, "CLAIMTRACK_ADMIN_PASSWORD": "bench-password-not-secret-0"}
}

// procStatus reads the process's resident memory and its peak (kB) and its
// thread count from /proc.
func procStatus(pid int) (rssKB, peakKB int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rssKB = n
		case "VmHWM":
			peakKB = n
		}
	}
	return rssKB, peakKB, sc.Err()
}

// resetPeak clears the process's VmHWM, so the peak that follows is the
// measured part's.
func resetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func get(url string, header ...string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// The raw bytes as sent: no transparent gunzip.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return resp, body, err
}
