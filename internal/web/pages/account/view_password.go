package account

import "github.com/claimtrack/claimtrack/internal/web/pages/view"

// passwordForgotPage is the view of the form that asks for a reset link,
// and of the answer after it was sent (Sent), which is the same whether
// or not the address has an account.
type passwordForgotPage struct {
	Meta  view.Meta
	Email string
	Sent  bool
	Error *view.FormError
}

// passwordResetPage is the view of the form that sets a new password with
// a reset link; Expired shows the page for a link that no longer works.
type passwordResetPage struct {
	Meta    view.Meta
	Token   string
	Email   string
	Expired bool
	Error   *view.FormError
}

// ResetSentNotice is the one answer to every reset request that is not
// refused outright.
const ResetSentNotice = "If an account exists for that address, we have sent a link to reset its password. The link works once, for one hour."
