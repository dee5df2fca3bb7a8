package outbox

import (
	"testing"
	"time"
)

func TestNextAttempt_FollowsTheScheduleThenGivesUpAfter48Hours(t *testing.T) {
	q := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	now := q
	var waits []time.Duration
	for attempt := 1; ; attempt++ {
		next, ok := NextAttempt(q, now, attempt)
		if !ok {
			break
		}
		waits = append(waits, next.Sub(now))
		now = next
		if attempt > 100 {
			t.Fatal("never gave up")
		}
	}
	want := []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 12 * time.Hour, 12 * time.Hour, 12 * time.Hour}
	if len(waits) != len(want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
	if now.Sub(q) > GiveUpAfter {
		t.Errorf("last retry %v after queueing, past %v", now.Sub(q), GiveUpAfter)
	}
}
