package claims

import (
	"context"
	"time"
)

// CheckState is what the re-checker carries from one check of a source to
// the next. A source that was never checked has a zero CheckState and is due
// at once.
type CheckState struct {
	// NextCheckAt is when the source falls due; nil means now.
	NextCheckAt *time.Time
	// ETag and LastModified are the validators sent with the next request.
	ETag         string
	LastModified string
	// TextHash and ExtractVersion describe the baseline text; "" means no
	// baseline has been taken yet.
	TextHash       string
	ExtractVersion int
	// ExtractHint is what text extraction remembered of the page's layout
	// to read the next fetch faster; opaque here.
	ExtractHint string
	// Failures are the times of consecutive 404/410 answers.
	Failures        []time.Time
	UnchangedStreak int
	LastChangeAt    *time.Time
}

// SourceToCheck is a source handed to the re-checker, leased to it so that
// no other sweep takes it at the same time.
type SourceToCheck struct {
	Source Source
	Check  CheckState
	// Claims are the claims linked to the source when it was leased.
	Claims []Claim
	// AllClaimsResolved is true when every claim linked to the source has a
	// resolved status, which slows its checks down.
	AllClaimsResolved bool
	// LeaseUntil is when the lease taken on the source runs out (on the
	// service's clock): after it another sweep may take the source.
	LeaseUntil time.Time
}

// CheckRecord is what one check of a source found, as stored.
type CheckRecord struct {
	ID             int64
	SourceID       int64
	At             time.Time
	StatusCode     int
	FinalURL       string
	RemoteAddr     string
	ContentType    string
	Duration       time.Duration
	ETag           string
	LastModified   string
	Title          string
	Canonical      string
	ExtractVersion int
	TextHash       string
	// State is the source's state this check led to.
	State SourceState
	// Error says why no usable response arrived; empty when one did.
	Error string
	// Finding says why an answer that looked fine was not taken as the
	// page: FindingBotWall or FindingSoft404; empty otherwise.
	Finding string
	// Truncated is true when the body passed the size cap and only its
	// start was read.
	Truncated bool
}

// Findings of a check.
const (
	FindingBotWall = "bot_wall" // a challenge page stood in for the article
	FindingSoft404 = "soft_404" // the article redirected to the site's home page
)

// Snapshot is a stored copy of a source's extracted text.
type Snapshot struct {
	ID       int64
	SourceID int64
	At       time.Time
	// TextGz is the text, gzip-compressed (it is someone else's article:
	// editors read it, readers see only what claims quote).
	TextGz []byte
	// Diff is a readable list of the sentences removed and added since the
	// previous snapshot; empty for a baseline.
	Diff string
}

// TextDiff is what changed in a source's text, sentence by sentence.
type TextDiff struct {
	Removed []string
	Added   []string
}

// CheckQuery asks for sources to lease.
type CheckQuery struct {
	// Now decides which sources are due and which leases have expired.
	Now time.Time
	// LeaseUntil is when the leases taken now expire, so that a crashed
	// sweep's sources fall due again.
	LeaseUntil time.Time
	// Limit bounds how many sources are leased.
	Limit int
}

// RecheckStore is what the re-checker needs from storage.
type RecheckStore interface {
	// DueSources leases up to q.Limit sources that have a URL, are linked to
	// at least one claim, are due at q.Now and are not leased by anyone
	// else; the earliest due come first.
	DueSources(ctx context.Context, q CheckQuery) ([]SourceToCheck, error)
	// LeaseSource leases one source whether or not it is due. ENOTFOUND for
	// an unknown source; ECONFLICT when another check holds it.
	LeaseSource(ctx context.Context, sourceID int64, now, until time.Time) (*SourceToCheck, error)
	// CheckableSourceIDs returns the ids of every source with a URL linked
	// to a claim, in id order.
	CheckableSourceIDs(ctx context.Context) ([]int64, error)
	// SaveCheck stores a check, the source's new check state (releasing its
	// lease) and its state and last-checked time; it sets rec.ID.
	SaveCheck(ctx context.Context, rec *CheckRecord, next CheckState) error
	// ChecksBySource returns a source's checks, newest first.
	ChecksBySource(ctx context.Context, sourceID int64, page Page) ([]CheckRecord, error)
	// CreateSnapshot stores a snapshot and sets its ID.
	CreateSnapshot(ctx context.Context, s *Snapshot) error
	// LatestSnapshot returns a source's newest snapshot. ENOTFOUND when it
	// has none.
	LatestSnapshot(ctx context.Context, sourceID int64) (*Snapshot, error)
	// ClaimsBySource returns the claims the source is linked (not unlinked) to.
	ClaimsBySource(ctx context.Context, sourceID int64) ([]Claim, error)
	// ClaimsBySources is ClaimsBySource for a batch of sources at once.
	ClaimsBySources(ctx context.Context, sourceIDs []int64) (map[int64][]Claim, error)
	// PauseChecks sets whether the re-checker leaves a source alone.
	// ENOTFOUND.
	PauseChecks(ctx context.Context, sourceID int64, paused bool) error
}

