package web

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/alerts"
)

// mailingAlerts is the alerts service as the rooms subscribe through it:
// the service queues the confirmation, if there is one to send, in the
// request's transaction, and a request that queued one wakes the mail
// worker. The answer waits for no SMTP server, so it takes as long whether
// or not a mail is owed.
type mailingAlerts struct {
	alerts *alerts.Service
	wake   func()
}

// Subscribe records a subscribe request.
func (m mailingAlerts) Subscribe(ctx context.Context, r alerts.SubscribeRequest) error {
	conf, err := m.alerts.Subscribe(ctx, r)
	if err != nil {
		return err
	}
	if conf != nil {
		m.wake()
	}
	return nil
}
