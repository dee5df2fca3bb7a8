package recheck

import (
	"context"
	"errors"
	"sync"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Sweep checks every source that is due, up to Concurrency at a time, and
// reports each result to progress (which may be nil; it is called from one
// goroutine at a time). A failure or panic on one source is logged and the
// sweep goes on. A sweep started while another of this Checker runs returns
// at once with Summary.Skipped.
func (c *Checker) Sweep(ctx context.Context, progress func(*Result, error)) (Summary, error) {
	if !c.sweeping.TryLock() {
		return Summary{Skipped: true}, nil
	}
	defer c.sweeping.Unlock()
	var sum Summary
	p := c.newPool(&sum, progress)
	// The next batch is leased once every source of this one has started
	// and at most a quarter of a batch (one at least) is still in flight, not when all
	// have finished: a few hosts that hang until their timeout must not keep
	// the sources of the next batch waiting, and a leased source must not
	// wait behind more than about a batch.
	seen := map[int64]bool{}
	for ctx.Err() == nil {
		batch, err := c.svc.LeaseDueSources(ctx, c.opts.Batch, c.opts.LeaseFor)
		if err != nil {
			p.wait()
			return sum, err
		}
		fresh := batch[:0]
		for _, st := range batch {
			// A source scheduled in the past (a clock that does not move)
			// would otherwise come back in the same sweep for ever.
			if !seen[st.Source.ID] {
				seen[st.Source.ID] = true
				fresh = append(fresh, st)
			}
		}
		if len(fresh) == 0 {
			break
		}
		p.start(ctx, fresh)
		p.waitBelow(max(1, c.opts.Batch/4))
	}
	p.wait()
	return sum, ctx.Err()
}

// SweepAll checks every source with a URL, due or not (claimtrack recheck
// --all). Sources being checked by someone else are skipped.
func (c *Checker) SweepAll(ctx context.Context, progress func(*Result, error)) (Summary, error) {
	if !c.sweeping.TryLock() {
		return Summary{Skipped: true}, nil
	}
	defer c.sweeping.Unlock()
	ids, err := c.svc.CheckableSourceIDs(ctx)
	if err != nil {
		return Summary{}, err
	}
	var batch []claims.SourceToCheck
	for _, id := range ids {
		st, err := c.svc.LeaseSource(ctx, id, c.opts.LeaseFor)
		if claims.ErrorCode(err) == claims.ECONFLICT {
			continue
		}
		if err != nil {
			return Summary{}, err
		}
		batch = append(batch, *st)
	}
	var sum Summary
	c.run(ctx, batch, &sum, progress)
	return sum, ctx.Err()
}

// run checks a batch with at most Concurrency checks in flight.
func (c *Checker) run(ctx context.Context, batch []claims.SourceToCheck, sum *Summary, progress func(*Result, error)) {
	p := c.newPool(sum, progress)
	p.start(ctx, batch)
	p.wait()
}

// pool runs checks with at most Concurrency in flight, adding what they
// found to one Summary.
type pool struct {
	c        *Checker
	sum      *Summary
	progress func(*Result, error)
	sem      chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	// inflight counts checks started and not ended; ended is signalled
	// whenever one ends. Both guarded by mu.
	inflight int
	ended    *sync.Cond
}

func (c *Checker) newPool(sum *Summary, progress func(*Result, error)) *pool {
	p := &pool{c: c, sum: sum, progress: progress, sem: make(chan struct{}, c.opts.Concurrency)}
	p.ended = sync.NewCond(&p.mu)
	return p
}

// waitBelow returns once at most n checks are in flight.
func (p *pool) waitBelow(n int) {
	p.mu.Lock()
	for p.inflight > n {
		p.ended.Wait()
	}
	p.mu.Unlock()
}

// start returns once every source of batch has started its check.
func (p *pool) start(ctx context.Context, batch []claims.SourceToCheck) {
	c := p.c
	for i := range batch {
		st := &batch[i]
		p.sem <- struct{}{}
		p.mu.Lock()
		p.inflight++
		p.mu.Unlock()
		p.wg.Go(func() {
			defer func() { <-p.sem }()
			res, err := c.safeCheck(ctx, st)
			p.mu.Lock()
			defer p.mu.Unlock()
			p.inflight--
			p.ended.Broadcast()
			switch {
			case errors.Is(err, ErrLeaseLost):
				p.sum.Failed++
				c.opts.Logger.Warn("re-check dropped", "source_id", st.Source.ID, "url", st.Source.URL, "err", err)
			case err != nil:
				p.sum.Failed++
				c.opts.Logger.Error("re-check failed", "source_id", st.Source.ID, "url", st.Source.URL, "err", err)
			default:
				p.sum.Checked++
				p.sum.Events += len(res.Events)
			}
			if p.progress != nil {
				p.progress(res, err)
			}
		})
	}
}

// wait returns when every check started has ended; it may be called again.
func (p *pool) wait() { p.wg.Wait() }
