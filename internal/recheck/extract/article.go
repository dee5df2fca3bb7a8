package extract

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
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

// parseArticle parses only the elements metadata lives in (<title>,
// <meta>, <link>, JSON-LD scripts), picked out by the tokenizer: a
// tokenizer pass is linear in the input, while parsing a whole hostile page
// into a tree can take seconds, and none of the rest is needed.
func parseArticle(src string) *goquery.Document {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(src))
	tags, scripts, inTitle, titled := 0, 0, false, false
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		switch tt {
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "meta", "link":
				if tags < maxArticleTags && hasAttr {
					tags++
					b.Write(z.Raw())
				}
			case "title":
				inTitle = !titled && tt == xhtml.StartTagToken
				if inTitle {
					b.WriteString("<title>")
				}
			case "script":
				if scripts < maxLDScripts && hasAttr && isJSONLD(z) {
					if z.Next() == xhtml.TextToken && len(z.Raw()) <= maxLDBytes {
						scripts++
						b.WriteString(`<script type="application/ld+json">`)
						b.Write(z.Raw())
						b.WriteString("</script>")
					}
				}
			}
		case xhtml.TextToken:
			if inTitle {
				b.Write(z.Raw())
			}
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); inTitle && string(name) == "title" {
				b.WriteString("</title>")
				inTitle, titled = false, true
			}
		}
	}
	if inTitle {
		b.WriteString("</title>")
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		return nil
	}
	return doc
}

// isJSONLD reports whether the script tag z is at declares JSON-LD; it
// reads the tag's attributes.
func isJSONLD(z *xhtml.Tokenizer) bool {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "type" {
			mt, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(string(val))), ";")
			return strings.TrimSpace(mt) == "application/ld+json"
		}
		if !more {
			return false
		}
	}
}

// articleTags holds <meta> contents by lower-case name or property, in page
// order.
type articleTags map[string][]string

func readArticleTags(doc *goquery.Document) articleTags {
	tags := articleTags{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content, ok := s.Attr("content")
		if !ok {
			return
		}
		for _, key := range []string{"property", "name", "itemprop"} {
			if k, ok := s.Attr(key); ok {
				if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
					tags[k] = append(tags[k], content)
				}
			}
		}
	})
	return tags
}

// get returns the first non-empty value of key.
func (t articleTags) get(key string) string {
	for _, v := range t[key] {
		if v = cleanField(v); v != "" {
			return v
		}
	}
	return ""
}

func (t articleTags) all(key string) []string { return t[key] }

func articleCanonical(doc *goquery.Document) string {
	var href string
	doc.Find("link[rel][href]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		rel, _ := s.Attr("rel")
		for _, tok := range strings.Fields(strings.ToLower(rel)) {
			if tok == "canonical" {
				href, _ = s.Attr("href")
				return false
			}
		}
		return true
	})
	return strings.TrimSpace(href)
}

// ldArticle is what the JSON-LD of a page told about its article.
type ldArticle struct {
	title, outlet, published, url, description, publisherType string
	authors                                                   []string
}

// readJSONLD reads the first Article-like object of the page's JSON-LD.
// Objects named by "@id" elsewhere (Yoast's @graph points from the
// article to its publisher and authors that way) are looked up.
func readJSONLD(doc *goquery.Document) ldArticle {
	var roots []any
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(s.Text())), &v) == nil {
			roots = append(roots, v)
		}
	})
	ids := map[string]map[string]any{}
	var articles []map[string]any
	for _, r := range roots {
		collectLD(r, 0, ids, &articles)
	}
	if len(articles) == 0 {
		return ldArticle{}
	}
	a := articles[0]
	out := ldArticle{
		title:       firstText(ldString(a["headline"]), ldString(a["name"])),
		published:   firstText(ldString(a["datePublished"]), ldString(a["dateCreated"])),
		description: ldString(a["description"]),
		url:         firstText(ldString(a["url"]), ldRef(a["mainEntityOfPage"])),
	}
	for _, p := range ldObjects(a["publisher"], ids) {
		if out.outlet = ldString(p["name"]); out.outlet != "" {
			out.publisherType = ldType(p)
			break
		}
		if s, ok := p["@value"].(string); ok {
			out.outlet = cleanField(s)
			break
		}
	}
	var authors []string
	for _, p := range ldObjects(a["author"], ids) {
		if len(authors) >= maxAuthors {
			break
		}
		if n := firstText(ldString(p["name"]), ldString(p["@value"])); n != "" {
			authors = append(authors, n)
		}
	}
	out.authors = bylines(authors)
	return out
}

// collectLD walks a JSON-LD value, indexing objects by @id and collecting
// Article-like ones in document order.
func collectLD(v any, depth int, ids map[string]map[string]any, articles *[]map[string]any) {
	if depth > maxLDDepth {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			collectLD(e, depth+1, ids, articles)
		}
	case map[string]any:
		if id, ok := v["@id"].(string); ok && len(v) > 1 {
			if _, seen := ids[id]; !seen {
				ids[id] = v
			}
		}
		if isArticleType(v["@type"]) {
			*articles = append(*articles, v)
		}
		for _, key := range []string{"@graph", "mainEntity", "itemListElement"} {
			if sub, ok := v[key]; ok {
				collectLD(sub, depth+1, ids, articles)
			}
		}
	}
}

func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		name := t
		if i := strings.LastIndexAny(name, "/:#"); i >= 0 {
			name = name[i+1:]
		}
		return articleTypes[name] || strings.HasSuffix(name, "Article")
	case []any:
		for _, e := range t {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldType returns an object's first @type, without a schema.org prefix.
func ldType(o map[string]any) string {
	t := o["@type"]
	if arr, ok := t.([]any); ok && len(arr) > 0 {
		t = arr[0]
	}
	s, _ := t.(string)
	if i := strings.LastIndexAny(s, "/:#"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// ldObjects turns a JSON-LD value that may be a string, an object, a
// reference by @id or an array of those into objects; a bare string
// becomes {"@value": s}.
func ldObjects(v any, ids map[string]map[string]any) []map[string]any {
	var out []map[string]any
	add := func(e any) {
		switch e := e.(type) {
		case string:
			out = append(out, map[string]any{"@value": e})
		case map[string]any:
			if id, ok := e["@id"].(string); ok && len(e) == 1 {
				if full, ok := ids[id]; ok {
					e = full
				}
			}
			out = append(out, e)
		}
	}
	if arr, ok := v.([]any); ok {
		for i, e := range arr {
			if i >= maxAuthors {
				break
			}
			add(e)
		}
		return out
	}
	add(v)
	return out
}

// ldString reads a text property: a string, the first string of an array,
// or a {"@value": ...} object. Entities some CMSs leave in JSON are decoded.
func ldString(v any) string {
	switch v := v.(type) {
	case string:
		return cleanField(html.UnescapeString(v))
	case []any:
		for _, e := range v {
			if s := ldString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		return ldString(v["@value"])
	}
	return ""
}

// ldRef reads a property that is a URL or an object naming one by @id.
func ldRef(v any) string {
	if o, ok := v.(map[string]any); ok {
		if s, ok := o["@id"].(string); ok {
			return strings.TrimSpace(s)
		}
		return ldString(o["url"])
	}
	return ldString(v)
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
