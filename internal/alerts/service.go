package alerts

import (
	"context"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/secret"
)

// Subscription limits: each says why it is what it is.
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
		return storyTarget(st), nil
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
	return claimTargetOf(d), nil
}

func storyTarget(st *claims.Story) Target {
	return Target{StoryID: st.ID, StorySlug: st.Slug, StoryTitle: st.Title}
}

func claimTargetOf(d *claims.ClaimDetail) Target {
	t := storyTarget(&d.Story)
	t.ClaimID, t.ClaimText = d.Claim.ID, d.Claim.Text
	return t
}

func targetIDs(t Target) (storyID, claimID *int64) {
	if t.ClaimID != 0 {
		return nil, &t.ClaimID
	}
	return &t.StoryID, nil
}

// mint hands out a new link token of kind for an address (and, for
// LinkUnsubscribe, one of its subscriptions), storing only its hash.
func (s *Service) mint(ctx context.Context, kind string, subscriberID int64, subscriptionID *int64) (string, error) {
	token := secret.New()
	err := s.store.AddLinkTokens(ctx, []LinkToken{{Hash: secret.Hash(token), Kind: kind,
		SubscriberID: subscriberID, SubscriptionID: subscriptionID, CreatedAt: s.Now()}})
	return token, err
}

// byLink looks up what a link token opens by the token's hash. To the
// reader an empty token and one that opens nothing are the same broken
// link: EINVALID (field "token").
func byLink[T any](ctx context.Context, token string, find func(ctx context.Context, hash string) (*T, error)) (*T, error) {
	if token == "" {
		return nil, errLink()
	}
	v, err := find(ctx, secret.Hash(token))
	if claims.IsNotFound(err) {
		return nil, errLink()
	}
	return v, err
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
		return claimTargetOf(d), nil
	}
	st, err := s.claims.StoryByID(ctx, *sn.StoryID)
	if err != nil {
		return Target{}, err
	}
	return storyTarget(st), nil
}
