// Package app wires claimtrack together: settings, logger, store, demo
// story, the services (built by one constructor for every entry point), the
// HTTP server, the alert and webhook workers, the re-checker's cron, and the
// subcommands (migrate, user, token, import, recheck, dump, restore, backup,
// healthcheck), each with its own flag set. The binary and the end-to-end
// tests share it, so the tests exercise the real wiring.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/demo"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/web"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// HTTP server limits. A slow client must not hold a connection (and its
// goroutine) open forever; 30 s to write leaves room for a slow phone.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
)

// Main is a running claimtrack: Run starts it, Close stops it.
type Main struct {
	cfg config.Config
	log *slog.Logger
	now func() time.Time

	db       *store.DB
	svc      *claims.Service
	auth     *auth.Service
	setupURL string
	srv      *http.Server
	ln       net.Listener
	addr     string
	baseURL  string
	served   chan error

	checker *recheck.Checker
	sched   *scheduler

	mailer mail.Sender

	metrics *metrics.Metrics

	alerts   *alerts.Service
	delivery *alertDelivery

	webhooks     *webhooks.Service
	stopWebhooks func()
	stopMail     func()

	peers *peers

	// site and cutAll serve Close: the requests in flight, and the cancel
	// of their base context.
	site   *web.Server
	cutAll context.CancelCauseFunc

	// accessOut takes the access log, written in batches; nil sends it
	// through log.
	accessOut io.Writer
}

// NewMain returns a Main for cfg that logs to logger.
func NewMain(cfg config.Config, logger *slog.Logger) *Main {
	return &Main{cfg: cfg, log: logger, now: time.Now}
}

// WriteAccessLogTo sends the access log to w (the writer the logger writes
// to), formatted as the logger's lines but written in batches within 0.1 s:
// one write per request would cost a tenth of a cached page. Call it before
// Run.
func (m *Main) WriteAccessLogTo(w io.Writer) { m.accessOut = w }

// Run opens and migrates the database, loads the demo story when it is on
// and the database is empty, and starts serving HTTP on cfg.Addr. It returns
// once the server is listening; Wait blocks until it stops and Close stops
// it. On error, whatever Run had opened is closed again.
func (m *Main) Run(ctx context.Context) (err error) {
	defer func() {
		if err != nil {
			_ = m.Close()
		}
	}()
	if m.db, err = store.Open(ctx, m.cfg.Database, store.Options{Logger: m.log, Now: m.now}); err != nil {
		return err
	}
	// Instances starting together on one PostgreSQL database
	// take turns from here to the first-admin step, so each happens once.
	unlock, err := m.db.StartLock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := m.db.Migrate(ctx); err != nil {
		return err
	}
	if m.ln, err = net.Listen("tcp", m.cfg.Addr); err != nil {
		return fmt.Errorf("listen on %s (CLAIMTRACK_ADDR): %w", m.cfg.Addr, err)
	}
	m.addr = m.ln.Addr().String()
	m.baseURL = m.cfg.BaseURLFor(m.ln.Addr())
	svcs, err := newServices(ctx, m.cfg, m.db, m.baseURL, m.now)
	if err != nil {
		return err
	}
	m.svc, m.alerts, m.webhooks = svcs.claims, svcs.alerts, svcs.webhooks
	if m.cfg.Demo {
		loaded, err := demo.Load(ctx, m.db, m.svc.Vocabulary())
		switch {
		case claims.ErrorCode(err) == claims.EINVALID:
			// Loading is all or nothing, so nothing was written.
			m.log.Warn("the demo story was not loaded: it needs the built-in statuses", "error", claims.ErrorMessage(err))
		case err != nil:
			return err
		case loaded:
			m.log.Info("loaded the demo story", "slug", demo.Slug)
		}
	}
	m.auth = auth.NewService(m.db, m.now, authOptions(m.cfg))
	// Before serving: once the start line is logged, a signal may arrive at
	// any moment and Run must have nothing left to do. One setup link per
	// database: an instance that finds an unexpired link (issued by another
	// instance, or an earlier start) does not issue a second.
	pending, until, err := m.db.SetupTokenPending(ctx, m.now())
	if err != nil {
		return err
	}
	users, err := m.auth.UserCount(ctx)
	if err != nil {
		return err
	}
	if pending && users == 0 && m.cfg.AdminEmail == "" {
		m.log.Warn("no users yet: a one-time setup link was already issued; find it in the log of the start that issued it, "+
			"or create an admin with `claimtrack user add --email E --name N --role admin`", "valid_until", until)
	} else if err := m.firstAdmin(ctx); err != nil {
		return err
	}
	unlock()
	// Before the workers, which report to it.
	m.metrics = metrics.New()
	m.watchOutboxes()
	if m.mailer, err = mail.New(m.cfg.SMTPURL, m.cfg.MailFromFor(m.baseURL), m.cfg.MailDir, mail.Options{BaseURL: m.baseURL, Logger: m.log}); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := m.startAlertWorker(); err != nil {
		return err
	}
	m.startWebhookWorker()
	m.checker = newChecker(m.cfg, m.svc, m.baseURL, m.log, m.metrics)
	if m.cfg.Recheck {
		if m.sched, err = startScheduler(m.cfg, m.checker, m.log, m.metrics); err != nil {
			return err
		}
	}
	var site *web.Server
	mailWorker := m.newMailWorker(&site)
	site = web.New(web.Options{
		Service:        m.svc,
		Logger:         m.log,
		BaseURL:        m.baseURL,
		Now:            m.now,
		AccessLog:      m.cfg.AccessLog,
		AccessLogTo:    m.accessOut,
		AccessLogJSON:  m.cfg.LogFormat == config.LogJSON,
		Auth:           m.auth,
		TrustedProxies: m.cfg.TrustedProxies,
		Rechecker:      m.checker,
		Organization:   m.cfg.Organization, Metrics: m.metrics, MetricsToken: m.cfg.MetricsToken,
		MetricsOpen: loopbackOnly(m.ln.Addr()),
		MailQueued:  mailWorker.Wake, MailDir: m.mailDir(),
		Alerts:        m.alerts,
		Webhooks:      m.webhooks,
		ArticleReader: articleReader{client: guardedClient(m.cfg, m.baseURL)},
		Search:        m.search(),
	})
	m.startMailWorker(mailWorker)
	m.listenToPeers(site)
	m.srv = &http.Server{
		Handler:           site.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(m.log.Handler(), slog.LevelWarn),
	}
	// Requests still running at the shutdown timeout
	// are cancelled with web.ErrCut as the cause, so they end as cut.
	base, cutAll := context.WithCancelCause(context.Background())
	m.srv.BaseContext = func(net.Listener) context.Context { return base }
	m.site, m.cutAll = site, cutAll
	m.served = make(chan error, 1)
	srv, ln := m.srv, m.ln
	go func() { m.served <- srv.Serve(ln) }()

	m.log.Info("claimtrack is serving; open "+m.baseURL+"/",
		"url", m.baseURL+"/", "listen", m.addr,
		"database", m.db.Dialect(), "where", redactDSN(m.cfg.Database))
	return nil
}

