package web

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

// views holds one template set per page, each the shared layout plus the
// page's own "content".
type views struct {
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

func mustViews() *views {
	v, err := loadViews(ui.FS)
	if err != nil {
		panic(err) // the templates are compiled into the binary
	}
	return v
}

func loadViews(fsys fs.FS) (*views, error) {
	// parts_*.html hold blocks shared by several pages (the editor's forms).
	base, err := template.ParseFS(fsys, "templates/layout.html", "templates/parts_*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: make(map[string]*template.Template, len(pageNames))}
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

// renderMail executes a mail's plain-text and HTML bodies.
func (v *views) renderMail(name string, data any) (text, html string, err error) {
	return v.mails.Render(name, data)
}

// render executes a page into bytes, so a failing template never leaves a
// half-written response behind.
func (v *views) render(name string, data any) ([]byte, error) {
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

// Header values shared by every HTML response; assigned, never appended to.
var (
	hdrHTML           = []string{"text/html; charset=utf-8"}
	hdrCSP            = []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"}
	hdrNosniff        = []string{"nosniff"}
	hdrReferrerPolicy = []string{"strict-origin-when-cross-origin"}
	hdrNoCache        = []string{"no-cache"}
	hdrVary           = []string{"Accept-Encoding"}
	hdrGzip           = []string{"gzip"}
)

// setHTMLHeaders sets the content type and security headers of an HTML page.
func setHTMLHeaders(h http.Header) {
	h["Content-Type"] = hdrHTML
	h["Content-Security-Policy"] = hdrCSP
	h["X-Content-Type-Options"] = hdrNosniff
	h["Referrer-Policy"] = hdrReferrerPolicy
}

// renderPage renders and sends an uncached page.
func (s *Server) renderPage(c echo.Context, status int, name string, data any) error {
	return s.renderWith(c, status, name, data, hdrNoCache, nil)
}

// renderWith renders a page and sends it with the headers every page has,
// the given Cache-Control and, when referrer is set, that Referrer-Policy.
func (s *Server) renderWith(c echo.Context, status int, name string, data any, cacheControl, referrer []string) error {
	b, err := s.views.render(name, data)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	setHTMLHeaders(h)
	h["Cache-Control"] = cacheControl
	if referrer != nil {
		h["Referrer-Policy"] = referrer
	}
	c.Response().WriteHeader(status)
	_, err = c.Response().Write(b)
	return err
}

// errorPage is the view of an error page.
type errorPage struct {
	Meta      meta
	Status    int
	Heading   string
	Message   string
	RequestID string
}

var errorHeadings = map[int]string{
	http.StatusNotFound:            "We could not find that page",
	http.StatusBadRequest:          "We could not read that address",
	http.StatusInternalServerError: "Something went wrong on our side",
}

// renderError sends the HTML error page; if even that fails, plain text.
func (s *Server) renderError(c echo.Context, status int, message string) error {
	heading, ok := errorHeadings[status]
	if !ok {
		heading = http.StatusText(status)
	}
	if status == http.StatusNotFound {
		message = "The story or claim you asked for does not exist, or is not published."
	}
	p := errorPage{Meta: s.meta(heading, "", ""), Status: status, Heading: heading, Message: message, RequestID: requestIDOf(c)}
	if err := s.renderPage(c, status, "error", p); err != nil {
		s.logger(c).Error("render error page", "error", err.Error())
		return c.String(status, message+" (request id "+p.RequestID+")")
	}
	return nil
}
