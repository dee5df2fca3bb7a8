package view

import (
	"log/slog"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// Chrome renders the pages of a room: the templates, the stylesheet's
// address and the site they belong to. Every room's Handler embeds one.
type Chrome struct {
	Views *httpx.Views
	// CSS is the fingerprinted stylesheet's address.
	CSS  string
	Site site.Site
	Log  *slog.Logger
}

// Meta is the layout's data for a page titled title; path, when set and
// the site has a base URL, makes its canonical link.
func (ch *Chrome) Meta(title, description, path string) Meta {
	m := Meta{Title: title, Description: Truncate(description, 300), CSS: ch.CSS, Site: ch.Site.Organization}
	if ch.Site.BaseURL != "" && path != "" {
		m.Canonical = ch.Site.BaseURL + path
	}
	return m
}

// RenderPage renders and sends an uncached page.
func (ch *Chrome) RenderPage(c echo.Context, status int, name string, data any) error {
	return ch.RenderWith(c, status, name, data, httpx.HdrNoCache, nil)
}

// RenderEditor renders a signed-in page, which no shared cache may keep.
func (ch *Chrome) RenderEditor(c echo.Context, status int, name string, data any) error {
	return ch.RenderWith(c, status, name, data, httpx.HdrPrivate, nil)
}

// RenderWith renders a page and sends it with the headers every page has,
// the given Cache-Control and, when referrer is set, that Referrer-Policy.
func (ch *Chrome) RenderWith(c echo.Context, status int, name string, data any, cacheControl, referrer []string) error {
	return ch.Views.Send(c, status, name, data, cacheControl, referrer)
}

// Logger is the room's logger tagged with the request.
func (ch *Chrome) Logger(c echo.Context) *slog.Logger {
	return httpx.Logger(ch.Log, c)
}
