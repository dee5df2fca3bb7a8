package app

import (
	"context"
	"fmt"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// services are the domain services together with what must follow every
// write: alerts queued in the transaction of each status change, webhook
// deliveries in the transaction of each event. Every entry point that writes
// claims (serve, import, recheck) builds them here, so none can write without
// its followers or with another vocabulary than CLAIMTRACK_STATUSES.
type services struct {
	claims   *claims.Service
	alerts   *alerts.Service
	webhooks *webhooks.Service
}

// newServices builds the services on a migrated db with the settings' status
// vocabulary. baseURL is the public address that webhook bodies link to; now
// may be nil for the real clock.
func newServices(ctx context.Context, cfg config.Config, db *store.DB, baseURL string, now func() time.Time) (*services, error) {
	vocab, err := loadVocabulary(cfg.Statuses)
	if err != nil {
		return nil, err
	}
	svc := claims.NewService(db, vocab, now)
	if err := svc.CheckVocabulary(ctx); err != nil {
		return nil, fmt.Errorf("statuses (CLAIMTRACK_STATUSES): %s", claims.ErrorMessage(err))
	}
	svc.UseWatchSyntax(extract.CheckNumberWatch)
	return &services{
		claims: svc,
		alerts: alerts.NewService(db, svc, cfg.AlertDigestWindow),
		// Plain-http endpoints are accepted only where private addresses are
		// (intranets, tests); the guarded client refuses, at registration
		// already, what it would refuse to deliver to.
		webhooks: webhooks.NewService(db, svc, webhooks.Options{BaseURL: baseURL, AllowHTTP: cfg.AllowPrivateSources,
			Checker: guardedClient(cfg, baseURL)}),
	}, nil
}

// openServices opens and migrates the database a one-off command works on
// and builds the services on it. The caller closes the database.
func openServices(ctx context.Context, env Env, cfg config.Config) (*store.DB, *services, error) {
	db, err := store.Open(ctx, cfg.Database, store.Options{Logger: NewLogger(cfg, env.Stderr)})
	if err != nil {
		return nil, nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	svcs, err := newServices(ctx, cfg, db, cfg.BaseURL, nil)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, svcs, nil
}
