package web

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
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

func (s *Server) buildSourceChangesPage(src claims.Source, changes []claims.SnapshotEntry) sourceChangesPage {
	it := reader.NewSourceItem(s.now(), src)
	p := sourceChangesPage{Meta: s.chrome.Meta("What changed: "+it.Title, "", ""), Outlet: it.Outlet, Title: it.Title, URL: it.URL}
	p.Meta.NoIndex = true
	for _, c := range changes {
		p.Changes = append(p.Changes, sourceChange{When: view.DateTime(c.At), ISO: c.At.UTC().Format(time.RFC3339),
			Removed: c.Diff.Removed, Added: c.Diff.Added})
	}
	return p
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

func (s *Server) buildSourceCopyPage(sn *claims.SnapshotText) sourceCopyPage {
	it := reader.NewSourceItem(s.now(), sn.Source)
	p := sourceCopyPage{Meta: s.chrome.Meta("Our copy: "+it.Title, "", ""), Outlet: it.Outlet, Title: it.Title, URL: sn.Source.URL,
		When: view.LongDate(sn.At), ISO: sn.At.UTC().Format(time.RFC3339), Paragraphs: view.Lines(sn.Text)}
	p.Meta.NoIndex = true
	return p
}
