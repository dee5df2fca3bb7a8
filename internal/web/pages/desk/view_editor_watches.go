package desk

import (
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// watchForm edits a claim's watches: phrases one per line, and a row per
// number watch plus a blank one to add another.
type watchForm struct {
	formState
	Version int
	Phrases string
	Numbers []numberWatchField
	// Conflict says the watches were changed by someone else; Current
	// describes them as they now stand.
	Current string
}

// numberWatchField is one number watch's row of the form.
type numberWatchField struct {
	N              int
	Label          string
	SourceID       string
	Pattern        string
	Selector       string
	Comparison     string
	Propose        string
	SourceOptions  []option
	ProposeOptions []option
}

// signalLine says what one watch, or one quoted passage, last saw on one
// source.
type signalLine struct {
	What  string
	Where string
	State string
	Class string
	Value string
	When  string
}

// maxNumberRows matches the domain's limit on number watches.
const maxNumberRows = 5

func newWatchForm(w claims.Watches) watchForm {
	f := watchForm{Version: w.Version, Phrases: strings.Join(w.Phrases, "\n")}
	for _, n := range w.Numbers {
		row := numberWatchField{Label: n.Label, Pattern: n.Pattern, Selector: n.Selector, Comparison: n.Comparison, Propose: n.Propose}
		if n.SourceID != nil {
			row.SourceID = strconv.FormatInt(*n.SourceID, 10)
		}
		f.Numbers = append(f.Numbers, row)
	}
	return f
}

// fillWatchOptions numbers the rows, adds the blank one and sets the
// select options from what each row holds.
func (s *Handler) fillWatchOptions(f *watchForm, sources []editorSourceRow) {
	if len(f.Numbers) < maxNumberRows {
		f.Numbers = append(f.Numbers, numberWatchField{})
	}
	for i := range f.Numbers {
		row := &f.Numbers[i]
		row.N = i + 1
		row.SourceOptions = []option{{ID: "", Label: "Every linked source", Selected: row.SourceID == ""}}
		for _, src := range sources {
			id := strconv.FormatInt(src.ID, 10)
			row.SourceOptions = append(row.SourceOptions, option{ID: id, Label: src.Source.Outlet + " — " + src.Source.Title, Selected: id == row.SourceID})
		}
		row.ProposeOptions = append([]option{{ID: "", Label: "Propose nothing", Selected: row.Propose == ""}}, s.statusOptions(row.Propose)...)
	}
}

// parseWatchForm reads the posted form back into its rows and the domain's
// input; a row with neither pattern nor comparison is dropped, which is how
// an editor removes a number watch.
func parseWatchForm(form map[string][]string, version int) (watchForm, claims.WatchesInput, error) {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := watchForm{Version: version, Phrases: get("phrases")}
	in := claims.WatchesInput{Version: version, Phrases: strings.Split(f.Phrases, "\n")}
	for i := 1; i <= maxNumberRows; i++ {
		n := strconv.Itoa(i)
		row := numberWatchField{Label: get("label_" + n), SourceID: get("source_" + n), Pattern: get("pattern_" + n),
			Selector: get("selector_" + n), Comparison: get("comparison_" + n), Propose: get("propose_" + n)}
		if strings.TrimSpace(row.Pattern) == "" && strings.TrimSpace(row.Comparison) == "" {
			continue
		}
		f.Numbers = append(f.Numbers, row)
		w := claims.NumberWatch{Label: row.Label, Pattern: row.Pattern, Selector: row.Selector, Comparison: row.Comparison, Propose: row.Propose}
		if row.SourceID != "" {
			id, err := strconv.ParseInt(row.SourceID, 10, 64)
			if err != nil {
				return f, in, claims.Invalid("numbers", "number watch %d names no known source", i)
			}
			w.SourceID = &id
		}
		in.Numbers = append(in.Numbers, w)
	}
	return f, in, nil
}

var signalLabels = map[string]string{
	claims.SignalFound:     "Found",
	claims.SignalAbsent:    "Not on the page",
	claims.SignalChanged:   "Edited",
	claims.SignalRemoved:   "Removed",
	claims.SignalMet:       "Line crossed",
	claims.SignalUnmet:     "Below the line",
	claims.SignalNoReading: "No number found",
}

// signalLines describes what the watches and quotes last saw, naming the
// watch by its phrase, label or quote and the source by its outlet.
func signalLines(now time.Time, cw *claims.ClaimWatches, d *claims.ClaimDetail) []signalLine {
	what := map[string]string{}
	for _, p := range cw.Watches.Phrases {
		what[claims.PhraseKey(p)] = "“" + p + "”"
	}
	for _, n := range cw.Watches.Numbers {
		what[n.Key()] = n.Label + " " + n.Comparison
	}
	for _, e := range d.Evidence {
		if e.Quote != "" {
			what[claims.QuoteKey(e.ID)] = "Quote: “" + view.Truncate(e.Quote, 80) + "”"
		}
	}
	where := map[int64]string{}
	for _, ls := range d.Sources {
		where[ls.Source.ID] = ls.Source.Outlet
	}
	var out []signalLine
	for _, st := range cw.States {
		w, ok := what[st.Key]
		if !ok {
			continue // a watch since removed, or withdrawn evidence
		}
		out = append(out, signalLine{What: w, Where: where[st.SourceID], State: signalLabels[st.State],
			Class: "sig-" + strings.ReplaceAll(st.State, "_", "-"), Value: view.Truncate(st.Value, 240), When: view.RelTime(now, st.UpdatedAt)})
	}
	return out
}

// describeWatches is the watches as they now stand, for a stale save.
func describeWatches(w claims.Watches) string {
	var parts []string
	for _, p := range w.Phrases {
		parts = append(parts, "“"+p+"”")
	}
	for _, n := range w.Numbers {
		parts = append(parts, n.Label+" "+n.Comparison)
	}
	if len(parts) == 0 {
		return "no watches"
	}
	return strings.Join(parts, ", ")
}
