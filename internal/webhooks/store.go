package webhooks

import (
	"context"
	"time"
)

// Store is what webhooks need from storage; a context from a claims
// transaction joins it (one database). Lookups that find nothing return
// claims' ENOTFOUND.
type Store interface {
	Tx(ctx context.Context, fn func(ctx context.Context) error) error

	// CreateEndpoint sets ID.
	CreateEndpoint(ctx context.Context, e *Endpoint) error
	// Endpoints lists every endpoint, newest first.
	Endpoints(ctx context.Context) ([]Endpoint, error)
	// EndpointByID returns ENOTFOUND for an unknown id.
	EndpointByID(ctx context.Context, id int64) (*Endpoint, error)
	// SetEndpointActive turns deliveries to an endpoint on or off; turning
	// it off also fails its queued deliveries with reason.
	SetEndpointActive(ctx context.Context, id int64, active bool, now time.Time, reason string) error

	// QueueDeliveries writes, in the caller's transaction, one queued row
	// with body for every active endpoint that asked for kind, provided the
	// event's story is published; it returns how many.
	QueueDeliveries(ctx context.Context, eventID int64, kind, body string, now time.Time) (int, error)
	// LeaseDeliveries leases up to limit due queued rows to owner until
	// until, oldest first, skipping rows another owner holds.
	LeaseDeliveries(ctx context.Context, owner string, now, until time.Time, limit int) ([]Delivery, error)
	// FinishDelivery records an attempt's outcome on a row owner holds:
	// attempts+1, the status and error, then state (queued again with
	// notBefore, delivered or failed); the lease is released.
	FinishDelivery(ctx context.Context, id int64, owner string, state State, status int, msg string, now, notBefore time.Time) error
	// Deliveries returns an endpoint's newest deliveries first.
	Deliveries(ctx context.Context, endpointID int64, limit int) ([]Delivery, error)
}
