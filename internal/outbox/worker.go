package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/claimtrack/claimtrack/internal/defaults"
)

// Loop is the part every outbox worker shares: rounds, one after the other
// while they settle something, then a wait for a wake or the poll; a round
// that panics is logged like one that failed, and the rows it held come back
// when their lease runs out. The outbox is the only state, so nothing is lost.
type Loop struct {
	name  string
	poll  time.Duration
	log   *slog.Logger
	round func(ctx context.Context) (int, error)
	wake  chan struct{}
}

// NewLoop returns the loop of the worker called name, whose round leases a
// batch, delivers it and returns how many rows it settled.
func NewLoop(name string, poll time.Duration, log *slog.Logger, round func(ctx context.Context) (int, error)) *Loop {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Loop{name: name, poll: poll, log: log, round: round, wake: make(chan struct{}, 1)}
}

// Wake makes Run look for due rows now rather than at the next poll.
func (l *Loop) Wake() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// RunOnce runs one round, turning a panic into an error.
func (l *Loop) RunOnce(ctx context.Context) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: a round panicked: %v", l.name, p)
		}
	}()
	return l.round(ctx)
}

// Run delivers until ctx ends. A failed round (a database that is down) is
// logged, and the next comes at the next poll or wake.
func (l *Loop) Run(ctx context.Context) {
	timer := time.NewTimer(l.poll)
	defer timer.Stop()
	for {
		for ctx.Err() == nil {
			n, err := l.RunOnce(ctx)
			if err != nil {
				if ctx.Err() == nil {
					l.log.Error(l.name+": delivery round failed", "error", err.Error())
				}
				break
			}
			if n == 0 {
				break
			}
		}
		timer.Reset(l.poll)
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		case <-timer.C:
		}
	}
}

// Sends runs one round's deliveries, a few at a time, each in its own
// goroutine that recovers from a panic. It stops starting deliveries once
// less than half the lease is left, so that no delivery is still starting
// when another worker may take the rows.
type Sends struct {
	slots    chan struct{}
	wg       sync.WaitGroup
	lease    time.Duration
	leaseEnd time.Time
}

// NewSends starts a round whose lease of length lease ends at leaseEnd,
// counted on the real clock, which deliveries run on.
func NewSends(concurrency int, lease time.Duration, leaseEnd time.Time) *Sends {
	return &Sends{slots: make(chan struct{}, max(concurrency, 1)), lease: lease, leaseEnd: leaseEnd}
}

// Acquire waits for a free slot and reports whether a delivery may start:
// false when ctx ended or the lease runs short, and then no slot is held.
func (s *Sends) Acquire(ctx context.Context) bool {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	if ctx.Err() != nil || !s.LeaseLeft() {
		<-s.slots
		return false
	}
	return true
}

// LeaseLeft reports whether at least half the lease is left.
func (s *Sends) LeaseLeft() bool { return time.Until(s.leaseEnd) >= s.lease/2 }

// Release gives back a slot Acquire took for a delivery that is not started.
func (s *Sends) Release() { <-s.slots }

// Go runs a delivery in the slot Acquire took. A panic in it ends that
// delivery only: onPanic hears what it was (to log or record it), and the
// rows it held, if left unsettled, go out again after the lease.
func (s *Sends) Go(deliver func(), onPanic func(p any)) {
	s.wg.Go(func() {
		defer func() {
			<-s.slots
			if p := recover(); p != nil {
				onPanic(p)
			}
		}()
		deliver()
	})
}

// Wait waits for every delivery started.
func (s *Sends) Wait() { s.wg.Wait() }

// SendContext is the context deliveries run on: it outlives ctx (a send cut
// off after its final dot would be sent again: a duplicate), but ends a tenth
// of the lease before the lease does.
func (s *Sends) SendContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithDeadline(context.WithoutCancel(ctx), s.leaseEnd.Add(-s.lease/10))
}

// Tuning is how a worker leases and sends; zero fields get the defaults
// WithDefaults names.
type Tuning struct {
	// Owner names the worker's leases (default Owner(): unique per
	// process, so instances sharing a database never share a lease).
	Owner string
	// Lease is how long a leased row is the worker's before another may
	// take it (default 2 min); it must outlast one delivery.
	Lease time.Duration
	// Batch is how many rows a round leases (default: the worker's own).
	Batch int
	// Concurrency is how many deliveries are in flight (default 4).
	Concurrency int
	// Poll is how often the loop looks for due rows when nothing wakes it
	// (default 5 s).
	Poll time.Duration
}

// WithDefaults returns t with its zero fields set, Batch to batch.
func (t Tuning) WithDefaults(batch int) Tuning {
	defaults.Fill(&t, Tuning{Owner: Owner(), Lease: 2 * time.Minute, Batch: batch, Concurrency: 4, Poll: 5 * time.Second})
	return t
}
