package admin

import (
	"context"
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
	"github.com/claimtrack/claimtrack/internal/webhooks"
	"github.com/labstack/echo/v4"
)

// fakeUsers keeps accounts in a slice; createErr, when set, refuses every
// new user with it.
type fakeUsers struct {
	users     []auth.User
	createErr error
	disabled  []int64
}

func (f *fakeUsers) ListUsers(context.Context) ([]auth.User, error) { return f.users, nil }

func (f *fakeUsers) CreateUser(_ context.Context, email, name string, role auth.Role, _ string) (*auth.User, error) {
	if f.createErr != nil {
		return nil, f.createErr
	}
	u := auth.User{ID: int64(len(f.users) + 10), Email: email, Name: name, Role: role, CreatedAt: time.Now()}
	f.users = append(f.users, u)
	return &u, nil
}

func (f *fakeUsers) DisableUser(_ context.Context, id int64) error {
	f.disabled = append(f.disabled, id)
	return nil
}

func (f *fakeUsers) SetPassword(context.Context, int64, string, int64) error { return nil }

// fakeWebhooks knows the endpoints in its map.
type fakeWebhooks struct {
	endpoints map[int64]*webhooks.Endpoint
}

func (f *fakeWebhooks) Endpoints(context.Context) ([]webhooks.Endpoint, error) {
	var out []webhooks.Endpoint
	for _, e := range f.endpoints {
		out = append(out, *e)
	}
	return out, nil
}

func (f *fakeWebhooks) CreateEndpoint(_ context.Context, _ claims.Actor, rawURL string, kinds []string) (*webhooks.Endpoint, error) {
	if rawURL == "" {
		return nil, claims.Errorf(claims.EINVALID, "the address must be an http or https URL")
	}
	e := &webhooks.Endpoint{ID: 7, URL: rawURL, Kinds: kinds, Secret: "whsec-test", Active: true}
	f.endpoints[e.ID] = e
	return e, nil
}

func (f *fakeWebhooks) Endpoint(_ context.Context, id int64) (*webhooks.Endpoint, []webhooks.Delivery, error) {
	e, ok := f.endpoints[id]
	if !ok {
		return nil, nil, claims.Errorf(claims.ENOTFOUND, "there is no webhook endpoint %d", id)
	}
	return e, nil, nil
}

func (f *fakeWebhooks) SetActive(context.Context, claims.Actor, int64, bool) error { return nil }

type fakeAlerts struct{}

func (fakeAlerts) AdminView(context.Context) (*alerts.Overview, error) {
	return &alerts.Overview{}, nil
}

// serve answers the admin routes as internal/web lists them, for user.
func serve(h *Handler, user *auth.User) *pagetest.Server {
	s := pagetest.New(user)
	admin := []echo.MiddlewareFunc{httpx.RequireAdmin}
	reads := []string{http.MethodGet, http.MethodHead}
	s.Match(reads, "/admin/users", h.UserList, admin...)
	s.POST("/admin/users", h.UserCreate, admin...)
	s.POST("/admin/users/:id/disable", h.UserDisable, admin...)
	s.POST("/admin/users/:id/password", h.UserPassword, admin...)
	s.Match(reads, "/admin/mail", h.MailList, admin...)
	s.Match(reads, "/admin/mail/:name", h.MailShow, admin...)
	s.Match(reads, "/admin/alerts", h.AlertsShow, admin...)
	s.Match(reads, "/admin/webhooks", h.WebhooksList, admin...)
	s.POST("/admin/webhooks", h.WebhookCreate, admin...)
	s.Match(reads, "/admin/webhooks/:id", h.WebhookShow, admin...)
	s.POST("/admin/webhooks/:id/active", h.WebhookActive, admin...)
	return s
}

func newHandler() (*Handler, *fakeUsers, *fakeWebhooks) {
	users := &fakeUsers{users: []auth.User{*pagetest.Admin, *pagetest.Editor}}
	hooks := &fakeWebhooks{endpoints: map[int64]*webhooks.Endpoint{}}
	return &Handler{Chrome: pagetest.Chrome(), Users: users, Webhooks: hooks, Alerts: fakeAlerts{}}, users, hooks
}
