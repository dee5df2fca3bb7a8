// Package logrepeat logs a failure that repeats once per interval with a
// count, instead of once per occurrence: a full disk answering thousands of
// requests a second must leave a readable log, not bury it.
package logrepeat

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// DefaultEvery is the interval of New with every <= 0.
const DefaultEvery = 10 * time.Second

// Limiter logs the first occurrence of each key at once and counts the
// occurrences that follow within the interval; when the interval ends with
// any counted, one line reports how many. It is safe for concurrent use.
type Limiter struct {
	log   *slog.Logger
	every time.Duration

	mu   sync.Mutex
	keys map[string]*entry
}

type entry struct {
	level    slog.Level
	msg      string
	args     []any
	repeated int
}

// New returns a Limiter that writes to log at most once per every for each
// key (DefaultEvery when every <= 0).
func New(log *slog.Logger, every time.Duration) *Limiter {
	if every <= 0 {
		every = DefaultEvery
	}
	return &Limiter{log: log, every: every, keys: map[string]*entry{}}
}

// Log logs msg with args at level, unless an occurrence of key was logged
// less than an interval ago; then it only counts it, and the count is logged
// (with the latest args) when the interval ends.
func (l *Limiter) Log(level slog.Level, key, msg string, args ...any) {
	l.mu.Lock()
	if e, ok := l.keys[key]; ok {
		e.repeated++
		e.level, e.msg, e.args = level, msg, args
		l.mu.Unlock()
		return
	}
	l.keys[key] = &entry{}
	l.mu.Unlock()
	l.log.Log(context.Background(), level, msg, args...)
	time.AfterFunc(l.every, func() { l.flush(key) })
}

// flush ends key's interval, reporting the occurrences counted in it.
func (l *Limiter) flush(key string) {
	l.mu.Lock()
	e := l.keys[key]
	delete(l.keys, key)
	l.mu.Unlock()
	if e != nil && e.repeated > 0 {
		args := append(append([]any{}, e.args...), "repeated", e.repeated, "within", l.every.String())
		l.log.Log(context.Background(), e.level, e.msg, args...)
	}
}
