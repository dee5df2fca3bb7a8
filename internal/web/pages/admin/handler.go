// Package admin is the administrators' pages: users, the mail written
// instead of sent, the alert outbox and webhook endpoints. Its Handler
// depends on the small interfaces below, which the services satisfy;
// internal/web builds it and lists its routes with the others.
package admin

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// Handler answers the admin pages.
type Handler struct {
	*view.Chrome
	Users UserAdmin
	// Webhooks manages webhook endpoints; its routes are left out when the
	// server has none.
	Webhooks WebhookAdmin
	// Alerts shows the alert outbox; its route is guarded off when the
	// server has no alerts.
	Alerts AlertsOverview
	// MailDir is where mail is written instead of sent; empty when an SMTP
	// server takes it.
	MailDir string
}

// UserAdmin lists and creates accounts, disables them and sets passwords.
type UserAdmin interface {
	ListUsers(ctx context.Context) ([]auth.User, error)
	CreateUser(ctx context.Context, email, name string, role auth.Role, password string) (*auth.User, error)
	DisableUser(ctx context.Context, id int64) error
	SetPassword(ctx context.Context, id int64, password string, keepSessionID int64) error
}

// WebhookAdmin registers webhook endpoints and reads their delivery log.
type WebhookAdmin interface {
	Endpoints(ctx context.Context) ([]webhooks.Endpoint, error)
	CreateEndpoint(ctx context.Context, actor claims.Actor, rawURL string, kinds []string) (*webhooks.Endpoint, error)
	Endpoint(ctx context.Context, id int64) (*webhooks.Endpoint, []webhooks.Delivery, error)
	SetActive(ctx context.Context, actor claims.Actor, id int64, active bool) error
}

// AlertsOverview summarises the alert outbox and its subscribers.
type AlertsOverview interface {
	AdminView(ctx context.Context) (*alerts.Overview, error)
}
