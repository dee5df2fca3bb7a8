package outbox

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestLoop_APanickingRoundIsAnErrorAndTheLoopGoesOn(t *testing.T) {
	var rounds atomic.Int32
	settled := make(chan struct{})
	l := NewLoop("test", time.Hour, nil, func(context.Context) (int, error) {
		switch rounds.Add(1) {
		case 1:
			panic("boom")
		case 2:
			close(settled)
		}
		return 0, nil
	})
	if _, err := l.RunOnce(context.Background()); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("RunOnce of a panicking round: %v, want the panic as an error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); l.Run(ctx) }()
	l.Wake()
	<-settled
	cancel()
	<-done
}

func TestSends_APanicEndsOnlyItsDeliveryAndFreesItsSlot(t *testing.T) {
	s := NewSends(1, time.Minute, time.Now().Add(time.Minute))
	var panics, ran atomic.Int32
	for i := range 3 {
		if !s.Acquire(context.Background()) {
			t.Fatalf("delivery %d found no slot", i)
		}
		s.Go(func() {
			ran.Add(1)
			if i == 0 {
				panic("boom")
			}
		}, func(p any) { panics.Add(1) })
	}
	s.Wait()
	if ran.Load() != 3 || panics.Load() != 1 {
		t.Errorf("ran %d, panics %d; want 3 and 1", ran.Load(), panics.Load())
	}
}

func TestSends_NoDeliveryStartsWithLessThanHalfTheLeaseLeft(t *testing.T) {
	s := NewSends(4, time.Minute, time.Now().Add(29*time.Second))
	if s.Acquire(context.Background()) {
		t.Error("a delivery may start with 29 s of a 1 min lease left")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if NewSends(4, time.Minute, time.Now().Add(time.Minute)).Acquire(ctx) {
		t.Error("a delivery may start after its context ended")
	}
}
