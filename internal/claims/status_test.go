package claims

import (
	"strings"
	"testing"
)

func TestDefaultVocabulary_SplitsOpenAndResolved(t *testing.T) {
	v := DefaultVocabulary()
	wantOpen := []string{"unverified", "investigating", "disputed"}
	wantResolved := []string{"confirmed", "partly_confirmed", "refuted", "retracted", "inconclusive"}
	for _, id := range wantOpen {
		if _, err := v.Lookup(id); err != nil || v.IsResolved(id) {
			t.Errorf("%s: want an open status, got err=%v resolved=%v", id, err, v.IsResolved(id))
		}
	}
	for _, id := range wantResolved {
		if _, err := v.Lookup(id); err != nil || !v.IsResolved(id) {
			t.Errorf("%s: want a resolved status, got err=%v resolved=%v", id, err, v.IsResolved(id))
		}
	}
	if got := len(v.All()); got != len(wantOpen)+len(wantResolved) {
		t.Errorf("vocabulary has %d statuses, want %d", got, len(wantOpen)+len(wantResolved))
	}
	if v.Default() != "unverified" {
		t.Errorf("new claims start as %q, want unverified", v.Default())
	}
}

func TestVocabularyLookup_UnknownStatusNamesAllowedValues(t *testing.T) {
	_, err := DefaultVocabulary().Lookup("true-ish")
	if ErrorCode(err) != EINVALID {
		t.Fatalf("code = %q, want %q", ErrorCode(err), EINVALID)
	}
	for _, id := range []string{"confirmed", "disputed", "unverified"} {
		if !strings.Contains(err.Error(), id) {
			t.Errorf("error %q does not list allowed value %q", err, id)
		}
	}
}

func TestNewVocabulary_RejectsBadLists(t *testing.T) {
	tests := []struct {
		name string
		list []Status
		want string
	}{
		{"duplicate id", []Status{{ID: "open", Label: "Open"}, {ID: "open", Label: "Again"}, {ID: "done", Label: "Done", Resolved: true}}, "twice"},
		{"no resolved status", []Status{{ID: "open", Label: "Open"}}, "at least one open and one resolved"},
		{"no open status", []Status{{ID: "done", Label: "Done", Resolved: true}}, "at least one open and one resolved"},
		{"bad id", []Status{{ID: "Open Now", Label: "Open"}, {ID: "done", Label: "Done", Resolved: true}}, "lower-case"},
		{"missing label", []Status{{ID: "open"}, {ID: "done", Label: "Done", Resolved: true}}, "no label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewVocabulary(tt.list)
			if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want EINVALID mentioning %q", err, tt.want)
			}
		})
	}
}

func TestVocabularyGet_UnknownIDStillRenders(t *testing.T) {
	s := DefaultVocabulary().Get("removed_status")
	if s.Label != "removed_status" || s.Resolved {
		t.Fatalf("Get(unknown) = %+v, want a label echoing the id and counted open", s)
	}
}

func TestNewVocabulary_RefusesColoursThatCouldEndACSSRuleAndRatingsOutOfRange(t *testing.T) {
	base := func(open Status) []Status {
		return []Status{open, {ID: "done", Label: "Done", Resolved: true, Rating: 1}}
	}
	for _, bad := range []Status{
		{ID: "open", Label: "Open", Color: "red;}body{display:none"},
		{ID: "open", Label: "Open", Color: "url(javascript:x)"},
		{ID: "open", Label: "Open", Rating: -1},
		{ID: "open", Label: "Open", Rating: 101},
	} {
		if _, err := NewVocabulary(base(bad)); ErrorCode(err) != EINVALID {
			t.Errorf("%+v accepted (%v)", bad, err)
		}
	}
	for _, good := range []string{"#0a7a3a", "#fff", "teal", "rgb(10, 122, 58)", "hsla(120, 50%, 40%, 0.9)"} {
		if _, err := NewVocabulary(base(Status{ID: "open", Label: "Open", Color: good})); err != nil {
			t.Errorf("colour %q refused: %v", good, err)
		}
	}
}
