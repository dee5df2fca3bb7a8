package reader

import (
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/claimtrack/claimtrack/internal/web/openapi"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/getkin/kin-openapi/openapi3"
)

// apiDocsPage is the readable form of the OpenAPI document at /api. It is
// built from the parsed document, so the page cannot describe an API the
// document does not.
type apiDocsPage struct {
	Meta   view.Meta
	Title  string
	Intro  []richText
	Auth   []apiDocsScheme
	Groups []apiDocsGroup
}

// apiDocsScheme is one way a client proves who it is.
type apiDocsScheme struct {
	Name        string
	How         string
	Description richText
}

// apiDocsGroup is the operations under one tag, in the document's order of
// tags.
type apiDocsGroup struct {
	Name        string
	Description string
	Ops         []apiDocsOp
}

// apiDocsOp is one operation.
type apiDocsOp struct {
	Anchor string
	Method string
	Path   string
	// PathParts is Path cut before each "/", so that a long path can
	// wrap on a phone.
	PathParts   []string
	Summary     richText
	Description richText
	Auth        string
	Params      []apiDocsField
	Body        []apiDocsField
	Responses   []apiDocsResponse
}

// apiDocsField is a parameter or a top-level field of a request body.
type apiDocsField struct {
	Name        string
	In          string
	Type        string
	Required    bool
	Description richText
}

// apiDocsResponse is one documented answer.
type apiDocsResponse struct {
	Status      string
	Description richText
	Type        string
}

// richText is a description split at its `code` spans, so the template can
// set those in <code> while escaping everything.
type richText []richPart

type richPart struct {
	Text string
	Code bool
}

func newRichText(s string) richText {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "`")
	out := make(richText, 0, len(parts))
	for i, p := range parts {
		if p != "" {
			out = append(out, richPart{Text: p, Code: i%2 == 1})
		}
	}
	return out
}

// apiDocsContent is the page's content without its per-request meta,
// built once from the embedded document.
var apiDocsContent = sync.OnceValues(func() (apiDocsPage, error) {
	doc, err := openapi.Load()
	if err != nil {
		return apiDocsPage{}, err
	}
	return newAPIDocsPage(doc.T), nil
})

// methodOrder is the order operations of one path are listed in.
var methodOrder = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

func newAPIDocsPage(t *openapi3.T) apiDocsPage {
	p := apiDocsPage{Title: t.Info.Title}
	for _, para := range strings.Split(strings.TrimSpace(t.Info.Description), "\n\n") {
		p.Intro = append(p.Intro, newRichText(strings.Join(strings.Fields(para), " ")))
	}
	names := make([]string, 0, len(t.Components.SecuritySchemes))
	for name := range t.Components.SecuritySchemes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ss := t.Components.SecuritySchemes[name].Value
		how := "Authorization: Bearer …"
		if ss.Type == "apiKey" {
			how = "cookie " + ss.Name
		}
		p.Auth = append(p.Auth, apiDocsScheme{Name: name, How: how, Description: newRichText(ss.Description)})
	}

	ops := map[string][]apiDocsOp{}
	paths := t.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, path := range paths {
		item := t.Paths.Value(path)
		for _, method := range methodOrder {
			if op := item.GetOperation(method); op != nil {
				tag := "Other"
				if len(op.Tags) > 0 {
					tag = op.Tags[0]
				}
				ops[tag] = append(ops[tag], newAPIDocsOp(t, method, path, item, op))
			}
		}
	}
	// Groups follow the document's list of tags; a tag it does not list
	// still shows, after the others.
	for _, tag := range t.Tags {
		if len(ops[tag.Name]) > 0 {
			p.Groups = append(p.Groups, apiDocsGroup{Name: tag.Name, Description: tag.Description, Ops: ops[tag.Name]})
			delete(ops, tag.Name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(ops)) {
		p.Groups = append(p.Groups, apiDocsGroup{Name: name, Ops: ops[name]})
	}
	return p
}

func newAPIDocsOp(t *openapi3.T, method, path string, item *openapi3.PathItem, op *openapi3.Operation) apiDocsOp {
	o := apiDocsOp{Anchor: op.OperationID, Method: method, Path: path, PathParts: pathParts(path), Summary: newRichText(op.Summary),
		Description: newRichText(op.Description), Auth: authNeeded(t, op)}
	params := append(openapi3.Parameters{}, item.Parameters...)
	params = append(params, op.Parameters...)
	for _, pr := range params {
		v := pr.Value
		o.Params = append(o.Params, apiDocsField{Name: v.Name, In: v.In, Type: schemaType(v.Schema),
			Required: v.Required, Description: newRichText(v.Description)})
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			s := mt.Schema.Value
			names := make([]string, 0, len(s.Properties))
			for name := range s.Properties {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				prop := s.Properties[name]
				o.Body = append(o.Body, apiDocsField{Name: name, Type: schemaType(prop),
					Required: slices.Contains(s.Required, name), Description: newRichText(prop.Value.Description)})
			}
		}
	}
	for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
		r := op.Responses.Value(code).Value
		resp := apiDocsResponse{Status: code, Description: newRichText(derefString(r.Description))}
		if mt := r.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			resp.Type = schemaType(mt.Schema)
		}
		o.Responses = append(o.Responses, resp)
	}
	return o
}

func pathParts(path string) []string {
	var parts []string
	for path != "" {
		i := strings.Index(path[1:], "/") + 1
		if i == 0 {
			i = len(path)
		}
		parts = append(parts, path[:i])
		path = path[i:]
	}
	return parts
}

// authNeeded says in words who may call op.
func authNeeded(t *openapi3.T, op *openapi3.Operation) string {
	sec := t.Security
	if op.Security != nil {
		sec = *op.Security
	}
	role, _ := op.Extensions[openapi.RoleExtension].(string)
	switch {
	case len(sec) == 0:
		return "none"
	case slices.ContainsFunc(sec, func(r openapi3.SecurityRequirement) bool { return len(r) == 0 }):
		return "optional (session cookie or API token)"
	case role != "":
		return role + " (session cookie or API token)"
	}
	return "session cookie or API token"
}

// schemaType names a schema for readers: its component name when it has
// one, else its type.
func schemaType(ref *openapi3.SchemaRef) string {
	if ref == nil || ref.Value == nil {
		return ""
	}
	if ref.Ref != "" {
		return ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]
	}
	s := ref.Value
	var typ string
	switch {
	case s.Type.Is("array"):
		typ = "array of " + schemaType(s.Items)
	case s.Type != nil && len(*s.Type) > 0:
		typ = (*s.Type)[0]
	default:
		typ = "any"
	}
	if len(s.Enum) > 0 {
		vals := make([]string, 0, len(s.Enum))
		for _, v := range s.Enum {
			if str, ok := v.(string); ok {
				vals = append(vals, str)
			}
		}
		typ += ": " + strings.Join(vals, ", ")
	}
	if s.Nullable {
		typ += " or null"
	}
	return typ
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
