package extract

import (
	"encoding/json"
	"html"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

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
