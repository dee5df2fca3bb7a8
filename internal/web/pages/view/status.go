package view

import (
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// swatch is a status colour: the badge background and the text on it.
type swatch struct{ bg, fg string }

// palette holds the built-in status colours, chosen to differ in lightness
// as well as hue so colour-blind readers can tell them apart; every badge
// also carries its label and a glyph.
var palette = map[string]swatch{
	"unverified":       {"#5f6368", "#ffffff"},
	"investigating":    {"#1a5fb4", "#ffffff"},
	"disputed":         {"#f0b429", "#1b1b1b"},
	"confirmed":        {"#1e7a3a", "#ffffff"},
	"partly_confirmed": {"#0d7377", "#ffffff"},
	"refuted":          {"#c01c28", "#ffffff"},
	"retracted":        {"#7b3f9e", "#ffffff"},
	"inconclusive":     {"#3d4a5c", "#ffffff"},
}

// fallbackSwatch is for statuses without a colour of their own.
var fallbackSwatch = swatch{"#5f6368", "#ffffff"}

// glyphs give each built-in status a shape besides its colour.
var glyphs = map[string]string{
	"unverified":       "?",
	"investigating":    "…",
	"disputed":         "!",
	"confirmed":        "✓",
	"partly_confirmed": "◐",
	"refuted":          "✕",
	"retracted":        "↶",
	"inconclusive":     "–",
}

// StatusCSS returns one rule per status of vocab, setting the custom
// properties badges, cards and timeline dots are drawn with. Status ids are
// safe in class names (the vocabulary only admits [a-z0-9_]).
func StatusCSS(vocab *claims.Vocabulary) string {
	var b strings.Builder
	b.WriteString("\n/* status colours, generated from the vocabulary */\n")
	rule := func(class string, sw swatch) {
		b.WriteString("." + class + "{--st:" + sw.bg + ";--st-fg:" + sw.fg + "}\n")
	}
	rule(StatusClassOther, fallbackSwatch)
	for _, st := range vocab.All() {
		rule(StatusClass(vocab, st.ID), swatchFor(st))
	}
	return b.String()
}

// StatusClassOther is the neutral class of a status the vocabulary no
// longer knows.
const StatusClassOther = "st-other"

// StatusClass returns the CSS class of a status id; ids the vocabulary no
// longer knows fall back to the neutral one.
func StatusClass(vocab *claims.Vocabulary, id string) string {
	if _, err := vocab.Lookup(id); err != nil {
		return StatusClassOther
	}
	return "st-" + id
}

func swatchFor(st claims.Status) swatch {
	// The vocabulary refuses other colours; checked again here because the
	// value ends up inside a CSS rule.
	if st.Color != "" && claims.ValidColor(st.Color) {
		return swatch{st.Color, textOn(st.Color)}
	}
	if sw, ok := palette[st.ID]; ok {
		return sw
	}
	return fallbackSwatch
}

// textOn picks dark or white text for a background, by its luminance when
// the colour is a hex code.
func textOn(color string) string {
	if len(color) == 4 {
		color = "#" + strings.Repeat(color[1:2], 2) + strings.Repeat(color[2:3], 2) + strings.Repeat(color[3:4], 2)
	}
	if len(color) != 7 || color[0] != '#' {
		return "#ffffff"
	}
	v, err := strconv.ParseUint(color[1:], 16, 32)
	if err != nil {
		return "#ffffff"
	}
	r, g, bl := float64(v>>16&0xff), float64(v>>8&0xff), float64(v&0xff)
	if 0.299*r+0.587*g+0.114*bl > 150 {
		return "#1b1b1b"
	}
	return "#ffffff"
}

// GlyphFor returns the shape shown before a status label.
func GlyphFor(id string) string {
	if g, ok := glyphs[id]; ok {
		return g
	}
	return "•"
}
