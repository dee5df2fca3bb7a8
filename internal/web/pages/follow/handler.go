// Package follow is following stories and claims by email: the follow
// form's answer, the confirmation link, the page where an address manages
// what it follows, and unsubscribe links (one-click included). Its Handler
// depends on the small interfaces below, which the alerts service
// satisfies; internal/web builds it and lists its routes with the others.
package follow

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// Handler answers the subscription pages.
type Handler struct {
	*view.Chrome
	// Alerts and Subscriber are nil when the server has no alerts; the
	// routes are then guarded off.
	Alerts     Subscriptions
	Subscriber Subscriber
	Proxies    httpx.Proxies
}

// Subscriptions confirms, lists and ends subscriptions by their tokens.
type Subscriptions interface {
	PendingConfirmation(ctx context.Context, token string) (*alerts.Target, error)
	Confirm(ctx context.Context, token string) (*alerts.Target, string, error)
	Manage(ctx context.Context, token string) (*alerts.Mailbox, error)
	EndFromManage(ctx context.Context, token string, subscriptionID int64) error
	DeleteAddress(ctx context.Context, token string) error
	UnsubscribeInfo(ctx context.Context, token string) (*alerts.Unsubscription, error)
	Unsubscribe(ctx context.Context, token string) (*alerts.Unsubscription, error)
}

// Subscriber records a request to follow a story or claim by email, and
// sees that its confirmation is sent.
type Subscriber interface {
	Subscribe(ctx context.Context, r alerts.SubscribeRequest) error
}

// subscribe records a subscribe request from this client.
func (s *Handler) subscribe(c echo.Context, r alerts.SubscribeRequest) error {
	r.ClientAddr = s.Proxies.ClientGroup(c.Request())
	return s.Subscriber.Subscribe(c.Request().Context(), r)
}
