package admin

import (
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// adminWebhooksPage lists the endpoints, with the form to add one. Created
// is set once, right after a creation, to show the new secret.
type adminWebhooksPage struct {
	Meta      view.Meta
	Bar       view.EditorBar
	Endpoints []adminWebhookRow
	Kinds     []adminWebhookKind
	FormURL   string
	Created   *adminWebhookRow
	Secret    string
	Error     *view.FormError
}

type adminWebhookRow struct {
	ID        int64
	Link      string
	URL       string
	Kinds     string
	Active    bool
	CreatedAt string
	CreatedBy string
}

type adminWebhookKind struct {
	ID, Label string
	Checked   bool
}

func newAdminWebhookRow(e *webhooks.Endpoint) adminWebhookRow {
	labels := make([]string, len(e.Kinds))
	for i, k := range e.Kinds {
		labels[i] = webhooks.KindLabel(k)
	}
	return adminWebhookRow{ID: e.ID, Link: "/admin/webhooks/" + strconv.FormatInt(e.ID, 10), URL: e.URL,
		Kinds: strings.Join(labels, ", "), Active: e.Active, CreatedAt: view.DateTime(e.CreatedAt), CreatedBy: e.CreatedBy}
}

func adminWebhookKinds(checked []string) []adminWebhookKind {
	on := map[string]bool{}
	for _, k := range checked {
		on[k] = true
	}
	var out []adminWebhookKind
	for _, k := range webhooks.Kinds() {
		out = append(out, adminWebhookKind{ID: k, Label: webhooks.KindLabel(k), Checked: on[k]})
	}
	return out
}

// adminWebhookPage is one endpoint with its delivery log.
type adminWebhookPage struct {
	Meta       view.Meta
	Bar        view.EditorBar
	Endpoint   adminWebhookRow
	Deliveries []adminDeliveryRow
}

type adminDeliveryRow struct {
	ID       int64
	Kind     string
	Event    int64
	State    string
	Attempts int
	Status   string
	Answer   string
	When     string
}

func newAdminDeliveryRows(ds []webhooks.Delivery) []adminDeliveryRow {
	rows := make([]adminDeliveryRow, len(ds))
	for i, d := range ds {
		r := adminDeliveryRow{ID: d.ID, Kind: webhooks.KindLabel(d.Kind), Event: d.EventID, State: string(d.State),
			Attempts: d.Attempts, Answer: d.LastError, When: view.DateTime(d.UpdatedAt)}
		if d.LastStatus != 0 {
			r.Status = strconv.Itoa(d.LastStatus)
		}
		if d.State == webhooks.StateQueued && d.Attempts > 0 {
			r.State = "retrying " + view.DateTime(d.NotBefore)
		}
		rows[i] = r
	}
	return rows
}
