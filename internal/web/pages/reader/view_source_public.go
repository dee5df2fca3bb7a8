package reader

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// sourceChangesPage is the view of /sources/{id}/changes.
type sourceChangesPage struct {
	Meta    view.Meta
	Outlet  string
	Title   string
	URL     string
	Changes []sourceChange
}

// sourceChange is what one check found changed: the sentences removed and
// added.
type sourceChange struct {
	When    string
	ISO     string
	Removed []string
	Added   []string
}

// readSourceChanges reads and builds the page of the source id.
func (s *Handler) readSourceChanges(ctx context.Context, id int64) (sourceChangesPage, error) {
	src, changes, err := s.Sources.PublicSourceChanges(ctx, id)
	if err != nil {
		return sourceChangesPage{}, err
	}
	it := NewSourceItem(s.Now(), *src)
	p := sourceChangesPage{Meta: s.Meta("What changed: "+it.Title, "", ""), Outlet: it.Outlet, Title: it.Title, URL: it.URL}
	p.Meta.NoIndex = true
	for _, c := range changes {
		p.Changes = append(p.Changes, sourceChange{When: view.DateTime(c.At), ISO: c.At.UTC().Format(time.RFC3339),
			Removed: c.Diff.Removed, Added: c.Diff.Added})
	}
	return p, nil
}

// sourceCopyPage is the view of /sources/{id}/copy: our copy of a page that
// has gone, which must never pass for the outlet's own page.
type sourceCopyPage struct {
	Meta       view.Meta
	Outlet     string
	Title      string
	URL        string
	When       string
	ISO        string
	Paragraphs []string
}

// readSourceCopy reads and builds the page of our last copy of the source
// id.
func (s *Handler) readSourceCopy(ctx context.Context, id int64) (sourceCopyPage, error) {
	sn, err := s.Sources.PublicLastCopy(ctx, id)
	if err != nil {
		return sourceCopyPage{}, err
	}
	it := NewSourceItem(s.Now(), sn.Source)
	p := sourceCopyPage{Meta: s.Meta("Our copy: "+it.Title, "", ""), Outlet: it.Outlet, Title: it.Title, URL: sn.Source.URL,
		When: view.LongDate(sn.At), ISO: sn.At.UTC().Format(time.RFC3339), Paragraphs: view.Lines(sn.Text)}
	p.Meta.NoIndex = true
	return p, nil
}
