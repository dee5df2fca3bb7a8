package web

// passwordForgotPage is the view of the form that asks for a reset link,
// and of the answer after it was sent (Sent), which is the same whether
// or not the address has an account.
type passwordForgotPage struct {
	Meta  meta
	Email string
	Sent  bool
	Error *formError
}

// passwordResetPage is the view of the form that sets a new password with
// a reset link; Expired shows the page for a link that no longer works.
type passwordResetPage struct {
	Meta    meta
	Token   string
	Email   string
	Expired bool
	Error   *formError
}

// resetSentNotice is the one answer to every reset request that is not
// refused outright.
const resetSentNotice = "If an account exists for that address, we have sent a link to reset its password. The link works once, for one hour."
