package reader

import (
	"encoding/json"
	"html/template"
)

// jsonLD renders v for a <script type="application/ld+json"> element.
// encoding/json writes <, > and & as \u escapes, so no stored text can
// close the element.
func jsonLD(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}
