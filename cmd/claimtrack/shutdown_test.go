package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

func TestBinary_ARequestCutAtTheShutdownTimeoutIsLoggedAsCutAndTheExitIsNonZero(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "claimtrack.db")
	cmd := exec.Command(binary(t), "serve")
	cmd.Env = append(cleanEnv(),
		"CLAIMTRACK_ADDR=127.0.0.1:0",
		"CLAIMTRACK_DATABASE="+dbPath,
		"CLAIMTRACK_SHUTDOWN_TIMEOUT=1s",
		"CLAIMTRACK_RECHECK=false",
	)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	var log strings.Builder
	var base string
	for base == "" && lines.Scan() {
		log.WriteString(lines.Text() + "\n")
		if m := servingLine.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no start line with the URL in the log:\n%s", log.String())
	}

	// Another process holds SQLite's write lock, so a sign-in, which
	// records the attempt, waits in the database past the shutdown timeout.
	lock, err := sql.Open("sqlite3", dbPath+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	conn, err := lock.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	released := false
	release := func() {
		if !released {
			released = true
			if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
				t.Error(err)
			}
		}
	}
	defer release()
	go func() {
		resp, err := http.PostForm(base+"/login", url.Values{"email": {"ed@example.org"}, "password": {"not the password"}})
		if err == nil {
			resp.Body.Close()
		}
	}()
	time.Sleep(500 * time.Millisecond) // the sign-in is waiting for the lock

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		log.WriteString(lines.Text() + "\n")
		if strings.Contains(lines.Text(), "request cut off at the shutdown timeout") {
			release() // let the process finish closing its database
		}
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Errorf("exit %v after cutting a request; want a non-zero exit status\n%s", err, log.String())
	}
	out := log.String()
	if !strings.Contains(out, "request cut off at the shutdown timeout") || !strings.Contains(out, "path=/login") {
		t.Errorf("the log does not name the cut request:\n%s", out)
	}
	if strings.Contains(out, "level=ERROR") && strings.Contains(out, "internal error") {
		t.Errorf("the cut request was logged as an internal error:\n%s", out)
	}
}
