package alerts

import (
	"context"
	"sort"
)

// AdminFailureLimit is how many recent failures the admin view lists.
const AdminFailureLimit = 20

// Overview is what admins see of alerts: the outbox by state, what failed
// lately and why, and who follows what.
type Overview struct {
	// Counts has one line per state, in the order queued, sent, failed,
	// cancelled, zeros included, so the page always reads the same.
	Counts []Count
	// Failures are the newest failed rows and the queued ones that failed
	// an attempt, newest first, each with what it is about.
	Failures []Failure
	// Targets are the stories and claims with active or pending
	// subscriptions, most followed first.
	Targets []Followers
}

// Failure is one outbox row that failed, with its story and claim.
type Failure struct {
	Alert  Alert
	Target Target
}

// Followers counts the subscriptions to one story or claim.
type Followers struct {
	Target  Target
	Active  int
	Pending int
}

var adminStates = []State{StateQueued, StateSent, StateFailed, StateCancelled}

// AdminView returns the admin overview. Only internal errors.
func (s *Service) AdminView(ctx context.Context) (*Overview, error) {
	counts, err := s.store.OutboxCounts(ctx)
	if err != nil {
		return nil, err
	}
	byState := map[State]int{}
	for _, c := range counts {
		byState[c.State] += c.N
	}
	o := &Overview{}
	for _, st := range adminStates {
		o.Counts = append(o.Counts, Count{State: st, N: byState[st]})
	}
	// Targets are looked up once each: many failures usually share a claim.
	names := targetNames{s: s, seen: map[[2]int64]Target{}}
	failed, err := s.store.RecentFailures(ctx, AdminFailureLimit)
	if err != nil {
		return nil, err
	}
	for _, a := range failed {
		t, err := names.of(ctx, 0, a.ClaimID)
		if err != nil {
			return nil, err
		}
		o.Failures = append(o.Failures, Failure{Alert: a, Target: t})
	}
	tcs, err := s.store.SubscriberCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, tc := range tcs {
		t, err := names.of(ctx, tc.StoryID, tc.ClaimID)
		if err != nil {
			return nil, err
		}
		o.Targets = append(o.Targets, Followers{Target: t, Active: tc.Active, Pending: tc.Pending})
	}
	sort.SliceStable(o.Targets, func(i, j int) bool {
		a, b := o.Targets[i], o.Targets[j]
		if a.Active+a.Pending != b.Active+b.Pending {
			return a.Active+a.Pending > b.Active+b.Pending
		}
		return a.Target.StoryTitle < b.Target.StoryTitle
	})
	return o, nil
}

// targetNames describes stories and claims for the admin view, each once.
type targetNames struct {
	s    *Service
	seen map[[2]int64]Target
}

// of describes a claim (claimID set) or a story.
func (n targetNames) of(ctx context.Context, storyID, claimID int64) (Target, error) {
	key := [2]int64{storyID, claimID}
	if claimID != 0 {
		key[0] = 0
	}
	if t, ok := n.seen[key]; ok {
		return t, nil
	}
	sn := &Subscription{StoryID: &storyID}
	if claimID != 0 {
		sn = &Subscription{ClaimID: &claimID}
	}
	t, err := n.s.targetOf(ctx, sn)
	if err != nil {
		return Target{}, err
	}
	n.seen[key] = t
	return t, nil
}
