package claims

import (
	"context"
	"time"
)

// SourceNotes is what readers are told about sources beyond their state.
type SourceNotes struct {
	// CopyAt is when the newest stored copy of each changed or gone source
	// was taken: the day it changed, or the copy of a page that has gone.
	CopyAt map[int64]time.Time
	// MovedTo is, for each moved source, where its address now leads; ""
	// when it leads to the site's home page (the article was pulled).
	MovedTo map[int64]string
}

// SourceNotes reads, for the given sources, what their reader-facing lines
// need: one query for the copies, one per moved source (rare) for where it
// went.
func (s *Service) SourceNotes(ctx context.Context, sources []Source) (SourceNotes, error) {
	n := SourceNotes{CopyAt: map[int64]time.Time{}, MovedTo: map[int64]string{}}
	var copied []int64
	for _, src := range sources {
		switch src.State {
		case SourceChanged, SourceGone:
			copied = append(copied, src.ID)
		case SourceMoved:
			checks, err := s.store.ChecksBySource(ctx, src.ID, Page{Limit: 1}.Normalize())
			if err != nil {
				return n, err
			}
			if len(checks) == 1 && checks[0].Finding != FindingSoft404 {
				n.MovedTo[src.ID] = checks[0].FinalURL
			} else {
				n.MovedTo[src.ID] = ""
			}
		}
	}
	var err error
	if n.CopyAt, err = s.LastCopies(ctx, copied); err != nil {
		return n, err
	}
	return n, nil
}

// maxPublicChanges bounds the changes readers see of one source.
const maxPublicChanges = 10

// PublicSourceChanges returns a source readers may see (see PublicSource)
// with what changed in its text at each check that found a change, newest
// first. ENOTFOUND.
func (s *Service) PublicSourceChanges(ctx context.Context, id int64) (*Source, []SnapshotEntry, error) {
	src, err := s.PublicSource(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	all, err := s.SourceSnapshots(ctx, id, Page{Limit: maxPublicChanges})
	if err != nil {
		return nil, nil, err
	}
	var changes []SnapshotEntry
	for _, e := range all {
		if !e.Baseline {
			changes = append(changes, e)
		}
	}
	return src, changes, nil
}

// PublicLastCopy returns our newest stored copy of a source readers may see
// once it has gone from the web, so that what a claim rested on stays
// readable. A source still online is ENOTFOUND: readers read it there.
func (s *Service) PublicLastCopy(ctx context.Context, id int64) (*SnapshotText, error) {
	src, err := s.PublicSource(ctx, id)
	if err != nil {
		return nil, err
	}
	if src.State != SourceGone {
		return nil, Errorf(ENOTFOUND, "source %d is still online; we show copies only of pages that have gone", id)
	}
	snaps, err := s.store.SnapshotsBySource(ctx, id, Page{Limit: 1}.Normalize())
	if err != nil {
		return nil, err
	}
	if len(snaps) == 0 {
		return nil, Errorf(ENOTFOUND, "we hold no copy of source %d", id)
	}
	return s.Snapshot(ctx, snaps[0].ID)
}
