package fetch

import (
	"context"
	"sync"
	"time"
)

// hostSlot serialises requests to one host: the token in busy is held for
// the whole request (until its body is closed) and free records when the
// last request ended, so the next may start PerHostGap later.
type hostSlot struct {
	busy chan struct{} // capacity 1: a token means "a request is in flight"
	free time.Time     // when the last request to the host ended
	refs int           // callers holding or waiting for busy; guarded by polite.mu
}

// polite enforces the politeness rules shared by every Get of a Client.
type polite struct {
	gap    time.Duration
	now    func() time.Time
	global chan struct{} // capacity MaxConcurrent

	mu    sync.Mutex
	hosts map[string]*hostSlot
}

// pruneAt is the number of remembered hosts above which idle ones whose gap
// is over are forgotten.
const pruneAt = 1024

// pruneLocked forgets hosts nobody uses whose gap is over. p.mu is held;
// with refs == 0 nobody holds busy, so reading free is safe.
func (p *polite) pruneLocked() {
	now := p.now()
	for h, s := range p.hosts {
		if s.refs == 0 && now.Sub(s.free) >= p.gap {
			delete(p.hosts, h)
		}
	}
}

func newPolite(gap time.Duration, maxConcurrent int, now func() time.Time) *polite {
	return &polite{
		gap:    gap,
		now:    now,
		global: make(chan struct{}, maxConcurrent),
		hosts:  make(map[string]*hostSlot),
	}
}

// acquire waits, respecting ctx, until a request to host may start: no other
// request to host in flight, PerHostGap since the last one ended, and a free
// global slot. The returned release must be called exactly once when the
// request is over.
func (p *polite) acquire(ctx context.Context, host string) (release func(), err error) {
	p.mu.Lock()
	s := p.hosts[host]
	if s == nil {
		if len(p.hosts) >= pruneAt {
			p.pruneLocked()
		}
		s = &hostSlot{busy: make(chan struct{}, 1)}
		p.hosts[host] = s
	}
	s.refs++
	p.mu.Unlock()

	drop := func() {
		p.mu.Lock()
		s.refs--
		if s.refs == 0 && p.now().Sub(s.free) >= p.gap {
			// Nobody needs the entry and the gap is over: forget the host
			// so the map does not grow with every host ever fetched.
			delete(p.hosts, host)
		}
		p.mu.Unlock()
	}

	select {
	case s.busy <- struct{}{}:
	case <-ctx.Done():
		drop()
		return nil, ctx.Err()
	}
	// Holding busy, s.free is ours to read and write.
	if wait := s.free.Add(p.gap).Sub(p.now()); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-s.busy
			drop()
			return nil, ctx.Err()
		}
	}
	select {
	case p.global <- struct{}{}:
	case <-ctx.Done():
		<-s.busy
		drop()
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-p.global
			s.free = p.now()
			<-s.busy
			drop()
		})
	}, nil
}
