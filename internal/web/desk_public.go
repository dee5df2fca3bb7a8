package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// What the public pages add for a signed-in editor (the Edit link, the
// draft preview) and the story's facts as readers see them.

// deskStrip is the strip above a public page shown to a signed-in editor.
type deskStrip = view.DeskStrip

// factItem is one of the story's facts with the outlets it cites.
type factItem struct {
	Text  string
	Cites []factCite
}

// factCite names a cited source by its outlet.
type factCite struct {
	ID     int64
	Outlet string
}

// newFactItems resolves the facts' source ids against the story's sources;
// a source since unlinked from every claim is left out of the citations.
func newFactItems(facts []claims.Fact, sources []claims.Source) []factItem {
	outlet := make(map[int64]string, len(sources))
	for _, src := range sources {
		outlet[src.ID] = src.Outlet
	}
	out := make([]factItem, 0, len(facts))
	for _, f := range facts {
		it := factItem{Text: f.Text}
		for _, id := range f.SourceIDs {
			if name, ok := outlet[id]; ok {
				it.Cites = append(it.Cites, factCite{ID: id, Outlet: name})
			}
		}
		out = append(out, it)
	}
	return out
}

// storyShowEditor serves a story's public page to a signed-in editor,
// drafts included, never from or into the page cache.
func (s *Server) storyShowEditor(c echo.Context, slug string) error {
	ctx := c.Request().Context()
	st, err := s.svc.StoryBySlug(ctx, slug)
	if err != nil {
		return err
	}
	page, err := s.storyPageOf(ctx, st)
	if err != nil {
		return err
	}
	page.Meta.Desk = &deskStrip{EditURL: view.EditStoryURL(slug), Draft: !st.Published}
	if !st.Published {
		page.Meta.Desk.PublishURL, page.Meta.Desk.Version = view.EditStoryURL(slug)+"/publish", st.Version
	}
	return s.chrome.RenderEditor(c, http.StatusOK, "story", page)
}
