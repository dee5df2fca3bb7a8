package desk

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ArticleReader fetches an article an editor pasted and reads what its page
// says about itself. Fetch failures come back as fetch errors (their kind
// says why); other problems with the page as *claims.Error.
type ArticleReader interface {
	ReadArticle(ctx context.Context, url string) (claims.SourceDraft, error)
}

// pastePanel is the story editor's "Paste an article's address" form, what
// was read, and the form linking it to a claim.
type pastePanel struct {
	Action string
	URL    string
	Error  string
	Read   *pasteRead
	Link   *pasteLinkForm
}

// pasteRead is what was read from a pasted article.
type pasteRead struct {
	Title, Outlet, Author, Description string
	Published, PublishedISO            string
	URL, Canonical                     string
	ForeignCanonical                   bool
	KindLabel                          string
	// Tracked is set when the article is already a source.
	Tracked *pasteTracked
}

// pasteTracked is the source already tracked at a pasted article's address.
type pasteTracked struct {
	SourceURL string
	Outlet    string
	Claims    []pasteClaim
}

// pasteClaim is a claim a tracked source backs, linked to its editor.
type pasteClaim struct {
	Text, URL string
	Withdrawn bool
}

// pasteLinkForm links the pasted article to one of the story's claims.
type pasteLinkForm struct {
	sourceForm
	Action       string
	ClaimID      string
	ClaimOptions []option
	// Tracked fixes outlet, title and kind: linking reuses the source as
	// stored.
	Tracked bool
	// linked are the claims the tracked source already backs.
	linked map[int64]bool
}

// StoryPaste serves POST /editor/stories/{slug}/paste: fetch the
// pasted address through the guarded client, read the article's metadata,
// and show it on the story editor with a form to link it to a claim.
// Nothing is stored. A paste that fails shows why, keeping the address
// (422 for an address we will not read, 502 when the site failed); 503
// when this server reads no articles.
func (s *Handler) StoryPaste(c echo.Context) error {
	if s.Articles == nil {
		return httpx.Off("Reading pasted articles")
	}
	raw := strings.TrimSpace(c.FormValue("url"))
	v, err := s.readPasted(c.Request().Context(), raw)
	status, msg := pasteFailure(err)
	if status == 0 && err != nil {
		return err
	}
	if status == 0 {
		status = http.StatusOK
	}
	return s.renderStoryEditor(c, status, func(p *storyEditorPage) {
		p.Paste.URL, p.Paste.Error = raw, msg
		if v != nil {
			p.Paste.Read = newPasteRead(v)
			p.Paste.Link = newPasteLinkForm(v)
		}
	})
}

// readPasted checks the address, reads the article at it, and prepares
// the draft.
func (s *Handler) readPasted(ctx context.Context, raw string) (*claims.SourceDraftView, error) {
	url, err := claims.NormalizeURL(raw)
	if err != nil {
		return nil, err
	}
	d, err := s.Articles.ReadArticle(ctx, url)
	if err != nil {
		return nil, err
	}
	d.Pasted = url
	return s.Claims.DraftSource(ctx, d)
}

// pasteFailure explains a failed paste to the editor, with the status to
// answer; 0 for an error that is not the editor's to fix.
func pasteFailure(err error) (int, string) { return view.FetchFailure(err) }

func newPasteRead(v *claims.SourceDraftView) *pasteRead {
	d := v.Draft
	r := &pasteRead{Title: d.Title, Outlet: d.Outlet, Author: d.Author, Description: d.Description, URL: d.URL,
		Canonical: d.Canonical, ForeignCanonical: v.ForeignCanonical, KindLabel: d.OutletKind.Label()}
	if !d.Published.IsZero() {
		r.Published = d.Published.UTC().Format("2 January 2006, 15:04 UTC")
		r.PublishedISO = d.Published.UTC().Format("2006-01-02T15:04:05Z")
	}
	if src := v.Existing; src != nil {
		r.Tracked = &pasteTracked{SourceURL: "/editor/sources/" + strconv.FormatInt(src.ID, 10), Outlet: src.Outlet}
		for _, c := range v.Claims {
			r.Tracked.Claims = append(r.Tracked.Claims, pasteClaim{Text: c.Text, URL: view.EditClaimURL(c.ID), Withdrawn: c.Withdrawn})
		}
	}
	return r
}

// newPasteLinkForm prefills the link form with what was read; a tracked
// source is linked as stored.
func newPasteLinkForm(v *claims.SourceDraftView) *pasteLinkForm {
	d := v.Draft
	f := &pasteLinkForm{sourceForm: sourceForm{URL: v.LinkURL, Outlet: d.Outlet, OutletKind: string(d.OutletKind),
		Title: d.Title, Stance: string(claims.StanceSupports)}}
	if src := v.Existing; src != nil {
		f.Tracked, f.Outlet, f.OutletKind, f.linked = true, src.Outlet, string(src.OutletKind), map[int64]bool{}
		if src.Title != "" {
			f.Title = src.Title
		}
		for _, c := range v.Claims {
			f.linked[c.ID] = true
		}
	}
	return f
}

// finishPaste adds the paste panel to the story editor, when this server
// reads articles, and the choices of its link form.
func (s *Handler) finishPaste(p *storyEditorPage, slug string, cls []claims.ClaimSummary) {
	if s.Articles == nil {
		p.Paste = nil
		return
	}
	if p.Paste == nil {
		p.Paste = &pastePanel{}
	}
	p.Paste.Action = view.EditStoryURL(slug) + "/paste"
	f := p.Paste.Link
	if f == nil {
		return
	}
	f.Action = view.EditStoryURL(slug) + "/sources"
	f.KindOptions, f.StanceOptions = outletKindOptions(f.OutletKind), stanceOptions(f.Stance)
	for _, c := range cls {
		if c.Withdrawn {
			continue
		}
		label := view.Truncate(c.Text, 120)
		if f.linked[c.ID] {
			label += " (already linked)"
		}
		id := strconv.FormatInt(c.ID, 10)
		f.ClaimOptions = append(f.ClaimOptions, option{ID: id, Label: label, Selected: id == f.ClaimID})
	}
}
