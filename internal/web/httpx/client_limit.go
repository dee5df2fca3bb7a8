package httpx

import (
	"sync"
	"time"
)

// ClientLimiter allows each client group (see Proxies.ClientGroup) at most limit
// requests per window, counted in this process: for cheap reads such as the
// article lookup, where a database row per request would cost more than
// what it protects. Counts start afresh every window, and at most maxKeys
// clients are tracked at once, so a flood of addresses cannot grow it
// without bound: past that, new clients share one count.
type ClientLimiter struct {
	now     func() time.Time
	limit   int
	window  time.Duration
	maxKeys int

	mu     sync.Mutex
	start  time.Time
	counts map[string]int
}

// overflowKey is the count new clients share once maxKeys are tracked.
const overflowKey = "\x00overflow"

// NewClientLimiter counts on the clock now.
func NewClientLimiter(now func() time.Time, limit int, window time.Duration, maxKeys int) *ClientLimiter {
	return &ClientLimiter{now: now, limit: limit, window: window, maxKeys: maxKeys, counts: map[string]int{}}
}

// Allow counts one request of client and reports whether it is within the
// limit.
func (l *ClientLimiter) Allow(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.now(); now.Sub(l.start) >= l.window {
		l.start, l.counts = now, map[string]int{}
	}
	if _, ok := l.counts[client]; !ok && len(l.counts) >= l.maxKeys {
		client = overflowKey
	}
	l.counts[client]++
	return l.counts[client] <= l.limit
}
