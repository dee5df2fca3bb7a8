package view

// FollowForm is the view of the follow-by-email form (parts_subscribe.html)
// on a story or claim page. It holds no per-reader data, so the pages it is
// on stay cacheable: CSRF for it is the cross-origin check, not a token.
type FollowForm struct {
	// StorySlug or ClaimID says what the form follows.
	StorySlug string
	ClaimID   int64
	Email     string
	Error     *FormError
}

// IsClaim reports whether the form follows one claim.
func (f FollowForm) IsClaim() bool { return f.ClaimID != 0 }
