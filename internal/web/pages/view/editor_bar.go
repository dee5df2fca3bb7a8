package view

import (
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// EditorBar is the navigation bar of every signed-in page.
type EditorBar struct {
	UserName string
	// Admin adds the admin pages.
	Admin bool
	// Path is the page's own path, marked as the current link.
	Path string
	// PublicURL is the public page of what is being edited (a draft's
	// preview); empty when there is none.
	PublicURL   string
	PublicLabel string
}

// NavLink is one link of the navigation bar.
type NavLink struct {
	URL     string
	Label   string
	Current bool
}

// Links lists where the bar leads, the admin pages for admins only.
func (b EditorBar) Links() []NavLink {
	links := []NavLink{{URL: "/editor", Label: "Dashboard"}, {URL: "/editor#stories-h", Label: "Stories"},
		{URL: "/editor#queue-h", Label: "Review queue"}, {URL: "/account/tokens", Label: "API tokens"}}
	if b.Admin {
		links = append(links, NavLink{URL: "/admin/users", Label: "Users"}, NavLink{URL: "/admin/mail", Label: "Mail"},
			NavLink{URL: "/admin/alerts", Label: "Alerts"}, NavLink{URL: "/admin/webhooks", Label: "Webhooks"})
	}
	for i := range links {
		links[i].Current = links[i].URL == b.Path
	}
	return links
}

// EditorBarOf names the signed-in editor for the navigation bar.
func EditorBarOf(c echo.Context) EditorBar {
	b := EditorBar{Path: c.Request().URL.Path}
	if u := httpx.CurrentUser(c); u != nil {
		b.UserName, b.Admin = u.Name, u.IsAdmin()
	}
	return b
}

// FormError is what a refused form shows: a message, and per field what
// is wrong with it.
type FormError struct {
	Message string
	Fields  map[string]string
}

// FormFailure turns a domain error into what a form shows with its
// status; a server error comes back as the error to return instead.
func FormFailure(err error) (int, *FormError, error) {
	status, ce := httpx.ErrorStatus(err)
	if status >= 500 {
		return 0, nil, err
	}
	return status, &FormError{Message: ce.Message, Fields: ce.Fields}, nil
}
