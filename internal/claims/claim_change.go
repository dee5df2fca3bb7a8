package claims

import (
	"encoding/json"
	"time"
)

// The fields of a claim whose changes a claim_edited event records.
const (
	FieldText            = "text"
	FieldWhatWouldSettle = "what_would_settle"
	FieldReviewBy        = "review_by"
	// FieldAssignee is kept for the claim's assignee, whose changes are
	// recorded the same way.
	FieldAssignee = "assignee"
)

// fieldLabels says what changed, in an editor's words.
var fieldLabels = map[string]string{
	FieldText:            "Text",
	FieldWhatWouldSettle: "What would settle it",
	FieldReviewBy:        "Review date",
	FieldAssignee:        "Assignee",
}

// FieldChange is one field's change, the payload of a claim_edited event:
// the field, its label, and its value before and after ("" for none; dates
// as YYYY-MM-DD, or RFC 3339 when not midnight UTC).
type FieldChange struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// fieldChanges lists the fields that differ between before and after, in
// the order an editor reads them.
func fieldChanges(before, after *Claim) []FieldChange {
	var out []FieldChange
	add := func(field, old, new string) {
		if old != new {
			out = append(out, FieldChange{Field: field, Label: fieldLabels[field], Old: old, New: new})
		}
	}
	add(FieldText, before.Text, after.Text)
	add(FieldWhatWouldSettle, before.WhatWouldSettle, after.WhatWouldSettle)
	add(FieldReviewBy, dateOf(before.ReviewBy), dateOf(after.ReviewBy))
	return out
}

// dateOf writes a review date as a date, or as a whole time when it is not
// midnight UTC.
func dateOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	if u := t.UTC(); !u.Equal(u.Truncate(24 * time.Hour)) {
		return u.Format(time.RFC3339Nano)
	}
	return t.UTC().Format(time.DateOnly)
}

// Change returns the field change a claim_edited event records; false for
// other events and for claim_edited events written before changes were
// recorded field by field.
func (e Event) Change() (FieldChange, bool) {
	var ch FieldChange
	if e.Kind != EventClaimEdited || json.Unmarshal(e.Payload, &ch) != nil || ch.Field == "" {
		return FieldChange{}, false
	}
	return ch, true
}