// Addr returns the address the server is bound to, e.g. 127.0.0.1:43210
// when cfg.Addr asked for port 0; empty before Run.
func (m *Main) Addr() string { return m.addr }

// URL returns the public base URL in force, without a trailing slash.
func (m *Main) URL() string { return m.baseURL }

// Auth returns the accounts service the server uses.
func (m *Main) Auth() *auth.Service { return m.auth }

// Alerts returns the email alerts service.
func (m *Main) Alerts() *alerts.Service { return m.alerts }

// Service returns the claims service the server uses.
func (m *Main) Service() *claims.Service { return m.svc }

// Wait blocks until ctx is done (returning nil) or the server fails.
func (m *Main) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return nil
	case err := <-m.served:
		return fmt.Errorf("http server: %w", err)
	}
}

// Close stops accepting connections, lets requests in flight finish within
// the shutdown timeout, cuts off the rest, and closes the database. Calling
// it again does nothing.
func (m *Main) Close() error {
	var errs []error
	if m.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), m.cfg.ShutdownTimeout)
		defer cancel()
		if err := m.srv.Shutdown(ctx); err != nil {
			errs = append(errs, m.cut())
		}
	} else if m.ln != nil {
		errs = append(errs, m.ln.Close())
	}
	m.srv, m.ln = nil, nil
	if m.site != nil {
		m.site.FlushAccessLog()
	}
	// After the server, so no status change queues more; before the
	// database, which the worker settles its rows in.
	if m.delivery != nil {
		if !m.delivery.stop(m.cfg.ShutdownTimeout) {
			m.log.Warn("alerts still being sent at the shutdown timeout were left leased; a later start sends them when their leases run out",
				"timeout", m.cfg.ShutdownTimeout, "lease", m.cfg.AlertLease)
		}
		m.delivery = nil
	}
	if m.stopWebhooks != nil {
		m.stopWebhooks()
		m.stopWebhooks = nil
	}
	if m.stopMail != nil {
		m.stopMail()
		m.stopMail = nil
	}
	m.stopPeers() // before the database closes
	// Stopped before the database it writes to.
	if m.sched != nil {
		ctx, cancel := context.WithTimeout(context.Background(), m.cfg.ShutdownTimeout)
		m.sched.stop(ctx)
		cancel()
		m.sched = nil
	}
	if m.db != nil {
		errs = append(errs, m.db.Close())
		m.db = nil
	}
	return errors.Join(errs...)
}

// ErrRequestsCut is the error of Close when requests still running at the
// shutdown timeout had to be cut off, so that the process exits non-zero and
// a supervisor can tell a forced stop from a clean drain.
var ErrRequestsCut = errors.New("requests still running at the shutdown timeout were cut off")

// cut ends the requests still running at the shutdown timeout: each is
// logged as cut (not as an internal error), their contexts are cancelled
// with web.ErrCut, and the connections closed.
func (m *Main) cut() error {
	inflight := m.site.InFlight()
	for _, r := range inflight {
		m.log.Warn("request cut off at the shutdown timeout", "request_id", r.RequestID, "method", r.Method, "path", r.Path,
			"running", time.Since(r.Since).Round(time.Millisecond).String())
	}
	m.cutAll(web.ErrCut)
	closeErr := m.srv.Close()
	return errors.Join(fmt.Errorf("%w: %d after %s", ErrRequestsCut, len(inflight), m.cfg.ShutdownTimeout), closeErr)
}

// NewLogger returns the logger cfg asks for, writing to w.
func NewLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == config.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// redactDSN hides a PostgreSQL password from logs.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	return u.Redacted()
}

// mailDir is where admins read the mail claimtrack wrote instead of sending
// it; "" when an SMTP server takes the mail.
func (m *Main) mailDir() string {
	if m.cfg.SMTPURL != "" {
		return ""
	}
	return m.cfg.MailDir
}
