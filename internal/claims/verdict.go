package claims

import "context"

// Settling returns the event that gave the claim its current status: the
// newest status change (or its creation) into that status; nil when there
// is none on record or the detail was read without it.
func (d *ClaimDetail) Settling() *Event {
	if GaveStatus(d.Settled, d.Claim) {
		return d.Settled
	}
	return nil
}

// SettlingEvents returns, for each of these claims, the newest public event
// that set its status: for a claim whose status it gave, the one that
// settled it (see GaveStatus). One read however many claims.
func (s *Service) SettlingEvents(ctx context.Context, claimIDs []int64) (map[int64]Event, error) {
	return s.store.LatestStatusEvents(ctx, claimIDs)
}

// GaveStatus reports whether e gave c its current status: a status change
// into it, or the claim's creation with it.
func GaveStatus(e *Event, c Claim) bool {
	return e != nil && e.ToStatus == c.Status && (e.Kind == EventStatusChanged || e.Kind == EventClaimCreated)
}

// IsCorrection reports whether e changed one verdict into another (from a
// resolved status straight to a different resolved one), which readers are
// told of at the top of the claim's page.
func (v *Vocabulary) IsCorrection(e *Event) bool {
	return e != nil && e.Kind == EventStatusChanged && e.FromStatus != e.ToStatus &&
		v.IsResolved(e.FromStatus) && v.IsResolved(e.ToStatus)
}
