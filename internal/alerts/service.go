package alerts

import (
	"context"
	"github.com/claimtrack/claimtrack/internal/secret"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

// Subscription limits, fixed by the issue or chosen with it.
const (
	// ConfirmTTL is how long a confirmation link works.
	ConfirmTTL = 7 * 24 * time.Hour
	// RequestsPerEmail subscribe requests per address within RequestWindow:
	// a few retries, too few to flood someone's inbox with confirmations.
	RequestsPerEmail = 5
	// RequestsPerClient is the same per client address, which a newsroom or
	// a campus behind one NAT shares.
	RequestsPerClient = 30
	// RequestWindow is the period requests are counted over.
	RequestWindow = time.Hour
	// DefaultDigestWindow is CLAIMTRACK_ALERT_DIGEST_WINDOW's default.
	DefaultDigestWindow = 5 * time.Minute
)

// Service runs subscriptions. Its reads of stories and claims go through
// the claims service, public view only: nobody can follow a draft.
type Service struct {
	store  Store
	claims *claims.Service
	// digest is the story subscriptions' digest window (0: off).
	digest time.Duration
}

// NewService returns the alerts service and registers, on cs, the hook that
// queues alerts inside every status change's transaction.
func NewService(store Store, cs *claims.Service, digestWindow time.Duration) *Service {
	s := &Service{store: store, claims: cs, digest: digestWindow}
	cs.OnStatusChange(s.queue)
	return s
}

// Now is the claims service's clock, so tests move one clock.
func (s *Service) Now() time.Time { return s.claims.Now() }

// queue writes a status change's outbox rows in its transaction.
func (s *Service) queue(ctx context.Context, ch claims.StatusTransition) error {
	kind, ok := KindOf(ch.FromResolved, ch.ToResolved)
	if !ok || !ch.StoryPublished || ch.Claim.Withdrawn {
		return nil
	}
	_, err := s.store.QueueAlerts(ctx, Fan{EventID: ch.Event.ID, StoryID: ch.Claim.StoryID, ClaimID: ch.Claim.ID,
		Kind: kind, At: ch.Event.At, DigestWindow: s.digest})
	return err
}

// Target is what a subscription follows, as readers see it.
type Target struct {
	StoryID    int64
	StorySlug  string
	StoryTitle string
	// ClaimID and ClaimText are set for a claim subscription.
	ClaimID   int64
	ClaimText string
}

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

// target resolves what a request follows, as a reader may see it.
func (s *Service) target(ctx context.Context, slug string, claimID int64) (Target, error) {
	slug = strings.TrimSpace(slug)
	switch {
	case slug != "" && claimID != 0:
		return Target{}, claims.Invalid("story_slug", "follow either a story or a claim, not both")
	case slug != "":
		st, err := s.claims.PublicStory(ctx, slug)
		if err != nil {
			return Target{}, err
		}
		return Target{StoryID: st.ID, StorySlug: st.Slug, StoryTitle: st.Title}, nil
	case claimID > 0:
		return s.claimTarget(ctx, claimID)
	}
	return Target{}, claims.Invalid("story_slug", "say which story or claim to follow")
}

func (s *Service) claimTarget(ctx context.Context, claimID int64) (Target, error) {
	d, err := s.claims.ClaimDetail(ctx, claimID, true)
	if err != nil {
		return Target{}, err
	}
	// A withdrawn claim is no longer part of its story: nothing will
	// happen to it worth a mail.
	if d.Claim.Withdrawn {
		return Target{}, claims.Errorf(claims.ENOTFOUND, "claim %d not found", claimID)
	}
	return Target{StoryID: d.Story.ID, StorySlug: d.Story.Slug, StoryTitle: d.Story.Title,
		ClaimID: d.Claim.ID, ClaimText: d.Claim.Text}, nil
}

func targetIDs(t Target) (storyID, claimID *int64) {
	if t.ClaimID != 0 {
		return nil, &t.ClaimID
	}
	return &t.StoryID, nil
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
	if token == "" {
		return nil, errLink()
	}
	sn, err := s.store.SubscriptionByConfirmHash(ctx, secret.Hash(token))
	if claims.IsNotFound(err) {
		return nil, errLink()
	}
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

// mint hands out a new link token of kind for an address (and, for
// LinkUnsubscribe, one of its subscriptions), storing only its hash.
func (s *Service) mint(ctx context.Context, kind string, subscriberID int64, subscriptionID *int64) (string, error) {
	token := secret.New()
	err := s.store.AddLinkTokens(ctx, []LinkToken{{Hash: secret.Hash(token), Kind: kind,
		SubscriberID: subscriberID, SubscriptionID: subscriptionID, CreatedAt: s.Now()}})
	return token, err
}

// subscriberAndTarget returns the address a subscription belongs to and
// what it follows (see targetOf).
func (s *Service) subscriberAndTarget(ctx context.Context, sn *Subscription) (*Subscriber, Target, error) {
	sub, err := s.store.SubscriberByID(ctx, sn.SubscriberID)
	if err != nil {
		return nil, Target{}, err
	}
	t, err := s.targetOf(ctx, sn)
	return sub, t, err
}

// targetOf describes what a stored subscription follows, whether or not
// readers can still see it (the manage page lists everything an address
// follows).
func (s *Service) targetOf(ctx context.Context, sn *Subscription) (Target, error) {
	if sn.ClaimID != nil {
		d, err := s.claims.ClaimDetail(ctx, *sn.ClaimID, false)
		if err != nil {
			return Target{}, err
		}
		return Target{StoryID: d.Story.ID, StorySlug: d.Story.Slug, StoryTitle: d.Story.Title,
			ClaimID: d.Claim.ID, ClaimText: d.Claim.Text}, nil
	}
	st, err := s.claims.StoryByID(ctx, *sn.StoryID)
	if err != nil {
		return Target{}, err
	}
	return Target{StoryID: st.ID, StorySlug: st.Slug, StoryTitle: st.Title}, nil
}

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
	sub, err := s.subscriberByManageToken(ctx, token)
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

func (s *Service) subscriberByManageToken(ctx context.Context, token string) (*Subscriber, error) {
	if token == "" {
		return nil, errLink()
	}
	sub, err := s.store.SubscriberByManageHash(ctx, secret.Hash(token))
	if claims.IsNotFound(err) {
		return nil, errLink()
	}
	return sub, err
}

// EndFromManage ends one of the address's subscriptions. EINVALID for an
// unknown token; ENOTFOUND when the subscription is not the address's.
// Ending an ended subscription is not an error.
func (s *Service) EndFromManage(ctx context.Context, token string, subscriptionID int64) error {
	return s.store.Tx(ctx, func(ctx context.Context) error {
		sub, err := s.subscriberByManageToken(ctx, token)
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
		sub, err := s.subscriberByManageToken(ctx, token)
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
