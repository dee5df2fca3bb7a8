package claims

import (
	"context"
	"strings"
	"time"
)

// SourceDraft is what was read from an article an editor pasted, before it
// becomes a source: an offer the editor checks and edits.
type SourceDraft struct {
	// Pasted is the address as the editor gave it; URL is where the page
	// was found after redirects.
	Pasted    string
	URL       string
	Canonical string
	Title     string
	Outlet    string
	// OutletKind is guessed by DraftSource when empty.
	OutletKind  OutletKind
	Author      string
	Published   time.Time
	Description string
	// PublisherType is the page's schema.org publisher type, a hint for
	// the guess of OutletKind.
	PublisherType string
}

// SourceDraftView is a draft ready to offer: normalised, with its outlet
// kind guessed, the address a new link should use, and the source already
// tracked at that address, if any, with the claims it backs.
type SourceDraftView struct {
	Draft SourceDraft
	// LinkURL is the address to link: the tracked source's when there is
	// one, else the page's canonical address on its own site, else URL.
	LinkURL string
	// ForeignCanonical reports a canonical address on another site than
	// the page's; it is shown but neither matched nor linked, since a page
	// could otherwise pass itself off as someone else's article.
	ForeignCanonical bool
	// Existing is the tracked source at one of the draft's addresses.
	Existing *Source
	// Claims are the claims Existing is linked to, withdrawn ones too.
	Claims []Claim
}

// maxDraftText caps the description shown with a draft.
const maxDraftText = 1000

// DraftSource prepares a draft read from a pasted article for the editor:
// it normalises its addresses, fills in the outlet (the host when the page
// names none) and a guessed outlet kind, and finds a source already tracked
// at the pasted address, the page's address after redirects, or its
// canonical address (as a source's URL, or as the canonical address a
// check of it read). EINVALID (field "url") when the address is not one.
func (s *Service) DraftSource(ctx context.Context, d SourceDraft) (*SourceDraftView, error) {
	url, err := NormalizeURL(firstNonEmpty(d.URL, d.Pasted))
	if err != nil {
		return nil, err
	}
	d.URL = url
	addrs := []string{url}
	if d.Pasted != "" {
		if p, err := NormalizeURL(d.Pasted); err == nil {
			d.Pasted = p
			addrs = append(addrs, p)
		}
	}
	v := &SourceDraftView{LinkURL: url}
	if d.Canonical != "" {
		if c, err := NormalizeURL(d.Canonical); err != nil {
			d.Canonical = ""
		} else if d.Canonical = c; hostOf(c) != hostOf(url) {
			v.ForeignCanonical = true
		} else {
			v.LinkURL = c
			addrs = append(addrs, c)
		}
	}
	d.Title = capText(d.Title, maxTitle)
	d.Author = capText(d.Author, maxTitle)
	d.Description = capText(d.Description, maxDraftText)
	if d.Outlet = capText(d.Outlet, maxTitle); d.Outlet == "" {
		d.Outlet = hostOf(url)
	}
	if d.OutletKind == "" {
		d.OutletKind = GuessOutletKind(hostOf(url), OutletHints{PublisherType: d.PublisherType})
	}
	v.Draft = d

	found, err := s.store.SourcesByAddress(ctx, addrs)
	if err != nil {
		return nil, err
	}
	for _, src := range found {
		// As in ClaimsForURL: a canonical address read from another site's
		// page does not make that page this article.
		if src.URL != url && hostOf(src.URL) != hostOf(url) {
			continue
		}
		v.Existing = &src
		break
	}
	if v.Existing == nil {
		return v, nil
	}
	v.LinkURL = v.Existing.URL
	linked, err := s.store.ClaimsBySources(ctx, []int64{v.Existing.ID})
	if err != nil {
		return nil, err
	}
	v.Claims = linked[v.Existing.ID]
	return v, nil
}

// capText trims s and cuts it to at most n bytes on a character boundary.
func capText(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	return strings.TrimSpace(strings.ToValidUTF8(s[:n], ""))
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
