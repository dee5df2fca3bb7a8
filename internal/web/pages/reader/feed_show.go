package reader

import (
	"net/http"
	"strings"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

var (
	hdrAtom = []string{"application/atom+xml; charset=utf-8"}
	// hdrFeedPage is the same document typed for a browser's address bar:
	// browsers show application/atom+xml as plain text, but apply the
	// feed's stylesheet to application/xml.
	hdrFeedPage = []string{"application/xml; charset=utf-8"}
)

// FeedResolvedShow serves the Atom feed of claims resolved across the site.
func (s *Handler) FeedResolvedShow(c echo.Context) error {
	entries, err := s.Feeds.ResolvedFeed(c.Request().Context(), feedSize)
	if err != nil {
		return err
	}
	return s.sendFeed(c, s.newFeed("Resolved claims", resolvedFeedPath, "/", entries, s.Now()))
}

// FeedStoryShow serves the Atom feed of a published story's public
// timeline.
func (s *Handler) FeedStoryShow(c echo.Context) error {
	st, entries, err := s.Feeds.StoryFeed(c.Request().Context(), c.Param("slug"), feedSize)
	if err != nil {
		return err
	}
	return s.sendFeed(c, s.newFeed(st.Title, storyFeedPath(st.Slug), site.StoryURL(st.Slug), entries, s.Now()))
}

func (s *Handler) sendFeed(c echo.Context, f interface{ ToAtom() (string, error) }) error {
	atom, err := f.ToAtom()
	if err != nil {
		return err
	}
	atom = withStylesheet(atom, s.FeedStylesheet)
	h := c.Response().Header()
	h["Content-Type"] = hdrAtom
	// A browser asks for text/html
	// first; feed readers ask for Atom.
	h.Add("Vary", "Accept")
	if wantsPage(c.Request().Header.Get("Accept")) {
		h["Content-Type"] = hdrFeedPage
	}
	h["X-Content-Type-Options"] = httpx.HdrNosniff
	h["Cache-Control"] = httpx.HdrNoCache
	c.Response().WriteHeader(http.StatusOK)
	_, err = c.Response().Write([]byte(atom))
	return err
}

// wantsPage reports whether an Accept header is a browser's, which lists
// text/html, rather than a feed reader's.
func wantsPage(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(mt), "text/html") {
			return true
		}
	}
	return false
}

// withStylesheet puts the processing instruction that names the feed's
// stylesheet right after the XML declaration of an Atom document.
func withStylesheet(atom, href string) string {
	pi := `<?xml-stylesheet type="text/xsl" href="` + href + `"?>`
	if i := strings.Index(atom, "?>"); strings.HasPrefix(atom, "<?xml") && i > 0 {
		return atom[:i+2] + "\n" + pi + atom[i+2:]
	}
	return pi + "\n" + atom
}
