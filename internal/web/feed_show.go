package web

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

// feedResolvedShow serves the Atom feed of claims resolved across the site.
func (s *Server) feedResolvedShow(c echo.Context) error {
	entries, err := s.svc.ResolvedFeed(c.Request().Context(), feedSize)
	if err != nil {
		return err
	}
	return s.sendFeed(c, s.newFeed("Resolved claims", resolvedFeedPath, "/", entries, s.now()))
}

// feedStoryShow serves the Atom feed of a published story's public
// timeline.
func (s *Server) feedStoryShow(c echo.Context) error {
	st, entries, err := s.svc.StoryFeed(c.Request().Context(), c.Param("slug"), feedSize)
	if err != nil {
		return err
	}
	return s.sendFeed(c, s.newFeed(st.Title, storyFeedPath(st.Slug), site.StoryURL(st.Slug), entries, s.now()))
}

func (s *Server) sendFeed(c echo.Context, f interface{ ToAtom() (string, error) }) error {
	atom, err := f.ToAtom()
	if err != nil {
		return err
	}
	atom = withStylesheet(atom, s.assets.xslURL)
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
