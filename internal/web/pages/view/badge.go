package view

import "github.com/claimtrack/claimtrack/internal/claims"

// Badge is a status shown as colour, glyph and label together.
type Badge struct {
	Class string
	Label string
	Glyph string
}

// NewBadge is the badge of status id.
func NewBadge(vocab *claims.Vocabulary, id string) Badge {
	return Badge{Class: StatusClass(vocab, id), Label: vocab.Get(id).Label, Glyph: GlyphFor(id)}
}
