package alerts

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/txmail"
)

// Store is what alerts need from storage. Methods called with a context
// returned inside Tx (this Store's or the claims store's: they are one
// database) run in that transaction. Lookups that find nothing return
// claims' ENOTFOUND.
type Store interface {
	Tx(ctx context.Context, fn func(ctx context.Context) error) error
	// QueueMail writes a confirmation mail's row in the caller's
	// transaction.
	txmail.Queuer

	// CountSubscribeRequest records one subscribe request under (kind,
	// keyHash) at now and returns how many such requests were made since
	// since, this one included; it also prunes requests older than since.
	CountSubscribeRequest(ctx context.Context, kind, keyHash string, now, since time.Time) (int, error)

	// SubscriberByEmail looks a normalised address up.
	SubscriberByEmail(ctx context.Context, email string) (*Subscriber, error)
	// SubscriberByID returns ENOTFOUND for an unknown id.
	SubscriberByID(ctx context.Context, id int64) (*Subscriber, error)
	// SubscriberByManageHash returns the subscriber a LinkManage token
	// with that hash opens.
	SubscriberByManageHash(ctx context.Context, hash string) (*Subscriber, error)
	// AddLinkTokens stores link tokens handed out, in one statement.
	AddLinkTokens(ctx context.Context, tokens []LinkToken) error
	// CreateSubscriber sets ID; ECONFLICT when the address exists.
	CreateSubscriber(ctx context.Context, s *Subscriber) error
	// DeleteSubscriber deletes an address and its subscriptions; its
	// queued alerts become cancelled and every one of its outbox rows loses
	// its subscriber and subscription (the rows stay, as delivery counts).
	DeleteSubscriber(ctx context.Context, id int64, now time.Time) error

	// SubscriptionByID returns ENOTFOUND for an unknown id.
	SubscriptionByID(ctx context.Context, id int64) (*Subscription, error)
	// SubscriptionFor returns the subscriber's subscription to a story
	// (storyID set) or a claim (claimID set).
	SubscriptionFor(ctx context.Context, subscriberID int64, storyID, claimID *int64) (*Subscription, error)
	// SubscriptionByConfirmHash looks a pending confirmation up.
	SubscriptionByConfirmHash(ctx context.Context, hash string) (*Subscription, error)
	// SubscriptionByUnsubscribeHash returns the subscription a
	// LinkUnsubscribe token with that hash ends.
	SubscriptionByUnsubscribeHash(ctx context.Context, hash string) (*Subscription, error)
	// SubscriptionsBySubscriber returns an address's subscriptions, oldest
	// first, ended and disabled ones included.
	SubscriptionsBySubscriber(ctx context.Context, subscriberID int64) ([]Subscription, error)
	// CreateSubscription sets ID.
	CreateSubscription(ctx context.Context, s *Subscription) error
	// ReplaceConfirmHash sets only the confirmation hash of a subscription
	// still awaiting confirmation at now (not confirmed, ended or disabled,
	// not expired); ENOTFOUND otherwise.
	ReplaceConfirmHash(ctx context.Context, id int64, hash string, now time.Time) error
	// UpdateSubscription writes every field of s but ID, SubscriberID and
	// the target.
	UpdateSubscription(ctx context.Context, s *Subscription) error
	// EndSubscription sets ended_at (keeping an earlier one) and cancels the
	// subscription's queued alerts.
	EndSubscription(ctx context.Context, id int64, now time.Time) error
	// RecordPermanentFailure counts one permanent failure of a subscription
	// and, at max failures, disables it and cancels its queued alerts but
	// those under a live lease (the caller settles its own with MarkFailed,
	// before or after). It reports whether the subscription is now disabled.
	RecordPermanentFailure(ctx context.Context, id int64, now time.Time, max int) (bool, error)

	// QueueAlerts writes the outbox rows of one status change, in the
	// caller's transaction, with one set-based insert per kind of target:
	// one row for every active subscription to the claim, then one for
	// every active subscription to the story whose address has no row for
	// the event yet. It returns how many rows it wrote.
	QueueAlerts(ctx context.Context, f Fan) (int, error)
	// LeaseAlerts leases up to limit queued rows whose not_before has come
	// and whose lease, if any, has run out, to owner until until, oldest
	// first; rows leased by another owner are skipped (FOR UPDATE SKIP
	// LOCKED on PostgreSQL, a conditional update on SQLite).
	LeaseAlerts(ctx context.Context, owner string, now, until time.Time, limit int) ([]Alert, error)
	// LeaseDigest leases every other queued row of the subscription whatever
	// its not_before (the rows a digest mail lists with a due one).
	LeaseDigest(ctx context.Context, subscriptionID int64, owner string, now, until time.Time) ([]Alert, error)
	// The Mark methods settle rows owner holds (still queued, lease_owner =
	// owner, whether or not the lease has run out) and release their lease.
	// They return how many rows they changed: fewer than len(ids) is no
	// error but means the other rows were taken over by another worker after
	// the lease ran out, or cancelled meanwhile (subscription ended, address
	// deleted), and must be left alone.

	// MarkSent marks rows sent.
	MarkSent(ctx context.Context, ids []int64, owner string, now time.Time) (int, error)
	// MarkRetry records a temporary failure: attempts+1, the error and
	// code, not_before = next.
	MarkRetry(ctx context.Context, ids []int64, owner string, now, next time.Time, code int, msg string) (int, error)
	// MarkFailed records a final failure.
	MarkFailed(ctx context.Context, ids []int64, owner string, now time.Time, code int, msg string) (int, error)
	// MarkCancelled ends rows that must not be sent (their subscription
	// ended meanwhile).
	MarkCancelled(ctx context.Context, ids []int64, owner string, now time.Time) (int, error)

	// OutboxCounts counts outbox rows by state.
	OutboxCounts(ctx context.Context) ([]Count, error)
	// RecentFailures returns the newest failed rows and queued rows with a
	// failed attempt, newest first.
	RecentFailures(ctx context.Context, limit int) ([]Alert, error)
	// SubscriberCounts counts active and pending subscriptions per story
	// and per claim.
	SubscriberCounts(ctx context.Context) ([]TargetCount, error)
}
