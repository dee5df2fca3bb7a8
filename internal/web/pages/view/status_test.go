package view

import (
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
)

func TestStatusCSS_UsesConfiguredColours(t *testing.T) {
	vocab, err := claims.NewVocabulary([]claims.Status{
		{ID: "open_custom", Label: "Open"},
		{ID: "settled_pink", Label: "Settled", Resolved: true, Color: "#ffc0cb"},
		{ID: "confirmed", Label: "Confirmed", Resolved: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	css := StatusCSS(vocab)
	for _, want := range []string{
		".st-settled_pink{--st:#ffc0cb;--st-fg:#1b1b1b}",
		".st-open_custom{--st:#5f6368;--st-fg:#ffffff}",
		".st-confirmed{--st:#1e7a3a;--st-fg:#ffffff}",
	} {
		if !strings.Contains(css, want) {
			t.Errorf("status CSS lacks %q:\n%s", want, css)
		}
	}
	if got := StatusClass(vocab, "gone_from_vocabulary"); got != StatusClassOther {
		t.Errorf("unknown status class = %q, want the neutral fallback", got)
	}
}
