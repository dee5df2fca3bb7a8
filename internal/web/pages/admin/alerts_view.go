package admin

import (
	"strconv"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// adminAlertsPage is the view of /admin/alerts.
type adminAlertsPage struct {
	Meta     view.Meta
	Bar      view.EditorBar
	Counts   []adminAlertCount
	Failures []adminAlertFailure
	Targets  []adminAlertTarget
}

type adminAlertCount struct {
	State string
	Label string
	N     int
}

type adminAlertFailure struct {
	When     string
	State    string
	Kind     string
	Target   view.Target
	Attempts int
	// Code is the SMTP reply code, "" when no server replied (a network
	// error); Reply is the reply or the error as the worker recorded it.
	Code  string
	Reply string
}

type adminAlertTarget struct {
	Target  view.Target
	Active  int
	Pending int
}

var alertStateLabels = map[alerts.State]string{
	alerts.StateQueued:    "Queued",
	alerts.StateSent:      "Sent",
	alerts.StateFailed:    "Failed",
	alerts.StateCancelled: "Cancelled",
}

var alertKindLabels = map[alerts.Kind]string{
	alerts.KindResolved:  "Resolved",
	alerts.KindCorrected: "Resolution corrected",
	alerts.KindReopened:  "Reopened",
}

func newAdminAlertsPage(m view.Meta, bar view.EditorBar, o *alerts.Overview) adminAlertsPage {
	p := adminAlertsPage{Meta: m, Bar: bar}
	for _, c := range o.Counts {
		p.Counts = append(p.Counts, adminAlertCount{State: string(c.State), Label: labelOr(alertStateLabels[c.State], string(c.State)), N: c.N})
	}
	for _, f := range o.Failures {
		a := f.Alert
		code := ""
		if a.LastCode != 0 {
			code = strconv.Itoa(a.LastCode)
		}
		p.Failures = append(p.Failures, adminAlertFailure{When: view.DateTime(a.UpdatedAt), State: labelOr(alertStateLabels[a.State], string(a.State)),
			Kind: labelOr(alertKindLabels[a.Kind], string(a.Kind)), Target: view.NewTarget(f.Target), Attempts: a.Attempts, Code: code, Reply: a.LastError})
	}
	for _, t := range o.Targets {
		p.Targets = append(p.Targets, adminAlertTarget{Target: view.NewTarget(t.Target), Active: t.Active, Pending: t.Pending})
	}
	return p
}

func labelOr(label, fallback string) string {
	if label == "" {
		return fallback
	}
	return label
}
