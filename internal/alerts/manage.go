package alerts

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/secret"
)

// Followed is one line of an address's manage page.
type Followed struct {
	SubscriptionID int64
	Target         Target
	// Status is "active", "pending" (awaiting confirmation), "ended" or
	// "disabled" (mail to the address kept failing).
	Status string
	Since  time.Time
}

// Mailbox is what the manage page shows: an address and what it follows.
type Mailbox struct {
	Email       string
	ManageToken string
	Following   []Followed
}

// Manage returns the address and subscriptions a manage token opens.
// EINVALID (field "token") for an unknown token.
func (s *Service) Manage(ctx context.Context, token string) (*Mailbox, error) {
	sub, err := byLink(ctx, token, s.store.SubscriberByManageHash)
	if err != nil {
		return nil, err
	}
	list, err := s.store.SubscriptionsBySubscriber(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	mb := &Mailbox{Email: sub.Email, ManageToken: token}
	for i := range list {
		sn := &list[i]
		t, err := s.targetOf(ctx, sn)
		if err != nil {
			return nil, err
		}
		f := Followed{SubscriptionID: sn.ID, Target: t, Since: sn.CreatedAt}
		switch {
		case sn.EndedAt != nil:
			f.Status = "ended"
		case sn.DisabledAt != nil:
			f.Status = "disabled"
		case sn.ConfirmedAt == nil:
			f.Status = "pending"
		default:
			f.Status = "active"
		}
		mb.Following = append(mb.Following, f)
	}
	return mb, nil
}

// EndFromManage ends one of the address's subscriptions. EINVALID for an
// unknown token; ENOTFOUND when the subscription is not the address's.
// Ending an ended subscription is not an error.
func (s *Service) EndFromManage(ctx context.Context, token string, subscriptionID int64) error {
	return s.store.Tx(ctx, func(ctx context.Context) error {
		sub, err := byLink(ctx, token, s.store.SubscriberByManageHash)
		if err != nil {
			return err
		}
		sn, err := s.store.SubscriptionByID(ctx, subscriptionID)
		if err != nil {
			return err
		}
		if sn.SubscriberID != sub.ID {
			return claims.Errorf(claims.ENOTFOUND, "subscription %d not found", subscriptionID)
		}
		return s.store.EndSubscription(ctx, sn.ID, s.Now())
	})
}

// DeleteAddress forgets an address: its tokens and subscriptions go, its
// waiting alerts are cancelled, and its past deliveries stay as counts
// without the address. EINVALID for an unknown token.
func (s *Service) DeleteAddress(ctx context.Context, token string) error {
	return s.store.Tx(ctx, func(ctx context.Context) error {
		sub, err := byLink(ctx, token, s.store.SubscriberByManageHash)
		if err != nil {
			return err
		}
		return s.store.DeleteSubscriber(ctx, sub.ID, s.Now())
	})
}

// Unsubscription is what an unsubscribe link ends.
type Unsubscription struct {
	Target Target
	Email  string
	// ManageToken is a fresh manage link's token once Unsubscribe has
	// run; empty from UnsubscribeInfo, which writes nothing (mail scanners
	// open every link).
	ManageToken string
	// Ended reports whether the subscription is ended (before or by this
	// call).
	Ended bool
}

// UnsubscribeInfo describes what a one-click token would end, changing
// nothing (the GET of the link). ENOTFOUND for an unknown token.
func (s *Service) UnsubscribeInfo(ctx context.Context, token string) (*Unsubscription, error) {
	return s.unsubscribe(ctx, token, false)
}

// Unsubscribe ends the subscription a one-click token names; repeating it
// changes nothing more and is not an error (RFC 8058 posts may repeat).
// ENOTFOUND for an unknown token.
func (s *Service) Unsubscribe(ctx context.Context, token string) (*Unsubscription, error) {
	return s.unsubscribe(ctx, token, true)
}

func (s *Service) unsubscribe(ctx context.Context, token string, end bool) (*Unsubscription, error) {
	var u *Unsubscription
	err := s.store.Tx(ctx, func(ctx context.Context) error {
		if token == "" {
			return claims.Errorf(claims.ENOTFOUND, "this unsubscribe link is not valid")
		}
		sn, err := s.store.SubscriptionByUnsubscribeHash(ctx, secret.Hash(token))
		if claims.IsNotFound(err) {
			return claims.Errorf(claims.ENOTFOUND, "this unsubscribe link is not valid (the address may have been deleted)")
		}
		if err != nil {
			return err
		}
		if end && sn.EndedAt == nil {
			if err := s.store.EndSubscription(ctx, sn.ID, s.Now()); err != nil {
				return err
			}
			now := s.Now()
			sn.EndedAt = &now
		}
		sub, t, err := s.subscriberAndTarget(ctx, sn)
		if err != nil {
			return err
		}
		u = &Unsubscription{Target: t, Email: sub.Email, Ended: sn.EndedAt != nil}
		if end {
			u.ManageToken, err = s.mint(ctx, LinkManage, sub.ID, nil)
		}
		return err
	})
	return u, err
}
