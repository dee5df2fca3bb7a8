package desk

import "github.com/claimtrack/claimtrack/internal/web/pages/reader"

// appearancePanel is the claim editor's list of appearances and the form
// adding one.
type appearancePanel struct {
	List   reader.AppearanceList
	Action string
	Form   appearanceForm
}

// appearanceForm is the claim editor's "Where did it appear?" form.
type appearanceForm struct {
	formState
	URL        string
	Outlet     string
	AppearedAt string
	Claimant   string
}
