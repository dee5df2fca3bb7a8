package desk

import (
	"net/http"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// Page sizes of the editors' source page; older checks and snapshots are
// in the API's paged lists.
const (
	editorSourceChecks    = 25
	editorSourceSnapshots = 20
)

// editorSourcePage is the view of /editor/sources/{id}: where the source
// is, what the checks found and how its text changed.
type editorSourcePage struct {
	Meta       view.Meta
	Bar        editorBar
	Source     reader.SourceItem
	RawURL     string
	OutletKind string
	Claims     []editorSourceClaim
	Checks     []editorCheckRow
	Snapshots  []editorSnapshotRow
	// ChecksAPI and SnapshotsAPI page on past what the page shows.
	ChecksAPI    string
	SnapshotsAPI string
}

// editorSourceClaim is a claim the source backs, linked to its editor.
type editorSourceClaim struct {
	Text string
	URL  string
}

// findingLabels say why an answer that looked fine was not taken as the page.
var findingLabels = map[string]string{
	claims.FindingBotWall: "a bot wall or challenge page answered, not the article",
	claims.FindingSoft404: "the article redirected to the site's home page (a soft 404)",
}

// editorCheckRow is one check: when, what came back, what it meant.
type editorCheckRow struct {
	When       string
	ISO        string
	Status     string
	FinalURL   string
	State      string
	StateLabel string
	Error      string
	Finding    string
	Duration   string
}

// editorSnapshotRow is one stored copy with the sentences it removed and
// added, and a link to read its whole text.
type editorSnapshotRow struct {
	When     string
	ISO      string
	Baseline bool
	Removed  []string
	Added    []string
	TextURL  string
}

// editorSnapshotPage is the view of /editor/snapshots/{id}: one stored copy
// in full.
type editorSnapshotPage struct {
	Meta        view.Meta
	Bar         editorBar
	SourceTitle string
	SourceURL   string
	When        string
	ISO         string
	Snapshot    editorSnapshotRow
	Paragraphs  []string
}

func editSourceURL(id int64) string   { return "/editor/sources/" + strconv.FormatInt(id, 10) }
func editSnapshotURL(id int64) string { return "/editor/snapshots/" + strconv.FormatInt(id, 10) }
func apiSourceURL(id int64) string    { return "/api/v1/sources/" + strconv.FormatInt(id, 10) }
func checkStatusLine(code int) string {
	if code == 0 {
		return "no response"
	}
	return strconv.Itoa(code) + " " + http.StatusText(code)
}

func (s *Handler) buildEditorSourcePage(now time.Time, h *claims.SourceHistory) editorSourcePage {
	src := h.Source
	item := reader.NewSourceItem(now, src)
	p := editorSourcePage{
		Meta:         s.Meta("Source: "+item.Title, "", ""),
		Source:       item,
		RawURL:       src.URL,
		OutletKind:   src.OutletKind.Label(),
		ChecksAPI:    apiSourceURL(src.ID) + "/checks",
		SnapshotsAPI: apiSourceURL(src.ID) + "/snapshots",
	}
	for _, c := range h.Claims {
		p.Claims = append(p.Claims, editorSourceClaim{Text: c.Text, URL: view.EditClaimURL(c.ID)})
	}
	for _, c := range h.Checks {
		row := editorCheckRow{When: view.DateTime(c.At), ISO: c.At.UTC().Format(time.RFC3339), Status: checkStatusLine(c.StatusCode),
			State: string(c.State), StateLabel: reader.StateLabels[c.State], Error: c.Error, Duration: c.Duration.String(),
			Finding: findingLabels[c.Finding]}
		if c.Truncated {
			const cut = "the page passed the size cap: only its start was read"
			if row.Finding != "" {
				row.Finding += "; "
			}
			row.Finding += cut
		}
		if c.FinalURL != "" && c.FinalURL != src.URL {
			row.FinalURL = c.FinalURL
		}
		if row.StateLabel == "" {
			row.StateLabel = row.State
		}
		p.Checks = append(p.Checks, row)
	}
	for _, sn := range h.Snapshots {
		p.Snapshots = append(p.Snapshots, newEditorSnapshotRow(sn))
	}
	return p
}

func newEditorSnapshotRow(sn claims.SnapshotEntry) editorSnapshotRow {
	return editorSnapshotRow{When: view.DateTime(sn.At), ISO: sn.At.UTC().Format(time.RFC3339), Baseline: sn.Baseline,
		Removed: sn.Diff.Removed, Added: sn.Diff.Added, TextURL: editSnapshotURL(sn.ID)}
}

func (s *Handler) buildEditorSnapshotPage(now time.Time, sn *claims.SnapshotText) editorSnapshotPage {
	src := sn.Source
	item := reader.NewSourceItem(now, src)
	row := newEditorSnapshotRow(sn.SnapshotEntry)
	return editorSnapshotPage{
		Meta:        s.Meta("Stored copy: "+item.Title, "", ""),
		SourceTitle: item.Outlet + ": " + item.Title,
		SourceURL:   editSourceURL(src.ID),
		When:        row.When,
		ISO:         row.ISO,
		Snapshot:    row,
		Paragraphs:  view.Lines(sn.Text),
	}
}
