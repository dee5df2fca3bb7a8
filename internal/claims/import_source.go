package claims

import (
	"context"
	"strings"
)

// sources finds or creates the source behind every entry of the file's
// source list.
func (im *importer) sources(ctx context.Context) error {
	store := im.s.store
	// Print sources have no address to find them by: reuse the story's own
	// ones with the same outlet, kind and title, each once.
	var print []*Source
	seen := map[int64]bool{}
	for _, ls := range im.links {
		for _, l := range ls {
			if l.URL == "" && !seen[l.ID] {
				seen[l.ID] = true
				src := l.Source
				print = append(print, &src)
			}
		}
	}
	im.srcByRef = map[string]*Source{}
	refByURL := map[string]string{}
	for _, fs := range im.f.Sources {
		kind, err := ParseOutletKind(strings.TrimSpace(fs.Kind))
		if err != nil {
			return lineErr(fs.Line, "%s", ErrorMessage(err))
		}
		outlet, title := strings.TrimSpace(fs.Outlet), strings.TrimSpace(fs.Title)
		switch {
		case outlet == "":
			return lineErr(fs.Line, "source %q needs the outlet's name", fs.Ref)
		case len(outlet) > maxTitle || len(title) > maxTitle:
			return lineErr(fs.Line, "source %q: the outlet or title is longer than %d characters", fs.Ref, maxTitle)
		}
		var src *Source
		url := ""
		if strings.TrimSpace(fs.URL) != "" {
			if url, err = NormalizeURL(fs.URL); err != nil {
				return lineErr(fs.Line, "source %q: %s", fs.Ref, ErrorMessage(err))
			}
			if other, dup := refByURL[url]; dup {
				return lineErr(fs.Line, "source %q has the same address as source %q", fs.Ref, other)
			}
			refByURL[url] = fs.Ref
			src, err = store.SourceByURL(ctx, url)
			if err != nil && !IsNotFound(err) {
				return err
			}
		} else {
			for i, p := range print {
				if p != nil && p.Outlet == outlet && p.OutletKind == kind && p.Title == title {
					src, print[i] = p, nil
					break
				}
			}
		}
		if src == nil {
			src = &Source{URL: url, Outlet: outlet, OutletKind: kind, Title: title, State: SourceUnchecked, CreatedAt: im.s.Now()}
			if err := store.CreateSource(ctx, src); err != nil {
				return err
			}
			im.rep.change(fs.Line, "added source %q (%s)", fs.Ref, describeSource(src))
			if fs.ChecksPaused != nil && *fs.ChecksPaused {
				if err := im.s.PauseChecks(ctx, src.ID, true); err != nil {
					return err
				}
				src.ChecksPaused = true
			}
		} else {
			if src.Outlet != outlet || src.OutletKind != kind || src.Title != title {
				im.rep.keep(fs.Line, "source %q is already known as %s, %s, %q; a file does not change a known source's details",
					fs.Ref, src.Outlet, src.OutletKind, src.Title)
			}
			if fs.ChecksPaused != nil && *fs.ChecksPaused != src.ChecksPaused {
				if err := im.s.PauseChecks(ctx, src.ID, *fs.ChecksPaused); err != nil {
					return err
				}
				src.ChecksPaused = *fs.ChecksPaused
				verb := "resumed"
				if src.ChecksPaused {
					verb = "paused"
				}
				im.rep.change(fs.Line, "%s checks of source %q", verb, fs.Ref)
			}
		}
		im.srcByRef[fs.Ref] = src
	}
	return nil
}

func describeSource(src *Source) string {
	if src.URL == "" {
		return src.Outlet + ", no address"
	}
	return src.URL
}
