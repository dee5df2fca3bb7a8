package web

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// sourceChangesPage is the view of /sources/{id}/changes.
type sourceChangesPage struct {
	Meta    meta
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

func (s *Server) buildSourceChangesPage(src claims.Source, changes []claims.SnapshotEntry) sourceChangesPage {
	it := newSourceItem(s.now(), src)
	p := sourceChangesPage{Meta: s.meta("What changed: "+it.Title, "", ""), Outlet: it.Outlet, Title: it.Title, URL: it.URL}
	p.Meta.NoIndex = true
	for _, c := range changes {
		p.Changes = append(p.Changes, sourceChange{When: dateTime(c.At), ISO: c.At.UTC().Format(time.RFC3339),
			Removed: c.Diff.Removed, Added: c.Diff.Added})
	}
	return p
}

// sourceCopyPage is the view of /sources/{id}/copy: our copy of a page that
// has gone, which must never pass for the outlet's own page.
type sourceCopyPage struct {
	Meta       meta
	Outlet     string
	Title      string
	URL        string
	When       string
	ISO        string
	Paragraphs []string
}

func (s *Server) buildSourceCopyPage(sn *claims.SnapshotText) sourceCopyPage {
	it := newSourceItem(s.now(), sn.Source)
	p := sourceCopyPage{Meta: s.meta("Our copy: "+it.Title, "", ""), Outlet: it.Outlet, Title: it.Title, URL: sn.Source.URL,
		When: longDate(sn.At), ISO: sn.At.UTC().Format(time.RFC3339), Paragraphs: lines(sn.Text)}
	p.Meta.NoIndex = true
	return p
}
