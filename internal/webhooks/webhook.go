// Package webhooks posts timeline events to HTTPS endpoints that admins
// register, so newsroom tools hear of changes without polling. Deliveries
// are written to an outbox in the event's own transaction, signed with
// HMAC-SHA256 over a timestamp and the body, posted through the guarded
// HTTP client (no private addresses unless allowed), and retried with
// backoff; each endpoint keeps a delivery log. It knows nothing of HTTP
// routing or gorm.
package webhooks

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// KindClaimResolved is delivered for a status change into a resolved
// status, to endpoints that asked for resolutions rather than every status
// change.
const KindClaimResolved = "claim_resolved"

// Kinds lists what an endpoint may ask for: every public event kind, and
// claim_resolved. Internal kinds (notes, proposals, check trouble) stay in
// the newsroom.
func Kinds() []string {
	var out []string
	for _, k := range claims.EventKinds() {
		if k.PublicByDefault() {
			out = append(out, string(k))
			if k == claims.EventStatusChanged {
				out = append(out, KindClaimResolved)
			}
		}
	}
	return out
}

// KindLabel is how the admin page names a kind.
func KindLabel(kind string) string {
	if kind == KindClaimResolved {
		return "Claim resolved"
	}
	return claims.EventKind(kind).Label()
}

// Endpoint is one registered receiver.
type Endpoint struct {
	ID    int64
	URL   string
	Kinds []string
	// Secret signs every delivery; shown to the admin once, at creation.
	Secret    string
	Active    bool
	CreatedAt time.Time
	CreatedBy string
}

// Wants reports whether the endpoint asked for kind.
func (e *Endpoint) Wants(kind string) bool {
	for _, k := range e.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// State is where a delivery stands. A delivery is leased while queued.
type State string

// Delivery states.
const (
	StateQueued    State = "queued"
	StateDelivered State = "delivered"
	StateFailed    State = "failed"
)

// Delivery is one outbox row: one event owed to one endpoint.
type Delivery struct {
	ID         int64
	EndpointID int64
	EventID    int64
	Kind       string
	// Body is the exact JSON posted, fixed when the event happened.
	Body       string
	State      State
	Attempts   int
	NotBefore  time.Time
	LeaseOwner string
	LeaseUntil *time.Time
	// LastStatus is the last attempt's HTTP status (0: no answer).
	LastStatus  int
	LastError   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DeliveredAt *time.Time
}
