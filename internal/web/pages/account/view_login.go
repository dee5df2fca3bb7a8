package web

import (
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// formError is what a form shows after a refused submission: one message
// and, per field, what to fix.
type formError = view.FormError

// loginPage is the view of the login form.
type loginPage struct {
	Meta  meta
	Email string
	Next  string
	Error *formError
	// Notice confirms what brought the reader here (a password reset).
	Notice string
}

// setupPage is the view of the first-admin form.
type setupPage struct {
	Meta  meta
	Token string
	Email string
	Name  string
	Error *formError
}
