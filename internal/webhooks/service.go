package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/claimtrack/claimtrack/internal/secret"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Options configure the service.
type Options struct {
	// BaseURL is the public site address the bodies' links point to.
	BaseURL string
	// AllowHTTP accepts http:// endpoints (intranets and tests, with
	// CLAIMTRACK_ALLOW_PRIVATE_SOURCES); otherwise only https.
	AllowHTTP bool
	// Checker, when set, applies the delivery client's address rules to
	// an endpoint's URL at registration (resolving it, sending nothing),
	// so that a URL deliveries would be refused is refused at once with
	// the reason. The guarded fetch client is the one used in production;
	// its errors say when the address rules refused (postFailure).
	Checker URLChecker
}

// URLChecker decides whether a URL may be sent to, without sending.
type URLChecker interface {
	Check(ctx context.Context, rawURL string) error
}

// Service registers endpoints and queues deliveries.
type Service struct {
	store  Store
	claims *claims.Service
	opts   Options
}

// NewService returns the webhooks service and registers, on cs, the hook
// that queues deliveries inside every event's transaction.
func NewService(store Store, cs *claims.Service, opts Options) *Service {
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	s := &Service{store: store, claims: cs, opts: opts}
	cs.OnEvent(s.queue)
	return s
}

// Now is the claims service's clock.
func (s *Service) Now() time.Time { return s.claims.Now() }

const maxURL = 2000

// CreateEndpoint registers a receiver for kinds and returns it with its
// secret, which is shown to the admin only this once. EINVALID (fields
// "url", "kinds").
func (s *Service) CreateEndpoint(ctx context.Context, actor claims.Actor, rawURL string, kinds []string) (*Endpoint, error) {
	u, err := s.checkURL(strings.TrimSpace(rawURL))
	if err == nil && s.opts.Checker != nil {
		var pf postFailure
		switch cerr := s.opts.Checker.Check(ctx, u); {
		case errors.As(cerr, &pf) && pf.Refused():
			err = claims.Invalid("url", "claimtrack does not send webhooks there: private, loopback and other special-purpose addresses are refused (%v)", cerr)
		case cerr != nil:
			err = claims.Invalid("url", "the endpoint's address could not be checked (%v)", cerr)
		}
	}
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, k := range Kinds() {
		known[k] = true
	}
	seen := map[string]bool{}
	var want []string
	for _, k := range kinds {
		if !known[k] {
			return nil, claims.Invalid("kinds", "%q is not an event kind a webhook can receive", k)
		}
		if !seen[k] {
			seen[k] = true
			want = append(want, k)
		}
	}
	if len(want) == 0 {
		return nil, claims.Invalid("kinds", "choose at least one kind of event")
	}
	e := &Endpoint{URL: u, Kinds: want, Secret: newSecret(), Active: true, CreatedAt: s.Now(), CreatedBy: actor.Name}
	if err := s.store.CreateEndpoint(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

func (s *Service) checkURL(raw string) (string, error) {
	if raw == "" {
		return "", claims.Invalid("url", "the endpoint URL is required")
	}
	if len(raw) > maxURL {
		return "", claims.Invalid("url", "the URL is longer than %d characters", maxURL)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", claims.Invalid("url", "%q is not an absolute URL", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !s.opts.AllowHTTP {
			return "", claims.Invalid("url", "webhook endpoints must use https")
		}
	default:
		return "", claims.Invalid("url", "webhook endpoints must use https")
	}
	if u.User != nil {
		return "", claims.Invalid("url", "put no credentials in the URL; verify deliveries with the signing secret")
	}
	u.Fragment = ""
	return u.String(), nil
}

// Endpoints lists the registered endpoints, newest first.
func (s *Service) Endpoints(ctx context.Context) ([]Endpoint, error) { return s.store.Endpoints(ctx) }

// LogLength is how many deliveries an endpoint's log shows.
const LogLength = 100

// Endpoint returns an endpoint and its newest deliveries. ENOTFOUND.
func (s *Service) Endpoint(ctx context.Context, id int64) (*Endpoint, []Delivery, error) {
	e, err := s.store.EndpointByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	log, err := s.store.Deliveries(ctx, id, LogLength)
	if err != nil {
		return nil, nil, err
	}
	return e, log, nil
}

// SetActive turns an endpoint's deliveries on or off; switched off, its
// queued deliveries fail (they would be stale by the time it came back).
func (s *Service) SetActive(ctx context.Context, actor claims.Actor, id int64, active bool) error {
	return s.store.SetEndpointActive(ctx, id, active, s.Now(), "endpoint switched off by "+actor.Name)
}

// body is what a delivery posts: the event as the timeline has it, and
// links to read more.
type body struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	At          time.Time       `json:"at"`
	StoryID     int64           `json:"story_id"`
	ClaimID     *int64          `json:"claim_id,omitempty"`
	SourceID    *int64          `json:"source_id,omitempty"`
	FromStatus  string          `json:"from_status,omitempty"`
	ToStatus    string          `json:"to_status,omitempty"`
	Note        string          `json:"note,omitempty"`
	Actor       string          `json:"actor"`
	Details     json.RawMessage `json:"details,omitempty"`
	ClaimURL    string          `json:"claim_url,omitempty"`
	TimelineURL string          `json:"timeline_url,omitempty"`
}

// queue writes an event's deliveries in its transaction. Only events
// readers may see go out, and only for published stories (the store checks
// that in the same statement).
func (s *Service) queue(ctx context.Context, e claims.Event) error {
	if !e.Public {
		return nil
	}
	b := body{ID: e.ID, Kind: string(e.Kind), At: e.At, StoryID: e.StoryID, ClaimID: e.ClaimID, SourceID: e.SourceID,
		FromStatus: e.FromStatus, ToStatus: e.ToStatus, Note: e.Note, Actor: e.Actor, Details: e.Payload}
	if e.ClaimID != nil && s.opts.BaseURL != "" {
		id := strconv.FormatInt(*e.ClaimID, 10)
		b.ClaimURL = s.opts.BaseURL + "/claims/" + id
		b.TimelineURL = s.opts.BaseURL + "/api/v1/claims/" + id + "/timeline"
	}
	now := s.Now()
	if err := s.enqueue(ctx, b, now); err != nil {
		return err
	}
	vocab := s.claims.Vocabulary()
	if e.Kind == claims.EventStatusChanged && vocab.IsResolved(e.ToStatus) && !vocab.IsResolved(e.FromStatus) {
		b.Kind = KindClaimResolved
		return s.enqueue(ctx, b, now)
	}
	return nil
}

func (s *Service) enqueue(ctx context.Context, b body, now time.Time) error {
	raw, err := json.Marshal(b)
	if err != nil {
		return err
	}
	_, err = s.store.QueueDeliveries(ctx, b.ID, b.Kind, string(raw), now)
	return err
}

// newSecret returns a signing secret: 256 random bits, prefixed so that a
// leaked one is recognisable.
func newSecret() string {
	return "whsec_" + secret.New()
}
