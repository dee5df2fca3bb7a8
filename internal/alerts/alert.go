// Package alerts tells readers by email when a claim they follow is
// resolved, corrected or reopened: subscriptions with double opt-in, an
// outbox written in the same transaction as the status change, and a worker
// that leases outbox rows and delivers them. It knows nothing of HTTP or
// gorm; the store and the web layer plug in through Store and Service.
package alerts

import (
	"github.com/claimtrack/claimtrack/internal/outbox"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Kind is why an alert goes out.
type Kind string

// Alert kinds, from the claim's old and new status in the vocabulary.
const (
	// KindResolved: from an open status to a resolved one.
	KindResolved Kind = "resolved"
	// KindCorrected: from one resolved status to another ("resolution
	// corrected").
	KindCorrected Kind = "corrected"
	// KindReopened: from a resolved status back to an open one.
	KindReopened Kind = "reopened"
)

// KindOf returns the alert a status change calls for, and false when it
// calls for none (open to open).
func KindOf(fromResolved, toResolved bool) (Kind, bool) {
	switch {
	case !fromResolved && toResolved:
		return KindResolved, true
	case fromResolved && toResolved:
		return KindCorrected, true
	case fromResolved && !toResolved:
		return KindReopened, true
	}
	return "", false
}

// Subscriber is one email address that follows stories or claims.
type Subscriber struct {
	ID    int64
	Email string
	// ManageHash is the SHA-256 (hex) of the manage token made with the
	// address, kept in a unique column older than LinkToken. Manage links
	// are looked up as LinkTokens only; no token is ever stored raw.
	ManageHash string
	CreatedAt  time.Time
}

// Subscription follows exactly one story or one claim.
type Subscription struct {
	ID           int64
	SubscriberID int64
	StoryID      *int64
	ClaimID      *int64
	// UnsubscribeHash is the SHA-256 (hex) of a token made with the
	// subscription (see ManageHash); one-click links are LinkTokens.
	UnsubscribeHash string
	// ConfirmHash is the SHA-256 (hex) of the pending confirmation token;
	// empty once confirmed.
	ConfirmHash      string
	ConfirmExpiresAt *time.Time
	CreatedAt        time.Time
	ConfirmedAt      *time.Time
	// EndedAt is set when the reader unsubscribed.
	EndedAt *time.Time
	// DisabledAt is set after MaxPermanentFailures permanent failures.
	DisabledAt        *time.Time
	PermanentFailures int
}

// Active reports whether the subscription gets alerts.
func (s *Subscription) Active() bool {
	return s.ConfirmedAt != nil && s.EndedAt == nil && s.DisabledAt == nil
}

// State is where an outbox row stands (see outbox.State); an alert is
// cancelled when its subscription ended or its address was deleted before
// it went out.
type State = outbox.State

// Outbox states.
const (
	StateQueued    = outbox.StateQueued
	StateSent      = outbox.StateSent
	StateFailed    = outbox.StateFailed
	StateCancelled = outbox.StateCancelled
)

// Alert is one outbox row: one email owed to one subscription for one
// timeline event.
type Alert struct {
	ID int64
	// SubscriptionID and SubscriberID are nil once the address was deleted;
	// the row stays as a delivery count.
	SubscriptionID *int64
	SubscriberID   *int64
	EventID        int64
	StoryID        int64
	ClaimID        int64
	Kind           Kind
	// Digest marks a story subscription's alert that waits out the digest
	// window and goes out in one mail with the others queued for the same
	// subscription.
	Digest     bool
	State      State
	Attempts   int
	NotBefore  time.Time
	LeaseOwner string
	LeaseUntil *time.Time
	LastError  string
	// LastCode is the SMTP reply code of the last failure (0: no reply).
	LastCode  int
	CreatedAt time.Time
	UpdatedAt time.Time
	SentAt    *time.Time
}

// MessageID is the Message-ID's local part for a mail carrying this row
// (for a digest, its lowest row), so a resend after a crash is recognisable.
func (a *Alert) MessageID() string { return "alert-" + strconv.FormatInt(a.ID, 10) }

// Fan is what the outbox needs to queue one status change's alerts.
type Fan struct {
	EventID int64
	StoryID int64
	ClaimID int64
	Kind    Kind
	At      time.Time
	// DigestWindow delays story subscriptions' rows (and marks them
	// Digest); 0 sends them at once.
	DigestWindow time.Duration
}

// The retry schedule for temporary failures is the outboxes' (about 1 min,
// 5 min, 30 min, 2 h, 12 h, then failed after 48 h).
var (
	Backoff     = outbox.Backoff
	NextAttempt = outbox.NextAttempt
)

const (
	// GiveUpAfter is how long temporary failures are retried.
	GiveUpAfter = outbox.GiveUpAfter
	// MaxPermanentFailures permanent failures disable a subscription.
	MaxPermanentFailures = 3
)

// Count is one line of the admin view's outbox counts.
type Count struct {
	State State
	N     int
}

// TargetCount is how many active and pending subscriptions follow a story
// or a claim, for the admin view.
type TargetCount struct {
	StoryID int64
	ClaimID int64 // 0 for a story subscription
	Active  int
	Pending int
}

// errLink is the one answer for a confirmation or unsubscribe link that is
// unknown, used or expired.
func errLink() error {
	return claims.Invalid("token", "this link has expired or is not valid; subscribe again to get a new one")
}

// Kinds of link token.
const (
	// LinkManage opens the page where an address sees and ends its
	// subscriptions; every mail links to it.
	LinkManage = "manage"
	// LinkUnsubscribe ends one subscription in one click (RFC 8058).
	LinkUnsubscribe = "unsubscribe"
)

// LinkToken is a manage or unsubscribe link handed out, as stored: the
// SHA-256 of its token, never the token, so that a database file, dump or
// backup opens no one's subscriptions. Every mail gets fresh tokens, and
// every token handed out keeps working while its address exists.
type LinkToken struct {
	Hash         string
	Kind         string
	SubscriberID int64
	// SubscriptionID is set for LinkUnsubscribe only.
	SubscriptionID *int64
	CreatedAt      time.Time
}
