package claims

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"strings"
	"time"
)

// SnapshotStore is what reading stored copies of sources needs from storage.
type SnapshotStore interface {
	// SnapshotsBySource returns a source's snapshots newest first, without
	// their text (TextGz is nil).
	SnapshotsBySource(ctx context.Context, sourceID int64, page Page) ([]Snapshot, error)
	// SnapshotByID returns one snapshot with its text. ENOTFOUND.
	SnapshotByID(ctx context.Context, id int64) (*Snapshot, error)
	// LastSnapshotTimes returns when the newest snapshot of each of the
	// given sources was taken, in one query; sources without one are absent.
	LastSnapshotTimes(ctx context.Context, sourceIDs []int64) (map[int64]time.Time, error)
}

// SnapshotEntry is a stored copy of a source's text as editors list it:
// when it was taken and what changed since the copy before.
type SnapshotEntry struct {
	ID       int64
	SourceID int64
	At       time.Time
	// Baseline is true for a copy with nothing to compare to: the first, or
	// one taken again after claimtrack's text extraction changed.
	Baseline bool
	Diff     TextDiff
}

// SnapshotText is a snapshot with the whole text. It is someone else's
// article: editors read it, readers only ever see what claims quote.
type SnapshotText struct {
	SnapshotEntry
	// Source is the source the copy was taken of.
	Source Source
	Text   string
}

// SourceHistory is what the editors' page of a source shows: the source,
// the claims it backs, its newest checks and its newest stored copies.
type SourceHistory struct {
	Source    Source
	Claims    []Claim
	Checks    []CheckRecord
	Snapshots []SnapshotEntry
}

// SourceHistory returns a source with the claims it backs and a page each
// of its checks and snapshots (newest first). ENOTFOUND.
func (s *Service) SourceHistory(ctx context.Context, sourceID int64, checks, snapshots Page) (*SourceHistory, error) {
	src, err := s.store.SourceByID(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	h := &SourceHistory{Source: *src}
	if h.Claims, err = s.store.ClaimsBySource(ctx, sourceID); err != nil {
		return nil, err
	}
	if h.Checks, err = s.store.ChecksBySource(ctx, sourceID, checks.Normalize()); err != nil {
		return nil, err
	}
	if h.Snapshots, err = s.SourceSnapshots(ctx, sourceID, snapshots); err != nil {
		return nil, err
	}
	return h, nil
}

// SourceCheckHistory returns a page of a source's checks, newest first.
// ENOTFOUND for an unknown source (SourceChecks answers an empty list).
func (s *Service) SourceCheckHistory(ctx context.Context, sourceID int64, page Page) ([]CheckRecord, error) {
	if _, err := s.store.SourceByID(ctx, sourceID); err != nil {
		return nil, err
	}
	return s.store.ChecksBySource(ctx, sourceID, page.forRead())
}

// SourceSnapshots returns a page of a source's stored copies, newest first,
// with their diffs but without their text. ENOTFOUND for an unknown source.
func (s *Service) SourceSnapshots(ctx context.Context, sourceID int64, page Page) ([]SnapshotEntry, error) {
	if _, err := s.store.SourceByID(ctx, sourceID); err != nil {
		return nil, err
	}
	snaps, err := s.store.SnapshotsBySource(ctx, sourceID, page.forRead())
	if err != nil {
		return nil, err
	}
	out := make([]SnapshotEntry, len(snaps))
	for i, sn := range snaps {
		out[i] = snapshotEntry(sn)
	}
	return out, nil
}

// Snapshot returns one stored copy with its source and whole text, for
// editors.
// ENOTFOUND; a copy whose text cannot be read is an internal error.
//
// The text is inflated here rather than in the web layer so that every
// caller gets text, not an encoding, and the bound on inflating sits next
// to the only place that hands the text out.
func (s *Service) Snapshot(ctx context.Context, id int64) (*SnapshotText, error) {
	sn, err := s.store.SnapshotByID(ctx, id)
	if err != nil {
		return nil, err
	}
	src, err := s.store.SourceByID(ctx, sn.SourceID)
	if err != nil {
		return nil, err
	}
	text, err := DecompressText(sn.TextGz)
	if err != nil {
		return nil, Errorf(EINTERNAL, "the text of snapshot %d cannot be read: %v", id, err)
	}
	return &SnapshotText{SnapshotEntry: snapshotEntry(*sn), Source: *src, Text: text}, nil
}

// LastCopies returns, for each of the given sources that has a stored copy,
// when the newest was taken: what readers are told of a source that has
// gone. One query whatever the number of sources.
func (s *Service) LastCopies(ctx context.Context, sourceIDs []int64) (map[int64]time.Time, error) {
	if len(sourceIDs) == 0 {
		return map[int64]time.Time{}, nil
	}
	return s.store.LastSnapshotTimes(ctx, sourceIDs)
}

func snapshotEntry(sn Snapshot) SnapshotEntry {
	return SnapshotEntry{ID: sn.ID, SourceID: sn.SourceID, At: sn.At, Baseline: sn.Diff == "", Diff: ParseTextDiff(sn.Diff)}
}

// ParseTextDiff reads a diff written by TextDiff.String. Lines that start
// with neither "- " nor "+ " are ignored.
func ParseTextDiff(s string) TextDiff {
	var d TextDiff
	for line := range strings.SplitSeq(s, "\n") {
		switch {
		case strings.HasPrefix(line, "- "):
			d.Removed = append(d.Removed, line[2:])
		case strings.HasPrefix(line, "+ "):
			d.Added = append(d.Added, line[2:])
		}
	}
	return d
}

// gunzip inflates data, refusing more than limit bytes of output.
func gunzip(data []byte, limit int64) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	defer zr.Close()
	var b strings.Builder
	n, err := io.Copy(&b, io.LimitReader(zr, limit+1))
	if err != nil {
		return "", err
	}
	if n > limit {
		return "", Errorf(EINTERNAL, "it inflates past %d bytes", limit)
	}
	return b.String(), nil
}
