// Package clocktest is the settable clock that tests hand to services in
// place of time.Now, so a test moves time instead of sleeping. It imports
// only the standard library.
package clocktest

import (
	"sync"
	"time"
)

// Clock is a time source that only moves when a test moves it. It is safe
// for the concurrent use of workers and the test that drives them.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock standing at t.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time; its signature fits the services' now
// func() time.Time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d (backward for a negative d).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
