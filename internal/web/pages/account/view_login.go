package account

import (
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// loginPage is the view of the login form.
type loginPage struct {
	Meta  view.Meta
	Email string
	Next  string
	Error *view.FormError
	// Notice confirms what brought the reader here (a password reset).
	Notice string
}

// setupPage is the view of the first-admin form.
type setupPage struct {
	Meta  view.Meta
	Token string
	Email string
	Name  string
	Error *view.FormError
}
