// Command claimtrack-bench measures how fast claimtrack serves the demo story
// page against nginx serving the very same bytes as a static file, with the
// same wrk settings, in one run. It installs wrk and nginx from Debian when
// they are missing (it must run as root then).
//
//	go run ./cmd/claimtrack-bench [-d 10s] [-c 64] [-t 2]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "claimtrack-bench:", err)
		os.Exit(1)
	}
}

type options struct {
	duration    time.Duration
	connections int
	threads     int
	keep        bool
}

func run() error {
	var o options
	flag.DurationVar(&o.duration, "d", 10*time.Second, "wrk duration for each target")
	flag.IntVar(&o.connections, "c", 64, "wrk connections")
	flag.IntVar(&o.threads, "t", 2, "wrk threads")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory")
	flag.Parse()

	if err := ensureTools(); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "claimtrack-bench-")
	if err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(dir)
	}
	// nginx's workers run as another user and must be able to read the page.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	appURL, stop, err := startClaimtrack(ctx, dir)
	if err != nil {
		return err
	}
	defer stop()

	slug, err := firstStory(appURL)
	if err != nil {
		return err
	}
	pageURL := appURL + "/stories/" + slug
	page, err := get(pageURL)
	if err != nil {
		return err
	}
	if !bytes.Contains(page, []byte(`id="unresolved"`)) {
		return errors.New("the story page has no unresolved section")
	}
	staticURL, stopNginx, err := startNginx(dir, page)
	if err != nil {
		return err
	}
	defer stopNginx()

	fmt.Printf("story page: %d bytes of HTML, %s\n", len(page), pageURL)
	fmt.Printf("wrk -t%d -c%d -d%s --latency, one target after the other\n\n", o.threads, o.connections, o.duration)
	ng, err := runWrk(o, staticURL)
	if err != nil {
		return fmt.Errorf("nginx: %w", err)
	}
	ct, err := runWrk(o, pageURL)
	if err != nil {
		return fmt.Errorf("claimtrack: %w", err)
	}
	fmt.Printf("%-12s %12s %10s %10s\n", "target", "requests/s", "p50", "p99")
	for _, r := range []struct {
		name string
		res  wrkResult
	}{{"nginx", ng}, {"claimtrack", ct}} {
		fmt.Printf("%-12s %12.0f %10s %10s\n", r.name, r.res.rps, r.res.p50, r.res.p99)
	}
	ratio := ct.rps / ng.rps
	fmt.Printf("\nclaimtrack / nginx = %.2f (goal >= 0.50); claimtrack p99 = %s (goal < 10ms)\n", ratio, ct.p99)
	if ratio < 0.5 || ct.p99 >= 10*time.Millisecond {
		// An error, not os.Exit, so the deferred stops end nginx and claimtrack.
		return errors.New("GOAL NOT MET")
	}
	fmt.Println("goal met")
	return nil
}

func ensureTools() error {
	var missing []string
	for bin, pkg := range map[string]string{"wrk": "wrk", "nginx": "nginx-light"} {
		if _, err := exec.LookPath(bin); err != nil {
			if _, err := os.Stat("/usr/sbin/" + bin); err != nil {
				missing = append(missing, pkg)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	fmt.Println("installing", strings.Join(missing, " "), "from Debian")
	for _, args := range [][]string{{"update", "-qq"}, append([]string{"install", "-y", "-qq"}, missing...)} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %w", args[0], err)
		}
	}
	return nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startClaimtrack builds the real binary and runs it with its embedded
// defaults (demo story, SQLite) on a free port, as a reader would meet it.
func startClaimtrack(ctx context.Context, dir string) (string, func(), error) {
	bin := filepath.Join(dir, "claimtrack")
	build := exec.Command("go", "build", "-o", bin, "./cmd/claimtrack")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", nil, fmt.Errorf("building claimtrack (run from the repository root): %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(os.Environ(),
		"CLAIMTRACK_ADDR="+addr,
		"CLAIMTRACK_DATABASE="+filepath.Join(dir, "claimtrack.db"),
		"CLAIMTRACK_DEMO=on",
		"CLAIMTRACK_ACCESS_LOG=off",
		// The demo sources name real outlets; a benchmark fetches nothing.
		"CLAIMTRACK_RECHECK=off",
		"CLAIMTRACK_LOG_LEVEL=warn",
	)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }
	base := "http://" + addr
	for i := 0; i < 100; i++ {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, stop, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return "", nil, errors.New("claimtrack did not become ready within 10 s")
}

func firstStory(base string) (string, error) {
	body, err := get(base + "/api/v1/stories")
	if err != nil {
		return "", err
	}
	var list struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil || len(list.Items) == 0 {
		return "", fmt.Errorf("no story in /api/v1/stories (%v)", err)
	}
	return list.Items[0].Slug, nil
}

func get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

const nginxConf = `worker_processes auto;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %[1]s/tmp; proxy_temp_path %[1]s/tmp; fastcgi_temp_path %[1]s/tmp;
  uwsgi_temp_path %[1]s/tmp; scgi_temp_path %[1]s/tmp;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  types { text/html html; }
  server {
    listen %[2]s;
    root %[1]s/www;
    location / { try_files /story.html =404; }
  }
}
`

// startNginx serves page as a static file: the ceiling a cache could reach.
func startNginx(dir string, page []byte) (string, func(), error) {
	for _, d := range []string{"www", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return "", nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "www", "story.html"), page, 0o644); err != nil {
		return "", nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, nginxConf, dir, addr), 0o644); err != nil {
		return "", nil, err
	}
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx"
	}
	cmd := exec.Command(bin, "-c", conf, "-p", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }
	url := "http://" + addr + "/story.html"
	for i := 0; i < 50; i++ {
		if _, err := get(url); err == nil {
			return url, stop, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return "", nil, errors.New("nginx did not start")
}

type wrkResult struct {
	rps      float64
	p50, p99 time.Duration
}

var (
	rpsLine = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	pctLine = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
	errLine = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
)

func runWrk(o options, url string) (wrkResult, error) {
	out, err := exec.Command("wrk", "-t", strconv.Itoa(o.threads), "-c", strconv.Itoa(o.connections),
		"-d", o.duration.String(), "--latency", url).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	if m := errLine.FindSubmatch(out); m != nil {
		return wrkResult{}, fmt.Errorf("%s non-2xx answers:\n%s", m[1], out)
	}
	var r wrkResult
	m := rpsLine.FindSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("no Requests/sec in wrk output:\n%s", out)
	}
	r.rps, _ = strconv.ParseFloat(string(m[1]), 64)
	for _, p := range pctLine.FindAllSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(string(p[2]), 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[string(p[3])]
		d := time.Duration(v * float64(unit))
		if string(p[1]) == "50" {
			r.p50 = d
		} else {
			r.p99 = d
		}
	}
	return r, nil
}
