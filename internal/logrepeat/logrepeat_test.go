package logrepeat

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestLimiter_LogsARepeatedFailureOncePerIntervalWithItsCount(t *testing.T) {
	var out syncBuf
	l := New(slog.New(slog.NewTextHandler(&out, nil)), 50*time.Millisecond)
	for range 1000 {
		l.Log(slog.LevelError, "disk full", "database refuses writes", "error", "database or disk is full")
	}
	l.Log(slog.LevelWarn, "other", "something else")
	if n := strings.Count(out.String(), "database refuses writes"); n != 1 {
		t.Fatalf("%d lines for 1000 identical failures within the interval, want 1:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "something else") {
		t.Errorf("a different failure was not logged:\n%s", out.String())
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "repeated=999") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "repeated=999") {
		t.Fatalf("no line with the count of repeats after the interval:\n%s", out.String())
	}
	l.Log(slog.LevelError, "disk full", "database refuses writes", "error", "database or disk is full")
	if n := strings.Count(out.String(), "database refuses writes"); n != 3 {
		t.Errorf("%d lines, want a new first line once the interval is over:\n%s", n, out.String())
	}
}
