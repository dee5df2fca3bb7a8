// Package outbox holds what claimtrack's outboxes (email alerts, webhook
// deliveries) share: when a failed delivery is tried again, when it is
// given up, and whose leases are whose.
package outbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"
)

// State is where an outbox row stands. A row is leased while queued (its
// lease in the future); there is no "sending" state, so a crashed worker's
// rows need nothing but the lease's expiry to be taken up again.
type State string

// The states of an outbox row.
const (
	StateQueued State = "queued"
	StateSent   State = "sent"
	// StateFailed: a permanent failure, or temporary ones for longer than
	// GiveUpAfter.
	StateFailed State = "failed"
	// StateCancelled: no longer wanted before it went out.
	StateCancelled State = "cancelled"
)

// Backoff is the wait after the 1st, 2nd, … failure, from the alerts issue:
// about 1 min, 5 min, 30 min, 2 h, 12 h; later failures wait as long as the
// last.
var Backoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 12 * time.Hour}

// GiveUpAfter is how long after it was queued a delivery keeps being
// retried.
const GiveUpAfter = 48 * time.Hour

// NextAttempt returns when to try again after the attempts-th failure
// (1-based) of a delivery queued at queuedAt, and false when the next try
// would come after GiveUpAfter: the delivery has then failed.
func NextAttempt(queuedAt, now time.Time, attempts int) (time.Time, bool) {
	d := Backoff[len(Backoff)-1]
	if attempts >= 1 && attempts <= len(Backoff) {
		d = Backoff[attempts-1]
	}
	next := now.Add(d)
	if next.Sub(queuedAt) > GiveUpAfter {
		return time.Time{}, false
	}
	return next, true
}

// Owner returns a lease owner name for this process: host, pid and a random
// part, so that instances sharing a database (or a process restarted with
// the same pid) never take each other's leases for their own.
func Owner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
