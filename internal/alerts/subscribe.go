package alerts

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/secret"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

// SubscribeRequest asks to follow a story (StorySlug) or a claim (ClaimID).
type SubscribeRequest struct {
	Email     string
	StorySlug string
	ClaimID   int64
	// ClientAddr is the requester's address for the rate limit ("" counts
	// only the email).
	ClientAddr string
}

// Confirmation is a confirmation mail to send.
type Confirmation struct {
	SubscriptionID int64
	Email          string
	Token          string
	Target         Target
	// ManageToken opens the address's subscriptions page.
	ManageToken string
	Expires     time.Time
}

// Subscribe records a pending subscription and, in the same transaction,
// queues its confirmation mail. It returns the confirmation, or nil when
// there is nothing to send (the subscription is already active). The
// returned link works until the queued mail is sent: ConfirmationMail mints
// the mail's own link, which replaces it, as a repeated request does. Callers must answer the same either way: whether an
// address is subscribed is nobody else's business.
//
// Errors: EINVALID (email, story_slug, claim_id), ENOTFOUND for a story or
// claim readers cannot see, ERATELIMITED.
func (s *Service) Subscribe(ctx context.Context, r SubscribeRequest) (*Confirmation, error) {
	email := auth.NormalizeEmail(r.Email)
	if err := auth.ValidateEmail(email); err != nil {
		return nil, err
	}
	target, err := s.target(ctx, r.StorySlug, r.ClaimID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if err := s.countRequest(ctx, r.ClientAddr, email, now); err != nil {
		return nil, err
	}
	var conf *Confirmation
	err = s.store.Tx(ctx, func(ctx context.Context) error {
		sub, err := s.store.SubscriberByEmail(ctx, email)
		if claims.IsNotFound(err) {
			sub = &Subscriber{Email: email, ManageHash: secret.Hash(secret.New()), CreatedAt: now}
			err = s.store.CreateSubscriber(ctx, sub)
		}
		if err != nil {
			return err
		}
		storyID, claimID := targetIDs(target)
		sn, err := s.store.SubscriptionFor(ctx, sub.ID, storyID, claimID)
		switch {
		case claims.IsNotFound(err):
			sn = &Subscription{SubscriberID: sub.ID, StoryID: storyID, ClaimID: claimID,
				UnsubscribeHash: secret.Hash(secret.New()), CreatedAt: now}
			if err := s.store.CreateSubscription(ctx, sn); err != nil {
				return err
			}
		case err != nil:
			return err
		case sn.Active():
			return nil
		}
		// A new request, or a renewed one after an unsubscribe, a bounce or
		// a lost mail: it waits for a fresh confirmation, and older links
		// stop working.
		token := secret.New()
		exp := now.Add(ConfirmTTL)
		sn.ConfirmHash, sn.ConfirmExpiresAt = secret.Hash(token), &exp
		sn.ConfirmedAt, sn.EndedAt, sn.DisabledAt, sn.PermanentFailures = nil, nil, nil, 0
		if err := s.store.UpdateSubscription(ctx, sn); err != nil {
			return err
		}
		manage, err := s.mint(ctx, LinkManage, sub.ID, nil)
		if err != nil {
			return err
		}
		conf = &Confirmation{SubscriptionID: sn.ID, Email: email, Token: token, Target: target, ManageToken: manage, Expires: exp}
		return s.store.QueueMail(ctx, &txmail.Mail{Kind: txmail.KindConfirm, SubscriptionID: sn.ID, CreatedAt: now})
	})
	if err != nil {
		return nil, err
	}
	return conf, nil
}

// ConfirmationMail mints a fresh confirmation link and manage link for a
// pending subscription, for the mail being sent; earlier confirmation links
// of the subscription stop working. The link expires when the request's did.
//
// Errors: ENOTFOUND when there is nothing left to confirm (the
// subscription is gone, confirmed, ended or expired).
func (s *Service) ConfirmationMail(ctx context.Context, subscriptionID int64) (*Confirmation, error) {
	var conf *Confirmation
	err := s.store.Tx(ctx, func(ctx context.Context) error {
		sn, err := s.store.SubscriptionByID(ctx, subscriptionID)
		if err != nil {
			return err
		}
		if sn.ConfirmedAt != nil || sn.EndedAt != nil || sn.DisabledAt != nil || sn.ConfirmExpiresAt == nil ||
			!s.Now().Before(*sn.ConfirmExpiresAt) {
			return claims.Errorf(claims.ENOTFOUND, "subscription %d awaits no confirmation", subscriptionID)
		}
		sub, target, err := s.subscriberAndTarget(ctx, sn)
		if err != nil {
			return err
		}
		// Only the hash is written, and only while the subscription still
		// waits: writing the whole row back would undo a confirmation made
		// with an earlier link since it was read.
		token := secret.New()
		if err := s.store.ReplaceConfirmHash(ctx, sn.ID, secret.Hash(token), s.Now()); err != nil {
			return err
		}
		manage, err := s.mint(ctx, LinkManage, sub.ID, nil)
		if err != nil {
			return err
		}
		conf = &Confirmation{SubscriptionID: sn.ID, Email: sub.Email, Token: token, Target: target, ManageToken: manage, Expires: *sn.ConfirmExpiresAt}
		return nil
	})
	return conf, err
}

func (s *Service) countRequest(ctx context.Context, clientAddr, email string, now time.Time) error {
	since := now.Add(-RequestWindow)
	// The client is counted first, so that a client past its limit cannot
	// keep pushing up someone else's email count.
	if clientAddr != "" {
		n, err := s.store.CountSubscribeRequest(ctx, "client", secret.Hash(clientAddr), now, since)
		if err != nil {
			return err
		}
		if n > RequestsPerClient {
			return claims.Errorf(claims.ERATELIMITED, "too many subscribe requests from your address; try again in an hour")
		}
	}
	n, err := s.store.CountSubscribeRequest(ctx, "email", secret.Hash(email), now, since)
	if err != nil {
		return err
	}
	if n > RequestsPerEmail {
		return claims.Errorf(claims.ERATELIMITED, "too many subscribe requests for this email address; try again in an hour")
	}
	return nil
}

// PendingConfirmation returns what a confirmation link would confirm,
// without confirming it (the GET of the link: mail scanners follow links).
// EINVALID (field "token") for an unknown or expired link.
func (s *Service) PendingConfirmation(ctx context.Context, token string) (*Target, error) {
	sn, err := s.pending(ctx, token)
	if err != nil {
		return nil, err
	}
	t, err := s.targetOf(ctx, sn)
	return &t, err
}

func (s *Service) pending(ctx context.Context, token string) (*Subscription, error) {
	sn, err := byLink(ctx, token, s.store.SubscriptionByConfirmHash)
	if err != nil {
		return nil, err
	}
	if sn.ConfirmExpiresAt == nil || !s.Now().Before(*sn.ConfirmExpiresAt) {
		return nil, errLink()
	}
	// Ended while it waited (the manage page or an unsubscribe link): the
	// reader's stop wins, rather than a "subscribed" page with no alerts.
	if sn.EndedAt != nil || sn.DisabledAt != nil {
		return nil, errLink()
	}
	return sn, nil
}

// Confirm activates the subscription a confirmation link names and returns
// its target and a fresh manage token of the address. EINVALID (field "token") for
// an unknown, used or expired link.
func (s *Service) Confirm(ctx context.Context, token string) (*Target, string, error) {
	var t Target
	var manage string
	err := s.store.Tx(ctx, func(ctx context.Context) error {
		sn, err := s.pending(ctx, token)
		if err != nil {
			return err
		}
		now := s.Now()
		sn.ConfirmedAt, sn.ConfirmHash, sn.ConfirmExpiresAt = &now, "", nil
		if err := s.store.UpdateSubscription(ctx, sn); err != nil {
			return err
		}
		if t, err = s.targetOf(ctx, sn); err != nil {
			return err
		}
		manage, err = s.mint(ctx, LinkManage, sn.SubscriberID, nil)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return &t, manage, nil
}
