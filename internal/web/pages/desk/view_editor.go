package desk

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// The editor's views. Every form view carries the editor's input back
// (never the stored value) when a save fails, with Errors per field and
// Message for what is not about one field.

// editorBar is the navigation bar of every signed-in page.
type editorBar = view.EditorBar

// option is one <option> of a select.
type option struct {
	ID       string
	Label    string
	Selected bool
}

// formState is what every form view has besides its fields.
type formState struct {
	Errors  map[string]string
	Message string
}

// setError files err under the form's fields, or as its message when it
// names none.
func (f *formState) setError(err error) {
	ce := httpx.AsClaimsError(err)
	if len(ce.Fields) > 0 {
		f.Errors = ce.Fields
		return
	}
	f.Message = ce.Message
}

func (s *Handler) statusOptions(selected string) []option {
	var out []option
	for _, st := range s.Site.Vocab.All() {
		label := st.Label
		if st.Resolved {
			label += " (resolved)"
		}
		out = append(out, option{ID: st.ID, Label: label, Selected: st.ID == selected})
	}
	return out
}

func stanceOptions(selected string) []option {
	var out []option
	for _, st := range []claims.Stance{claims.StanceSupports, claims.StanceDisputes, claims.StanceContext} {
		out = append(out, option{ID: string(st), Label: reader.StanceLabel(st), Selected: string(st) == selected})
	}
	return out
}

func outletKindOptions(selected string) []option {
	var out []option
	for _, k := range claims.OutletKinds {
		out = append(out, option{ID: string(k), Label: k.Label(), Selected: string(k) == selected})
	}
	return out
}

// flashes are the messages a redirect after a successful save may show,
// chosen by key so that no request can put its own text on the page.
var flashes = map[string]string{
	"story-created":      "Story created.",
	"story-saved":        "Story saved.",
	"claim-created":      "Claim added.",
	"claims-created":     "Claims added.",
	"assigned":           "Assignment saved.",
	"reordered":          "Claims reordered.",
	"status":             "Status changed.",
	"text":               "Claim saved.",
	"evidence":           "Evidence added.",
	"appearance":         "Appearance recorded.",
	"evidence-withdrawn": "Evidence withdrawn.",
	"source":             "Source linked.",
	"source-unlinked":    "Source unlinked.",
	"withdrawn":          "Claim withdrawn.",
	"note":               "Internal note added.",
	"watches":            "Watches saved. The claim's sources are read in full at the next sweep.",
	"reviewed":           "Marked as reviewed.",
	"accepted":           "Proposal accepted: the claim's status changed.",
	"dismissed":          "Proposal dismissed.",
	"review-conflict":    "That item could not be closed: someone closed it first, or the claim has changed since.",
}

// dateInput formats t for an <input type="date">.
func dateInput(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
