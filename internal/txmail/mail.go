// Package txmail is the outbox of claimtrack's transactional mail: the
// confirmation of a subscription, the password-reset link, the notice that
// strangers are guessing an account's password. The service that decides a
// mail is owed writes its row in the request's own transaction
// (Queuer.QueueMail); the Worker leases due rows and sends them, with the
// retry schedule and lease every outbox shares (internal/outbox).
//
// A row never holds a working link. It says what the mail is about (a
// subscription, a user); the Composer mints the link's token when the mail
// is sent, and the database keeps only its hash, as it does for every
// other token. A retried mail carries a fresh link.
package txmail

import (
	"context"
	"errors"
	"time"

	"github.com/claimtrack/claimtrack/internal/outbox"
)

// Kind says which mail a row is; each has its own template.
type Kind string

// The transactional mails.
const (
	// KindConfirm asks to confirm a subscription (SubscriptionID).
	KindConfirm Kind = "subscription_confirm"
	// KindReset carries a password-reset link for UserID, asked for at
	// CreatedAt.
	KindReset Kind = "password_reset"
	// KindThrottled tells UserID that logins to the account are slowed
	// down for Wait.
	KindThrottled Kind = "login_throttled"
)

// Mail is one row of the outbox.
type Mail struct {
	ID   int64
	Kind Kind
	// No address: the composer reads the current one, and a row outliving
	// its subscriber keeps nothing personal.
	SubscriptionID int64
	UserID         int64
	Wait           time.Duration
	State          outbox.State
	Attempts       int
	NotBefore      time.Time
	CreatedAt      time.Time
	LastError      string
}

// Queuer writes a row in the caller's transaction: the store implements it
// for the alerts and accounts services.
type Queuer interface {
	// QueueMail writes m as queued, due at m.CreatedAt, and sets m.ID.
	QueueMail(ctx context.Context, m *Mail) error
}

// Outcome is what an attempt came to.
type Outcome struct {
	State outbox.State
	// Attempted counts the attempt (a cancelled mail was not attempted).
	Attempted bool
	// NotBefore is the next try of a mail queued again.
	NotBefore time.Time
	Error     string
	At        time.Time
}

// Store is what the worker needs of storage.
type Store interface {
	// LeaseMails leases to owner, until until, up to limit queued rows
	// whose not_before has come and whose lease, if any, has run out,
	// oldest first, skipping rows another owner holds.
	LeaseMails(ctx context.Context, owner string, now, until time.Time, limit int) ([]Mail, error)
	// SettleMail records o on the row owner holds and releases the lease;
	// false when owner no longer holds it (another took it after the lease
	// ran out).
	SettleMail(ctx context.Context, id int64, owner string, o Outcome) (bool, error)
}

// ErrNotNeeded is what a Composer returns (wrapped) for a mail there is no
// longer any point in sending: the subscription was confirmed or ended, the
// reset link would already have expired, the account is disabled.
var ErrNotNeeded = errors.New("txmail: the mail is no longer needed")
