package desk

import (
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// storyEditorPage is the view of /editor/stories/{slug}.
type storyEditorPage struct {
	Meta        view.Meta
	Bar         editorBar
	Flash       string
	PublicURL   string
	SaveURL     string
	AddClaimURL string
	StoryTitle  string
	Published   bool
	// PreviewURL is the story's public address, which editors see even
	// while it is a draft.
	PreviewURL string
	OrderURL   string
	// FocusClaim puts the cursor in the claim field, ready for the next.
	FocusClaim bool
	Form       storyForm
	// Conflict is the story as it now stands, when the editor's save was
	// stale; Form then still holds the editor's text.
	Conflict  *storyForm
	Claims    []editorClaimRow
	ClaimForm claimCreateForm
	// (nil when this server reads no
	// articles)
	Paste *pastePanel
}

// storyForm holds a story's editable fields as the form shows them.
type storyForm struct {
	formState
	Title     string
	Summary   string
	Context   []qaField
	Agree     string
	Split     string
	Published bool
	Version   int
	Facts     []factField
}

// qaField is one question-and-answer pair of the context fieldset.
type qaField struct {
	N        int
	Question string
	Answer   string
}

// blankQA is how many empty pairs the form offers for new context.
const blankQA = 2

func newStoryForm(st *claims.Story) storyForm {
	f := storyForm{Title: st.Title, Summary: st.Summary, Published: st.Published, Version: st.Version,
		Agree: strings.Join(st.Perspectives.Agree, "\n"), Split: strings.Join(st.Perspectives.Split, "\n"),
		Facts: newFactFields(st.Facts)}
	for _, qa := range st.Context {
		f.Context = append(f.Context, qaField{Question: qa.Question, Answer: qa.Answer})
	}
	return f
}

// numberQA numbers the pairs and adds the blank ones.
func (f *storyForm) numberQA() {
	for range blankQA {
		f.Context = append(f.Context, qaField{})
	}
	for i := range f.Context {
		f.Context[i].N = i + 1
	}
}

// editorClaimRow is a claim in the story editor's list.
type editorClaimRow struct {
	Text      string
	EditURL   string
	Badge     view.Badge
	Withdrawn bool
	Assignee  string
	// UpOrder and DownOrder are the order forms' values that move the
	// claim one place; empty at the ends.
	UpOrder   string
	DownOrder string
}

// claimCreateForm is the "Add claim" form.
type claimCreateForm struct {
	formState
	Text            string
	Status          string
	WhatWouldSettle string
	StatusOptions   []option
	// Tracked are claims matching the text,
	// shown before it is saved.
	Tracked []trackedClaim
}