// String renders the diff for editors: removed sentences with "- ", added
// with "+ ", one per line.
func (d TextDiff) String() string {
	var b []byte
	for _, s := range d.Removed {
		b = append(append(append(b, "- "...), s...), '\n')
	}
	for _, s := range d.Added {
		b = append(append(append(b, "+ "...), s...), '\n')
	}
	return string(b)
}

// LeaseDueSources leases up to limit sources due at now for leaseFor.
func (s *Service) LeaseDueSources(ctx context.Context, limit int, leaseFor time.Duration) ([]SourceToCheck, error) {
	now := s.Now()
	due, err := s.store.DueSources(ctx, CheckQuery{Now: now, LeaseUntil: now.Add(leaseFor), Limit: limit})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(due))
	for i, st := range due {
		ids[i] = st.Source.ID
	}
	linked, err := s.store.ClaimsBySources(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range due {
		s.markResolved(&due[i], linked[due[i].Source.ID])
		due[i].LeaseUntil = now.Add(leaseFor)
	}
	return due, nil
}

// LeaseSource leases one source for an immediate check, due or not.
// ENOTFOUND; EINVALID for a source without a URL (print and broadcast
// sources are never fetched); ECONFLICT when a check of it is running.
func (s *Service) LeaseSource(ctx context.Context, sourceID int64, leaseFor time.Duration) (*SourceToCheck, error) {
	src, err := s.store.SourceByID(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	if src.URL == "" {
		return nil, Errorf(EINVALID, "source %d has no URL and cannot be checked", sourceID)
	}
	if src.ChecksPaused {
		return nil, Errorf(EINVALID, "checks of source %d are paused", sourceID)
	}
	now := s.Now()
	st, err := s.store.LeaseSource(ctx, sourceID, now, now.Add(leaseFor))
	if err != nil {
		return nil, err
	}
	linked, err := s.store.ClaimsBySource(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	s.markResolved(st, linked)
	st.LeaseUntil = now.Add(leaseFor)
	return st, nil
}

// PauseChecks stops (or resumes) the re-checker's checks of a source; its
// pages then say so. ENOTFOUND.
func (s *Service) PauseChecks(ctx context.Context, sourceID int64, paused bool) error {
	return s.tx(ctx, func(ctx context.Context) error {
		if err := s.store.PauseChecks(ctx, sourceID, paused); err != nil {
			return err
		}
		linked, err := s.store.ClaimsBySource(ctx, sourceID)
		if err != nil {
			return err
		}
		touched := claimsByStory{}
		for _, c := range linked {
			touched.add(c)
		}
		return s.touchClaims(ctx, touched)
	})
}

// CheckableSourceIDs returns the ids of every source the re-checker may fetch.
func (s *Service) CheckableSourceIDs(ctx context.Context) ([]int64, error) {
	return s.store.CheckableSourceIDs(ctx)
}

// SourceChecks returns a source's checks, newest first.
func (s *Service) SourceChecks(ctx context.Context, sourceID int64, page Page) ([]CheckRecord, error) {
	return s.store.ChecksBySource(ctx, sourceID, page.forRead())
}

// LatestSnapshot returns a source's newest stored text. ENOTFOUND when none.
func (s *Service) LatestSnapshot(ctx context.Context, sourceID int64) (*Snapshot, error) {
	return s.store.LatestSnapshot(ctx, sourceID)
}

func (s *Service) markResolved(st *SourceToCheck, linked []Claim) {
	st.Claims = linked
	st.AllClaimsResolved = len(linked) > 0
	for _, c := range linked {
		if !s.vocab.IsResolved(c.Status) {
			st.AllClaimsResolved = false
		}
	}
}
