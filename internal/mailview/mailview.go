// Package mailview renders the bodies of the mail claimtrack sends: every
// templates/mail/NAME.txt with its NAME.html twin, found by glob, so that a
// new mail needs its two template files and no list to edit. Files whose
// names start with "parts_" are partials (the branded frame every HTML mail
// shares, parts_frame.html), parsed with every mail of their kind, as the
// pages' parts_*.html are. The plain-text
// body goes through text/template and the HTML body through html/template,
// which escapes whatever user text the data carries.
package mailview

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	texttemplate "text/template"

	"github.com/claimtrack/claimtrack/ui"
)

// dir is where mail templates live inside the template file system.
const dir = "templates/mail"

// Views holds every mail's two bodies, by name.
type Views struct {
	mails map[string]pair
}

type pair struct {
	text *texttemplate.Template
	html *template.Template
}

// New loads the mail templates compiled into the binary (ui.FS).
func New() (*Views, error) { return Load(ui.FS) }

// Load parses every templates/mail/*.txt of fsys with its .html twin. A
// body without its twin is an error, so a mail never goes out half-made.
func Load(fsys fs.FS) (*Views, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	names := map[string][2]bool{} // name -> has .txt, has .html
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		n := e.Name()
		if strings.HasPrefix(n, "parts_") {
			continue
		}
		switch ext := path.Ext(n); ext {
		case ".txt", ".html":
			base := strings.TrimSuffix(n, ext)
			has := names[base]
			has[0] = has[0] || ext == ".txt"
			has[1] = has[1] || ext == ".html"
			names[base] = has
		}
	}
	v := &Views{mails: make(map[string]pair, len(names))}
	for name, has := range names {
		if !has[0] || !has[1] {
			return nil, fmt.Errorf("mail template %q needs both %s.txt and %s.html", name, name, name)
		}
		var p pair
		file := dir + "/" + name
		if p.text, err = texttemplate.ParseFS(fsys, withPartials(fsys, file+".txt")...); err != nil {
			return nil, err
		}
		if p.html, err = template.ParseFS(fsys, withPartials(fsys, file+".html")...); err != nil {
			return nil, err
		}
		// A misspelt field is a bug to see, not an empty line in a mail.
		p.text.Option("missingkey=error")
		p.html.Option("missingkey=error")
		v.mails[name] = p
	}
	return v, nil
}

// withPartials returns file followed by the partials of its kind, so that
// the template set is named after (and executes) the mail itself.
func withPartials(fsys fs.FS, file string) []string {
	out := []string{file}
	partials, _ := fs.Glob(fsys, dir+"/parts_*"+path.Ext(file))
	return append(out, partials...)
}

// Names lists the mails, sorted.
func (v *Views) Names() []string {
	out := make([]string, 0, len(v.mails))
	for n := range v.mails {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Render executes mail name's plain-text and HTML bodies with data.
func (v *Views) Render(name string, data any) (text, html string, err error) {
	p, ok := v.mails[name]
	if !ok {
		return "", "", fmt.Errorf("no mail template %q", name)
	}
	var t, h bytes.Buffer
	if err := p.text.Execute(&t, data); err != nil {
		return "", "", fmt.Errorf("mail %s: %w", name, err)
	}
	if err := p.html.Execute(&h, data); err != nil {
		return "", "", fmt.Errorf("mail %s: %w", name, err)
	}
	return t.String(), h.String(), nil
}
