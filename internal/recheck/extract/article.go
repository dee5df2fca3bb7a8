package extract

import (
	"html"
	"net/url"
	"strings"
	"time"
)

// ArticleMeta is what a news page says about itself: the facts an editor
// needs to offer it as a source.
type ArticleMeta struct {
	Title  string
	Outlet string
	// Authors are the bylines, without duplicates, in page order.
	Authors []string
	// Published is when the article says it was first published; zero
	// when it does not say, or says it in a form we cannot read.
	Published time.Time
	// Canonical is the page's own address for itself, absolute; empty
	// when it names none that is http(s).
	Canonical   string
	Description string
	// PublisherType is the schema.org type of the JSON-LD publisher
	// ("NewsMediaOrganization", "GovernmentOrganization"), a hint for
	// guessing the outlet's kind.
	PublisherType string
}

// Author joins the bylines as a reader would see them.
func (m ArticleMeta) Author() string { return strings.Join(m.Authors, ", ") }

// Bounds on what a hostile page can make Article do: the body is cut at
// MaxInput like Page's, and JSON-LD past these limits is ignored.
const (
	maxLDScripts   = 32
	maxLDBytes     = 1 << 20 // per script
	maxLDDepth     = 12
	maxAuthors     = 20
	maxMetaField   = 2000 // characters kept of any one field
	maxArticleTags = 4000 // <meta> and <link> tags looked at
)

// articleTypes are the schema.org types whose object describes the page's
// article; any type ending in "Article" counts too.
var articleTypes = map[string]bool{
	"BlogPosting": true, "LiveBlogPosting": true, "Report": true, "SocialMediaPosting": true,
	"DiscussionForumPosting": true, "Legislation": true, "Dataset": true,
}

// Article reads title, outlet, authors, publication date, canonical address
// and description from an HTML page, trusting in order JSON-LD (an
// Article-like object, also inside @graph or mainEntity), OpenGraph and
// article:* tags, then plain meta tags, citation_* tags and <title>. The
// canonical address is taken from <link rel=canonical> first, the one tag
// whose purpose it is (and the one the re-checker records), then og:url,
// then JSON-LD's url. Relative addresses resolve against pageURL. Broken
// JSON-LD is skipped; Article never fails, it finds less.
func Article(body []byte, pageURL string) ArticleMeta {
	if len(body) > MaxInput {
		body = body[:MaxInput]
	}
	doc := parseArticle(string(body))
	if doc == nil {
		return ArticleMeta{}
	}
	ld := readJSONLD(doc)
	tags := readArticleTags(doc)

	var m ArticleMeta
	m.Title = firstText(ld.title, tags.get("og:title"), tags.get("twitter:title"), tags.get("citation_title"),
		tags.get("dc.title"))
	m.Outlet = firstText(ld.outlet, tags.get("og:site_name"), tags.get("citation_journal_title"),
		tags.get("citation_publisher"), tags.get("application-name"))
	if m.Title == "" {
		m.Title = trimOutletSuffix(cleanField(doc.Find("title").First().Text()), m.Outlet)
	}
	m.Authors = ld.authors
	if len(m.Authors) == 0 {
		m.Authors = bylines(tags.all("article:author"))
	}
	if len(m.Authors) == 0 {
		m.Authors = bylines(append(append(tags.all("author"), tags.all("citation_author")...), tags.all("dc.creator")...))
	}
	if len(m.Authors) == 0 {
		m.Authors = bylines([]string{strings.TrimPrefix(strings.TrimPrefix(tags.get("byl"), "By "), "by ")})
	}
	for _, d := range []string{ld.published, tags.get("article:published_time"), tags.get("citation_publication_date"),
		tags.get("citation_date"), tags.get("dc.date"), tags.get("date"), tags.get("pubdate")} {
		if t, ok := parseMetaDate(d); ok {
			m.Published = t
			break
		}
	}
	m.Canonical = firstAbsURL(pageURL, articleCanonical(doc), tags.get("og:url"), ld.url)
	m.Description = firstText(ld.description, tags.get("og:description"), tags.get("description"))
	m.PublisherType = ld.publisherType
	return m
}

// bylines cleans bylines: drops empty ones, profile links (article:author
// is often a Facebook URL) and duplicates.
func bylines(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range in {
		n = cleanField(html.UnescapeString(n))
		low := strings.ToLower(n)
		if n == "" || seen[low] || strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") {
			continue
		}
		seen[low] = true
		out = append(out, n)
		if len(out) == maxAuthors {
			break
		}
	}
	return out
}

// dateLayouts are the forms dates take in article metadata, most common
// first.
var dateLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02", "2006/01/02",
	time.RFC1123Z, time.RFC1123, "January 2, 2006", "2 January 2006",
}

// parseMetaDate reads a date in any of dateLayouts; one without a zone is
// taken as UTC.
func parseMetaDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// firstAbsURL returns the first of refs that resolves against pageURL to an
// absolute http(s) URL, without its fragment.
func firstAbsURL(pageURL string, refs ...string) string {
	base, _ := url.Parse(pageURL)
	for _, r := range refs {
		if r == "" {
			continue
		}
		ref, err := url.Parse(strings.TrimSpace(r))
		if err != nil {
			continue
		}
		if base != nil {
			ref = base.ResolveReference(ref)
		}
		if (ref.Scheme == "http" || ref.Scheme == "https") && ref.Host != "" {
			ref.Fragment = ""
			return ref.String()
		}
	}
	return ""
}

// trimOutletSuffix drops " | Outlet" or " - Outlet" from a <title>.
func trimOutletSuffix(title, outlet string) string {
	if outlet == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " · "} {
		if t, ok := strings.CutSuffix(title, sep+outlet); ok && t != "" {
			return t
		}
	}
	return title
}

func firstText(vs ...string) string {
	for _, v := range vs {
		if v = cleanField(v); v != "" {
			return v
		}
	}
	return ""
}

// cleanField collapses whitespace and caps the length of a field.
func cleanField(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxMetaField {
		s = strings.ToValidUTF8(s[:maxMetaField], "")
	}
	return s
}
