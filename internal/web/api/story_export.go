package api

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/storyfile"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

var hdrYAML = []string{"application/yaml; charset=utf-8"}

// StoryExport answers a story as a story file (docs/import.md). Readers
// get published stories without what only editors see (watches, paused
// checks), kept in the page cache until the story changes; editors get any
// story, whole, ready to import elsewhere, never cached.
func (h *Handler) StoryExport(c echo.Context) error {
	slug := c.Param("slug")
	if auth.Can(httpx.CurrentUser(c), auth.ActionEdit) {
		return h.exportForEditor(c, slug)
	}
	key := exportKey(slug, "yaml")
	if pg := h.Pages.Get(key); pg != nil {
		return sendExport(c, slug, pg)
	}
	if !claims.ValidSlug(slug) {
		return claims.Errorf(claims.ENOTFOUND, "story not found")
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	pg, err := h.Pages.FillAsset(key, func() (int64, *httpx.Asset, error) {
		st, err := h.Reader.PublicStory(ctx, slug)
		if err != nil {
			return 0, nil, err
		}
		f, err := h.Reader.ExportStory(ctx, slug, true)
		if err != nil {
			return 0, nil, err
		}
		b, err := storyfile.Format(f)
		if err != nil {
			return 0, nil, err
		}
		h.Metrics.PageRender("export")
		return st.ID, httpx.NewCachedAsset(b, hdrYAML), nil
	})
	if err != nil {
		return err
	}
	return sendExport(c, slug, pg)
}

// exportKey is the cache key of a story's export in a format; a write to
// the story drops it, so it holds one revision of the story.
func exportKey(slug, format string) string {
	return "/api/v1/stories/" + slug + "/export." + format
}

func (h *Handler) exportForEditor(c echo.Context, slug string) error {
	f, err := h.Reader.ExportStory(c.Request().Context(), slug, false)
	if err != nil {
		return err
	}
	b, err := storyfile.Format(f)
	if err != nil {
		return err
	}
	hdr := c.Response().Header()
	hdr["X-Content-Type-Options"] = httpx.HdrNosniff
	hdr["Cache-Control"] = httpx.HdrPrivate
	hdr.Set("Content-Disposition", `inline; filename="`+f.Slug+`.yaml"`)
	return c.Blob(http.StatusOK, hdrYAML[0], b)
}

// sendExport sends a reader's cached export.
func sendExport(c echo.Context, slug string, out *httpx.Asset) error {
	h := c.Response().Header()
	h["X-Content-Type-Options"] = httpx.HdrNosniff
	h.Set("Content-Disposition", `inline; filename="`+slug+`.yaml"`)
	return httpx.SendAsset(c, out)
}
