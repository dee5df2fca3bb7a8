package httpx

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/mailview"
	"github.com/claimtrack/claimtrack/ui"
	"github.com/labstack/echo/v4"
)

// Views holds one template set per page, each the shared layout plus the
// page's own "content".
type Views struct {
	pages map[string]*template.Template
	// mails are every ui/templates/mail/<name>.txt and .html pair.
	mails *mailview.Views
}

// pageNames are the page templates under ui/templates besides the layout.
var pageNames = []string{"index", "story", "claim", "error", "lookup",
	"editor_dashboard", "editor_story", "editor_claim", "editor_source", "editor_snapshot",
	"login", "setup", "admin_users", "password_forgot", "password_reset",
	"admin_mail", "admin_mail_message",
	"api_docs",
	"subscription_sent", "subscription_confirm", "subscription_manage", "unsubscribe", "admin_alerts",
	"admin_webhooks", "admin_webhook",
	"reauth", "account_tokens",
	"search",
	"source_changes", "source_copy",
	"story_claims",
}

// MustViews loads the templates compiled into the binary.
func MustViews() *Views {
	v, err := LoadViews(ui.FS)
	if err != nil {
		panic(err) // the templates are compiled into the binary
	}
	return v
}

// LoadViews parses every page and mail template of fsys.
func LoadViews(fsys fs.FS) (*Views, error) {
	// parts_*.html hold blocks shared by several pages (the editor's forms).
	base, err := template.ParseFS(fsys, "templates/layout.html", "templates/parts_*.html")
	if err != nil {
		return nil, err
	}
	v := &Views{pages: make(map[string]*template.Template, len(pageNames))}
	for _, name := range pageNames {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(fsys, "templates/"+name+".html"); err != nil {
			return nil, err
		}
		v.pages[name] = t
	}
	if v.mails, err = mailview.Load(fsys); err != nil {
		return nil, err
	}
	return v, nil
}

// RenderMail executes a mail's plain-text and HTML bodies.
func (v *Views) RenderMail(name string, data any) (text, html string, err error) {
	return v.mails.Render(name, data)
}

// Render executes a page into bytes, so a failing template never leaves a
// half-written response behind.
func (v *Views) Render(name string, data any) ([]byte, error) {
	t, ok := v.pages[name]
	if !ok {
		return nil, fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// Send renders a page and sends it with the headers every page has, the
// given Cache-Control and, when referrer is set, that Referrer-Policy.
func (v *Views) Send(c echo.Context, status int, name string, data any, cacheControl, referrer []string) error {
	b, err := v.Render(name, data)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	SetHTMLHeaders(h)
	h["Cache-Control"] = cacheControl
	if referrer != nil {
		h["Referrer-Policy"] = referrer
	}
	c.Response().WriteHeader(status)
	_, err = c.Response().Write(b)
	return err
}

// Header values shared by every HTML response; assigned, never appended to.
var (
	HdrHTML           = []string{"text/html; charset=utf-8"}
	HdrCSP            = []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"}
	HdrNosniff        = []string{"nosniff"}
	HdrReferrerPolicy = []string{"strict-origin-when-cross-origin"}
	HdrNoCache        = []string{"no-cache"}
	HdrVary           = []string{"Accept-Encoding"}
	HdrGzip           = []string{"gzip"}
)

// SetHTMLHeaders sets the content type and security headers of an HTML page.
func SetHTMLHeaders(h http.Header) {
	h["Content-Type"] = HdrHTML
	h["Content-Security-Policy"] = HdrCSP
	h["X-Content-Type-Options"] = HdrNosniff
	h["Referrer-Policy"] = HdrReferrerPolicy
}
